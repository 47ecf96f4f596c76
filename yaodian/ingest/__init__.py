"""Ingest: one file's bytes → provenance, decoded text, cleaned lines and paragraphs.

Entry: `ingest(data: bytes, name: str) -> Ingested`; raises `ReadError` (file, line,
reason) for a file that is empty, binary or undecodable.

    read.py       format (text, html, docx) and encoding detected from the content → Source
    formats/      saved web pages and Word files flattened to lines of text
    unflatten.py  a plan run together on one line (PDF, wenku copies) cut back at its headings
    clean.py      each line normalized and classified (chrome, title, heading, text, …) → Line;
                  wrapped lines joined back into paragraphs → Block, furniture → Residue; each
                  with its span in the file's extracted text (extracted_text)
    hardwrap.py   the right margin and indentation of a hard-wrapped file

Hands on to yaodian.build: the blocks and the residue of one file; the extracted text stays
with the per-source step, which accounts for every character of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from yaodian.ingest.clean import Block, Line, Residue, Span, clean_lines, folded_lines, join
from yaodian.ingest.read import ReadError, Source, source_from_bytes

__all__ = ["Ingested", "ReadError", "Residue", "Span", "ingest"]


@dataclass
class Ingested:
    """What ingesting one file made: its Source, every cleaned line, the paragraphs, the furniture,
    and the extracted text their spans are offsets into."""

    source: Source
    lines: list[Line]  # a flattened physical line gives several, with the same number
    blocks: list[Block]
    residue: list[Residue]
    text: str

    @property
    def n_lines(self) -> int:
        """Physical lines of the extracted text."""
        return self.lines[-1].no if self.lines else 0


def ingest(data: bytes, name: str) -> Ingested:
    """Read `data` (the file called `name`), clean its lines and join them into paragraphs."""
    source = source_from_bytes(data, name)
    folded = folded_lines(source.text)
    lines = clean_lines(source.text, folded)
    blocks, residue = join(lines)
    return Ingested(source, lines, blocks, residue, "\n".join(folded))  # clean.extracted_text, folded once
