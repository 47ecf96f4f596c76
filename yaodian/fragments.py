"""Fragments: the tables assembled batch by batch and written as Parquet, so that no step holds
the whole corpus.

Each file's result waits in the extraction cache; the run holds a `Processed` summary of it
(yaodian.sources). The files are cut into batches to reconcile together (yaodian.build.
families); a batch is assembled alone — reconciled, its commitments read, typed by the
declarations in schemas/, its analysis rows derived — and written as a fragment: a folder
named after what went into it (the files' cache entries and the pipeline's fingerprint),
one Parquet file per table, and fragment.json with its row counts and its plans' headings
as digests. A fragment already written by an earlier run from the same inputs is taken as
it is: a changed file costs its own batch. Batches whose plans could be copies or look-alikes
of each other's are assembled again together (families.together), until none are apart.
The release is the fragments' tables concatenated in order (yaodian.release.prepare).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from yaodian.build import reconcile
from yaodian.build.families import digest, families, together
from yaodian.commitments import commitment_rows
from yaodian.commitments.extract import SCORED, is_scored
from yaodian.io.cache import SourceCache, fingerprint
from yaodian.release import analysis
from yaodian.release.arrow import arrow_schema, to_arrow
from yaodian.schemas import PIPELINE_TABLES
from yaodian.sources import Processed, SourceResult, process_source

FRAGMENT = "fragment.json"
BATCH_BYTES = 4 * 2**20  # input bytes of a batch: its drafts and rows are what a step holds at once


def assemble(results: list[SourceResult]) -> dict[str, pa.Table]:
    """The pipeline's tables, typed by their declarations, from per-file results (any order)."""
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


@dataclass(frozen=True)
class Fragment:
    """One batch's tables in `folder`, and what the run needs of them without reading them."""

    folder: Path
    rows: dict[str, int]
    nullable: tuple[str, ...]  # tables typed nullable: a required column holds an empty value
    headings: tuple[str, ...]  # of each plan kept, as hex digests (families.together)
    stats: dict[str, int]

    def table(self, name: str) -> pa.Table:
        return pq.read_table(self.folder / f"{name}.parquet")


def assemble_all(processed: list[Processed], run: Callable[[list[list[Processed]], Path, Path], list[Fragment]],
                 cache_dir: Path, root: Path) -> list[Fragment]:
    """The fragments of the sources `processed` (in order), each batch assembled by `run`
    (which may map them over workers); batches whose plans are related are assembled again
    together until none are apart."""
    names = [p.source_row["source_file"] for p in processed]
    by_name = dict(zip(names, processed, strict=True))
    sizes = {name: p.source_row["size_bytes"] or 0 for name, p in by_name.items()}
    groups = families(names, [h for p in processed for h in p.heads], sizes, BATCH_BYTES)
    batches = [[by_name[name] for name in group] for group in groups]
    done = run(batches, cache_dir, root)
    while True:
        merged = together([(k, bytes.fromhex(h)) for k, f in enumerate(done) for h in f.headings], len(batches))
        if len(merged) == len(batches):
            return done
        again = [group for group in merged if len(group) > 1]
        redone = iter(run([[p for k in group for p in batches[k]] for group in again], cache_dir, root))
        done = [done[group[0]] if len(group) == 1 else next(redone) for group in merged]
        batches = [[p for k in group for p in batches[k]] for group in merged]


def assemble_batch(batch: list[Processed], cache_dir: Path, root: Path) -> Fragment:
    """The fragment of `batch` under `root`: written now, or found there from an earlier run."""
    folder = root / _name(batch)
    try:
        return _found(folder)
    except (OSError, ValueError, KeyError):
        pass
    cache = SourceCache(cache_dir)
    results = [p.result or cache.get(p.key) or process_source(p.location, p.source_row["source_file"]) for p in batch]
    tables = assemble(results)
    tables |= analysis.derive(tables)
    return _write(tables, folder)


def _name(batch: list[Processed]) -> str:
    """A batch's fragment folder: the digest of its inputs (cache entries, or the rows of files
    that were not cached) and of the pipeline."""
    parts = [fingerprint()] + [p.key or json.dumps(p.source_row, sort_keys=True, ensure_ascii=False) for p in batch]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def _write(tables: dict[str, pa.Table], folder: Path) -> Fragment:
    """Write the tables and fragment.json into a new folder, made visible at once (a rename)."""
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name, table in tables.items():
        pq.write_table(table, tmp / f"{name}.parquet", compression="zstd")
    facts = {"rows": {n: t.num_rows for n, t in tables.items()},
             "nullable": [n for n, t in tables.items() if t.schema != arrow_schema(n)],
             "headings": [digest(h).hex() for h in _plan_headings(tables)], "stats": _stats(tables)}
    (tmp / FRAGMENT).write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)
    return _found(folder)


def _found(folder: Path) -> Fragment:
    facts = json.loads((folder / FRAGMENT).read_text(encoding="utf-8"))
    return Fragment(folder, facts["rows"], tuple(facts["nullable"]), tuple(facts["headings"]), facts["stats"])


def _plan_headings(tables: dict[str, pa.Table]) -> list[list[str]]:
    """Each plan's section headings then item titles, as reconcile compares them."""
    by_doc: dict[str, list[str]] = {d: [] for d in tables["documents"].column("doc_id").to_pylist()}
    for doc, heading in zip(*tables["sections"].select(["doc_id", "heading"]).columns, strict=True):
        by_doc.setdefault(doc.as_py(), []).append(heading.as_py())
    for doc, title in zip(*tables["items"].select(["doc_id", "title"]).columns, strict=True):
        by_doc.setdefault(doc.as_py(), []).append(title.as_py() or "")
    return list(by_doc.values())


def _stats(tables: dict[str, pa.Table]) -> dict[str, int]:
    """The counts a run reports of its commitments and items."""
    rows = tables["commitments"].select([*SCORED, "regularity"]).to_pylist()
    scored = [r for r in rows if is_scored(r)]
    kinds = {name: sum(r[name] is not None for r in scored) for name in ("period", "unit", "deadline")}
    return {"items_with_body": sum(v is True for v in tables["items"].column("has_body").to_pylist()),
            "scored": len(scored), **kinds}


def prune(root: Path, kept: list[Fragment]) -> None:
    """Remove the fragments under `root` that this run did not use (inputs since changed)."""
    keep = {f.folder.name for f in kept}
    for folder in root.iterdir() if root.is_dir() else ():
        if folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)
