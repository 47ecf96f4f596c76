"""Analysis-ready tables, derived from the published ones when a release is written.

`plans` counts what each plan promises (by period, with a count or a deadline, by unit, by
deadline month); `commitments_flat` sets each scored commitment beside its plan's issuer,
year and title, its section's heading and its item's title and units, so that an analyst
needs no join. Both are functions of the other tables, made after any rows were set aside
(see release.prepare), so they always agree with what is published.
"""

from __future__ import annotations

from collections import Counter

import pyarrow as pa

from yaodian import rules
from yaodian.release.arrow import to_arrow

ANALYSIS = ("plans", "commitments_flat")


def derive(tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """The analysis tables of `tables` (the pipeline's seven)."""
    documents = tables["documents"].to_pylist()
    scored = [c for c in tables["commitments"].to_pylist() if c["regularity"] is None]
    vague = Counter(c["doc_id"] for c in tables["commitments"].to_pylist() if c["regularity"] is not None)
    return {"plans": to_arrow("plans", plan_rows(documents, scored, vague)),
            "commitments_flat": to_arrow("commitments_flat", flat_rows(tables, documents, scored))}


def period_column(period: str) -> str:
    """plans' column for an ISO period: P1M → n_monthly (the periods table's English label)."""
    return "n_" + rules.table("periods")["periods"][period]["en"].replace(" ", "_").replace("-", "_")


def plan_rows(documents: list[dict], scored: list[dict], vague: Counter) -> list[dict]:
    by_doc: dict[str, list[dict]] = {}
    for c in scored:
        by_doc.setdefault(c["doc_id"], []).append(c)
    rows = []
    for d in sorted(documents, key=lambda d: d["doc_id"] or ""):  # a row without an id is the checks' to report
        mine = by_doc.get(d["doc_id"], [])
        periods = Counter(c["period"] for c in mine if c["period"])
        months = Counter(c["deadline"][:7] for c in mine if c["deadline"] and c["deadline"][:4].isdigit())
        units = Counter(c["unit"] for c in mine if c["unit"])
        rows.append({
            **{k: d[k] for k in ("doc_id", "title", "issuer", "plan_year", "body_status", "n_sections", "n_items")},
            "n_commitments": len(mine), "n_regularity": vague[d["doc_id"]],
            **{period_column(p): periods[p] for p in rules.table("periods")["periods"]},
            "n_with_count": sum(c["count_min"] is not None or c["count_max"] is not None for c in mine),
            "n_with_deadline": sum(c["deadline"] is not None for c in mine),
            "units": ";".join(f"{u} {n}" for u, n in sorted(units.items(), key=lambda x: (-x[1], x[0]))) or None,
            "deadline_months": ";".join(f"{m} {n}" for m, n in sorted(months.items())) or None,
        })
    return rows


def flat_rows(tables: dict[str, pa.Table], documents: list[dict], scored: list[dict]) -> list[dict]:
    plans = {d["doc_id"]: d for d in documents}
    headings = {(s["doc_id"], s["section_no"]): s["heading"] for s in tables["sections"].to_pylist()}
    items = {(i["doc_id"], i["item_no"]): i for i in
             tables["items"].select(["doc_id", "item_no", "title", "lead_units"]).to_pylist()}
    rows = []
    for c in sorted(scored, key=lambda c: c["commitment_id"] or ""):
        plan, item = plans.get(c["doc_id"], {}), items.get((c["doc_id"], c["item_no"]), {})
        rows.append({
            "commitment_id": c["commitment_id"], "doc_id": c["doc_id"], "issuer": plan.get("issuer"),
            "plan_year": plan.get("plan_year"), "plan_title": plan.get("title"), "section_no": c["section_no"],
            "section_heading": headings.get((c["doc_id"], c["section_no"])), "item_no": c["item_no"],
            "item_title": item.get("title"), "lead_units": item.get("lead_units"),
            **{k: c[k] for k in ("activity", "period", "period_label", "count_min", "count_max", "unit", "unit_label",
                                 "deadline", "per_year_min", "per_year_max", "evidence")},
        })
    return rows
