"""Score yaodian on the field sets (tests/field/dev, tests/field/holdout): real published plans,
labelled from the spec before any run.

Each `<id>.txt` is one page or file holding one plan; `<id>.yaml` its labels: the plan's
title, issuer, year and number of items, and the commitment rows of each item. A file is run
through the plain pipeline alone. Commitments are compared per plan as a multiset of the
spec's scored fields (period, count_min, count_max, unit, deadline), whatever item the rows
stand in: where a plan's items are cut differently from the labeller's, the promises are
still the same. Metadata is right when title, issuer and year all equal the labels (after
NFKC and without spaces and quotes).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tools.evaluate import SCORED, scored
from yaodian import pipeline

METADATA = ("title", "issuer", "year")
_QUOTES = str.maketrans("", "", " \t\u3000“”\"'《》")


@dataclass
class Labelled:
    """One labelled plan."""

    id: str
    path: Path
    title: str | None
    issuer: str | None
    year: int | None
    n_items: int
    rows: list[dict]


@dataclass
class Outcome:
    """What yaodian made of one labelled plan."""

    plan: Labelled
    documents: list[dict]
    predicted: list[dict]
    chosen: dict | None = None
    matches: dict[str, bool] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)  # tp, fp, fn
    activities: list = field(default_factory=list)  # (label, found, right) of the rows that match


def load(folder: Path) -> list[Labelled]:
    plans = []
    for path in sorted(Path(folder).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        plan = data["plan"]
        rows = [_normal(row) for item in data["items"] for row in item.get("rows") or []]
        plans.append(Labelled(data["id"], path.with_suffix(".txt"), plan.get("title"), plan.get("issuer"),
                              plan.get("year"), plan.get("n_items") or 0, rows))
    return plans


def _normal(row: dict) -> dict:
    if not any(row.get(n) is not None for n in SCORED):
        return {}
    return {**scored([{name: row.get(name) for name in SCORED}])[0], "activity": row.get("activity"),
            "clause": row.get("clause")}


def evaluate(plan: Labelled) -> Outcome:
    tables = pipeline.tables([plan.path])
    documents = tables["documents"].to_pylist()
    predicted = scored(tables["commitments"].to_pylist())
    outcome = Outcome(plan, documents, predicted)
    outcome.chosen = _chosen(plan, documents)
    doc = outcome.chosen or {}
    got = {"title": doc.get("title"), "issuer": doc.get("issuer"), "year": doc.get("plan_year")}
    want = {"title": plan.title, "issuer": plan.issuer, "year": plan.year}
    outcome.matches = {name: _same(got[name], want[name]) for name in METADATA}
    outcome.matches["n_items"] = sum(d["n_items"] for d in documents) == plan.n_items
    gold = Counter(tuple(r[n] for n in SCORED) for r in plan.rows if r)
    found = Counter(tuple(r[n] for n in SCORED) for r in predicted)
    hit = sum((gold & found).values())
    outcome.counts = Counter(tp=hit, fp=sum(found.values()) - hit, fn=sum(gold.values()) - hit)
    outcome.activities = _activities(plan.rows, tables["commitments"].to_pylist())
    return outcome


def _activities(gold_rows: list[dict], predicted: list[dict]) -> list[tuple[str | None, str | None, bool, str]]:
    """(label, found, right, clause) for each row that matches on the scored fields, as the contract scores
    activity: right when equal without spaces and punctuation, or when one contains the other and
    they differ by at most two characters. Rows of one key are paired right ones first, over the plan."""
    by_key: dict[tuple, list[tuple[str | None, str]]] = {}
    for row in map(_normal, predicted):
        if row:
            by_key.setdefault(tuple(row[n] for n in SCORED), []).append((row["activity"], row["clause"] or ""))
    labelled = [row for row in gold_rows if row and by_key.get(tuple(row[n] for n in SCORED))]
    paired: dict[int, tuple[str | None, str]] = {}
    for right_first in (True, False):  # a right reading is not spent on a row it does not fit
        for i, row in enumerate(labelled):
            found = by_key[tuple(row[n] for n in SCORED)]
            if i in paired or not found:
                continue
            pick = next((a for a in found if activity_right(row.get("activity"), a[0])), None if right_first else found[0])
            if pick is not None:
                found.remove(pick)
                paired[i] = pick
    return [(row.get("activity"), paired[i][0], activity_right(row.get("activity"), paired[i][0]), paired[i][1])
            for i, row in enumerate(labelled) if i in paired]


def activity_right(label: str | None, found: str | None) -> bool:
    """The contract's test of an activity against its label."""
    a, b = _bare(label), _bare(found)
    if not a or not b:
        return a == b
    return a == b or ((a in b or b in a) and abs(len(a) - len(b)) <= 2)


def _bare(text: str | None) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text or "")
                   if not (ch.isspace() or unicodedata.category(ch).startswith("P")))


def _chosen(plan: Labelled, documents: list[dict]) -> dict | None:
    """The document that stands for the labelled plan: the one titled as labelled, else the one
    with most items."""
    titled = [d for d in documents if plan.title and _same(d["title"], plan.title)]
    return (titled or sorted(documents, key=lambda d: -d["n_items"]) or [None])[0]


def _same(a, b) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return unicodedata.normalize("NFKC", a).translate(_QUOTES) == unicodedata.normalize("NFKC", b).translate(_QUOTES)
    return a == b


def differences(outcome: Outcome) -> list[tuple[str, tuple]]:
    gold = Counter(tuple(r[n] for n in SCORED) for r in outcome.plan.rows if r)
    found = Counter(tuple(r[n] for n in SCORED) for r in outcome.predicted)
    return ([("missed", v) for v in sorted((gold - found).elements(), key=repr)]
            + [("extra", v) for v in sorted((found - gold).elements(), key=repr)])


def f1(counts: Counter) -> tuple[float, float, float]:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)
