"""The pipeline, written once: the sequence of stages every runner follows.

    discover the input files
    → process each source, in batches (read, ingest, segment; yaodian.sources)
    → assemble the tables (reconcile across files, commitments, typed by schemas/)
    → write a candidate release → validate it
    → when critical checks failed on rows or plans only: take those out (yaodian.quality.scope),
      write and validate what is left once more
    → publish it if no critical check failed

`run(inputs, output, steps=PLAIN)` is that sequence. A runner only says how each step is
executed: PLAIN calls the functions below directly; the Prefect flow (flows/pipeline.py)
passes the same functions wrapped as tasks (batches mapped over a task runner, retries,
artifacts). So the sequence cannot differ between them. Results are plain, picklable data
so a distributed engine can ship them.
"""

from __future__ import annotations

import errno
import hashlib
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from yaodian import quality, release, site
from yaodian.build import reconcile
from yaodian.commitments import commitment_rows
from yaodian.io import storage
from yaodian.io.cache import SourceCache
from yaodian.io.storage import Location
from yaodian.progress import Progress
from yaodian.release import analysis
from yaodian.release.arrow import to_arrow
from yaodian.release.write import PARTITION_ROWS
from yaodian.schemas import PIPELINE_TABLES
from yaodian.sources import InputFile, SourceResult, discover, process_source

BATCH_FILES = 8  # files per orchestrated task
Batch = tuple[list[SourceResult], int]  # a batch's results, and how many the cache already had


class PipelineError(RuntimeError):
    """The run cannot publish: says why in one line."""


class ResourceFault(PipelineError):
    """Writing failed for a reason of the machine (a full disk, a refused or read-only write):
    named as such, with the path, once."""

    FAULTS = {errno.ENOSPC: "no space left on device", errno.EDQUOT: "disk quota exceeded",
              errno.EACCES: "permission denied", errno.EPERM: "operation not permitted",
              errno.EROFS: "read-only file system"}

    @classmethod
    def of(cls, error: OSError) -> ResourceFault | None:
        what = cls.FAULTS.get(error.errno)
        return None if what is None else cls(f"{what}: {error.filename}" if error.filename else what)


class QualityFailure(PipelineError):
    """Critical quality checks failed: nothing was published. Names the checks."""

    def __init__(self, validation):
        self.validation = validation
        names = ", ".join(dict.fromkeys(r.check for r in validation.critical_failures))
        super().__init__(f"critical quality check(s) failed: {names}; nothing published")


@dataclass(frozen=True)
class Steps:
    """How each step of `run` is executed; the order of the steps is `run`'s alone."""

    process_batches: Callable[[list[list[InputFile]], Path], list[Batch]]
    assemble: Callable[[list[SourceResult]], dict[str, pa.Table]]
    prepare: Callable[[dict[str, pa.Table], Path, int], Path]
    validate: Callable[[Path, Path, dict[str, Location], object], object]
    publish: Callable[[Path, Path, pa.Table, dict], str]


def run(inputs: list[Location], output: Location, partition_rows: int = PARTITION_ROWS,
        steps: Steps | None = None, progress: Progress | None = None, strict: bool = False) -> dict:
    """Run the pipeline on `inputs` (files, folders or s3:// prefixes) and publish a release to
    `output` (a folder or an s3:// prefix), holding the output's lock throughout. A critical
    failure on rows or plans sets them aside and the rest publishes (`strict`: any critical
    failure publishes nothing). Raises InputError when the inputs name no file, OutputBusy when
    another run holds the output, PipelineError when no file could be read, QualityFailure
    (naming the critical checks) when the release did not pass; nothing is published then."""
    started = time.time()
    with release.output_lock(output):
        try:
            return _run(inputs, output, partition_rows, steps or PLAIN, progress or Progress(), strict)
        except OSError as error:
            fault = ResourceFault.of(error)
            if fault is None:
                raise
            if not storage.is_remote(output):  # this run's report, if it got that far, says so
                quality.mark_unpublished(Path(output) / quality.QUALITY, str(fault), since=started)
            raise fault from error


def _run(inputs: list[Location], output: Location, partition_rows: int, steps: Steps, progress: Progress,
         strict: bool) -> dict:
    started = time.perf_counter()
    files = discover(inputs)
    progress.started(len(files), output)

    t = time.perf_counter()
    processed = steps.process_batches(batches(files), cache_dir(output))
    results = [result for batch, _ in processed for result in batch]
    progress.sources(results, sum(hits for _, hits in processed), time.perf_counter() - t)
    if all(r.segmented is None for r in results):
        raise PipelineError("no input file could be read")

    t = time.perf_counter()
    tables = steps.assemble(results)
    progress.assembled(tables, time.perf_counter() - t)

    t, failed = time.perf_counter(), failed_inputs(files, results)
    with release.working_folder(output) as out_dir:
        candidate = steps.prepare(tables, out_dir, partition_rows)
        try:
            validation = steps.validate(candidate, out_dir, failed, None)
            isolation = None if validation.publishable or strict else quality.isolate(candidate, validation)
            if isolation is not None:  # rows and plans set aside: the rest is written and checked again
                release.abandon(candidate)
                tables = isolation.tables  # the pipeline's tables: prepare derives the analysis ones again
                candidate = steps.prepare(tables, out_dir, partition_rows)
                validation = steps.validate(candidate, out_dir, failed, isolation)
            progress.validated(quality.headline(validation), time.perf_counter() - t)
            if not validation.publishable:
                raise QualityFailure(validation)
            t = time.perf_counter()
            progress.site_built(site.build(candidate, out_dir / quality.QUALITY, release.release_id(candidate)))
            t = time.perf_counter()
            rid = steps.publish(candidate, out_dir, tables["sources"], quality.summary(validation))
        finally:
            release.abandon(candidate)  # whatever happened, no half-release is left behind
    progress.published(rid, output, time.perf_counter() - t)
    return {
        "release": rid,
        "rows": {name: table.num_rows for name, table in tables.items()},
        "items_with_body": sum(tables["items"].column("has_body").to_pylist()),
        "unreadable": [r.source_row["source_file"] for r in results if r.segmented is None],
        "quality": quality.headline(validation),
        "withheld": [w["doc_id"] for w in validation.set_aside.withheld] if validation.set_aside else [],
        "validation": validation,
        "pipeline_seconds": time.perf_counter() - started,
    }


def batches(files: list[InputFile], size: int = BATCH_FILES) -> list[list[InputFile]]:
    """The files in consecutive groups of `size`: one orchestrated task each, not one per file."""
    return [files[i:i + size] for i in range(0, len(files), size)]


def process_batch(files: list[InputFile], cache_dir: Path) -> Batch:
    """process_source for each (path, name), in order, with the cache in `cache_dir`."""
    cache = SourceCache(cache_dir)
    return [process_source(path, name, cache) for path, name in files], cache.hits


def cache_dir(output: Location) -> Path:
    """Where extraction results are kept between runs: beside the releases they fed, or for
    a release in object storage, in a local temporary folder named after its URL."""
    if storage.is_remote(output):
        name = hashlib.sha256(str(output).encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / "yaodian-cache" / name
    return Path(output) / ".cache" / "extract"


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
    return {name: to_arrow(name, rows[name]) for name in PIPELINE_TABLES}


def validate(candidate: Path, out_dir: Path, failed: dict[str, Location], isolation=None):
    """The candidate's Validation; the report goes to out_dir/quality/, inputs a stage failed on
    and what `isolation` set aside to the quarantine."""
    return quality.check(candidate, out_dir, failed_inputs=failed, isolation=isolation,
                         release=release.release_id(candidate))


def failed_inputs(files: list[InputFile], results: list[SourceResult]) -> dict[str, Location]:
    """Name → path of the inputs a stage failed on, for the quarantine."""
    failed = {r.source_row["source_file"] for r in results if any(a["kind"] == "extraction_failed" for a in r.anomalies)}
    return {name: path for path, name in files if name in failed}


PLAIN = Steps(
    process_batches=lambda groups, cache: [process_batch(files, cache) for files in groups],
    assemble=assemble,
    prepare=release.prepare,
    validate=validate,
    publish=release.publish,
)


def tables(inputs: list[Location]) -> dict[str, pa.Table]:
    """The tables a run on `inputs` would publish, without writing or validating them (for
    `yaodian synth`, `yaodian explain`, tests and benchmarks), the analysis tables included."""
    tables = assemble([process_source(path, name) for path, name in discover(inputs)])
    return tables | analysis.derive(tables)
