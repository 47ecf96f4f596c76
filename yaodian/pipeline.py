"""The pipeline's stages composed as plain functions, without Prefect.

`discover` lists the input files; `process_source` is the per-file unit of work (read →
clean → segment); `assemble` joins every file's drafts into typed tables (reconcile +
commitments + schema); yaodian.release writes them as a candidate release, yaodian.quality
validates it, and the release is published only if it passed. `run` composes them as plain
calls; the Prefect flow (flows/pipeline.py) orchestrates the same calls as tasks. Results
are plain, picklable data so a distributed engine can ship them.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from yaodian import quality, release, remote, storage
from yaodian.cache import SourceCache
from yaodian.clean import clean_lines, join
from yaodian.commitments import commitment_rows
from yaodian.publish import PARTITION_ROWS
from yaodian.read import ReadError, source_from_bytes
from yaodian.reconcile import anomaly_row, reconcile
from yaodian.schema import TABLES, to_arrow
from yaodian.segment import Segmented, segment
from yaodian.storage import Location

# Files in an input folder that describe the corpus rather than belong to it.
NOT_INPUT = ("README", "SHA256SUMS", "CHECKSUMS", "MD5SUMS")
NOT_INPUT_SUFFIXES = (".md", ".sha256", ".md5")
READ_ATTEMPTS, READ_BACKOFF = 4, 0.5  # an I/O error is retried 3 times, after 0.5, 1 and 2 s
BATCH_FILES = 8  # files per orchestrated task


class InputError(ValueError):
    """An --input that names nothing usable."""


class QualityFailure(RuntimeError):
    """Critical quality checks failed: nothing was published. Names the checks."""

    def __init__(self, validation):
        self.validation = validation
        names = ", ".join(dict.fromkeys(r.check for r in validation.critical_failures))
        super().__init__(f"critical quality check(s) failed: {names}; nothing published")


@dataclass
class SourceResult:
    """One file's outcome: its `sources` row, its drafts, and what was noticed."""

    source_row: dict
    segmented: Segmented | None
    anomalies: list[dict] = field(default_factory=list)


def discover(inputs: list[Location]) -> list[tuple[Location, str]]:
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


def _files_under(root: Location) -> list[tuple[Location, str]]:
    if storage.is_remote(root):
        try:
            listed = storage.list_files(str(root))
        except OSError as error:
            raise InputError(f"{root}: cannot list: {error}") from error
        return [(url, name) for url, name in listed if _is_input_name(name)]
    root = Path(root)
    if root.is_dir():
        return [(p, p.relative_to(root).as_posix()) for p in sorted(root.rglob("*"))
                if p.is_file() and _is_input_name(p.relative_to(root).as_posix())]
    if root.is_file():
        return [(root, root.name)]
    raise InputError(f"{root}: no such file or folder")


def _same(a: Location, b: Location) -> bool:
    if storage.is_remote(a) or storage.is_remote(b):
        return str(a) == str(b)
    return Path(a).resolve() == Path(b).resolve()


def _is_input_name(name: str) -> bool:
    parts = name.split("/")
    return (
        not any(part.startswith(".") for part in parts)
        and not parts[-1].upper().startswith(NOT_INPUT)
        and not parts[-1].lower().endswith(NOT_INPUT_SUFFIXES)
    )


def process_source(path: Location, name: str, cache: SourceCache | None = None) -> SourceResult:
    """Read one file (I/O errors retried with back-off), then clean and segment it unless the
    cache has it; an unreadable file is a result, not an exception."""
    try:
        data = read_bytes(path)
    except OSError as error:
        return unreadable(name, error)
    if cache is None:
        return process_bytes(data, name)
    key = cache.key(name, data)
    result = cache.get(key)
    if result is None:
        result = process_bytes(data, name)
        cache.put(key, result)
    return result


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


def extract(files: list[tuple[Location, str]], cache: SourceCache | None = None) -> list[SourceResult]:
    """process_source for each (path, name), in order: the unit of work a task runs."""
    return [process_source(path, name, cache) for path, name in files]


def batches(files: list[tuple[Location, str]], size: int = BATCH_FILES) -> list[list[tuple[Location, str]]]:
    """The files in consecutive groups of `size`: one orchestrated task each, not one per file."""
    return [files[i:i + size] for i in range(0, len(files), size)]


def cache_dir(output: Location) -> Path:
    """Where extraction results are kept between runs: beside the releases they fed, or for
    a release in object storage, in a local temporary folder named after its URL."""
    if storage.is_remote(output):
        name = hashlib.sha256(str(output).encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / "yaodian-cache" / name
    return Path(output) / ".cache" / "extract"


def process_bytes(data: bytes, name: str) -> SourceResult:
    """Clean and segment one file's bytes. A file that cannot be decoded, or whose processing
    fails, is a result with its error (the run goes on with the others), not an exception."""
    try:
        source = source_from_bytes(data, name)
    except ReadError as error:
        return _failed(name, data, error.reason, error.line, "unreadable_file")
    try:
        lines = clean_lines(source.text)
        blocks, residue = join(lines)
        segmented = segment(name, blocks, residue)
    except Exception as error:  # noqa: BLE001 - one document that breaks a stage must not sink the run
        return _failed(name, data, f"extraction failed: {type(error).__name__}: {error}", None, "extraction_failed")
    segmented.residue = residue + segmented.residue
    row = {
        "source_file": name, "sha256": source.sha256, "size_bytes": source.size,
        "format": source.format, "encoding": source.encoding, "n_lines": len(lines),
        "status": "warning" if source.warnings else "ok", "error": None,
    }
    anomalies = [anomaly_row(name, line, None, "damaged_file", message) for line, message in source.warnings]
    anomalies += [anomaly_row(name, line, None, "content_dropped", message) for line, message in source.dropped]
    return SourceResult(row, segmented, anomalies)


def unreadable(name: str, error: OSError) -> SourceResult:
    """The result of a file that could not be opened or read."""
    return _failed(name, None, error.strerror or str(error), None, "unreadable_file")


def failed_inputs(files: list[tuple[Location, str]], results: list[SourceResult]) -> dict[str, Location]:
    """Name → path of the inputs a stage failed on, for the quarantine."""
    failed = {r.source_row["source_file"] for r in results if any(a["kind"] == "extraction_failed" for a in r.anomalies)}
    return {name: path for path, name in files if name in failed}


def _failed(name: str, data: bytes | None, reason: str, line: int | None, kind: str) -> SourceResult:
    row = {
        "source_file": name, "sha256": hashlib.sha256(data).hexdigest() if data is not None else None,
        "size_bytes": len(data) if data is not None else None,
        "format": None, "encoding": None, "n_lines": None, "status": "error", "error": reason,
    }
    return SourceResult(row, None, [anomaly_row(name, line, None, kind, reason)])


def assemble(results: list[SourceResult]) -> dict[str, pa.Table]:
    """Every table, typed by its declaration, from the per-file results (any order)."""
    results = sorted(results, key=lambda r: r.source_row["source_file"])
    tables = reconcile([r.segmented for r in results if r.segmented is not None])
    rows = {
        "sources": [r.source_row for r in results],
        "documents": tables.documents,
        "sections": tables.sections,
        "items": tables.items,
        "residue": tables.residue,
        "anomalies": [a for r in results for a in r.anomalies] + tables.anomalies,
        "commitments": commitment_rows(tables.items, tables.documents),
    }
    return {name: to_arrow(name, rows[name]) for name in TABLES}


def run(inputs: list[Location], output: Location, partition_rows: int = PARTITION_ROWS) -> dict:
    """The whole pipeline as plain calls (what the Prefect flow orchestrates): discover, process
    each file, assemble, write a candidate release, validate it, publish it if it passed.
    `output` is a folder or an object-store URL. Raises QualityFailure naming the critical
    checks when the release did not pass."""
    files = discover(inputs)
    results = extract(files, SourceCache(cache_dir(output)))
    tables = assemble(results)
    with remote.working_folder(output) as out_dir:
        candidate = release.prepare(tables, out_dir, partition_rows)
        try:
            validation = quality.check(candidate, out_dir, failed_inputs=failed_inputs(files, results))
            if not validation.publishable:
                raise QualityFailure(validation)
            rid = release.publish(candidate, out_dir, tables["sources"], quality.summary(validation))
        finally:
            release.abandon(candidate)
    return {"release": rid, "rows": {name: t.num_rows for name, t in tables.items()}, "validation": validation}
