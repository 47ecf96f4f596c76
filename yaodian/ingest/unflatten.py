"""Flattened text: a plan whose paragraphs were run together on one line, cut back into pieces.

Text copied out of a PDF or a document-sharing site (wenku) often comes as one long line:
`…工作要点 (一)强化平安,责任到人 … 1、每月进行一次… 2、重视对…`. Read as one line, it is
one paragraph and no plan. Where a long line holds several numbered headings, each standing
after a sentence end or a space, the line is cut before each of them; each piece is then
classified like a line of its own, keeping its column in the line for provenance. A line
with fewer than two such headings, or a short one, is left whole: a numbered reference
inside an ordinary paragraph ("做到三点:1、…") must not become an item.
"""

from __future__ import annotations

import re

from yaodian import rules
from yaodian.rules import script

MIN_LENGTH = 200  # characters; plans' own paragraphs that hold two headings are shorter than this… rarely
MIN_HEADINGS = 2
_STARTS = set("(第一二三四五六七八九十0123456789")
_LOOKAHEAD = 80  # characters a heading rule needs to see
TITLE_RULES = ("document_title", "document_title_undated")  # a flattened line opens with the file's title


def pieces(text: str) -> list[tuple[int, str]]:
    """(column, text) of each piece of a line (spaces folded, not yet removed between CJK
    characters): the line itself unless it is flattened. A title standing before a space at
    the head of a flattened line is a piece of its own, and so is an item heading glued to the
    end of a section heading ("一、明确目标任务,促进发展1、学前三年教育发展目标。"), in any line."""
    simple = script.to_simplified(text)  # same length: a cut found in it is a cut in the text
    if len(text) < MIN_LENGTH:
        return _cut(text, _glued_items(simple, [0]))
    cuts = [i for i in range(1, len(text)) if _heading_at(simple, i)]
    glued = _glued_title_end(simple[:cuts[0]]) if cuts else None
    if len(cuts) < (1 if glued else MIN_HEADINGS):  # a title glued to the text is evidence enough
        return _cut(text, _glued_items(simple, [0]))
    title_end = simple.find(" ", 0, cuts[0])
    head = simple[:title_end]
    if title_end > 0 and any(rules.rule("layout", name).search(head) for name in TITLE_RULES):
        cuts.insert(0, title_end + 1)
    elif glued is not None:
        cuts.insert(0, glued)
    return _cut(text, sorted(set(cuts) | set(_glued_items(simple, [0, *cuts]))))


def _cut(text: str, cuts: list[int]) -> list[tuple[int, str]]:
    """The pieces between the cuts; an uncut line (a blank one too) is one piece."""
    if not cuts:
        return [(0, text)]
    bounds = [0, *cuts, len(text)]
    return [(a, text[a:b].strip()) for a, b in zip(bounds, bounds[1:], strict=False) if text[a:b].strip()]


def _glued_items(text: str, starts: list[int]) -> list[int]:
    """Where an item heading begins glued to the end of the section heading that starts at one
    of `starts` (…促进学前教育快速发展1、学前三年…, 二、工作目标1 .医疗服务…)."""
    pattern = re.compile(rules.table("layout")["glued_item"])
    return [match.start("item") for start in starts if (match := pattern.match(text, start))]


def _glued_title_end(head: str) -> int | None:
    """Where a title glued to the preamble after it ends ("…学校工作计划2023年,学校将…"), when the
    line opens with one (after a page-chunk marker, maybe); None otherwise."""
    match = re.match(rules.table("layout")["glued_title"], head)
    if match is None:
        return None
    title = re.sub(rules.table("layout")["head_marker"], "", match.group())
    return match.end() if any(rules.rule("layout", name).search(title) for name in TITLE_RULES) else None


def _heading_at(text: str, i: int) -> bool:
    """Whether a numbered heading starts at i, after a sentence end, a closing mark or a space."""
    if text[i] not in _STARTS:
        return False
    layout = rules.table("layout")
    before = text[i - 1]
    if not (before == " " or before in layout["sentence_end"] or before in layout["closers"]):
        return False
    if before in layout["closers"] and not (i >= 2 and text[i - 2] in layout["sentence_end"]):
        return False
    window = text[i:i + _LOOKAHEAD]
    return any(rules.rule("layout", name).search(window) for name in _heading_rules())


def _heading_rules() -> list[str]:
    """Heading rules that apply anywhere (a task table's row number applies only in its table)."""
    return [r.name for r in rules.rules("layout") if r.kind == "heading" and r.context is None]
