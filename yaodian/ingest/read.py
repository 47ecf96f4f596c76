"""Read raw files into text with provenance: name, SHA-256, size, format and detected encoding.

Work plans arrive as text files in UTF-8 (with or without BOM), GB18030/GBK and UTF-16, and
as saved web pages (.html) and Word files (.docx). The format is detected from the content,
not the file name; pages and Word files are flattened to text by `yaodian.ingest.formats`, so every
later stage sees lines of text, and the line numbers of html/docx inputs count lines of the
extracted text, not of the markup (only the notes in `dropped` and a page's decoding warnings
point into the raw file). Decoding is strict and explicit: a file that is empty, binary or
undecodable raises ReadError with the file, the line and the reason, so the flow can report
it and go on with the others. Damage that can be read around (a truncated last character, a
few invalid UTF-8 bytes) is decoded and reported as a warning, and what extraction leaves out
(scripts, navigation, page headers) is listed in `dropped`: nothing is dropped in silence.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from yaodian.ingest import formats

# Leading bytes of formats that are not text. Word files (.docx) are ZIP archives too, but those
# are recognised before decoding: a ZIP archive that reaches decode() is not a Word file.
MAGIC = {
    b"PK\x03\x04": formats.NOT_DOCX,
    b"%PDF": "a PDF file, not plain text",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\xd0\xcf\x11\xe0": "an OLE file (a .doc Word 97 file?), not plain text",
}
# Share of invalid sequences below which a UTF-8 file is "damaged UTF-8", not another encoding.
UTF8_DAMAGE_LIMIT = 0.01
CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1b")
# Share of control bytes above which a file is binary; below it they are stray, removed and reported.
CONTROL_LIMIT = 0.01


class ReadError(Exception):
    """A file that cannot be read as text: says which file, where, and why."""

    def __init__(self, name: str, reason: str, line: int | None = None):
        self.name, self.reason, self.line = name, reason, line
        where = f"{name}:{line}" if line else name
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Source:
    """One decoded input file and where it came from."""

    name: str
    sha256: str
    size: int
    encoding: str
    text: str
    warnings: tuple[tuple[int, str], ...] = field(default=())  # (line, message)
    format: str = "text"  # "text", "html" or "docx", detected from the content
    dropped: tuple[tuple[int, str], ...] = ()  # (line, message): what extraction left out


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[tuple[int, str], ...] = ()


def line_of(data: bytes, offset: int) -> int:
    """1-based line number of byte `offset`."""
    return data.count(b"\n", 0, offset) + 1


def read_source(path: Path, name: str | None = None) -> Source:
    """Read and decode `path`; `name` is its provenance name (default: the file name)."""
    return source_from_bytes(path.read_bytes(), name or path.name)


def source_from_bytes(data: bytes, name: str) -> Source:
    """Detect the format of the file `name` and extract its text; ReadError when that fails.

    sha256 and size are those of the raw bytes, whatever the format: they identify the file.
    """
    kind = formats.detect(data)
    decoded, dropped = READERS[kind](data, name)
    return Source(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        encoding=decoded.encoding,
        text=decoded.text,
        warnings=decoded.warnings,
        format=kind,
        dropped=dropped,
    )


def _read_text(data: bytes, name: str) -> tuple[Decoded, tuple]:
    return decode(data, name), ()


def _read_docx(data: bytes, name: str) -> tuple[Decoded, tuple]:
    """A Word file's text; its encoding is "docx" (its XML is always Unicode)."""
    extracted = _extract(formats.docx_text, data, name)
    return Decoded(extracted.text, "docx"), extracted.dropped


def _read_html(data: bytes, name: str) -> tuple[Decoded, tuple]:
    """A page's text, the encoding that of its bytes; decoding warnings point at lines of the markup."""
    markup = _decode_html(data, name)
    extracted = _extract(formats.html_text, markup.text, name)
    return Decoded(extracted.text, markup.encoding, markup.warnings), extracted.dropped


def _decode_html(data: bytes, name: str) -> Decoded:
    """Decode a page, trusting its <meta> charset when the bytes decode strictly with it.

    The declaration settles pages that the text heuristics could misread (GBK with few
    Chinese characters); a BOM, or a declaration the bytes contradict, leaves it to decode().
    """
    declared = formats.declared_charset(data)
    if declared and not data.startswith(tuple(formats.BOMS)):
        try:
            return Decoded(data.decode(declared), declared)
        except UnicodeDecodeError:
            pass
    return decode(data, name)


def _extract(extractor, content, name: str) -> formats.Extracted:
    """Run a format's extractor, turning its FormatError into a ReadError naming the file."""
    try:
        return extractor(content)
    except formats.FormatError as error:
        raise ReadError(name, error.reason) from None


READERS = {"text": _read_text, "html": _read_html, "docx": _read_docx}


def decode(data: bytes, name: str = "<bytes>") -> Decoded:
    """Decode raw bytes, detecting the encoding; raise ReadError when they are not text."""
    if not data.strip():
        raise ReadError(name, "empty file" if not data else "file holds only white space")
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            raise ReadError(name, f"binary file: {what}")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8-sig", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name)
    controls = sum(data.count(bytes([b])) for b in CONTROL_BYTES)
    if controls:
        utf16 = _utf16_without_bom(data)
        if utf16:
            return _strict(data, utf16, name)
        if controls > CONTROL_LIMIT * len(data):
            first = min(data.find(bytes([b])) for b in CONTROL_BYTES if bytes([b]) in data)
            raise ReadError(name, f"binary file: control byte 0x{data[first]:02x} at byte {first}",
                            line_of(data, first))
        return _without_controls(data, name)
    return _utf8_or_gb18030(data, name)


def _without_controls(data: bytes, name: str) -> Decoded:
    """Text with a few stray control bytes (a BEL, a NUL from a bad copy): the bytes are removed,
    and each line that held some says so in a warning. No control byte is part of a multi-byte
    character in UTF-8 or GB18030, so removing them cannot change any other character."""
    by_line: dict[int, list[str]] = {}
    line, last = 1, 0
    for match in re.finditer(b"[" + re.escape(CONTROL_BYTES) + b"]", data):
        line, last = line + data.count(b"\n", last, match.start()), match.start()
        by_line.setdefault(line, []).append(f"0x{match.group()[0]:02x}")
    decoded = _utf8_or_gb18030(data.translate(None, CONTROL_BYTES), name)
    warnings = tuple((line, f"{len(found)} control byte(s) removed ({', '.join(sorted(set(found)))})")
                     for line, found in by_line.items())
    return Decoded(decoded.text, decoded.encoding, warnings + decoded.warnings)


def _strict(data: bytes, encoding: str, name: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as e:
        raise ReadError(name, f"not valid {encoding}: {e.reason} at byte {e.start}",
                        line_of(data, e.start)) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """utf-16-le/be when the bytes decode to plausible text that way, else None.

    Chinese in UTF-16 is full of bytes below 0x20, so it looks binary byte by byte; but
    decoded with the right byte order it is nearly all CJK, punctuation and ASCII, while
    the wrong order or real binary scatters over the whole Unicode plane.
    """
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if sum(map(_plausible, text)) >= 0.95 * len(text):
            return encoding
    return None


def _plausible(ch: str) -> bool:
    """A character that text in this genre is made of."""
    return (
        ch.isascii() and (ch.isprintable() or ch in "\t\r\n")
        or "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or "\u2000" <= ch <= "\u206f"
    )


def _utf8_or_gb18030(data: bytes, name: str) -> Decoded:
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as e:
        first_error = e
    if _truncated_at_end(data, first_error, "utf-8"):
        return _decode_truncated(data, first_error, "utf-8")
    damaged = _damaged_utf8(data)
    if damaged:
        return damaged
    try:
        return Decoded(data.decode("gb18030"), "gb18030")
    except UnicodeDecodeError as e:
        if _truncated_at_end(data, e, "gb18030"):
            return _decode_truncated(data, e, "gb18030")
        raise ReadError(
            name,
            f"undecodable: not UTF-8 (byte 0x{data[first_error.start]:02x} at byte "
            f"{first_error.start}) nor GB18030 (byte 0x{data[e.start]:02x} at byte {e.start})",
            line_of(data, first_error.start),
        ) from None


def _truncated_at_end(data: bytes, error: UnicodeDecodeError, encoding: str) -> bool:
    """True when the only problem is a character cut off by the end of the file."""
    if error.start < len(data) - 4:
        return False
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=False)
        return True
    except UnicodeDecodeError:
        return False


def _decode_truncated(data: bytes, error: UnicodeDecodeError, encoding: str) -> Decoded:
    tail = data[error.start:]
    message = (f"file ends inside a character (truncated?): last {len(tail)} byte(s) "
               f"{tail.hex(' ')} could not be decoded as {encoding}")
    return Decoded(data[: error.start].decode(encoding), encoding,
                   ((line_of(data, error.start), message),))


def _damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few invalid bytes: decoded with U+FFFD and a warning per bad byte."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F)
    if bad == 0 or bad > UTF8_DAMAGE_LIMIT * multibyte:
        return None
    warnings, offset = [], 0
    while len(warnings) < bad:
        try:
            data[offset:].decode("utf-8")
            break
        except UnicodeDecodeError as e:
            pos = offset + e.start
            warnings.append((line_of(data, pos),
                             f"invalid UTF-8 byte 0x{data[pos]:02x} at byte {pos} replaced by U+FFFD"))
            offset = offset + e.end
    return Decoded(text, "utf-8", tuple(warnings))
