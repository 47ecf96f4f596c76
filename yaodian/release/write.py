"""Write one table as Parquet, CSV and an Excel-friendly CSV twin, byte for byte the same every run.

- Parquet: the declared schema (descriptions in field metadata), zstd, rows in the table's
  order. A table of more than `partition_rows` rows becomes a folder `<table>.parquet/` of
  `part-NNNNN.parquet` files in row order, which pandas, pyarrow and DuckDB
  (`read_parquet('<table>.parquet/*.parquet')`) read as one table.
- CSV: RFC 4180 (comma, CRLF, fields quoted only when needed, quotes doubled), UTF-8, a
  header row; empty cells are nulls; booleans `true`/`false`; whole numbers without `.0`.
- `excel/<table>.csv`: the same with a UTF-8 BOM (so Excel reads the Chinese right) and
  text cells that Excel would run as a formula (starting with = + - @, a tab or a CR)
  prefixed with an apostrophe, which Excel shows as text.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

PARTITION_ROWS = 1_000_000
EXCEL_DIR = "excel"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_table(table: pa.Table, name: str, folder: Path, partition_rows: int = PARTITION_ROWS) -> dict[str, list[str]]:
    """Write `table` into `folder`; returns format → paths written, relative to `folder`."""
    return {
        "csv": [write_csv(table, folder, f"{name}.csv")],
        "excel": [write_csv(table, folder, f"{EXCEL_DIR}/{name}.csv", excel=True)],
        "parquet": write_parquet(table, folder, name, partition_rows),
    }


def write_parquet(table: pa.Table, folder: Path, name: str, partition_rows: int = PARTITION_ROWS) -> list[str]:
    """`<name>.parquet`, or `<name>.parquet/part-NNNNN.parquet` files past `partition_rows` rows."""
    if table.num_rows <= partition_rows:
        pq.write_table(table, folder / f"{name}.parquet", compression="zstd")
        return [f"{name}.parquet"]
    (folder / f"{name}.parquet").mkdir(parents=True)
    paths = []
    for i, start in enumerate(range(0, table.num_rows, partition_rows)):
        path = f"{name}.parquet/part-{i:05d}.parquet"
        pq.write_table(table.slice(start, partition_rows), folder / path, compression="zstd")
        paths.append(path)
    return paths


def write_csv(table: pa.Table, folder: Path, relative: str, excel: bool = False) -> str:
    """Write `table` as RFC 4180 CSV to `folder/relative`; returns `relative`."""
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    formatters = [_formatter(field.type, excel) for field in table.schema]
    with path.open("w", encoding="utf-8-sig" if excel else "utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(table.column_names)
        for batch in table.to_batches(max_chunksize=65536):
            columns = [[fmt(v) for v in column.to_pylist()] for fmt, column in zip(formatters, batch.columns, strict=True)]
            writer.writerows(zip(*columns, strict=True))
    return relative


def _formatter(kind: pa.DataType, excel: bool):
    if pa.types.is_boolean(kind):
        return lambda v: "" if v is None else ("true" if v else "false")
    if pa.types.is_floating(kind):
        return lambda v: "" if v is None else (str(int(v)) if v.is_integer() else repr(v))
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return neutralize if excel else (lambda v: "" if v is None else v)
    return lambda v: "" if v is None else str(v)


def neutralize(value: str | None) -> str:
    """A text cell Excel shows as text: a leading formula character gets an apostrophe."""
    if value is None:
        return ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
