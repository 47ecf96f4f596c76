"""Activity: the phrase of a commitment's clause that names what it is about.

The contract (its section "Activity") asks for the shortest verbatim phrase naming the thing a
period, count, deadline or target is about: 每月开展1次理论学习 → 理论学习, 居民健康素养水平达39%
以上 → 居民健康素养水平, 24小时内回应 → 回应. A clause is read as the text between tokens (the
row's own and the other rows' in the clause); the phrase is taken from the gap after the row's
count, after its timing, or before its count, and trimmed with the word lists of
rules/activity.yaml. Where the clause names nothing (每期不少于3天), the nearest phrase before it
in the same sentence is taken. Plain functions over offsets: no segmenter, no model.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from yaodian import rules
from yaodian.commitments.lexicon import CLAUSE_END_RE, SENTENCE_END

Span = tuple[int, int]
NEAR = 8  # tokens: how far before a row its phrase is looked for in its clause
REACH = 300  # characters: how far back in its sentence a clause that names nothing looks


@cache
def _words() -> tuple[frozenset, re.Pattern[str], re.Pattern[str], str, re.Pattern[str]]:
    """The word lists as expressions (longest word first): lead words, an opening word (lead or
    verb) at a position, a verb anywhere, the trim characters, a tail word at the end."""
    table = rules.table("activity")
    words = lambda names: "|".join(re.escape(w) for w in sorted(set(names), key=lambda w: (-len(w), w)))  # noqa: E731
    return (frozenset(table["lead_words"]), re.compile(words(table["lead_words"] + table["do_verbs"])),
            re.compile(words(table["do_verbs"])), table["trim"], re.compile(f"(?:{words(table['tail_words'])})$"))


def find(text: str, clause: Span, own: list[Span], others: list[Span], unit: str | None, has_count: bool) -> Span | None:
    """The activity of one row: `clause` is its clause, `own` its tokens' spans in it (in order),
    `others` the spans of the text's tokens, sorted. After a count in a measure word (1次理论学习)
    or a timing with no count (年底前完成考核), the phrase that follows names the thing; after a
    level (39%, 102元) or where nothing follows, the phrase before it does."""
    gaps = _gaps(*_near(clause, own, others))
    last = own[-1][1]
    following = next((g for g in gaps if g[0] >= last), None)
    preceding = sorted((g for g in gaps if g[1] <= last), key=lambda g: -g[1])  # nearest first
    of_things = has_count and unit not in _level_units()
    touching = following is not None and not (following[0] < len(text) and text[following[0]] in _table()["separators"])
    if (of_things or not has_count) and touching:
        phrase = _phrase(text, following, cut_at_verb=has_count)
        if phrase is not None:
            return phrase
    objects = of_things or unit in _table()["money_units"]  # 发放创业担保贷款80亿元: the loans
    for gap in preceding:
        phrase = _phrase(text, gap, object_of_verb=objects)
        if phrase is not None:
            return phrase
    return _before_in_sentence(text, clause[0], others)


def _near(clause: Span, own: list[Span], others: list[Span]) -> tuple[Span, list[Span]]:
    """The stretch of the clause around the row, bounded by the `NEAR` tokens before it and the
    one after it, and the tokens in it: a clause that lists a thousand counts stays linear."""
    lo, hi = bisect_left(others, (clause[0], -1)), bisect_left(others, (clause[1], -1))
    first, after = bisect_left(others, (own[0][0], -1), lo, hi), bisect_left(others, (own[-1][1], -1), lo, hi)
    a, b = max(lo, first - NEAR), min(hi, after + 1)
    start = others[a - 1][1] if a > lo else clause[0]
    end = others[b][0] if b < hi else clause[1]
    return (max(start, clause[0]), min(max(end, own[-1][1]), clause[1])), sorted(set(own) | set(others[a:b]))


def _within(spans: list[Span], start: int, end: int) -> list[Span]:
    """The spans (sorted, as the scan found them) that start in [start, end): found by bisection,
    so a text with many rows stays linear."""
    return spans[bisect_left(spans, (start, -1)):bisect_left(spans, (end, -1))]


@cache
def _table() -> dict:
    return rules.table("activity")


@cache
def _level_units() -> frozenset:
    return frozenset([None, *rules.table("activity")["level_units"]])


def _gaps(clause: Span, tokens: list[Span]) -> list[Span]:
    """The stretches of `clause` that no token covers."""
    gaps, at = [], clause[0]
    for start, end in tokens:
        if start > at:
            gaps.append((at, start))
        at = max(at, end)
    if at < clause[1]:
        gaps.append((at, clause[1]))
    return gaps


def _phrase(text: str, gap: Span, cut_at_verb: bool = False, object_of_verb: bool = False) -> Span | None:
    """The naming phrase of one gap, trimmed: a label before a colon out, leading framing words
    and verbs of doing out, trailing particles out. After a count (`cut_at_verb`) the phrase ends
    where the next verb of doing begins; before a count of things (`object_of_verb`) it starts
    after the last one (城区新建便民市场 → 便民市场)."""
    lead, opening, verbs, trim, tails = _words()
    start, end = gap
    colon = max(text.rfind(ch, start, end) for ch in _table()["labels_end"])
    start = max(start, colon + 1)
    if object_of_verb and not any(text.endswith(suffix, start, end) for suffix in _table()["indicator_suffixes"]):
        start = _after_last(text, verbs, start, end)
    changed = True
    while changed and start < end:
        changed = False
        while start < end and text[start] in trim:
            start, changed = start + 1, True
        word = opening.match(text, start, end)
        if word is not None and _names(text, word.end(), end):
            start, changed = word.end(), True
    if cut_at_verb:  # a name of three characters at least before the next verb (not 专题|组织生活会)
        cut = verbs.search(text, start + 3, end)
        end = cut.start() if cut is not None else end
    changed = True
    while changed and start < end:
        changed = False
        while start < end and text[end - 1] in trim:
            end, changed = end - 1, True
        tail = tails.search(text, start, end)
        if tail is not None and tail.start() > start:
            end, changed = tail.start(), True
    start, end = _balanced(text, start, end)
    if end <= start or text[start:end] in lead or not any("\u4e00" <= ch <= "\u9fff" for ch in text[start:end]):
        return None  # nothing, or only a framing word (同比): no name
    return start, end


def _balanced(text: str, start: int, end: int) -> Span:
    """The phrase without a quote or bracket left unmatched at its edges."""
    for opening, closing in _table()["pairs"].items():
        while start < end and text.count(opening, start, end) != text.count(closing, start, end):
            if text[end - 1] == opening:
                end -= 1
            elif text[start] in (closing, opening):
                start += 1
            elif text[end - 1] == closing:
                end -= 1
            else:
                break  # the unmatched mark is inside: left as written
    return start, end


def _names(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] still holds a name of two characters or more."""
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text[start:end]) >= 2


def _after_last(text: str, verbs: re.Pattern[str], start: int, end: int) -> int:
    """Where the text after the last verb of doing in text[start:end] begins, when a name of two
    characters or more follows it; else `start`."""
    best = start
    for verb in verbs.finditer(text, start + 1, end):
        if _names(text, verb.end(), end):
            best = verb.end()
    return best


def _before_in_sentence(text: str, clause_start: int, others: list[Span]) -> Span | None:
    """The nearest naming phrase before a clause in its sentence (每期不少于3天 after
    举办意识形态工作专题培训班): the clauses before it, nearest first, each read before its first token."""
    sentence = max(text.rfind(ch, max(0, clause_start - REACH), clause_start) for ch in SENTENCE_END) + 1
    sentence = max(sentence, clause_start - REACH)
    ends = [m.start() for m in CLAUSE_END_RE.finditer(text, sentence, clause_start)]  # not 22,000's comma
    starts = [sentence] + [e + 1 for e in ends]
    for start, end in reversed(list(zip(starts, ends, strict=False))):
        tokens = _within(others, start, end)
        phrase = _phrase(text, (start, tokens[0][0] if tokens else end))
        if phrase is not None:
            return phrase
    return None
