"""The site's pages, rendered with Jinja2 (autoescaped: text from the inputs is hostile)."""

from __future__ import annotations

from collections import Counter
from functools import cache
from importlib import resources

import jinja2

from yaodian.site import charts
from yaodian.site.data import Plan
from yaodian.site.marks import segments


@cache
def environment() -> jinja2.Environment:
    loader = jinja2.FunctionLoader(lambda name: resources.files(__package__).joinpath("templates", name).read_text("utf-8"))
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def render(template: str, **values) -> str:
    return environment().get_template(template).render(**values)


def count(c: dict) -> str:
    """A row's count as a reader says it: 2, 1–2, ≥ 20, ≤ 50, or nothing."""
    low, high = (_number(c["count_min"]), _number(c["count_max"]))
    if low and high:
        return low if low == high else f"{low}–{high}"
    return f"≥ {low}" if low else f"≤ {high}" if high else ""


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}" if value != int(value) else str(int(value))


def scored(c: dict) -> bool:
    return c["regularity"] is None


def plan_page(plan: Plan, release: dict) -> str:
    """One plan: its sections and items, each item's commitments highlighted in its text."""
    rows = [c for c in plan.commitments if scored(c)]
    by_item: dict[int, list[dict]] = {}
    for c in rows:
        by_item.setdefault(c["item_no"], []).append(c | {"count": count(c)})
    items_of: dict[int, list[dict]] = {}
    for item in sorted(plan.items, key=lambda i: i["item_no"]):
        mine = by_item.get(item["item_no"], [])
        items_of.setdefault(item["section_no"], []).append(
            item | {"segments": segments(item["text"] or "", mine), "commitments": mine})
    ordered = sorted(plan.sections, key=lambda s: s["section_no"])
    sections = [s | {"items": items_of.get(s["section_no"], [])} for s in ordered]
    return render("plan.html", root="../", release=release, doc=plan.document, sections=sections,
                  n_commitments=len(rows), anomalies=plan.anomalies, residue=plan.residue)


class Overview:
    """The release at a glance, gathered plan by plan: its plans with their counts, and the
    tallies its charts and tables are drawn from (counts only: no row is kept)."""

    def __init__(self) -> None:
        self.listed: list[dict] = []
        self.tallies = {name: Counter() for name in ("period", "unit", "month", "activity", "issuer_period", "issuer_unit")}
        self.totals = Counter()

    def add(self, plan: Plan) -> None:
        rows = [c for c in plan.commitments if scored(c)]
        issuer = plan.document["issuer"] or "—"
        self.listed.append(plan.document | {"n_commitments": len(rows)})
        self.totals.update(sections=len(plan.sections), items=len(plan.items), commitments=len(rows),
                           regularity=len(plan.commitments) - len(rows))
        t = self.tallies
        for c in rows:
            t["period"][c["period_label"] or "no period"] += 1
            t["unit"][c["unit"] or "no unit"] += 1
            t["issuer_period"][(issuer, c["period_label"] or "—")] += 1
            t["issuer_unit"][(issuer, c["unit"] or "—")] += 1
            if c["deadline"] and c["deadline"][:4].isdigit():
                t["month"][c["deadline"][:7]] += 1
            if c["activity"]:
                t["activity"][c["activity"]] += 1

    def page(self, release: dict) -> str:
        t = self.tallies
        chart_list = [
            charts.bars("Commitments by period", t["period"].most_common()),
            charts.bars("Commitments by unit", t["unit"].most_common(15)),
            charts.bars("Deadlines by month", sorted(t["month"].items())),
            charts.bars("Most common activities", t["activity"].most_common(15)),
        ]
        listed = sorted(self.listed, key=lambda d: d["doc_id"] or "")
        return render("index.html", root="", release=release, plans=listed, totals=self.totals, charts=chart_list,
                      by_period=cross_table(t["issuer_period"], "period_label"),
                      by_unit=cross_table(t["issuer_unit"], "unit"))


def cross_table(cells: Counter, column: str) -> str:
    """Issuers × the most common values of `column`, counts in the cells."""
    by_value = Counter()
    for (_, value), n in cells.items():
        by_value[value] += n
    values = [v for v, _ in by_value.most_common(12)]
    issuers = sorted({issuer for issuer, _ in cells})
    return render("cross.html", column=column, values=values, issuers=issuers, cells=cells)
