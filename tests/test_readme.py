"""The README's Python examples run, against the sample corpus published to output/."""

from __future__ import annotations

import contextlib
import io
import re

import pytest
from conftest import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)


def test_the_readme_has_examples_for_pandas_and_duckdb():
    assert any("read_parquet" in b for b in BLOCKS) and any("duckdb.sql" in b for b in BLOCKS)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"example-{i + 1}" for i in range(len(BLOCKS))])
def test_readme_example_runs(block, published, monkeypatch):
    monkeypatch.chdir(published.parent)  # the examples read output/…
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(block, "README.md", "exec"), {})
    if "print(" in block:
        assert printed.getvalue().strip(), "the example printed nothing"


def test_the_exit_code_table_is_the_one_the_commands_use():
    from yaodian.cli import EXIT_CODES, parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (\d) \| (.+?) \|$", readme, flags=re.M))
    assert {int(code): meaning for code, meaning in rows.items()} == EXIT_CODES
    help_text = parser().format_help()
    assert all(f"  {code}  {meaning}" in help_text for code, meaning in EXIT_CODES.items())


def test_every_path_the_docs_name_exists():
    for doc in ("README.md", "DEVELOPERS.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        named = set(re.findall(r"`((?:yaodian|tools|tests|benchmarks|schemas|expectations|flows)/[\w/.*<>-]*)`", text))
        missing = [p for p in named if "<" not in p and "*" not in p and not (ROOT / p).exists()]
        assert not missing, f"{doc} names paths that do not exist: {missing}"
