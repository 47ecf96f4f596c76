"""Publish tables as Parquet and CSV, each file written atomically.

A file is written beside its target under a temporary name and renamed into place, so a
reader never sees half a table. Output is deterministic: same rows, same bytes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq


def write_table(table: pa.Table, name: str, out_dir: Path) -> list[Path]:
    """`out_dir/<name>.parquet` and `out_dir/<name>.csv`; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    parquet, csv = out_dir / f"{name}.parquet", out_dir / f"{name}.csv"
    _atomic(parquet, lambda tmp: pq.write_table(table, tmp, compression="zstd"))
    _atomic(csv, lambda tmp: pa_csv.write_csv(table, tmp))
    return [parquet, csv]


def _atomic(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        write(str(tmp))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
