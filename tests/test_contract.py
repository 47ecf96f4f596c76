"""The contract's own examples (../shared/spec/commitments.md): every `text` → (period, min,
max, unit, deadline) it writes must come out of the extractor as a row, for a 2026 plan.

Read from the spec itself, so that a new example in the contract is a new test case.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from yaodian.commitments.extract import extract

SPEC = Path(__file__).resolve().parent.parent.parent / "shared" / "spec" / "commitments.md"
EXAMPLE = re.compile(r"`([^`]+)` → \(([^()…]*)\)")


def value(cell: str):
    cell = cell.strip().strip("`")
    if cell == "null":
        return None
    try:
        return float(cell)
    except ValueError:
        return cell


def examples() -> list[tuple[str, tuple]]:
    found = []
    for text, cells in EXAMPLE.findall(SPEC.read_text(encoding="utf-8")):
        row = tuple(value(c) for c in cells.split(","))
        if len(row) == 5:
            found.append((text, row))
    return found


def test_the_contract_has_examples():
    assert len(examples()) >= 30


@pytest.mark.parametrize("text, row", examples(), ids=lambda x: x if isinstance(x, str) else "")
def test_each_example_of_the_contract(text, row):
    rows = [(r.period, r.count_min, r.count_max, r.unit, r.deadline) for r in extract(text, 2026)]
    assert row in rows, rows
