"""Responsible units: the units an item names as answering for its task (items.lead_units).

Plans name them after a label (（责任单位：办公室、政工科）, 牵头单位：县发改委) or in a task table's
column (序号 | 工作任务 | 责任单位 | 完成时限), which reaches the item as a line or a ；-joined cell
holding unit names and nothing else. A table's cell is read only where no label, of lead
units or others (配合单位, 责任领导), stands in the item. Units are kept as written, in the
order written, joined by 、; none is invented (rules/lead_units.yaml holds the labels, the unit
endings and the corpus).
"""

from __future__ import annotations

import re
from functools import cache

from yaodian import rules

# Between a task table's cells in an item: ；(folded to ;) as rows of web pages and Word files are
# written, | as text copies of tables write them.
ROW_CELL = re.compile("[;|]")


@cache
def _table() -> dict:
    return rules.table("lead_units")


@cache
def _labels() -> re.Pattern[str]:
    """Any label, lead or other, with what ends it; group `lead` set for a lead label."""
    t = _table()
    return re.compile(f"(?:(?P<lead>{rules.words(t['labels'])})|{rules.words(t['others'])})(?:{t['label_end']})")


@cache
def _separators() -> re.Pattern[str]:
    return re.compile(f"[{re.escape(_table()['separators'])}]+")


def lead_units(text: str | None) -> str | None:
    """The item's responsible units, 、-joined as written, or None where it names none."""
    if not text:
        return None
    labelled = _labels().search(text) is not None  # cells after 配合单位: are not the lead's
    units = _labelled(text) if labelled else _from_cells(text)
    return "、".join(dict.fromkeys(units)) or None


def _labelled(text: str) -> list[str]:
    """The units after every lead label, each value up to the next label, a closing bracket or a
    clause end (a bracket opened inside the value, 各镇(街道), is its own)."""
    labels = list(_labels().finditer(text))
    units: list[str] = []
    for label, following in zip(labels, [*labels[1:], None], strict=False):
        if label.group("lead") is None:
            continue
        limit = following.start() if following is not None else len(text)
        units += _names(_value(text, label.end(), limit))
    return units


def _value(text: str, start: int, limit: int) -> str:
    depth, ends = 0, _table()["value_end"]
    for at in range(start, limit):
        ch = text[at]
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif ch in ends:
            return text[start:at]
    return text[start:limit]


def _names(value: str) -> list[str]:
    return [name for name in _separators().split(value.strip()) if name]


def _from_cells(text: str) -> list[str]:
    """The units of the first cell that holds nothing but unit names: the item's lines after its
    first, and its first line's cells after the first (the task)."""
    lines = text.split("\n")
    cells = ROW_CELL.split(lines[0])[1:] + [cell for line in lines[1:] for cell in ROW_CELL.split(line)]
    return next((names for cell in cells if (names := _names(cell)) and all(map(_is_unit, names))), [])


def _is_unit(name: str) -> bool:
    """A unit's name: short, ending like one (县应急局, 各镇(街道)), not a thing that ends so (座谈会)."""
    bare = re.sub(r"\([^()]*\)$", "", name)
    t = _table()
    return (len(name) <= t["max_name"] and any(bare.endswith(end) for end in t["unit_ends"])
            and not any(bare.endswith(word) for word in t["not_units"]))
