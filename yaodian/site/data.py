"""The release's tables as the site reads them: one plan at a time, and the small summaries the
overview and the browser need. Reads only the columns it shows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

COLUMNS = {
    "documents": ["doc_id", "title", "issuer", "plan_year", "body_status", "n_sections", "n_items", "source_file",
                  "line_start", "line_end"],
    "sections": ["doc_id", "section_no", "heading", "intro"],
    "items": ["doc_id", "section_no", "item_no", "item_label", "title", "text", "lead_units"],
    "commitments": ["commitment_id", "doc_id", "item_no", "period", "period_label", "count_min", "count_max", "unit",
                    "deadline", "regularity", "evidence", "char_start", "char_end", "activity", "activity_start",
                    "activity_end"],
    "anomalies": ["source_file", "line_no", "doc_id", "kind", "detail"],
    "residue": ["source_file", "line_no", "text", "reason", "detail"],
}


@dataclass
class Plan:
    document: dict
    sections: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    commitments: list[dict] = field(default_factory=list)  # scored rows and regularity rows
    anomalies: list[dict] = field(default_factory=list)
    residue: list[dict] = field(default_factory=list)  # set aside from its source, within its lines


def read(release: Path, name: str) -> list[dict]:
    """Rows of one published table (a file or a folder of parts), the site's columns only."""
    return pq.read_table(release / f"{name}.parquet", columns=COLUMNS[name]).to_pylist()


def plans(release: Path) -> list[Plan]:
    """Every plan with its rows, in doc_id order."""
    by_doc = {d["doc_id"]: Plan(d) for d in sorted(read(release, "documents"), key=lambda d: d["doc_id"])}
    for name in ("sections", "items", "commitments", "anomalies"):
        for row in read(release, name):
            if row["doc_id"] in by_doc:
                getattr(by_doc[row["doc_id"]], name).append(row)
    residue = defaultdict(list)
    for row in read(release, "residue"):
        residue[row["source_file"]].append(row)
    for plan in by_doc.values():
        d = plan.document
        plan.residue = [r for r in residue[d["source_file"]] if d["line_start"] <= r["line_no"] <= d["line_end"]]
        plan.commitments.sort(key=lambda c: (c["item_no"], c["char_start"], c["commitment_id"]))
    return list(by_doc.values())
