"""Accounting: nothing is lost, by line and by character.

Each file's extracted text (sources.n_chars long) is covered by spans: those of the plan
rows (documents: title and preamble; sections: heading and intro; items: their text) and
those of residue. Three checks keep it so:

- by character, where the text is at hand (the per-source step, `uncovered`): what no span
  holds is kept as `unaccounted` residue, which the gate fails on;
- by span, from the published tables alone: plan rows' spans lie in their file and never
  overlap each other (residue may lie inside one: a page number interrupting an item);
- by line, from the published tables alone: every line is in a row's line range or in
  residue. It stays beside the character check because only it sees the tables as published,
  after reconciling and after a plan is withheld.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa

RANGED = ("documents", "sections", "items")
Span = tuple[int, int]


def uncovered(text: str, spans: Iterable[Span]) -> list[Span]:
    """The runs of `text` that no span covers and that hold more than whitespace, trimmed of it."""
    out, reach = [], 0
    for start, end in [*sorted(spans), (len(text), len(text))]:
        if start > reach and not text[reach:start].isspace():
            gap = text[reach:start]
            lead = len(gap) - len(gap.lstrip())
            out.append((reach + lead, reach + len(gap.rstrip())))
        reach = max(reach, end)
    return out


def unaccounted_lines(tables: dict[str, pa.Table]) -> list[tuple[str, int]]:
    """(file, line) of every line of a read file that no table row accounts for."""
    covered: dict[str, set[int]] = {}
    for name in RANGED:
        for row in tables[name].select(["source_file", "line_start", "line_end"]).to_pylist():
            if None not in row.values():
                covered.setdefault(row["source_file"], set()).update(range(row["line_start"], row["line_end"] + 1))
    for row in tables["residue"].select(["source_file", "line_no"]).to_pylist():
        covered.setdefault(row["source_file"], set()).add(row["line_no"])
    missing = []
    for src in tables["sources"].to_pylist():
        if src["n_lines"] is None:
            continue
        seen = covered.get(src["source_file"], set())
        missing += [(src["source_file"], n) for n in range(1, src["n_lines"] + 1) if n not in seen]
    return missing


def spans_in_source(tables: dict[str, pa.Table], name: str) -> list[bool]:
    """For each row of table `name`: its span runs forwards within its file's extracted text
    (True for a row without a span)."""
    sources = tables["sources"].select(["source_file", "n_chars"]).to_pydict()
    n_chars = dict(zip(sources["source_file"], sources["n_chars"], strict=True))
    return [start is None or end is None or (0 <= start <= end <= (n_chars.get(file) or 0))
            for file, start, end in _spans(tables, name)]


def overlapping(tables: dict[str, pa.Table]) -> dict[str, set[int]]:
    """Table → positions of its plan rows whose span shares a character with another plan row's
    in the same file. Sorted by start, a span overlaps an earlier one when it starts before the
    furthest end so far, and a later one when the next starts before its own end."""
    spans = sorted((file, start, end, name, position) for name in RANGED
                   for position, (file, start, end) in enumerate(_spans(tables, name))
                   if None not in (file, start, end) and start < end)
    out: dict[str, set[int]] = {name: set() for name in RANGED}
    reach: dict[str, int] = {}
    for k, (file, start, end, name, position) in enumerate(spans):
        after = spans[k + 1] if k + 1 < len(spans) else None
        if start < reach.get(file, start) or (after is not None and after[0] == file and after[1] < end):
            out[name].add(position)
        reach[file] = max(reach.get(file, end), end)
    return out


def plan_extents(tables: dict[str, pa.Table]) -> dict[str, dict[str, Span]]:
    """File → plan → the extent of the plan's rows in that file: first start to last end."""
    extents: dict[str, dict[str, Span]] = {}
    for name in RANGED:
        for row in tables[name].select(["doc_id", "source_file", "char_start", "char_end"]).to_pylist():
            if None not in (row["doc_id"], row["source_file"], row["char_start"], row["char_end"]):
                of_file = extents.setdefault(row["source_file"], {})
                a, b = of_file.get(row["doc_id"], (row["char_start"], row["char_end"]))
                of_file[row["doc_id"]] = (min(a, row["char_start"]), max(b, row["char_end"]))
    return extents


def enclosing_plan(extents: dict[str, dict[str, Span]], file: str, start: int, end: int) -> str | None:
    """The plan whose rows in `file` begin before `start` and end after `end` (`extents` from
    plan_extents): the plan a piece of text lying between its rows belongs to; None when no
    plan's rows surround it."""
    plans = sorted(extents.get(file, {}).items())
    return next((doc for doc, (a, b) in plans if a <= start and end <= b), None)


def _spans(tables: dict[str, pa.Table], name: str) -> list[tuple[str | None, int | None, int | None]]:
    columns = tables[name].select(["source_file", "char_start", "char_end"]).to_pydict()
    return list(zip(columns["source_file"], columns["char_start"], columns["char_end"], strict=True))
