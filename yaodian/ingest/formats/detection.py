"""Which of the three formats an input is (docx, html or text), told from the content.

The file name is never asked: saved pages are often called .doc or .txt. A page's declared
<meta charset> is read here too, since the reader needs it before it can decode the page.
"""

from __future__ import annotations

import io
import re
import zipfile

from yaodian.ingest.formats import ASCII_SPACE, DOCX_MAIN

SNIFF_BYTES = 4096
# Byte order marks and the codec that reads the sniffed head of a file behind them.
BOMS = {b"\xef\xbb\xbf": "utf-8-sig", b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
# What may come before the first tag of a page: (opening, closing) of an XML declaration or comment.
PREAMBLES = (("<?xml", "?>"), ("<!--", "-->"))
HTML_OPENINGS = ("<!doctype html", "<html")
# A file that starts with "<" and holds one of these tags early on is an HTML fragment.
FRAGMENT_TAGS = ("body", "head", "div", "p")
TAG_NAME_ENDS = frozenset(ASCII_SPACE + "/>")
# Names of <meta> charsets that the reader honours, and the codec that reads them.
HTML_CHARSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "utf-8": "utf-8", "utf8": "utf-8"}
META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([a-z0-9_-]+)", re.IGNORECASE)


def detect(data: bytes) -> str:
    """"docx", "html" or "text", from the content: the file name says little about saved files."""
    if data.startswith(b"PK\x03\x04") and _zip_holds_document(data):
        return "docx"
    return "html" if _looks_like_html(_sniff_text(data[:SNIFF_BYTES])) else "text"


def _zip_holds_document(data: bytes) -> bool:
    """True when the ZIP archive holds word/document.xml.

    A damaged archive (say, truncated, so without its central directory) still names its
    members in the local headers; finding the name there lets it fail later as a corrupt
    .docx rather than as "not a Word file".
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return DOCX_MAIN in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return DOCX_MAIN.encode() in data


def _sniff_text(head: bytes) -> str:
    """The head of a file decoded leniently, only to look for markup at its start.

    ASCII markup survives decoding GB18030 as UTF-8 with replacements; UTF-16 does not, so
    it is recognised by its BOM or, without one, by NUL bytes in every other position.
    """
    for bom, codec in BOMS.items():
        if head.startswith(bom):
            return head.decode(codec, errors="replace")
    if b"\x00" in head:
        little = head[1::2].count(0) >= head[0::2].count(0)
        return head.decode("utf-16-le" if little else "utf-16-be", errors="replace")
    return head.decode("utf-8", errors="replace")


def _looks_like_html(text: str) -> bool:
    """True when `text` opens as an HTML page or fragment, after any BOM, declaration and comments."""
    text = _skip_preamble(text.lstrip("\ufeff" + ASCII_SPACE)).lower()
    if text.startswith(HTML_OPENINGS):
        return True
    return text.startswith("<") and any(_has_tag(text, tag) for tag in FRAGMENT_TAGS)


def _skip_preamble(text: str) -> str:
    """`text` without its leading XML declaration and comments."""
    while True:
        for opening, closing in PREAMBLES:
            if text.startswith(opening):
                end = text.find(closing)
                text = "" if end < 0 else text[end + len(closing):].lstrip(ASCII_SPACE)
                break
        else:
            return text


def _has_tag(text: str, tag: str) -> bool:
    """True when `text` holds an opening tag <tag ...> (not merely <tagxyz>)."""
    start = text.find("<" + tag)
    while start >= 0:
        after = text[start + len(tag) + 1: start + len(tag) + 2]
        if not after or after in TAG_NAME_ENDS:
            return True
        start = text.find("<" + tag, start + 1)
    return False


def declared_charset(data: bytes) -> str | None:
    """The codec named by a page's <meta charset> or http-equiv declaration, if it is one we honour."""
    found = META_CHARSET.search(data[:SNIFF_BYTES])
    return HTML_CHARSETS.get(found.group(1).decode("ascii").lower()) if found else None
