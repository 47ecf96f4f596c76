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

from functools import cache

from yaodian import rules

Span = tuple[int, int]
SENTENCE_END = "。;!?\n"


@cache
def _words() -> tuple[tuple[str, ...], tuple[str, ...], str, tuple[str, ...]]:
    table = rules.table("activity")
    by_length = lambda words: tuple(sorted(set(words), key=lambda w: (-len(w), w)))  # noqa: E731
    return by_length(table["lead_words"]), by_length(table["do_verbs"]), table["trim"], by_length(table["tail_words"])


def find(text: str, clause: Span, own: list[Span], others: list[Span], unit: str | None, has_count: bool) -> Span | None:
    """The activity of one row: `clause` is its clause, `own` its tokens' spans in it (in order),
    `others` the spans of the text's other tokens. After a count in a measure word (1次理论学习)
    or a timing with no count (年底前完成考核), the phrase that follows names the thing; after a
    level (39%, 102元) or where nothing follows, the phrase before it does."""
    gaps = _gaps(clause, sorted(set(own) | {s for s in others if clause[0] <= s[0] < clause[1]}))
    first, last = own[0][0], own[-1][1]
    following = next((g for g in gaps if g[0] >= last), None)
    preceding = sorted((g for g in gaps if g[1] <= last), key=lambda g: -g[1])  # nearest first
    names_after = not has_count or unit not in _level_units()
    if names_after and following is not None:
        phrase = _phrase(text, following, cut_at_verb=has_count)
        if phrase is not None:
            return phrase
    for gap in preceding:
        phrase = _phrase(text, gap)
        if phrase is not None:
            return phrase
    return _before_in_sentence(text, clause[0], others)


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


def _phrase(text: str, gap: Span, cut_at_verb: bool = False) -> Span | None:
    """The naming phrase of one gap, trimmed: leading framing words and verbs of doing out,
    trailing particles out; after a count, the phrase ends where the next verb of doing begins."""
    lead, verbs, trim, tails = _words()
    start, end = gap
    changed = True
    while changed and start < end:
        changed = False
        while start < end and text[start] in trim:
            start, changed = start + 1, True
        for word in lead + verbs:
            if text.startswith(word, start) and _names(text, start + len(word), end):
                start, changed = start + len(word), True
                break
    if cut_at_verb:
        cut = _find_any(text, verbs, start + 2, end)
        end = cut if cut is not None else end
    changed = True
    while changed and start < end:
        changed = False
        while start < end and text[end - 1] in trim:
            end, changed = end - 1, True
        for word in tails:
            if text.endswith(word, start, end) and end - len(word) > start:
                end, changed = end - len(word), True
                break
    if end <= start or text[start:end] in lead or not any("\u4e00" <= ch <= "\u9fff" for ch in text[start:end]):
        return None  # nothing, or only a framing word (同比): no name
    return start, end


def _names(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] still holds a name of two characters or more."""
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text[start:end]) >= 2


def _find_any(text: str, words: tuple[str, ...], start: int, end: int) -> int | None:
    found = [i for word in words if (i := text.find(word, start, end)) >= 0]
    return min(found) if found else None


def _before_in_sentence(text: str, clause_start: int, others: list[Span]) -> Span | None:
    """The nearest naming phrase before a clause in its sentence (每期不少于3天 after
    举办意识形态工作专题培训班): the clauses before it, nearest first, each read before its first token."""
    sentence = max(text.rfind(ch, 0, clause_start) for ch in SENTENCE_END) + 1
    end = clause_start - 1
    while end > sentence:
        start = max(text.rfind(ch, sentence, end) for ch in ",") + 1
        start = max(start, sentence)
        tokens = sorted(s for s in others if start <= s[0] < end)
        stop = tokens[0][0] if tokens else end
        phrase = _phrase(text, (start, stop))
        if phrase is not None:
            return phrase
        end = start - 1
    return None
