"""The pyarrow mapper of the table declarations (schemas/*.yaml), and rows typed by them.

One declaration per table is the single source of truth for names, types, required
fields and allowed values; nothing else in the code spells a column type.
"""

from __future__ import annotations

import pyarrow as pa

from yaodian.schemas import declaration

ARROW_TYPES = {
    "string": pa.string(),
    "int16": pa.int16(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
}


class SchemaError(ValueError):
    """Rows that do not fit their table's declaration: names the table, row and field."""


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


def staged_schema(table: str) -> pa.Schema:
    """The declared schema with every column nullable: a table staged for the checks while a
    required column holds an empty value (see to_arrow)."""
    schema = arrow_schema(table)
    return pa.schema([f.with_nullable(True) for f in schema], metadata=schema.metadata)


def to_arrow(table: str, rows: list[dict]) -> pa.Table:
    """Rows as a typed Arrow table; SchemaError when a row's fields are not the declared ones
    or a value does not fit its type.

    Values are not judged here: a required field left empty or a value outside the allowed
    set is data for the quality checks (yaodian.quality) to name and quarantine. So that such
    a table can still be staged for them, a required column holding an empty value is typed
    nullable; the published schema's not-null flags hold for every table that passes.
    """
    decl = declaration(table)
    names = [f["name"] for f in decl["fields"]]
    for i, row in enumerate(rows):
        if set(row) != set(names):
            raise SchemaError(f"{table} row {i}: fields {sorted(set(row) ^ set(names))} do not match the declaration")
    columns = {name: [row[name] for row in rows] for name in names}
    schema = arrow_schema(table)
    if any(None in columns[f.name] for f in schema if not f.nullable):
        schema = staged_schema(table)
    try:
        return pa.Table.from_pydict(columns, schema=schema)
    except (pa.ArrowException, TypeError, OverflowError) as error:
        raise SchemaError(f"{table}: a value does not fit its declared type: {error}") from error
