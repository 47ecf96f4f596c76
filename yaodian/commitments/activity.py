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
def _words() -> tuple[frozenset, re.Pattern[str], re.Pattern[str], str, dict[str, tuple[str, ...]]]:
    """The word lists as expressions (longest word first): lead words, an opening word (lead or
    verb) at a position, a verb anywhere, the trim characters, and the tail words by their last
    character (longest first: a phrase's end is tested against the few that can end it)."""
    table = _table()
    tails: dict[str, tuple[str, ...]] = {}
    for word in sorted(set(table["tail_words"]), key=lambda w: (-len(w), w)):
        tails[word[-1]] = (*tails.get(word[-1], ()), word)
    return (frozenset(table["lead_words"]), re.compile(rules.words(table["lead_words"] + table["do_verbs"])),
            re.compile(rules.words(table["do_verbs"])), table["trim"], tails)


def find(text: str, clause: Span, own: list[Span], others: list[Span], unit: str | None, has_count: bool) -> Span | None:
    """The activity of one row: `clause` is its clause, `own` its tokens' spans in it (in order),
    `others` the spans of the text's tokens, sorted. After a count in a measure word (1次理论学习)
    or a timing with no count (年底前完成考核), the phrase that follows names the thing; after a
    level (39%, 102元) the phrase before it does, and the one after where nothing before names
    anything (确保80%以上高校党委出台…). A clause that names nothing looks on in its sentence when
    it is only a date that opens it (2021—2022年,全面推广…), then back, then, alone on a line
    (a task table's 完成时限 cell), to the first phrase of its item."""
    gaps = _gaps(*_near(clause, own, others))
    last = own[-1][1]
    following = next((g for g in gaps if g[0] >= last), None)
    preceding = sorted((g for g in gaps if g[1] <= last), key=lambda g: -g[1])  # nearest first
    of_things = has_count and unit not in _level_units()
    objects = of_things or unit in _table()["money_units"]  # 发放创业担保贷款80亿元: the loans

    def after() -> Span | None:
        if following is None or not _touches(text, following):
            return None
        return _phrase(text, _before_joiner(text, following, clause), cut_at_verb=has_count)

    def before() -> Span | None:
        return next((p for g in preceding if (p := _phrase(text, g, object_of_verb=objects)) is not None), None)

    looks = [after, before] if of_things or not has_count else [before, after]
    if not has_count or unit in _table()["money_units"]:  # 计划投资1300万元,建设分水水库…: the clause after
        looks.append(lambda: _next_clause(text, clause, others))
    looks += [lambda: _before_in_sentence(text, clause[0], others), lambda: _first_of_item(text, clause, others)]
    return next((phrase for look in looks if (phrase := look()) is not None), None)


def _touches(text: str, gap: Span) -> bool:
    """Whether the text after a row belongs to it: not after a separator (路灯100盏、行道树) or a
    joining word (铺设污水管网348米及其他附属设施): those name the next thing."""
    return not (text[gap[0]] in _table()["separators"] or _joiners().match(text, gap[0], gap[1]))


def _before_joiner(text: str, gap: Span, clause: Span) -> Span:
    """A gap that runs into another row's token ends at its last joining word: what follows the
    joiner is that row's (月度报告和重要情况即时报告 → 报告; the 重要情况 are reported 即时)."""
    if gap[1] >= clause[1]:
        return gap
    last = None
    for joiner in _joiners().finditer(text, gap[0] + 2, gap[1]):
        last = joiner
    return (gap[0], last.start()) if last is not None else gap


@cache
def _joiners() -> re.Pattern[str]:
    return re.compile(rules.words(_table()["joiners"]))


def _next_clause(text: str, clause: Span, others: list[Span]) -> Span | None:
    """For a timing or an amount whose clause names nothing, a date opening its sentence (2021—2022年,
    全面推广高校专项试点工作经验), an investment before what it builds: the first phrase of the clause after it."""
    if clause[1] >= len(text) or text[clause[1]] in SENTENCE_END:
        return None
    end = next((m.start() for m in CLAUSE_END_RE.finditer(text, clause[1] + 1)), len(text))
    gaps = _gaps((clause[1] + 1, end), _within(others, clause[1] + 1, end))
    return next((phrase for gap in gaps if (phrase := _phrase(text, gap, object_of_verb=True)) is not None), None)


def _first_of_item(text: str, clause: Span, others: list[Span]) -> Span | None:
    """For a row alone on its line (a task table's 2023年底 cell): the first phrase of the item,
    its task (建成高标准农田8.3万亩 → 高标准农田), within `REACH` characters of its start."""
    alone = (clause[0] == 0 or text[clause[0] - 1] == "\n") and (clause[1] >= len(text) or text[clause[1]] == "\n")
    if not alone:
        return None
    bounds = _clause_bounds(text, 0, min(clause[0], REACH))
    return next((p for c in bounds if (p := _opening_phrase(text, c, others)) is not None), None)


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
    return frozenset([None, *_table()["level_units"]])


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
    for ch in _table()["labels_end"]:
        start = max(start, text.rfind(ch, start, end) + 1)
    heading = _heading().match(text, start, end)
    if heading is not None and _names(text, heading.end(), end):
        start = heading.end()  # (三)养殖业…, 教学质量指标1中考总分优秀率
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
    if cut_at_verb:
        start = _after_relative(text, start, end)
        end = _cut(text, start, end)
    changed = True
    while changed and start < end:
        changed = False
        while start < end and text[end - 1] in trim:
            end, changed = end - 1, True
        tail = next((word for word in tails.get(text[end - 1], ()) if text.endswith(word, start, end)), None)
        if tail is not None and end - len(tail) > start:  # a phrase that is only a tail word stays
            end, changed = end - len(tail), True
    start, end = _balanced(text, start, end)
    phrase = text[start:end]
    if end <= start or phrase in lead or phrase in _scopes() or not any("\u4e00" <= ch <= "\u9fff" for ch in phrase):
        return None  # nothing, only a framing word (同比) or only a place (东部地区, 乡镇): no name
    return start, end


@cache
def _heading() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in _table()["headings"]))


@cache
def _scopes() -> frozenset:
    return frozenset(_table()["scopes"])


def _after_relative(text: str, start: int, end: int) -> int:
    """After a count, where the thing starts past a clause describing it: 3名具有中级及以上职称的
    医疗人才 → 医疗人才 (a 的 with a relative word or a number before it); a 的 between two nouns
    (用热居民的供热安全) stays."""
    at = text.find("的", start, end)
    while at != -1:
        if _relative().search(text, start, at) and _names(text, at + 1, end):
            return at + 1
        at = text.find("的", at + 1, end)
    return start


def _cut(text: str, start: int, end: int) -> int:
    """After a count, where its thing ends: at the next verb of doing or stop word (聋儿|开展康复训练,
    高校毕业生|到基层), two characters in at least, three for a verb that is also a noun (专题|组织生活会);
    a verb before a word that ends names (儿童医学救治中心) is part of the name and stays."""
    for word in _cuts().finditer(text, start + 2, end):
        verb = word.group() not in _table()["stops"]
        named = _name_ends().match(text, word.end(), end) is not None
        if verb and (named or (word.group() in _table()["noun_verbs"] and word.start() < start + 3)):
            continue  # 救治|中心, 专题|组织生活会: part of the name
        return word.start()
    return end


@cache
def _name_ends() -> re.Pattern[str]:
    return re.compile(rules.words(_table()["name_ends"]))


@cache
def _relative() -> re.Pattern[str]:
    return re.compile(rules.words(_table()["relative_words"]) + "|[0-9]")


@cache
def _cuts() -> re.Pattern[str]:
    return re.compile(rules.words(_table()["do_verbs"] + _table()["stops"]))


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
    characters or more follows it and the verb is not part of one (防洪整治工程); else `start`."""
    best = start
    for verb in verbs.finditer(text, start + 1, end):
        if _names(text, verb.end(), end) and _name_ends().match(text, verb.end(), end) is None:
            best = verb.end()
    return best


def _before_in_sentence(text: str, clause_start: int, others: list[Span]) -> Span | None:
    """The nearest naming phrase before a clause in its sentence (每期不少于3天 after
    举办意识形态工作专题培训班): the clauses before it, nearest first, each read before its first token."""
    sentence = max(text.rfind(ch, max(0, clause_start - REACH), clause_start) for ch in SENTENCE_END) + 1
    sentence = max(sentence, clause_start - REACH)
    bounds = _clause_bounds(text, sentence, clause_start, whole=False)
    return next((p for c in reversed(bounds) if (p := _opening_phrase(text, c, others)) is not None), None)


def _clause_bounds(text: str, start: int, end: int, whole: bool = True) -> list[Span]:
    """The clauses of text[start:end], in order; the clause cut by `end` only when `whole`."""
    ends = [m.start() for m in CLAUSE_END_RE.finditer(text, start, end)]  # not 22,000's comma
    return list(zip([start] + [e + 1 for e in ends], ends + ([end] if whole else []), strict=False))


def _opening_phrase(text: str, clause: Span, others: list[Span]) -> Span | None:
    """The phrase before a clause's first token (None where the clause names nothing there)."""
    tokens = _within(others, *clause)
    return _phrase(text, (clause[0], tokens[0][0] if tokens else clause[1]))
