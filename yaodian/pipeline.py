"""The pipeline, written once: the sequence of stages every runner follows.

    discover the input files
    → process each source, in batches (read, ingest, segment; yaodian.sources), each result
      kept in the extraction cache, a summary of it in the run
    → assemble the tables batch by batch, each batch of files that go together written as a
      fragment (reconcile, commitments, typed by schemas/; yaodian.fragments)
    → write a candidate release from the fragments → validate it
    → when critical checks failed on rows or plans only: take those out (yaodian.quality.scope),
      write and validate what is left once more
    → publish it if no critical check failed

`run(inputs, output, steps=PLAIN)` is that sequence. A runner only says how each step is
executed: PLAIN calls the functions below directly; the Prefect flow (flows/pipeline.py)
passes the same functions wrapped as tasks (batches mapped over a task runner, retries,
artifacts). So the sequence cannot differ between them. What a step hands back is small
(summaries of sources, fragments' row counts): the drafts and tables stay where they were
written, so a distributed engine ships little, and the run holds no stage's whole output.
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
import pyarrow.parquet as pq

from yaodian import fragments, quality, release, site
from yaodian.fragments import Fragment, assemble
from yaodian.io import storage
from yaodian.io.cache import SourceCache
from yaodian.io.storage import Location
from yaodian.progress import Progress
from yaodian.release import analysis
from yaodian.release.write import PARTITION_ROWS
from yaodian.sources import InputFile, Processed, discover, keep, process_source

BATCH_FILES = 8  # files per orchestrated task
Batch = tuple[list[Processed], int]  # a batch's sources, and how many the cache already had

__all__ = ["assemble", "run", "tables"]  # assemble: one batch's tables in memory (tests, explain)


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
    assemble_batches: Callable[[list[list[Processed]], Path, Path], list[Fragment]]
    prepare: Callable[[object, Path, int], Path]
    validate: Callable[[Path, Path, dict[str, Location], object, list], object]
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
    done = steps.process_batches(batches(files), cache_dir(output))
    processed = [p for batch, _ in done for p in batch]
    progress.sources(processed, sum(hits for _, hits in done), time.perf_counter() - t)
    if not any(p.read for p in processed):
        raise PipelineError("no input file could be read")

    t = time.perf_counter()
    assembled = fragments.assemble_all(processed, steps.assemble_batches, cache_dir(output), fragments_dir(output))
    progress.assembled(assembled, time.perf_counter() - t)

    t, failed = time.perf_counter(), failed_inputs(files, processed)
    parts = assembled  # what the release is written from: the fragments, or what isolation left of them
    rows = {name: sum(p.rows[name] for p in parts) for name in parts[0].rows}
    with_body = sum(p.stats["items_with_body"] for p in parts)
    with release.working_folder(output) as out_dir:
        candidate = steps.prepare(parts, out_dir, partition_rows)
        try:
            validation = steps.validate(candidate, out_dir, failed, None, parts)
            isolation = None if validation.publishable or strict else quality.isolate(candidate, validation)
            if isolation is not None:  # rows and plans set aside: the rest is written and checked again
                release.abandon(candidate)
                tables = isolation.tables  # the pipeline's tables: Held derives the analysis ones again
                parts = [release.Held(tables)]
                candidate = steps.prepare(parts, out_dir, partition_rows)
                rows = parts[0].rows
                with_body = sum(v is True for v in tables["items"].column("has_body").to_pylist())
                validation = steps.validate(candidate, out_dir, failed, isolation, parts)
            progress.validated(quality.headline(validation), time.perf_counter() - t)
            if not validation.publishable:
                raise QualityFailure(validation)
            t = time.perf_counter()
            progress.site_built(site.build(candidate, out_dir / quality.QUALITY, release.release_id(candidate), parts))
            t = time.perf_counter()
            rid = steps.publish(candidate, out_dir, pq.read_table(candidate / "sources.parquet"),
                                quality.summary(validation))
        finally:
            release.abandon(candidate)  # whatever happened, no half-release is left behind
    fragments.prune(fragments_dir(output), assembled)
    progress.published(rid, output, time.perf_counter() - t)
    return {
        "release": rid,
        "rows": rows,
        "items_with_body": with_body,
        "unreadable": [p.source_row["source_file"] for p in processed if not p.read],
        "quality": quality.headline(validation),
        "withheld": [w["doc_id"] for w in validation.set_aside.withheld] if validation.set_aside else [],
        "validation": validation,
        "pipeline_seconds": time.perf_counter() - started,
    }


def batches(files: list[InputFile], size: int = BATCH_FILES) -> list[list[InputFile]]:
    """The files in consecutive groups of `size`: one orchestrated task each, not one per file."""
    return [files[i:i + size] for i in range(0, len(files), size)]


def process_batch(files: list[InputFile], cache_dir: Path) -> Batch:
    """Each (path, name) processed in order with the cache in `cache_dir`, kept as a Processed."""
    cache = SourceCache(cache_dir)
    return [keep(path, name, cache) for path, name in files], cache.hits


def assemble_batches(groups: list[list[Processed]], cache_dir: Path, root: Path) -> list[Fragment]:
    """The fragment of each group of sources, in order (yaodian.fragments.assemble_batch)."""
    return [fragments.assemble_batch(group, cache_dir, root) for group in groups]


def cache_dir(output: Location) -> Path:
    """Where extraction results are kept between runs: beside the releases they fed, or for
    a release in object storage, in a local temporary folder named after its URL."""
    if storage.is_remote(output):
        name = hashlib.sha256(str(output).encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / "yaodian-cache" / name
    return Path(output) / ".cache" / "extract"


def fragments_dir(output: Location) -> Path:
    """Where the fragments of a run are kept, beside the extraction cache: an unchanged batch
    is not assembled again by the next run."""
    return cache_dir(output).parent / "fragments"


def validate(candidate: Path, out_dir: Path, failed: dict[str, Location], isolation=None, parts=None):
    """The candidate's Validation; the report goes to out_dir/quality/, inputs a stage failed on
    and what `isolation` set aside to the quarantine."""
    return quality.check(candidate, out_dir, failed_inputs=failed, isolation=isolation, parts=parts,
                         release=release.release_id(candidate))


def failed_inputs(files: list[InputFile], processed: list[Processed]) -> dict[str, Location]:
    """Name → path of the inputs a stage failed on, for the quarantine."""
    failed = {p.source_row["source_file"] for p in processed if any(a["kind"] == "extraction_failed" for a in p.anomalies)}
    return {name: path for path, name in files if name in failed}


PLAIN = Steps(
    process_batches=lambda groups, cache: [process_batch(files, cache) for files in groups],
    assemble_batches=assemble_batches,
    prepare=release.prepare,
    validate=validate,
    publish=release.publish,
)


def tables(inputs: list[Location]) -> dict[str, pa.Table]:
    """The tables a run on `inputs` would publish, without writing or validating them (for
    `yaodian synth`, `yaodian explain`, tests and benchmarks), the analysis tables included."""
    tables = assemble([process_source(path, name) for path, name in discover(inputs)])
    return tables | analysis.derive(tables)
