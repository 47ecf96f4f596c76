"""Isolation by scope: a failed critical check sets aside what it is about, not the release.

| a failed check on                                   | what is set aside                              |
|-----------------------------------------------------|------------------------------------------------|
| a commitment or anomaly row (scope `row`)           | that row: to quarantine; its plan publishes    |
| a plan's documents, sections or items rows, or a    | the whole plan: every row of it to quarantine, |
| file's accounting (scope `plan`)                    | its lines kept in residue as `withheld`        |
| the release: columns, types, an empty release, a    | nothing is set aside: nothing publishes        |
| key shared across plans (scope `release`)           |                                                |

A check's scope is declared with it (schemas/<table>.yaml `failure_scope`, a business
check's `scope`). A row-level failure that names no plan (an empty doc_id) cannot be set
aside alone and counts as a release failure. A residue row has no plan of its own: one that
fails a plan-scoped check (text left `unaccounted`) withholds the plan whose rows surround
it, else, as its file's accounting, every plan of its file. A withheld plan's text is in the
quarantine, never in the release: its lines stay accounted for as residue rows with reason
`withheld` and empty text (and no span), and a `plan_withheld` anomaly names it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from yaodian.quality.accounting import enclosing_plan, plan_extents
from yaodian.quality.validate import CheckResult, SetAside, Validation
from yaodian.schemas import PIPELINE_TABLES

PLAN_TABLES = ("documents", "sections", "items", "commitments", "anomalies")  # rows that carry their plan's doc_id
RANGED = ("documents", "sections", "items")  # rows with a line range in their source file


@dataclass
class Isolation:
    """The tables to publish, and what was taken out of them."""

    tables: dict[str, pa.Table]  # the pipeline's tables (the analysis tables are derived again from them)
    set_aside: dict[str, pa.Table]  # table → its rows taken out, with the checks they failed (`failed_checks`)
    summary: SetAside


def isolate(tables: dict[str, pa.Table], validation: Validation) -> Isolation | None:
    """Take out what the critical failures of `validation` are about; None when one of them
    is of release scope (or names no plan), so that nothing may publish."""
    critical = validation.critical_failures
    if not critical or any(r.scope == "release" or not r.rows for r in critical):
        return None
    plans: dict[str, set[str]] = {}  # doc_id → checks that withhold it
    files: dict[str, set[str]] = {}  # source file → checks that withhold it (every plan read from it)
    rows: dict[str, dict[int, set[str]]] = {}  # table → position → checks, for row-scoped failures
    held: dict[tuple[str, int], str] = {}  # (file, line) of a residue row set aside → what it withholds
    extents = plan_extents(tables) if any(r.table == "residue" for r in critical) else {}
    for r in critical:
        for position in r.rows:
            if r.scope == "row":
                rows.setdefault(r.table, {}).setdefault(position, set()).add(r.check)
            elif r.table == "sources":
                files.setdefault(_cell(tables, "sources", "source_file", position), set()).add(r.check)
            elif r.table == "residue":  # the row's text goes to quarantine with its plan, or its file's plans
                rows.setdefault(r.table, {}).setdefault(position, set()).add(r.check)
                file, line, start, end = (_cell(tables, "residue", c, position)
                                          for c in ("source_file", "line_no", "char_start", "char_end"))
                doc_id = enclosing_plan(extents, file, start, end) if None not in (start, end) else None
                (plans.setdefault(doc_id, set()) if doc_id else files.setdefault(file, set())).add(r.check)
                held[(file, line)] = f"plan {doc_id}" if doc_id else "file withheld"
            else:
                doc_id = _cell(tables, r.table, "doc_id", position)
                if doc_id is None:
                    return None
                plans.setdefault(doc_id, set()).add(r.check)
    for file, checks in files.items():
        for doc_id in _plans_of_file(tables, file):
            plans.setdefault(doc_id, set()).update(checks)
    return _take_out(tables, plans, files, rows, held, critical)


def _take_out(tables, plans, files, rows, held, critical: list[CheckResult]) -> Isolation:
    # the pipeline's tables only: the analysis tables are derived again from what is kept
    kept, set_aside = {name: tables[name] for name in PIPELINE_TABLES}, {}
    withheld = [_withheld(tables, doc_id, checks) for doc_id, checks in sorted(plans.items())]
    for name in sorted(set(PLAN_TABLES) | set(rows)):
        table = tables[name]
        reasons = _row_reasons(table, plans, rows.get(name, {}))
        if reasons:
            positions = sorted(reasons)
            set_aside[name] = table.take(positions).append_column(
                "failed_checks", pa.array([reasons[p] for p in positions], pa.string()))
            kept[name] = table.filter(pa.array([i not in reasons for i in range(table.num_rows)]))
    kept["residue"] = _withheld_lines(tables, kept["residue"], set(plans), set(files), held)
    kept["anomalies"] = pa.concat_tables([kept["anomalies"], pa.Table.from_pylist(
        [_anomaly(w) for w in withheld], schema=tables["anomalies"].schema)])
    summary = SetAside(critical, withheld, {name: t.num_rows for name, t in set_aside.items()})
    return Isolation(kept, set_aside, summary)


def _row_reasons(table: pa.Table, plans: dict[str, set[str]], failed: dict[int, set[str]]) -> dict[int, str]:
    """Position → failed_checks of every row to take out: its own failures, and for a row
    of a withheld plan, `withheld (…)` with the checks that withheld it."""
    reasons = {p: set(checks) for p, checks in failed.items()}
    if plans and "doc_id" in table.column_names:
        for p, doc_id in enumerate(table.column("doc_id").to_pylist()):
            if doc_id in plans:
                reasons.setdefault(p, set()).add(f"withheld ({', '.join(sorted(plans[doc_id]))})")
    return {p: ";".join(sorted(checks)) for p, checks in reasons.items()}


def _withheld(tables: dict[str, pa.Table], doc_id: str, checks: set[str]) -> dict:
    documents = tables["documents"].filter(pc.equal(tables["documents"].column("doc_id"), doc_id)).to_pylist()
    doc = documents[0] if documents else {}
    _, file, line, _ = min(_ranges(tables, {doc_id}), default=(doc_id, doc.get("source_file"), None, None))
    return {"doc_id": doc_id, "title": doc.get("title"), "issuer": doc.get("issuer"),
            "source_files": doc.get("source_files") or file, "source_file": file, "line_no": line,
            "checks": sorted(checks)}


def _anomaly(withheld: dict) -> dict:
    title = f" «{withheld['title']}»" if withheld["title"] else ""
    return {"source_file": withheld["source_file"], "line_no": withheld["line_no"], "doc_id": None,
            "kind": "plan_withheld",
            "detail": f"plan {withheld['doc_id']}{title} withheld, its rows in quarantine/: failed "
                      + ", ".join(withheld["checks"])}


def _plans_of_file(tables: dict[str, pa.Table], file: str) -> set[str]:
    found = {d["doc_id"] for d in tables["documents"].select(["doc_id", "source_files"]).to_pylist()
             if file in (d["source_files"] or "").split(";")}
    for name in RANGED:
        found |= {r["doc_id"] for r in tables[name].select(["doc_id", "source_file"]).to_pylist()
                  if r["source_file"] == file and r["doc_id"] is not None}
    return found


def _ranges(tables: dict[str, pa.Table], plans: set[str]) -> list[tuple[str, str, int, int]]:
    """(doc_id, file, first line, last line) of every row of the plans that has a line range."""
    out = []
    for name in RANGED:
        for r in tables[name].select(["doc_id", "source_file", "line_start", "line_end"]).to_pylist():
            if r["doc_id"] in plans and None not in (r["source_file"], r["line_start"], r["line_end"]):
                out.append((r["doc_id"], r["source_file"], r["line_start"], r["line_end"]))
    return out


def _withheld_lines(tables: dict[str, pa.Table], residue: pa.Table, plans: set[str], files: set[str],
                    held: dict[tuple[str, int], str]) -> pa.Table:
    """`residue` (what is kept of it) with a `withheld` row (empty text) for every line of a
    withheld plan, of a withheld file, and of a residue row set aside (`held`), that it does
    not already account for."""
    taken = {(r["source_file"], r["line_no"]) for r in residue.select(["source_file", "line_no"]).to_pylist()}
    lines = dict(held)
    for source in tables["sources"].select(["source_file", "n_lines"]).to_pylist():
        if source["source_file"] in files and source["n_lines"]:
            lines.update({(source["source_file"], n): "file withheld" for n in range(1, source["n_lines"] + 1)})
    for doc_id, file, start, end in _ranges(tables, plans):
        lines.update({(file, n): f"plan {doc_id}" for n in range(start, end + 1)})
    added = [{"source_file": f, "line_no": n, "col": 0, "text": "", "reason": "withheld", "detail": detail,
              "char_start": None, "char_end": None} for (f, n), detail in sorted(lines.items()) if (f, n) not in taken]
    merged = pa.concat_tables([residue, pa.Table.from_pylist(added, schema=residue.schema)])
    return merged.sort_by([("source_file", "ascending"), ("line_no", "ascending"), ("col", "ascending")])


def _cell(tables: dict[str, pa.Table], table: str, column: str, position: int):
    t = tables[table]
    return t.column(column)[position].as_py() if column in t.column_names and position < t.num_rows else None
