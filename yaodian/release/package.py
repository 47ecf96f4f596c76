"""The Frictionless Data Package descriptor and the data dictionary, from the declarations.

One declaration per table (schemas/<table>.yaml) is mapped here to two more targets, as
frictionless-py maps one schema to many formats: the Table Schema of each resource in
`datapackage.json`, and `DATA_DICTIONARY.md`. Neither holds a run time (those live in
manifest.json), so the same tables made by the same version give the same bytes; the
descriptor names that version, the licences and the inputs with their SHA-256.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

import pyarrow.parquet as pq

from yaodian.schemas import TABLES, declaration

FRICTIONLESS_TYPES = {"string": "string", "int16": "integer", "int32": "integer", "int64": "integer",
                      "float64": "number", "bool": "boolean"}
PACKAGE = {
    "profile": "data-package",
    "name": "yaodian",
    "title": "yaodian: Chinese government work plans (工作要点) as structured data",
    "description": "Plans, sections, items and the measurable commitments in them, with every input line "
                   "traced to its source. Tables as UTF-8 CSV (excel/: UTF-8 with BOM for Excel) and Parquet.",
}


def table_schema(table: str, with_keys: bool = True) -> dict:
    """The Frictionless Table Schema of `table`."""
    decl = declaration(table)
    schema: dict = {"fields": [_field(f) for f in decl["fields"]], "missingValues": [""]}
    if decl["primary_key"]:
        schema["primaryKey"] = decl["primary_key"]
    if with_keys and decl.get("foreign_keys"):
        schema["foreignKeys"] = [{"fields": fk["fields"], "reference": {"resource": fk["reference"]["table"],
                                                                        "fields": fk["reference"]["fields"]}}
                                 for fk in decl["foreign_keys"]]
    return schema


def _field(f: dict) -> dict:
    field = {"name": f["name"], "type": FRICTIONLESS_TYPES[f["type"]], "description": f["description"]["en"],
             "yaodian:description_zh": f["description"]["zh"]}
    if f["type"] == "bool":
        field |= {"trueValues": ["true"], "falseValues": ["false"]}
    constraints = {"required": True} if f.get("required") else {}
    constraints |= {k: f[k] for k in ("enum", "minimum", "maximum", "pattern") if k in f}
    if constraints:
        field["constraints"] = constraints
    if "unit" in f:
        field["yaodian:unit"] = f["unit"]
    return field


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_facts(path: Path) -> dict:
    """Bytes and SHA-256 of a file."""
    return {"bytes": path.stat().st_size, "sha256": file_sha256(path)}


# The tables are published for reuse with attribution; the code that made them is MIT, as the
# project is. Both are stated, each with what it covers.
LICENSES = [
    {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
     "title": "Creative Commons Attribution 4.0: the tables (cite yaodian and the plans' issuers)"},
    {"name": "MIT", "path": "https://opensource.org/license/mit",
     "title": "MIT: the yaodian code that made them"},
]


def datapackage(release: Path, files: dict[str, dict[str, list[str]]]) -> dict:
    """The descriptor of the release in `release`; `files` maps table → format → paths in it.
    Its version is the code's; times stay in manifest.json, so the release id (the descriptor's
    hash) is a function of the content and the code's version alone."""
    resources = []
    for table in TABLES:
        decl = declaration(table)
        for kind, paths in files[table].items():
            resources.append(_resource(release, table, kind, paths, decl["description"]["en"]))
    return PACKAGE | {"version": _version(), "licenses": LICENSES, "sources": _sources(release), "resources": resources}


def _sources(release: Path) -> list[dict]:
    """Each input the release was read from, with its SHA-256 (its address where it has one)."""
    rows = pq.read_table(release / "sources.parquet", columns=["source_file", "sha256"]).to_pylist()
    rows = [r for r in rows if r["source_file"]]  # a row without its file is the quality gate's to report
    return [{"title": r["source_file"], "path": r["source_file"]}
            | ({"hash": f"sha256:{r['sha256']}"} if r["sha256"] else {})
            for r in sorted(rows, key=lambda r: r["source_file"])]


def _version() -> str:
    try:
        return metadata.version("yaodian")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def _resource(release: Path, table: str, kind: str, paths: list[str], description: str) -> dict:
    facts = [file_facts(release / p) for p in paths]
    resource = {"name": table if kind == "csv" else f"{table}-{kind}", "description": description,
                "path": paths[0] if len(paths) == 1 else paths, "profile": "tabular-data-resource"}
    if kind == "parquet":
        # Frictionless reads Parquet through pandas, which turns empty numbers into NaN that
        # fail `minimum`, and cannot count its bytes: so no schema (the file embeds its typed
        # schema and column descriptions) and no `bytes` (manifest.json has them).
        resource |= {"profile": "data-resource", "format": "parquet", "mediatype": "application/vnd.apache.parquet",
                     "description": f"{description} Same rows as {table}.csv; the typed schema is in the file."}
    else:
        resource |= {"format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig" if kind == "excel" else "utf-8",
                     "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True}}
        if len(facts) == 1:
            resource["bytes"] = facts[0]["bytes"]
    if len(facts) == 1:
        resource["hash"] = f"sha256:{facts[0]['sha256']}"
    if kind != "parquet":
        resource["schema"] = table_schema(table, with_keys=kind == "csv")
    return resource


def data_dictionary() -> str:
    """DATA_DICTIONARY.md: every table and column, in English and Chinese."""
    lines = ["# yaodian data dictionary", "",
             "Generated from `schemas/*.yaml`; do not edit. Each table is published as `<table>.parquet`, "
             "`<table>.csv` (UTF-8) and `excel/<table>.csv` (UTF-8 with BOM, formulas neutralized).", ""]
    for table in TABLES:
        lines += _table_section(table)
    return "\n".join(lines)


def _table_section(table: str) -> list[str]:
    decl = declaration(table)
    out = [f"## {table}", "", decl["description"]["en"], "", decl["description"]["zh"], ""]
    if decl["primary_key"]:
        out.append(f"Primary key: {', '.join(f'`{k}`' for k in decl['primary_key'])}.")
    for fk in decl.get("foreign_keys", []):
        ref = fk["reference"]
        out.append(f"References: ({', '.join(fk['fields'])}) → `{ref['table']}` ({', '.join(ref['fields'])}).")
    out += ["", "| column | type | required | allowed values / range | unit | description | 说明 |",
            "|---|---|---|---|---|---|---|"]
    for f in decl["fields"]:
        out.append(f"| `{f['name']}` | {f['type']} | {'yes' if f.get('required') else ''} | {_allowed(f)} | "
                   f"{f.get('unit', '')} | {_cell(f['description']['en'])} | {_cell(f['description']['zh'])} |")
    return out + [""]


def _allowed(f: dict) -> str:
    if "enum" in f:
        return ", ".join(f"`{v}`" for v in f["enum"])
    bounds = [f"≥ {f['minimum']}" if "minimum" in f else "", f"≤ {f['maximum']}" if "maximum" in f else ""]
    text = " and ".join(b for b in bounds if b)
    return text or (f"pattern `{f['pattern']}`" if "pattern" in f else "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
