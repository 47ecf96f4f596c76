"""Word (.docx) files as plain text: a line per body paragraph or table row, list numbers written out.

The section numbers 一、（一）1. that segmentation relies on are often Word list numbering rather
than text, so they are written out (word_numbering). Plans exported from templates wrap
paragraphs, tables, table rows, cells and runs in content controls (w:sdt) or custom XML: Word
shows their content where it stands, so it is read there, as if the wrappers were not there.
Page headers, footers, footnotes, comments and text boxes are not body text: their size is listed
in `dropped` instead, and so is any body text the reader does not reach, so none is lost in silence.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from yaodian.ingest.formats import (
    DOCX_MAIN,
    MAX_DOCX_UNCOMPRESSED,
    NOT_DOCX,
    Extracted,
    FormatError,
    join_lines,
    row_line,
    visible_size,
)
from yaodian.ingest.formats.word_numbering import W_NS, Numbering

MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MATH_TEXT = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
# Elements that wrap content without being part of it (content controls, custom XML), at any level:
# around paragraphs and tables, table rows, cells and runs. Their content is read where it stands.
CONTAINERS = frozenset(W_NS + tag for tag in ("sdt", "sdtContent", "customXml"))
BLOCKS = (W_NS + "p", W_NS + "tbl")
# Parts of a Word file that are not its body: reported when they hold text, never extracted.
ASIDE_PARTS = {
    REL + "header": "page header/footer", REL + "footer": "page header/footer",
    REL + "footnotes": "footnote", REL + "endnotes": "endnote", REL + "comments": "comment",
}


def docx_text(data: bytes) -> Extracted:
    """The body text of a Word file: a line per paragraph or table row, list numbers written out."""
    document = _open_docx(data)
    numbering = Numbering(_related_xml(document.part, REL + "numbering"), _related_xml(document.part, REL + "styles"))
    body = document.element.body
    lines = [line for block in _blocks(body) for line in _block_lines(block, numbering)]
    text = join_lines(lines)
    if not text:
        raise FormatError(".docx Word document holds no text")
    notes = _aside_notes(document.part) + _textbox_notes(body) + _unread_notes(body)
    return Extracted(text, tuple(sorted(notes)))


def _open_docx(data: bytes):
    """The python-docx Document of `data`; FormatError when it is not a Word file or is damaged."""
    import docx  # python-docx is slow to import: only runs with Word inputs pay for it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FormatError(f"corrupt .docx: {error}") from None
    if DOCX_MAIN not in {part.filename for part in parts}:
        raise FormatError(NOT_DOCX)
    # zipfile never inflates a part past its declared size, so the declared sizes bound the work
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_DOCX_UNCOMPRESSED:
        raise FormatError(f"too large: its parts hold {unpacked:,} bytes uncompressed, over the limit of "
                          f"{MAX_DOCX_UNCOMPRESSED:,} (a zip bomb?)")
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - python-docx raises many kinds of errors on a damaged file
        raise FormatError(f"corrupt .docx: {type(error).__name__}: {error}") from None


def _related_xml(part, reltype: str):
    """The XML root of the part `part` relates to by `reltype`, or None."""
    from lxml import etree

    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            element = getattr(rel.target_part, "element", None)
            return element if element is not None else etree.fromstring(rel.target_part.blob)
    return None


def _children(parent, tags: tuple[str, ...]) -> Iterator:
    """The children of `parent` tagged one of `tags`, in document order, looking through CONTAINERS."""
    for child in parent.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag in CONTAINERS:
            yield from _children(child, tags)


def _blocks(container) -> Iterator:
    """Paragraphs (w:p) and tables (w:tbl) of the body or a cell, in document order."""
    return _children(container, BLOCKS)


def _rows(table) -> Iterator[list]:
    """The rows of a table, each as the list of its cells (w:tc)."""
    for row in _children(table, (W_NS + "tr",)):
        yield list(_children(row, (W_NS + "tc",)))


def _paragraphs(container) -> Iterator:
    """Every paragraph the reader reads, in document order: the blocks', and those in table cells."""
    for block in _blocks(container):
        if block.tag == W_NS + "p":
            yield block
        else:
            yield from (p for cells in _rows(block) for cell in cells for p in _paragraphs(cell))


def _block_lines(block, numbering: Numbering) -> list[str]:
    """A paragraph's lines (w:br breaks one), or a table's, one line per row."""
    if block.tag == W_NS + "p":
        return _paragraph_text(block, numbering).split("\n")
    return [_row_line(cells, numbering) for cells in _rows(block)]


def _paragraph_text(paragraph, numbering: Numbering) -> str:
    """The text of a paragraph, after its list number; blank when it holds only white space."""
    text = numbering.label(paragraph) + "".join(run.text for run in _runs(paragraph))
    return text if text.strip() else ""


def _runs(paragraph) -> Iterator:
    """The runs of a paragraph, also inside hyperlinks, insertions, fields and inline content controls,
    but not inside text boxes.

    python-docx's run.text turns w:tab into a tab and a plain w:br into a newline, and a page
    break into nothing; deleted text (w:delText) and field codes are not part of it.
    """
    for run in paragraph.iter(W_NS + "r"):
        if not _inside(run, paragraph, W_NS + "txbxContent"):
            yield run


def _inside(element, stop, tag: str) -> bool:
    """True when an ancestor of `element` below `stop` has the tag `tag`."""
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return False
        if ancestor.tag == tag:
            return True
    return False


def _row_line(cells: list, numbering: Numbering) -> str:
    """A table row as one line (formats.row_line), the paragraphs of a cell joined by a space."""
    texts = []
    for cell in cells:
        parts = (line for block in _blocks(cell) for line in _block_lines(block, numbering))
        texts.append(" ".join(part.replace("\t", " ").strip() for part in parts if part.strip()))
    return row_line(texts) if any(texts) else ""


def _aside_notes(part) -> list[tuple[int, str]]:
    """Notes on the text of page headers, footers, footnotes and comments, which are not extracted."""
    from lxml import etree

    sizes: dict[str, int] = {}
    for rel in part.rels.values():
        what = ASIDE_PARTS.get(rel.reltype)
        if what and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            sizes[what] = sizes.get(what, 0) + visible_size("".join(t.text or "" for t in root.iter(W_NS + "t")))
    return [(1, f"dropped {what} text: {size:,} characters") for what, size in sizes.items() if size]


def _textbox_notes(body) -> list[tuple[int, str]]:
    """A note on text held in text boxes (counted once: Word also stores a fallback copy of each)."""
    size = sum(
        visible_size("".join(t.text or "" for t in box.iter(W_NS + "t")))
        for box in body.iter(W_NS + "txbxContent")
        if not any(a.tag == MC_FALLBACK for a in box.iterancestors())
    )
    return [(1, f"dropped text box text: {size:,} characters")] if size else []


def _unread_notes(body) -> list[tuple[int, str]]:
    """A note on body text the reader does not reach: equations, and text in markup it does not know
    (a run standing in the body, outside any paragraph). Text boxes have their own note."""
    read = {run for paragraph in _paragraphs(body) for run in _runs(paragraph)}
    size = sum(
        visible_size(t.text or "")
        for t in body.iter(W_NS + "t", MATH_TEXT)
        if t.getparent() not in read and not _inside(t, body, W_NS + "txbxContent")
    )
    return [(1, f"dropped body text the reader does not reach: {size:,} characters")] if size else []
