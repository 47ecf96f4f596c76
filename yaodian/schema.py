"""Table declarations (schemas/*.yaml) as pyarrow schemas, and rows checked against them.

One declaration per table is the single source of truth for names, types, required
fields and allowed values; nothing else in the code spells a column type.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import pyarrow as pa
import yaml

ARROW_TYPES = {
    "string": pa.string(),
    "int16": pa.int16(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
}
TABLES = ("sources", "documents", "sections", "items", "residue", "anomalies", "commitments")


class SchemaError(ValueError):
    """Rows that do not fit their table's declaration: names the table, row and field."""


@cache
def declaration(table: str) -> dict:
    """The parsed YAML declaration of `table`."""
    text = resources.files("yaodian.schemas").joinpath(f"{table}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def arrow_schema(table: str) -> pa.Schema:
    """The pyarrow schema of `table`, field descriptions kept as field metadata."""
    decl = declaration(table)
    fields = [
        pa.field(
            f["name"],
            ARROW_TYPES[f["type"]],
            nullable=not f.get("required", False),
            metadata={"description": f["description"]["en"], "description_zh": f["description"]["zh"]},
        )
        for f in decl["fields"]
    ]
    return pa.schema(fields, metadata={"table": table, "description": decl["description"]["en"]})


def to_arrow(table: str, rows: list[dict]) -> pa.Table:
    """Rows as a typed Arrow table; SchemaError on a missing, extra or invalid value."""
    decl = declaration(table)
    names = [f["name"] for f in decl["fields"]]
    for i, row in enumerate(rows):
        if set(row) != set(names):
            raise SchemaError(f"{table} row {i}: fields {sorted(set(row) ^ set(names))} do not match the declaration")
        for f in decl["fields"]:
            value = row[f["name"]]
            if value is None and f.get("required"):
                raise SchemaError(f"{table} row {i}: required field {f['name']!r} is empty")
            if value is not None and "enum" in f and value not in f["enum"]:
                raise SchemaError(f"{table} row {i}: {f['name']}={value!r} is not one of {f['enum']}")
    columns = {name: [row[name] for row in rows] for name in names}
    return pa.Table.from_pydict(columns, schema=arrow_schema(table))
