"""The per-source unit of work: find the input files, and turn each into a SourceResult.

`discover` lists the input files with their provenance names; `process_source` reads one
(I/O errors retried with back-off), then ingests and segments it unless the cache has it.
While the file's extracted text is at hand, every character of it must be in a draft or in
residue: what is not is kept as `unaccounted` residue with an anomaly, for the quality gate.
A file that cannot be read, or on which a stage fails, is a result with its error, never an
exception, so one bad plan does not sink the run. Results are plain, picklable data, so a
distributed engine can ship them.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from yaodian.build import Segmented, segment
from yaodian.build.families import Heads, heads
from yaodian.build.reconcile import anomaly_row
from yaodian.ingest import Ingested, ReadError, Residue, ingest
from yaodian.io import storage
from yaodian.io.cache import SourceCache
from yaodian.io.storage import Location
from yaodian.quality.accounting import uncovered

# Files in an input folder that describe the corpus rather than belong to it.
NOT_INPUT = ("README", "SHA256SUMS", "CHECKSUMS", "MD5SUMS")
NOT_INPUT_SUFFIXES = (".md", ".sha256", ".md5")
READ_ATTEMPTS, READ_BACKOFF = 4, 0.5  # an I/O error is retried 3 times, after 0.5, 1 and 2 s
# The largest input file read: far above any plan or compilation (the sample's 9 plans are 0.2 MB;
# a plan of 10,000 items is 0.5 MB), low enough that one file's text and rows stay within memory.
# A flattened plan is one line: no line is limited below this.
MAX_FILE_BYTES = 64 * 2**20
_ON_ONE_LINE = re.compile(r"\S(?:[^\n]*\S)?")  # a run of text on one line, trimmed
UNACCOUNTED_SHOWN = 60  # characters of lost text an anomaly quotes

InputFile = tuple[Location, str]  # (where it is, its provenance name)


class InputError(ValueError):
    """An --input that names nothing usable."""


@dataclass
class SourceResult:
    """One file's outcome: its `sources` row, its drafts, and what was noticed."""

    source_row: dict
    segmented: Segmented | None
    anomalies: list[dict] = field(default_factory=list)


def discover(inputs: list[Location]) -> list[InputFile]:
    """(location, provenance name) of every input file, in name order.

    A folder (or an object-store prefix such as s3://bucket/raw) contributes its files
    recursively, named relative to it, skipping hidden files and corpus descriptions
    (README, checksums); a file is named by its file name.
    """
    found: dict[str, Location] = {}
    for root in inputs:
        for location, name in _files_under(root):
            if name in found and _same(found[name], location) is False:
                raise InputError(f"two input files are both named {name!r}: {found[name]} and {location}")
            found[name] = location
    if not found:
        raise InputError(f"no input files in {', '.join(map(str, inputs))}")
    return [(found[name], name) for name in sorted(found)]


@dataclass(frozen=True)
class NotRead:
    """An entry of an input folder that is not read, and why: a FIFO, a device, a link that
    leads nowhere or back up the tree, a folder that cannot be listed. It still gets its
    `sources` row, so nothing under an input goes unmentioned."""

    path: str
    reason: str

    def __str__(self) -> str:
        return self.path


def _files_under(root: Location) -> list[InputFile]:
    if storage.is_remote(root):
        try:
            listed = storage.list_files(str(root))
        except OSError as error:
            raise InputError(f"{root}: cannot list: {error}") from error
        return [(url, name) for url, name in listed if _is_input_name(name)]
    root = Path(root)
    try:
        mode = root.stat().st_mode
    except OSError as error:
        raise InputError(f"{_shown(str(root))}: no such file or folder") from error
    if stat.S_ISDIR(mode):
        return [(path, _shown(name)) for path, name in _walk(root)]
    if stat.S_ISREG(mode):
        return [(root, _shown(root.name))]
    return [(NotRead(_shown(str(root)), _not_regular(mode)), _shown(root.name))]


def _walk(root: Path) -> list[tuple[Location, str]]:
    """Every entry under `root` (links followed, each folder once), named relative to it."""
    found: list[tuple[Location, str]] = []
    seen: set[tuple[int, int]] = set()

    def visit(folder: Path, rel: str) -> None:
        info = folder.stat()
        if (info.st_dev, info.st_ino) in seen:
            found.append((NotRead(str(folder), "a link back to a folder already read (a loop): not followed"), rel))
            return
        seen.add((info.st_dev, info.st_ino))
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            if not rel:
                raise InputError(f"{_shown(str(folder))}: cannot list: {error.strerror}") from error
            found.append((NotRead(str(folder), f"a folder that cannot be listed: {error.strerror}"), rel))
            return
        for entry in entries:
            name = f"{rel}/{entry.name}" if rel else entry.name
            if not _is_input_name(name):
                continue
            path = Path(entry.path)
            try:
                mode = path.stat().st_mode
            except OSError as error:
                found.append((NotRead(str(path), f"cannot be reached: {error.strerror}"), name))
                continue
            if stat.S_ISDIR(mode):
                visit(path, name)
            else:
                found.append((path if stat.S_ISREG(mode) else NotRead(str(path), _not_regular(mode)), name))

    visit(root, "")
    return found


def _not_regular(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"))
    return "not a regular file: " + next((what for test, what in kinds if test(mode)), "of an unknown kind")


def _shown(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (a name from another system) written as
    \\xff escapes, so the name is kept whole and every table and report can hold it."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _same(a: Location, b: Location) -> bool:
    if storage.is_remote(a) or storage.is_remote(b) or isinstance(a, NotRead) or isinstance(b, NotRead):
        return str(a) == str(b)
    return Path(a).resolve() == Path(b).resolve()


def _is_input_name(name: str) -> bool:
    parts = name.split("/")
    return (
        not any(part.startswith(".") for part in parts)
        and not parts[-1].upper().startswith(NOT_INPUT)
        and not parts[-1].lower().endswith(NOT_INPUT_SUFFIXES)
    )


@dataclass
class Processed:
    """What a run keeps of one file while it reads the others: its `sources` row, what was
    noticed, its drafts' headings (which files go together: yaodian.build.families), and where
    its SourceResult is: the cache entry `key`, or `result` itself when it was not cached."""

    location: Location
    source_row: dict
    anomalies: list[dict]
    heads: tuple[Heads, ...]
    drafts: dict[str, int]  # bodies, outlines and TOC entries found
    key: str | None = None
    result: SourceResult | None = None

    @property
    def read(self) -> bool:
        return self.source_row["status"] != "error"


def process_source(path: Location, name: str, cache: SourceCache | None = None) -> SourceResult:
    """Read one file (I/O errors retried with back-off), then ingest and segment it unless the
    cache has it; an unreadable file is a result, not an exception."""
    return _process(path, name, cache)[0]


def keep(path: Location, name: str, cache: SourceCache | None) -> Processed:
    """process_source, kept as a Processed: the result stays in the cache (with none, in it)."""
    result, key = _process(path, name, cache)
    seg = result.segmented
    drafts = {"bodies": sum(d.kind == "body" for d in seg.docs), "outlines": sum(d.kind == "outline" for d in seg.docs),
              "toc": len(seg.toc)} if seg is not None else {}
    return Processed(path, result.source_row, result.anomalies, heads(seg), drafts, key,
                     None if key is not None else result)


def _process(path: Location, name: str, cache: SourceCache | None) -> tuple[SourceResult, str | None]:
    """The file's result and its cache entry (None: not cached)."""
    if isinstance(path, NotRead):
        return _failed(name, None, path.reason, None, "unreadable_file"), None
    size = None if storage.is_remote(path) else _size(Path(path))
    if size is not None and size > MAX_FILE_BYTES:
        return _failed(name, None, f"too large: {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}", None,
                       "unreadable_file"), None
    try:
        data = read_bytes(path)
    except OSError as error:
        return unreadable(name, error), None
    if cache is None or cache.folder is None:
        return process_bytes(data, name), None
    key = cache.key(name, data)
    result = cache.get(key)
    if result is None:
        result = process_bytes(data, name)
        cache.put(key, result)
    return result, key


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None  # reading will say why


def read_bytes(path: Location, attempts: int = READ_ATTEMPTS, delay: float = READ_BACKOFF) -> bytes:
    """A file's (or object's) bytes; an I/O error is retried after `delay`, doubled each time."""
    read = (lambda: storage.read_bytes(str(path))) if storage.is_remote(path) else Path(path).read_bytes
    for attempt in range(attempts - 1):
        try:
            return read()
        except (FileNotFoundError, IsADirectoryError, PermissionError):
            raise  # will not pass on a second try
        except OSError:
            time.sleep(delay * 2**attempt)
    return read()


def process_bytes(data: bytes, name: str) -> SourceResult:
    """Ingest and segment one file's bytes. A file that cannot be decoded, or whose processing
    fails, is a result with its error (the run goes on with the others), not an exception."""
    try:
        return result_of(ingest(data, name))
    except ReadError as error:
        return _failed(name, data, error.reason, error.line, "unreadable_file")
    except Exception as error:  # noqa: BLE001 - one document that breaks a stage must not sink the run
        return _failed(name, data, f"extraction failed: {type(error).__name__}: {error}", None, "extraction_failed")


def result_of(ingested: Ingested) -> SourceResult:
    """One ingested file segmented into drafts, with its `sources` row and what reading noticed."""
    source = ingested.source
    segmented = segment(source.name, ingested.blocks, ingested.residue)
    segmented.residue = ingested.residue + segmented.residue
    lost, anomalies = unaccounted(source.name, ingested.text, segmented.spans())
    segmented.residue += lost
    row = {
        "source_file": source.name, "sha256": source.sha256, "size_bytes": source.size,
        "format": source.format, "encoding": source.encoding, "n_lines": ingested.n_lines,
        "n_chars": len(ingested.text), "status": "warning" if source.warnings else "ok", "error": None,
    }
    anomalies += [anomaly_row(source.name, line, None, "damaged_file", message) for line, message in source.warnings]
    anomalies += [anomaly_row(source.name, line, None, "content_dropped", message) for line, message in source.dropped]
    return SourceResult(row, segmented, anomalies)


def unaccounted(name: str, text: str, spans: list[tuple[int, int]]) -> tuple[list[Residue], list[dict]]:
    """The text of file `name` that no span holds: a residue row `unaccounted` per line of each
    run, and an `unaccounted_text` anomaly per run. A fault of the pipeline, never of the input:
    the quality gate fails on such rows, and they keep the text so that nothing vanishes."""
    rows, anomalies = [], []
    for start, end in uncovered(text, spans):
        for piece in _ON_ONE_LINE.finditer(text, start, end):
            line, col = _where(text, piece.start())
            rows.append(Residue(line, piece.group(), "unaccounted", None, col, piece.span()))
        line, col = _where(text, start)
        shown = text[start:end] if end - start <= UNACCOUNTED_SHOWN else text[start:start + UNACCOUNTED_SHOWN] + "…"
        anomalies.append(anomaly_row(name, line, None, "unaccounted_text",
                                     f"{end - start} character(s) from line {line}, col {col}, are in no row and no "
                                     f"residue: «{shown}», kept in residue as unaccounted"))
    return rows, anomalies


def _where(text: str, at: int) -> tuple[int, int]:
    """(line number, column) of offset `at` in an extracted text."""
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1)


def unreadable(name: str, error: OSError) -> SourceResult:
    """The result of a file that could not be opened or read."""
    return _failed(name, None, error.strerror or str(error), None, "unreadable_file")


def _failed(name: str, data: bytes | None, reason: str, line: int | None, kind: str) -> SourceResult:
    row = {
        "source_file": name, "sha256": hashlib.sha256(data).hexdigest() if data is not None else None,
        "size_bytes": len(data) if data is not None else None,
        "format": None, "encoding": None, "n_lines": None, "n_chars": None, "status": "error", "error": reason,
    }
    return SourceResult(row, None, [anomaly_row(name, line, None, kind, reason)])
