"""Conventions that keep the codebase what DEVELOPERS.md says it is."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from yaodian.release.arrow import arrow_schema
from yaodian.schemas import TABLES, declaration

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted((ROOT / "yaodian").rglob("*.py")) + sorted((ROOT / "flows").rglob("*.py"))


def test_text_logic_imports_without_prefect_or_great_expectations():
    code = ("import sys, yaodian.pipeline, yaodian.quality.accounting, yaodian.explain; "
            "print([m for m in ('prefect', 'great_expectations') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_says_why_it_exists(path):
    assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), f"{path} has no module docstring"


@pytest.mark.parametrize("table", TABLES)
def test_declarations_are_complete(table):
    decl = declaration(table)
    assert decl["name"] == table
    for field in decl["fields"]:
        assert field["description"]["en"] and field["description"]["zh"], f"{table}.{field['name']}"
    assert set(decl["primary_key"]) <= {f["name"] for f in decl["fields"]}


@pytest.mark.parametrize("table", TABLES)
def test_published_tables_follow_their_declaration(sample_tables, table):
    assert sample_tables[table].schema.equals(arrow_schema(table), check_metadata=True)


@pytest.mark.parametrize("table", [t for t in TABLES if declaration(t)["primary_key"]])
def test_primary_keys_are_unique_on_the_sample(sample_tables, table):
    keys = declaration(table)["primary_key"]
    rows = sample_tables[table].select(keys).to_pylist()
    assert len({tuple(r.values()) for r in rows}) == len(rows)


def test_lint_is_clean():
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "."], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout
