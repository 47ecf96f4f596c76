"""CHANGES.md: the commitments a release added, removed and changed since the one it replaced.

A commitment is identified by its `commitment_id` (plan, item and the evidence's offset in
the item's text), so it is "changed" when a re-read gives it other values (a new rule reads
每两月 as P2M), and "removed" plus "added" when the item's text itself moved.
"""

from __future__ import annotations

import pyarrow as pa

COMPARED = ("period", "count_min", "count_max", "unit", "deadline", "regularity", "evidence")
SHOWN = ("commitment_id", "evidence", "period", "count_min", "count_max", "unit", "deadline", "regularity")
LISTED = 200  # rows listed per section; the counts are always complete


def diff(before: pa.Table | None, after: pa.Table) -> dict[str, list]:
    """added and removed rows, and changed (id, field, before, after) in id order."""
    old = {r["commitment_id"]: r for r in before.to_pylist()} if before is not None else {}
    new = {r["commitment_id"]: r for r in after.to_pylist()}
    changed = [(cid, field, old[cid][field], new[cid][field])
               for cid in sorted(old.keys() & new.keys()) for field in COMPARED if old[cid][field] != new[cid][field]]
    return {"added": [new[c] for c in sorted(new.keys() - old.keys())],
            "removed": [old[c] for c in sorted(old.keys() - new.keys())],
            "changed": changed}


def markdown(release: str, previous: str | None, before: pa.Table | None, after: pa.Table,
             withheld: list[dict] = ()) -> str:
    """CHANGES.md of `release`, against `previous` (None for a first release), with the plans
    the quality checks withheld from it."""
    held = _withheld(withheld)
    if previous is None:
        return f"# Changes in release {release}\n\nFirst release: {after.num_rows} commitment rows.\n" + held
    d = diff(before, after)
    n_changed = len({c[0] for c in d["changed"]})
    lines = [f"# Changes in release {release}", "",
             f"Since release {previous}: {len(d['added'])} commitment rows added, {len(d['removed'])} removed, "
             f"{n_changed} changed.", ""]
    for title in ("added", "removed"):
        lines += [f"## {title.capitalize()} ({len(d[title])})", ""] + _rows(d[title])
    lines += [f"## Changed ({n_changed})", ""]
    if d["changed"]:
        lines += ["| commitment_id | field | before | after |", "|---|---|---|---|"]
        lines += [f"| {cid} | {field} | {_cell(a)} | {_cell(b)} |" for cid, field, a, b in d["changed"][:LISTED]]
        lines += _more(len(d["changed"]))
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n" + held


def _withheld(withheld: list[dict]) -> str:
    """The plans withheld from this release, or nothing when none was."""
    if not withheld:
        return ""
    lines = ["", f"## Withheld plans ({len(withheld)})", "",
             "A critical quality check failed on these plans' rows: they are not in this release (their rows "
             "are in quarantine/, see quality/summary.md).", "",
             "| doc_id | title | issuer | files | failed checks |", "|---|---|---|---|---|"]
    lines += [f"| {w['doc_id']} | {_cell(w['title'])} | {_cell(w['issuer'])} | {_cell(w['source_files'])} | "
              f"{_cell(', '.join(w['checks']))} |" for w in withheld]
    return "\n".join(lines) + "\n"


def _rows(rows: list[dict]) -> list[str]:
    if not rows:
        return ["None.", ""]
    out = ["| " + " | ".join(SHOWN) + " |", "|" + "---|" * len(SHOWN)]
    out += ["| " + " | ".join(_cell(r[c]) for c in SHOWN) + " |" for r in rows[:LISTED]]
    return out + _more(len(rows)) + [""]


def _more(n: int) -> list[str]:
    return ["", f"… and {n - LISTED} more (compare the two releases' commitments.parquet)."] if n > LISTED else []


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("|", "\\|").replace("\n", " ")
