"""HTML pages and Word (.docx) files as plain text, and which of the three formats an input is.

Work plans are published as web pages and Word files as well as text files. Every stage after
reading works on lines of text, so these formats are flattened into the lines a reader sees:
one line per paragraph, block or table row (cells joined by a tab; a task table's row,
numbered in its first cell, written as a numbered item), and Word's automatic numbers
written out. Whatever is left out (scripts, navigation, page headers, text boxes) is
listed in `dropped`, so that nothing is lost in silence. Pure functions of bytes and str;
failures raise FormatError, which the reader turns into a ReadError naming the file.

This package holds what the formats share; `detection` tells the format from the content,
`webpage` flattens HTML, `word` flattens .docx, and `word_numbering` writes out Word's list
numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

ASCII_SPACE = " \t\n\r\f"
DOCX_MAIN = "word/document.xml"
NOT_DOCX = "a ZIP archive without word/document.xml: not a .docx Word file"
ROW_CLAUSE = "；"  # between the cells of a task table's numbered row
# The most a Word file's parts may hold once uncompressed (a zip bomb holds gigabytes in a few
# megabytes): far above any real plan (a plan of 10,000 items is about 10 MB of XML), low enough
# that parsing stays within a few hundred megabytes of memory.
MAX_DOCX_UNCOMPRESSED = 64 * 2**20


class FormatError(ValueError):
    """An input in a known format whose text cannot be extracted; `reason` says why."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Extracted:
    """Text extracted from a document, and (line, message) notes on what was left out."""

    text: str
    dropped: tuple[tuple[int, str], ...] = ()


def join_lines(lines: list[str]) -> str:
    """Lines as text ending with a newline, runs of blank lines collapsed to one; "" when all blank."""
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept) + "\n" if kept else ""


def row_line(cells: list[str]) -> str:
    """A table row as one line, cells joined by a tab. Plans often list their tasks in a table
    (序号 | 工作任务 | 责任单位 | 完成时限): a row whose first cell is just a number is written
    as the numbered item it is, its cells as clauses ("3.任务…；办公室；6月底前"), as Word's list
    numbers are written out. (A tab would not do: cleaning folds it, and drops a space between
    two Chinese characters.)"""
    first, rest = (cells[0].strip(), [c for c in cells[1:] if c.strip()]) if cells else ("", [])
    if first.isascii() and first.rstrip(".、").isdigit() and len(first) <= 4 and rest:
        return f"{first.rstrip('.、')}." + ROW_CLAUSE.join(rest)
    return "\t".join(cells)


def visible_size(text: str) -> int:
    """Characters of `text` not counting white space: what a reader would have read."""
    return sum(1 for ch in text if not ch.isspace())


# The public API, imported last: the format modules import the shared pieces above from here.
from yaodian.ingest.formats.detection import BOMS, declared_charset, detect  # noqa: E402
from yaodian.ingest.formats.webpage import html_text  # noqa: E402
from yaodian.ingest.formats.word import docx_text  # noqa: E402

__all__ = [
    "BOMS", "NOT_DOCX", "Extracted", "FormatError", "declared_charset", "detect", "docx_text", "html_text",
]
