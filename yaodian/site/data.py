"""The release's tables as the site reads them: plan by plan, part by part.

A release is written from parts (yaodian.fragments: a batch of files, its plans whole with
their files' residue); the site reads one part's columns at a time as Arrow (compact),
sorted by plan and cut into runs of one plan, so Python rows exist for one plan at a time
and Arrow columns for one part: the site of a national release is written in the memory of
its largest part.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

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
PER_PLAN = ("sections", "items", "commitments", "anomalies")


@dataclass
class Plan:
    document: dict
    sections: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    commitments: list[dict] = field(default_factory=list)  # scored rows and regularity rows
    anomalies: list[dict] = field(default_factory=list)
    residue: list[dict] = field(default_factory=list)  # set aside from its source, within its lines


def plans(parts: Iterable) -> Iterator[Plan]:
    """Every plan with its rows, part by part (each with `table(name)`), in doc_id order within
    a part, one at a time."""
    for part in parts:
        yield from _plans({name: part.table(name).select(columns) for name, columns in COLUMNS.items()})


def _plans(tables: dict[str, pa.Table]) -> Iterator[Plan]:
    runs = {name: _Runs(tables[name], "doc_id") for name in PER_PLAN}
    residue = _Runs(tables["residue"], "source_file")
    of_file: dict[str | None, list[dict]] = {}  # the last file's residue: plans of a file often follow each other
    for document in _sorted(tables["documents"], "doc_id").to_pylist():
        plan = Plan(document, **{name: runs[name].rows(document["doc_id"]) for name in PER_PLAN})
        if document["source_file"] not in of_file:
            of_file = {document["source_file"]: residue.rows(document["source_file"], keep=True)}
        plan.residue = [r for r in of_file[document["source_file"]]
                        if document["line_start"] <= r["line_no"] <= document["line_end"]]
        plan.commitments.sort(key=lambda c: (c["item_no"], c["char_start"], c["commitment_id"]))
        yield plan


def _sorted(table: pa.Table, key: str) -> pa.Table:
    return table.take(pc.sort_indices(table, sort_keys=[(key, "ascending")]))


class _Runs:
    """A table sorted by `key`, read run by run as the keys are asked for in ascending order."""

    def __init__(self, table: pa.Table, key: str):
        self.table = _sorted(table, key)
        keys = self.table.column(key).combine_chunks()
        self.runs: dict[str | None, tuple[int, int]] = {}
        if len(keys):  # an empty table has no runs (and run_end_encode no ends)
            encoded = pc.run_end_encode(keys)
            ends, values = encoded.run_ends.to_pylist(), encoded.values.to_pylist()
            self.runs = {value: (start, end) for value, start, end in zip(values, [0, *ends[:-1]], ends, strict=True)}

    def rows(self, value: str | None, keep: bool = False) -> list[dict]:
        """The rows whose key is `value` (dropped from the index unless `keep`: a file's residue
        serves each plan of the file)."""
        start, end = self.runs.get(value, (0, 0)) if keep else self.runs.pop(value, (0, 0))
        return self.table.slice(start, end - start).to_pylist()
