"""Word's automatic numbering: the label (一、 （二） 3. ①) each numbered paragraph shows.

Word stores list numbers as definitions (w:numbering, w:styles), not as text, and counts them
in document order; plans in this genre number their sections and items that way, so the labels
are computed here as Word would show them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from yaodian.rules.numerals import to_chinese

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# What separates a list number from its paragraph's text, by w:suff. The default is a tab, but in
# this genre text files write "一、" and "1." right against the text: the tab is layout, not content.
SUFFIXES = {"space": " ", "tab": "", "nothing": ""}
BULLET = "•"  # stands in for bullets drawn from symbol fonts (private-use code points)
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
         (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
LEVEL_REFERENCE = re.compile(r"%([1-9])")


def _val(element, name: str = "val") -> str | None:
    """The w:val (or other w:) attribute of `element`, None when the element is missing."""
    return element.get(W_NS + name) if element is not None else None


def _int(text: str | None, default: int | None) -> int | None:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


@dataclass(frozen=True)
class _Level:
    """One level of a list definition (w:lvl)."""

    start: int
    fmt: str
    text: str
    restart: int | None  # w:lvlRestart: restart after a level above this one-based level; 0 = never
    suffix: str
    style: str | None  # the paragraph style linked to this level

    @classmethod
    def parse(cls, lvl) -> _Level:
        fmt = next((f for f in lvl.iter(W_NS + "numFmt") if _val(f) != "custom"), None)  # also in mc:Fallback
        return cls(
            start=_int(_val(lvl.find(W_NS + "start")), 1),
            fmt=_val(fmt) or "decimal",
            text=_val(lvl.find(W_NS + "lvlText")) or "",
            restart=_int(_val(lvl.find(W_NS + "lvlRestart")), None),
            suffix=SUFFIXES.get(_val(lvl.find(W_NS + "suff")) or "tab", ""),
            style=_val(lvl.find(W_NS + "pStyle")),
        )

    def restarts_after(self, level: int) -> bool:
        """True when a paragraph at the higher `level` (0-based) sets this level back to its start."""
        return self.restart is None or level < self.restart


def _levels(parent) -> dict[int, _Level]:
    return {_int(_val(lvl, "ilvl"), 0): _Level.parse(lvl) for lvl in parent.iterchildren(W_NS + "lvl")}


@dataclass(frozen=True)
class _List:
    """A list instance (w:num): the levels it numbers with, the start overrides, and whose counters it uses."""

    key: str
    levels: dict[int, _Level]
    starts: dict[int, int]


class Numbering:
    """Word's automatic numbers: the label each numbered paragraph shows, counted in document order."""

    def __init__(self, numbering, styles) -> None:
        style_list = list(styles.iterchildren(W_NS + "style")) if styles is not None else []
        self.styles = {_val(s, "styleId"): s for s in style_list}
        self.default_style = next((sid for sid, s in self.styles.items()
                                   if _val(s, "type") == "paragraph" and _val(s, "default") in ("1", "true")), None)
        numbering_children = list(numbering.iterchildren()) if numbering is not None else []
        self.abstracts = {_val(a, "abstractNumId"): a for a in numbering_children if a.tag == W_NS + "abstractNum"}
        self.nums = {_val(n, "numId"): n for n in numbering_children if n.tag == W_NS + "num"}
        self.counters: dict[str, dict[int, int]] = {}
        self.lists: dict[str | None, _List | None] = {}

    def label(self, paragraph) -> str:
        """The number label of `paragraph` ("一、", "（二）", "3.") and its suffix; "" when not numbered."""
        found = self._numbering_of(paragraph)
        if found is None:
            return ""
        instance, level = found
        definition = instance.levels.get(level)
        if definition is None:
            return ""
        counts = self.counters.setdefault(instance.key, {})
        counts[level] = counts[level] + 1 if level in counts else instance.starts.get(level, definition.start)
        for deeper in [k for k in counts if k > level and _restarts(instance, k, level)]:
            del counts[deeper]
        return _label_text(instance, definition, counts) + definition.suffix

    def _numbering_of(self, paragraph) -> tuple[_List, int] | None:
        """The list and level of a paragraph, from its own w:numPr or its style's; None when not numbered."""
        ppr = paragraph.find(W_NS + "pPr")
        direct = ppr.find(W_NS + "numPr") if ppr is not None else None
        style_id = _val(ppr.find(W_NS + "pStyle")) if ppr is not None else None
        style_num, style_level, style_id = self._style_numbering(style_id or self.default_style)
        num_id = _val(direct.find(W_NS + "numId")) if direct is not None else None
        num_id = num_id if num_id is not None else style_num
        if num_id not in self.lists:
            self.lists[num_id] = self._list(num_id)
        instance = self.lists[num_id]
        if instance is None:
            return None  # numId 0 switches numbering off; unknown ids number nothing
        level = _int(_val(direct.find(W_NS + "ilvl")), None) if direct is not None else None
        if level is None:
            level = style_level if style_level is not None else _style_level(instance, style_id)
        return instance, level

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int | None, str | None]:
        """(numId, level, style id) of the first style up the w:basedOn chain that numbers its paragraphs."""
        seen = set()
        while style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            num_pr = style.find(f"{W_NS}pPr/{W_NS}numPr")
            if num_pr is not None:
                return _val(num_pr.find(W_NS + "numId")), _int(_val(num_pr.find(W_NS + "ilvl")), None), style_id
            style_id = _val(style.find(W_NS + "basedOn"))
        return None, None, None

    def _list(self, num_id: str | None) -> _List | None:
        """The list instance `num_id`, its levels taken from its abstract definition and overrides."""
        num = self.nums.get(num_id)
        if num is None:
            return None
        abstract_id = _val(num.find(W_NS + "abstractNumId"))
        levels = dict(self._abstract_levels(abstract_id))
        starts = {}
        for override in num.iterchildren(W_NS + "lvlOverride"):
            level = _int(_val(override, "ilvl"), 0)
            start = _int(_val(override.find(W_NS + "startOverride")), None)
            if start is not None:
                starts[level] = start
            levels.update(_levels(override))
        overridden = any(True for _ in num.iterchildren(W_NS + "lvlOverride"))
        return _List(f"num {num_id}" if overridden else f"abstract {abstract_id}", levels, starts)

    def _abstract_levels(self, abstract_id: str | None) -> dict[int, _Level]:
        """Levels of an abstract list, following a w:numStyleLink to the list its style defines."""
        abstract = self.abstracts.get(abstract_id)
        if abstract is None:
            return {}
        link = _val(abstract.find(W_NS + "numStyleLink"))
        if link is not None:
            linked_num, _, _ = self._style_numbering(link)
            num = self.nums.get(linked_num)
            linked = self.abstracts.get(_val(num.find(W_NS + "abstractNumId"))) if num is not None else None
            if linked is not None and linked is not abstract:
                return _levels(linked)
        return _levels(abstract)


def _restarts(instance: _List, deeper: int, level: int) -> bool:
    """True when a paragraph at `level` sets the counter of the `deeper` level back to its start."""
    definition = instance.levels.get(deeper)
    return definition is None or definition.restarts_after(level)


def _style_level(instance: _List, style_id: str | None) -> int:
    """The level a list links to the paragraph style `style_id` (Word's heading numbering), else 0."""
    return next((k for k, level in instance.levels.items() if style_id and level.style == style_id), 0)


def _label_text(instance: _List, definition: _Level, counts: dict[int, int]) -> str:
    """w:lvlText with each %N replaced by level N's counter in that level's format."""
    if definition.fmt == "bullet":
        private_use = any("\ue000" <= ch <= "\uf8ff" for ch in definition.text)
        return BULLET if private_use or not definition.text else definition.text

    def number(found: re.Match[str]) -> str:
        level = int(found.group(1)) - 1
        shown = instance.levels.get(level, definition)
        value = counts.get(level, instance.starts.get(level, shown.start))
        return NUMBER_FORMATS.get(shown.fmt, str)(value)

    return LEVEL_REFERENCE.sub(number, definition.text)


def _from_sequence(symbols: str, n: int) -> str:
    """The n-th symbol (1-based) of a closed series such as ①…⑳ or 甲乙丙; a decimal beyond it."""
    return symbols[n - 1] if 1 <= n <= len(symbols) else str(n)


def _letters(n: int, upper: bool) -> str:
    """Word's letter numbering: a…z, then aa…zz."""
    if n < 1:
        return str(n)
    letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
    return letter.upper() if upper else letter


def _roman(n: int, upper: bool) -> str:
    if n < 1:
        return str(n)
    parts = []
    for value, symbol in ROMAN:
        count, n = divmod(n, value)
        parts.append(symbol * count)
    return "".join(parts).upper() if upper else "".join(parts)


# w:numFmt values and how they write a number; formats not listed fall back to decimal.
NUMBER_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(FULL_WIDTH_DIGITS),
    "decimalFullWidth2": lambda n: str(n).translate(FULL_WIDTH_DIGITS),
    "chineseCounting": to_chinese,
    "chineseCountingThousand": to_chinese,
    "japaneseCounting": to_chinese,
    "taiwaneseCounting": to_chinese,
    "ideographTraditional": partial(_from_sequence, HEAVENLY_STEMS),
    "ideographZodiac": partial(_from_sequence, EARTHLY_BRANCHES),
    "decimalEnclosedCircle": partial(_from_sequence, CIRCLED),
    "decimalEnclosedCircleChinese": partial(_from_sequence, CIRCLED),
    "lowerLetter": partial(_letters, upper=False),
    "upperLetter": partial(_letters, upper=True),
    "lowerRoman": partial(_roman, upper=False),
    "upperRoman": partial(_roman, upper=True),
    "none": lambda n: "",
}
