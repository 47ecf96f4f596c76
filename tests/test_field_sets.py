"""The field sets (tests/field/): labels that hold together, and no dev plan that vanishes.

The holdout set is only measured (benchmarks/field_accuracy.py), never asserted on here:
a test that fails on it would be fixed by looking at it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tools import field

FIELD = Path(__file__).resolve().parent / "field"
LABELS = sorted(FIELD.glob("*/*.yaml"))


@pytest.mark.parametrize("path", LABELS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_label_points_into_its_text(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = path.with_suffix(".txt").read_text(encoding="utf-8")
    assert data["url"] and {"title", "issuer", "year", "n_items"} <= set(data["plan"])
    for item in data["items"]:
        for row in item.get("rows") or []:
            assert row["evidence"] in text, (item, row["evidence"])


@pytest.mark.parametrize("plan", field.load(FIELD / "dev"), ids=lambda p: p.id)
def test_no_dev_plan_vanishes(plan):
    outcome = field.evaluate(plan)
    assert outcome.documents, f"{plan.id}: no document (see `yaodian explain {plan.path}`)"
