"""Wall time of writing a candidate release and of the quality gate on it, for the sample corpus
and for copies of it.

A corpus N× larger is the sample's tables repeated N times, each copy with its own
doc_ids, commitment ids and source file names, so keys stay unique and every check still
passes. Prints, per size: rows, the time to write the candidate release (Parquet, CSV,
Excel CSV, datapackage.json), its size, Great Expectations time with and without the Data
Docs site, and the first import of Great Expectations on its own line.

    .venv/bin/python benchmarks/validation_time.py [--sizes 1 10 100]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from yaodian import pipeline, quality
from yaodian.release import releases

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "raw"
RENAMED = {"doc_id", "commitment_id", "source_file", "source_files"}


def sample_tables() -> dict[str, pa.Table]:
    return pipeline.tables([SAMPLE])


def scaled(tables: dict[str, pa.Table], copies: int) -> dict[str, pa.Table]:
    """The tables repeated `copies` times, ids and file names suffixed per copy."""
    if copies == 1:
        return tables
    out = {}
    for name, table in tables.items():
        parts = []
        for k in range(copies):
            part = table
            for column in RENAMED & set(table.column_names):
                i = table.schema.get_field_index(column)
                suffixed = pc.binary_join_element_wise(table.column(column), pa.scalar(f"~{k}"), "")
                part = part.set_column(i, table.schema.field(i), suffixed)
            parts.append(part)
        out[name] = pa.concat_tables(parts)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    sizes = parser.parse_args().sizes
    started = time.perf_counter()
    import great_expectations  # noqa: F401 - timed on its own line

    print(f"import great_expectations: {time.perf_counter() - started:.1f} s (once per process)")
    base = sample_tables()
    print(f"{'size':>5} {'rows':>9} {'write (s)':>10} {'MB':>7} {'check (s)':>10} {'without docs (s)':>17} "
          f"{'checks':>7} {'passed':>7}")
    for size in sizes:
        tables = scaled(base, size)
        rows = sum(t.num_rows for t in tables.values())
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            staging = releases.prepare(tables, Path(tmp))
            write = time.perf_counter() - t
            megabytes = sum(p.stat().st_size for p in staging.rglob("*") if p.is_file()) / 1e6
            t = time.perf_counter()
            result = quality.check(staging, Path(tmp))
            with_docs = time.perf_counter() - t
            t = time.perf_counter()
            quality.check(staging, Path(tmp) / "nodocs", data_docs=False)
            without = time.perf_counter() - t
        passed = len(result.results) - len(result.failed)
        print(f"{size:>4}× {rows:>9} {write:>10.1f} {megabytes:>7.1f} {with_docs:>10.1f} {without:>17.1f} "
              f"{len(result.results):>7} {passed:>7}")


if __name__ == "__main__":
    main()
