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


def overview(plans: list[Plan], release: dict) -> str:
    """The release at a glance: its plans with their counts, and charts of what they promise."""
    rows = [c | {"issuer": p.document["issuer"] or "—"} for p in plans for c in p.commitments if scored(c)]
    listed = [p.document | {"n_commitments": sum(scored(c) for c in p.commitments)} for p in plans]
    months = Counter(c["deadline"][:7] for c in rows if c["deadline"] and c["deadline"][:4].isdigit())
    activities = Counter(c["activity"] for c in rows if c["activity"])
    chart_list = [
        charts.bars("Commitments by period", Counter(c["period_label"] or "no period" for c in rows).most_common()),
        charts.bars("Commitments by unit", Counter(c["unit"] or "no unit" for c in rows).most_common(15)),
        charts.bars("Deadlines by month", sorted(months.items())),
        charts.bars("Most common activities", activities.most_common(15)),
    ]
    totals = {"sections": sum(len(p.sections) for p in plans), "items": sum(len(p.items) for p in plans),
              "commitments": len(rows), "regularity": sum(not scored(c) for p in plans for c in p.commitments)}
    return render("index.html", root="", release=release, plans=listed, totals=totals, charts=chart_list,
                  by_period=cross_table(rows, "period_label"), by_unit=cross_table(rows, "unit"))


def cross_table(rows: list[dict], column: str) -> str:
    """Issuers × values of `column`, counts in the cells."""
    values = [v for v, _ in Counter(r[column] or "—" for r in rows).most_common(12)]
    cells = Counter((r["issuer"], r[column] or "—") for r in rows)
    issuers = sorted({r["issuer"] for r in rows})
    return render("cross.html", column=column, values=values, issuers=issuers, cells=cells)
