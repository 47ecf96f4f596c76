"""The expectation suites, generated from the table declarations and the business checks.

Two sources, one output: schemas/<table>.yaml gives the schema checks (columns in order,
types, required fields, allowed values, ranges, patterns, the primary key) and expectations/checks.yaml the
named business checks of the genre, each with its severity and why. The result is one
suite per asset in Great Expectations' own JSON form: `<table>` checks the published
table as analysts read it, `<table>_derived` checks values looked up in other tables
(yaodian.quality.derived). The suites are committed under expectations/suites/ and a test
regenerates them, so they cannot drift from the declarations.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from itertools import product
from pathlib import Path

import yaml

from yaodian import rules
from yaodian.rules import script
from yaodian.schemas import TABLES, declaration

# Declared type → the name Great Expectations compares a pandas column's dtype with
# (tables are read back with pandas' nullable dtypes: Int32 → numpy.int32, string → str).
TYPE_NAMES = {"string": "str", "int16": "int16", "int32": "int32", "int64": "int64", "float64": "float64", "bool": "bool"}
SEVERITIES = ("critical", "warning")
SCOPES = ("row", "plan", "release")  # what a critical failure sets aside: the rows, their plans, or the release
DERIVED = "_derived"


@cache
def business_checks() -> dict[str, list[dict]]:
    """expectations/checks.yaml: table → its named checks."""
    text = resources.files("yaodian.expectations").joinpath("checks.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def vocabularies() -> dict[str, list[str]]:
    """Value sets a check may name as `$name`, read from the rule tables. A unit is written as
    the text writes it, so a traditional copy's 項 is a known unit too (unit_label groups both)."""
    units = rules.table("units")["units"]
    return {"units": sorted({spelling for unit in units for spelling in _spellings(unit)})}


def _spellings(word: str) -> list[str]:
    """`word` and every traditional spelling of it that reads back as it (项 → 項)."""
    variants = _traditional_of()
    return ["".join(chars) for chars in product(*([ch, *variants.get(ch, [])] for ch in word))]


@cache
def _traditional_of() -> dict[str, list[str]]:
    """Simplified character → the traditional ones that convert to it."""
    variants: dict[str, list[str]] = {}
    for traditional, simplified in sorted(script.table().items()):
        variants.setdefault(simplified, []).append(traditional)
    return variants


def suites() -> dict[str, dict]:
    """Suite name → suite JSON, for every asset that has checks."""
    out: dict[str, dict] = {}
    for table in TABLES:
        out[table] = _suite(table, schema_checks(table) + _business(table, derived=False))
        derived = _business(table, derived=True)
        if derived:
            out[table + DERIVED] = _suite(table + DERIVED, derived)
    return out


def _suite(name: str, expectations: list[dict]) -> dict:
    return {"name": name, "meta": {"generated_by": "yaodian.quality.suites"}, "expectations": expectations}


def expectation(check: str, severity: str, scope: str, why: str, kind: str, **kwargs) -> dict:
    """One expectation in Great Expectations' JSON form, named and explained, with the scope
    its failure sets aside (yaodian.quality.scope)."""
    if severity not in SEVERITIES:
        raise ValueError(f"{check}: severity {severity!r} is not one of {SEVERITIES}")
    if scope not in SCOPES:
        raise ValueError(f"{check}: scope {scope!r} is not one of {SCOPES}")
    return {"type": kind, "kwargs": kwargs, "severity": severity, "description": f"[{severity}] {check}: {why}",
            "meta": {"check": check, "scope": scope, "why": why}}


def key_scope(table: str) -> str:
    """What a repeated key sets aside: the rows of a row-scoped table, the plan when the key is
    a row within a plan (doc_id and more), else the release (a doc_id or a file name shared by
    two plans or files cannot be set aside one at a time)."""
    scope, key = declaration(table)["failure_scope"], declaration(table)["primary_key"]
    if scope == "row":
        return "row"
    return "plan" if "doc_id" in key and len(key) > 1 else "release"


def schema_checks(table: str) -> list[dict]:
    """Checks every declaration implies: columns, types, required, allowed values, key."""
    fields, scope = declaration(table)["fields"], declaration(table)["failure_scope"]
    checks = [expectation(f"{table}.columns", "critical", "release", "Analysts address columns by name and position.",
                          "expect_table_columns_to_match_ordered_list", column_list=[f["name"] for f in fields])]
    for f in fields:
        name, check = f["name"], f"{table}.{f['name']}"
        checks.append(expectation(f"{check}.type", "critical", "release", f"Declared {f['type']} in schemas/{table}.yaml.",
                                  "expect_column_values_to_be_of_type", column=name, type_=TYPE_NAMES[f["type"]]))
        if f.get("required"):
            checks.append(expectation(f"{check}.required", "critical", scope, "Declared required: every row has a value.",
                                      "expect_column_values_to_not_be_null", column=name))
        if "enum" in f:
            checks.append(expectation(f"{check}.allowed", "critical", scope, "Declared allowed values only.",
                                      "expect_column_values_to_be_in_set", column=name, value_set=f["enum"]))
        bounds = {k: f[k] for k in ("minimum", "maximum") if k in f}
        if bounds:
            checks.append(expectation(f"{check}.range", "critical", scope, f"Declared range: {_range_text(bounds)}.",
                                      "expect_column_values_to_be_between", column=name,
                                      **{f"{k[:3]}_value": v for k, v in bounds.items()}))
        if "pattern" in f:  # a declared pattern matches the whole value, as in Frictionless
            checks.append(expectation(f"{check}.pattern", "critical", scope, f"Declared form: {f['pattern']}.",
                                      "expect_column_values_to_match_regex", column=name, regex=f"^(?:{f['pattern']})$"))
    key = declaration(table)["primary_key"]
    if key:
        why = f"The primary key ({', '.join(key)}) names one row: joins and updates rely on it."
        if len(key) == 1:
            unique = expectation(f"{table}.key_unique", "critical", key_scope(table), why,
                                 "expect_column_values_to_be_unique", column=key[0])
        else:
            unique = expectation(f"{table}.key_unique", "critical", key_scope(table), why,
                                 "expect_compound_columns_to_be_unique", column_list=key)
        checks.append(unique)
    return checks


def _range_text(bounds: dict) -> str:
    return " and ".join(f"{'at least' if k == 'minimum' else 'at most'} {v}" for k, v in bounds.items())


def _business(table: str, derived: bool) -> list[dict]:
    out = []
    for c in business_checks().get(table, []):
        if c.get("asset", "table") != ("derived" if derived else "table"):
            continue
        kwargs = {k: _resolve(v) for k, v in c.get("kwargs", {}).items()}
        scope = c.get("scope", declaration(table)["failure_scope"])
        out.append(expectation(f"{table}.{c['check']}", c["severity"], scope, " ".join(c["why"].split()), c["expect"],
                               **kwargs))
    return out


def _resolve(value):
    if isinstance(value, str) and value.startswith("$"):
        return vocabularies()[value[1:]]
    return value


def write(directory: Path) -> list[Path]:
    """Write every suite as `<directory>/<name>.json`; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, suite in suites().items():
        path = directory / f"{name}.json"
        path.write_text(dumps(suite), encoding="utf-8")
        paths.append(path)
    return paths


def dumps(suite: dict) -> str:
    return json.dumps(suite, ensure_ascii=False, indent=2) + "\n"


def committed() -> dict[str, dict]:
    """The suites as committed under expectations/suites/ (what a run validates with)."""
    folder = resources.files("yaodian.expectations").joinpath("suites")
    return {p.name.removesuffix(".json"): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(folder.iterdir(), key=lambda p: p.name) if p.name.endswith(".json")}


if __name__ == "__main__":
    for written in write(Path(__file__).resolve().parents[2] / "expectations" / "suites"):
        print(written)
