"""Write one table as Parquet, CSV and an Excel-friendly CSV twin, byte for byte the same every run.

- Parquet: the declared schema (descriptions in field metadata), zstd, rows in the table's
  order, in row groups of ROW_GROUP rows; a table is written piece by piece (`write_pieces`),
  so a release of any size is written holding a row group at most. A table of more than
  `partition_rows` rows becomes a folder `<table>.parquet/` of `part-NNNNN.parquet` files
  in row order, which pandas, pyarrow and DuckDB (`read_parquet('<table>.parquet/*.parquet')`)
  read as one table.
- CSV: RFC 4180 (comma, CRLF, fields quoted only when needed, quotes doubled), UTF-8, a
  header row; empty cells are nulls; booleans `true`/`false`; whole numbers without `.0`.
- `excel/<table>.csv`: the same with a UTF-8 BOM (so Excel reads the Chinese right) and
  text cells that Excel would run as a formula (starting with = + - @, a tab or a CR)
  prefixed with an apostrophe, which Excel shows as text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

PARTITION_ROWS = 1_000_000
ROW_GROUP = 65_536  # rows per Parquet row group: what the writer holds of a table at most
EXCEL_DIR = "excel"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_table(table: pa.Table, name: str, folder: Path, partition_rows: int = PARTITION_ROWS) -> dict[str, list[str]]:
    """Write `table` into `folder`; returns format → paths written, relative to `folder`."""
    return write_pieces([table], name, folder, table.schema, table.num_rows, partition_rows)


def write_pieces(pieces: Iterable[pa.Table], name: str, folder: Path, schema: pa.Schema, rows: int,
                 partition_rows: int = PARTITION_ROWS) -> dict[str, list[str]]:
    """Write the table whose consecutive `pieces` (of `schema`, `rows` rows in all) are given one
    at a time, holding at most a row group of it: the same rows give the same bytes, however
    they are cut into pieces. Returns format → paths written, relative to `folder`."""
    parquet = _ParquetParts(folder, name, schema, rows, partition_rows)
    with (_CsvFile(folder, f"{name}.csv", schema) as plain,
          _CsvFile(folder, f"{EXCEL_DIR}/{name}.csv", schema, excel=True) as excel):
        for piece in pieces:
            piece = piece.cast(schema) if piece.schema != schema else piece
            parquet.add(piece)
            plain.add(piece)
            excel.add(piece)
    return {"csv": [plain.relative], "excel": [excel.relative], "parquet": parquet.close()}


class _ParquetParts:
    """`<name>.parquet`, or `<name>.parquet/part-NNNNN.parquet` past `partition_rows` rows, in row
    groups of ROW_GROUP rows: pieces are buffered up to a row group, so files do not depend on
    how the rows came."""

    def __init__(self, folder: Path, name: str, schema: pa.Schema, rows: int, partition_rows: int):
        self.folder, self.name, self.schema, self.partition_rows = folder, name, schema, partition_rows
        self.parted = rows > partition_rows
        self.buffer: list[pa.Table] = []
        self.buffered = self.in_part = 0
        self.writer: pq.ParquetWriter | None = None
        self.paths: list[str] = []
        if self.parted:
            (folder / f"{name}.parquet").mkdir(parents=True)
        else:
            self._open()

    def _open(self) -> None:
        path = f"{self.name}.parquet/part-{len(self.paths):05d}.parquet" if self.parted else f"{self.name}.parquet"
        self.writer = pq.ParquetWriter(self.folder / path, self.schema, compression="zstd")
        self.paths.append(path)
        self.in_part = 0

    def add(self, piece: pa.Table) -> None:
        while piece.num_rows:
            room = self.partition_rows - self.in_part - self.buffered if self.parted else piece.num_rows
            take = piece.slice(0, min(room, ROW_GROUP - self.buffered))
            self.buffer.append(take)
            self.buffered += take.num_rows
            piece = piece.slice(take.num_rows)
            if self.buffered == ROW_GROUP or (self.parted and self.in_part + self.buffered == self.partition_rows):
                self._flush()

    def _flush(self) -> None:
        if self.writer is None:
            self._open()
        if self.buffered:
            self.writer.write_table(pa.concat_tables(self.buffer), row_group_size=ROW_GROUP)
            self.in_part += self.buffered
        self.buffer, self.buffered = [], 0
        if self.parted and self.in_part == self.partition_rows:
            self.writer.close()
            self.writer = None

    def close(self) -> list[str]:
        self._flush()
        if self.writer is not None:
            self.writer.close()
        return self.paths


class _CsvFile:
    """RFC 4180 CSV of a table written piece by piece (see the module's docstring)."""

    def __init__(self, folder: Path, relative: str, schema: pa.Schema, excel: bool = False):
        self.relative, self.path = relative, folder / relative
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.formatters = [_formatter(field.type, excel) for field in schema]
        self.stream = self.path.open("w", encoding="utf-8-sig" if excel else "utf-8", newline="")
        self.writer = csv.writer(self.stream, lineterminator="\r\n")
        self.writer.writerow(schema.names)

    def add(self, table: pa.Table) -> None:
        for batch in table.to_batches(max_chunksize=65536):
            columns = [[fmt(v) for v in column.to_pylist()] for fmt, column in zip(self.formatters, batch.columns,
                                                                                     strict=True)]
            self.writer.writerows(zip(*columns, strict=True))

    def __enter__(self) -> _CsvFile:
        return self

    def __exit__(self, *exc) -> None:
        self.stream.close()


def write_csv(table: pa.Table, folder: Path, relative: str, excel: bool = False) -> str:
    """Write `table` as RFC 4180 CSV to `folder/relative`; returns `relative`."""
    with _CsvFile(folder, relative, table.schema, excel) as out:
        out.add(table)
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
