"""Commitments: every frequency, count and deadline in an item's text, normalized.

The contract is ../shared/spec/commitments.md. One scan of the text with the compiled
rule tables (yaodian.commitments.lexicon) yields tokens — periods, counts, deadlines, comparators,
vague regularity — each read into values here. Tokens are then grouped per clause
(text between , ; 。): a period binds the count that follows it, a comparator standing
apart binds the next count, a date joins the period or count beside it. Each group is
one commitment, with its exact place in the text.

Plain functions over plain data: no Prefect, no pandas.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from functools import cache

from yaodian import rules
from yaodian.commitments import activity
from yaodian.commitments.lexicon import CLAUSE_END, CLAUSE_END_RE, SENTENCE_END, expand, groups, hits, lex_rules
from yaodian.rules import script
from yaodian.rules.numerals import to_int

# The fields the spec scores, besides the document and the item.
SCORED = ("period", "count_min", "count_max", "unit", "deadline")
_OPENER_REACH = 300  # characters: how far back a sentence's opening 截至… is looked for
_LIST_INTRO = ":"  # a sentence ending in a colon introduces the lines after it
_ASIDE = "("  # opens an aside: a date in it dates nothing before it
_DAY_AFTER = re.compile(r" ?[0-9]{1,2}[日号]")  # what ends the sentence a date may open (a comma ends only a clause)


@dataclass(frozen=True)
class Token:
    """One reading of a scanner hit: its kind and the values it contributes."""

    kind: str  # period | count | deadline | comparator | regularity
    start: int
    end: int
    period: str | None = None
    unsupported: bool = False  # a recurrence outside the spec's set (每两年): its group is dropped
    needs_count: bool = False
    count_min: float | None = None
    count_max: float | None = None
    unit: str | None = None
    bound: str | None = None  # comparator: min | max; count: the comparator it carries
    weak: bool = False  # a count that reads as an article or a slogan unless anchored
    deadline: str | None = None
    is_date: bool = False
    needs_partner: bool = False  # a target year: a date only for the target of the clause after it…
    ahead: bool = False  # …or alone, when it looks ahead (到2027年, or a year after the plan's)
    regularity: str | None = None
    opener: bool = False  # a date from a clause before the evidence (`2028年,A达到96%,B达到98%`: B's)
    parts: tuple[tuple[int, int], ...] = ()  # a bound count's own spans: its comparator's and its number's

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        return self.parts or ((self.start, self.end),)


@dataclass
class Commitment:
    """One extracted commitment; `start`/`end` delimit its evidence in the text."""

    period: str | None
    count_min: float | None
    count_max: float | None
    unit: str | None
    deadline: str | None
    regularity: str | None
    start: int
    end: int
    clause_start: int
    clause_end: int
    dated_before: bool = False  # the deadline is written before the evidence, where its clause starts
    marks: tuple[tuple[int, int], ...] = ()  # the spans of its tokens: period, count, comparator, date
    activity: tuple[int, int] | None = None  # the phrase naming what it is about (see activity.py)

    def key(self) -> tuple:
        """The scored fields, in SCORED order: what the spec compares within an item."""
        return tuple(getattr(self, name) for name in SCORED)


def is_scored(row: dict) -> bool:
    """A row the spec scores; the others carry only an unscored `regularity`."""
    return any(row.get(name) is not None for name in SCORED)


def extract(text: str, year: int | None) -> list[Commitment]:
    """Every commitment in `text`, in text order; dates need the plan `year`.

    A date that opens a sentence as a clause of its own (`6月底前,…`, `到2027年,…`) dates the
    first count of each clause after its comma, up to the sentence's end (`到2007年,A达到96%,
    B达到98%`: both), or over the list a sentence ending in a colon introduces; a target year
    that dates none is a deadline of its own only when it looks ahead.
    """
    found: list[Commitment] = []
    opener: _Opener | None = None  # a sentence-opening date, waiting for the clauses after it
    passed = _report_markers()[1].search(text) is not None  # any 截至…: look for the sentences it opens
    spans: list[tuple[int, int]] = []  # every token's, for the activities
    for clause_start, clause_end, tokens in clauses(text, year):
        spans += [(t.start, t.end) for t in tokens]
        if _reports(text, clause_start, clause_end, passed):
            continue
        groups_ = _groups(tokens, text)
        if opener is not None and not opener.reaches(clause_start):
            found += opener.close()
            opener = None
        if opener is not None:
            partner = next((g for g in groups_ if g.slot("count") and g.slot("deadline") is None), None)
            if partner is not None:
                clause_start = opener.join(partner, clause_start)
        if _opens_sentence(text, clause_start, clause_end, tokens):
            found += opener.close() if opener is not None else []
            opener = _Opener.reaching(text, tokens[0], clause_start, clause_end)
            continue
        found += [row for group in groups_ if (row := _commitment(group, clause_start, clause_end)) is not None
                  and not _idle_target_year(group)]
    found += opener.close() if opener is not None else []
    return [_with_activity(text, row, spans) if is_scored(vars(row)) else row for row in found]


def _with_activity(text: str, row: Commitment, spans: list[tuple[int, int]]) -> Commitment:
    """`row` with the span of its activity, read in the clause of its last token (a date opening
    the sentence stands in a clause before it: only then is there a clause end to look back for)."""
    start = row.clause_start
    if row.marks and CLAUSE_END_RE.search(text, start, row.marks[-1][0]) is not None:
        start = max(start, _clause_start(text, start, row.marks[-1][0]))
    own = [m for m in row.marks if start <= m[0] < row.clause_end]
    if own:
        has_count = row.count_min is not None or row.count_max is not None
        row.activity = activity.find(text, (start, row.clause_end), own, spans, row.unit, has_count)
    return row


@dataclass
class _Opener:
    """A date opening a sentence (`6月底前,`): it dates the counts of the clauses after it."""

    date: Token
    start: int
    end: int
    joined: bool = False

    reach: int = 0  # the last offset its clauses may start at (see `reaching`)

    def reaches(self, clause_start: int) -> bool:
        return clause_start <= self.reach

    @classmethod
    def reaching(cls, text: str, date: Token, start: int, end: int) -> _Opener:
        """An opener that reaches to its sentence's end, or over the list its sentence introduces
        (`到2026年底,…目标:` then 1.… 2.…: the rest of the text). Found once, so a long text stays linear."""
        ends = [at for at in (text.find(ch, end) for ch in SENTENCE_END) if at >= 0]
        first = min(ends) if ends else len(text)
        intro = first > 0 and text[first - 1] == _LIST_INTRO
        return cls(date, start, end, reach=len(text) if intro else first)

    def join(self, partner: _Group, clause_start: int) -> int:
        """Date `partner`; the first one's evidence starts at the opener. Returns its clause start."""
        if self.joined:  # the date stays outside the evidence; the row's clause shows it
            count = partner.slot("count")
            partner.tokens.insert(0, replace(self.date, start=count.start, end=count.start, opener=True))
        else:
            partner.tokens.insert(0, self.date)
            self.joined = True
        return self.start

    def close(self) -> list[Commitment]:
        """The opener's own row when it dated nothing (a deadline alone: `6月底前,要…`; a target
        year that looks ahead: `2020年,推动所有高校出台方案` in a 2019 plan)."""
        if self.joined or (self.date.needs_partner and not self.date.ahead):
            return []
        return [row] if (row := _commitment(_Group([self.date]), self.start, self.end)) else []


def _idle_target_year(group: _Group) -> bool:
    """A target year alone that does not look ahead (2025年, in a review): it promises nothing."""
    date = group.slot("deadline")
    return date is not None and date.needs_partner and not date.ahead and len(group.tokens) == 1


def _reports(text: str, start: int, end: int, passed: bool) -> bool:
    """Whether a clause reports a result (目前已完成投资85万元) rather than promising one, or
    stands in a sentence that opens with a point in time passed (截至10月底,…; only looked for
    when `passed`: the text holds such a word)."""
    markers, openers = _report_markers()
    if markers.search(text, start, end) is not None:
        return True
    if not passed:
        return False
    window = max(0, start - _OPENER_REACH)  # a bounded look-back keeps a huge unpunctuated text linear
    sentence = max(text.rfind(ch, window, start) for ch in SENTENCE_END) + 1
    return (sentence > 0 or window == 0) and openers.match(text, sentence) is not None


@cache
def _report_markers() -> tuple[re.Pattern[str], re.Pattern[str]]:
    table = rules.table("stoplist")
    markers = re.compile(table["report_markers"] + "|" + table["window_markers"])
    return markers, re.compile(r"\s*(?:" + table["report_openers"] + ")")  # match at a sentence start; search: anywhere


def _opens_sentence(text: str, start: int, end: int, tokens: list[Token]) -> bool:
    """Whether a clause is a date alone opening a sentence and ending at a comma (`6月底前,`)."""
    if len(tokens) != 1 or not tokens[0].is_date or end >= len(text) or text[end] != ",":
        return False
    before = text[start:tokens[0].start].strip()
    sentence_start = start == 0 or text[start - 1] in SENTENCE_END
    return sentence_start and before in ("", "到", "至") and not text[tokens[0].end:end].strip()


def clauses(text: str, year: int | None):
    """(start, end, tokens) of every clause of `text` that holds a token.

    Clause ends are looked up only around tokens: most clauses hold none, and skipping
    them keeps the scan at C speed. A clause starts after the previous one's end at the
    earliest, so the look-back stops there: a huge unpunctuated line stays linear.
    """
    tokens: list[Token] = []
    start, end = 0, -1
    for match in hits(text):
        token = read(text, match, year)
        if token is None:
            continue
        if token.start >= end:
            if tokens:
                yield start, end, tokens
            start = _clause_start(text, max(end, 0), token.start)
            found = CLAUSE_END_RE.search(text, token.end)
            end, tokens = (found.start() if found else len(text)), []
        tokens.append(token)
    if tokens:
        yield start, end, tokens


def _clause_start(text: str, low: int, at: int) -> int:
    """Where the clause holding `at` starts, looking back no further than `low`: after the
    last clause end before it (a thousands comma, 22,000, is none)."""
    while True:
        end = max(text.rfind(ch, low, at) for ch in CLAUSE_END)
        if end < 0 or CLAUSE_END_RE.match(text, end):
            return end + 1
        at = end


def read(text: str, match, year: int | None) -> Token | None:
    """The token a scanner hit stands for, or None when it promises nothing."""
    index = int(match.lastgroup[1:])
    rule = lex_rules()[index]
    values = groups(match, index)
    start, end = match.span()
    reader = READERS[rule.table]
    return reader(rule, values, start, end, text, year)


def _read_stop(rule, values, start, end, text, year) -> Token | None:
    regularity = rule.settings.get("regularity")
    return Token("regularity", start, end, regularity=regularity) if regularity else None


def _read_regularity(rule, values, start, end, text, year) -> Token:
    return Token("regularity", start, end, regularity=rule.settings["regularity"])


def _read_comparator(rule, values, start, end, text, year) -> Token:
    return Token("comparator", start, end, bound=rules.table("comparators")["before"][values.get("cmp")])


def _read_period(rule, values, start, end, text, year) -> Token | None:
    amount, unit = rules.table("periods")["bases"][values.get("base") or rule.settings["base"]]
    times = rule.settings.get("times", 1)
    n = values.get("n")
    if n == "半":
        amount, unit = (6, "M") if unit == "Y" else (0, unit)
    elif n:
        times *= to_int(n) or 0
    iso = f"P{amount * times}{unit}"
    known = iso in rules.table("periods")["periods"]
    alone = f"{year:04d}-12-31" if rule.settings.get("alone_year_end") and year is not None else None
    return Token("period", start, end, period=iso if known else None, unsupported=not known,
                 needs_count=bool(rule.settings.get("needs_count")), deadline=alone)


def _read_count(rule, values, start, end, text, year) -> Token | None:
    units = rules.table("units")
    if _after(text, start, rules.table("stoplist")["name_openers"] + units["each"]) or _in_quoted_name(text, start, end):
        return None
    if values["n1"] in units["magnitudes"]:
        return None  # 万元GDP能耗: a magnitude with no number names a base
    low = number(values["n1"])
    high = number(values.get("n2")) if values.get("n2") else low
    if low is None or high is None:
        return None
    factor = units["magnitudes"].get(values.get("mag"), 1)
    low, high = low * factor, high * factor
    unit = values.get("unit") or values.get("ge")
    comparators = rules.table("comparators")
    bound = None
    for word, kinds in ((values.get("cmp"), ("before", "targets")), (values.get("cmp3"), ("within",)),
                        (values.get("cmp2"), ("after",))):
        ranged = values.get("n2") and word not in comparators["before"]  # 达到85%-90%: the range is the level
        if word and not ranged:
            bound = next(comparators[kind][word] for kind in kinds if word in comparators[kind])
    if bound == "min":
        high = None
    elif bound == "max":
        low = None
    parts = units["date_parts"]
    in_date = (unit == parts["month"] and _DAY_AFTER.match(text, end)) or (
        unit == parts["day"] and text[start - 1:start] == parts["month"])
    if in_date:
        return None  # 10月18日 is a date, not ten months and eighteen days
    targeted = values.get("cmp") is not None  # a target verb or a bound (≥76分)
    if unit in units["needs_target"] and not targeted:
        return None
    if _qualifies(text, end, values, unit):
        return None  # 亿元以上项目, 总投资7.58亿元的项目, 测血压1次的比例达50%: it qualifies a noun
    yi = values["n1"] == units["yi"] and values.get("n2") is None
    if yi and unit in units["never_after_yi"]:
        return None
    weak = (yi and unit in units["weak_after_yi"]) or (
        not values["n1"].isascii() and unit in units["weak_after_cn"])
    return Token("count", start, end, count_min=low, count_max=high, unit=unit, bound=bound, weak=weak)


def _read_deadline(rule, values, start, end, text, year) -> Token | None:
    kind = rule.settings["kind"]
    if kind in ("immediate", "unspecified"):
        if _after(text, start, rules.table("stoplist")["name_openers"]):
            return None  # a quoted name (“即时跟学”), not a promise
        return Token("deadline", start, end, deadline=kind)
    if kind == "duration":
        n = number(values["n"])
        if n is None:
            return None
        bound = rule.settings.get("length_bound")
        if bound and text.endswith(bound, start, end) and (end == len(text) or text[end] in CLAUSE_END):
            # 每次培训3小时以内, closing its clause, bounds a length; 3日内 and 24小时内回应 are limits
            return Token("count", start, end, count_max=n, unit=values["u"], bound="max")
        template = rules.table("deadlines")["durations"][values["u"]]
        return Token("deadline", start, end, deadline=template.format(n=_plain(n)))  # 24小时内回应
    if kind == "date":
        if rule.settings.get("endpoint_word") and not values.get("to") and values.get("y") == str(year):
            return None  # the plan's own year, written bare (2024年,…): a reference, not a deadline
        date = _date(rule.settings, values, int(values["y"]) if values.get("y") else year)
        ahead = bool(values.get("to")) or (year is not None and values.get("y") is not None and int(values["y"]) > year)
        return None if date is None else Token("deadline", start, end, deadline=date, is_date=True,
                                               needs_partner=bool(rule.settings.get("needs_partner")), ahead=ahead)
    return None  # reference: a calendar day that is no deadline


def _date(settings: dict, values: dict, year: int | None) -> str | None:
    """The latest day a date rule's window allows, as YYYY-MM-DD; None without a year."""
    if year is None:
        return None
    month = settings.get("month")
    if values.get("q"):
        month = 3 * (to_int(values["q"]) or 0)
    if values.get("m"):
        month = to_int(values["m"])
    if not month or not 1 <= month <= 12:
        return None
    if settings.get("before"):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    last = calendar.monthrange(year, month)[1]
    day = rules.table("deadlines")["month_parts"].get(values.get("part"), last)
    if values.get("d"):
        day = to_int(values["d"]) or 0
    if not 1 <= day <= last:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


READERS = {
    "stoplist": _read_stop,
    "regularity": _read_regularity,
    "comparators": _read_comparator,
    "periods": _read_period,
    "units": _read_count,
    "deadlines": _read_deadline,
}


def number(text: str | None) -> float | None:
    """An Arabic or Chinese numeral as a number; None if it is not one."""
    if not text:
        return None
    if text[0].isascii():
        return float(text.replace(",", ""))  # 22,000: a thousands separator
    value = to_int(text)
    return None if value is None else float(value)


def _cjk(text: str, at: int) -> bool:
    """Whether a CJK ideograph stands at `at` (a noun goes on after the number)."""
    return at < len(text) and "\u4e00" <= text[at] <= "\u9fff"


def _qualifies(text: str, end: int, values: dict, unit: str | None) -> bool:
    """Whether a count qualifies the noun after it rather than promising: an amount of money or
    age bounded by 以上/以下 before a noun (亿元以上项目, 3岁以下婴幼儿) or before 的 (总投资7.58亿元的
    项目); any count before 的 whose clause goes on to set a target (测血压1次的比例达50%: the
    indicator's name). 的 before the goal itself (达到10万元的目标), or after a share (20%的村), qualifies nothing."""
    units = rules.table("units")
    attribute = units["attribute_marker"]
    if text.startswith(attribute, end):
        if any(text.startswith(goal, end + len(attribute)) for goal in units["goal_nouns"]):
            return False
        if unit in units["qualifier_units"]:
            return True
    elif unit in units["qualifier_units"]:
        return bool(values.get("cmp2")) and _cjk(text, end)
    if unit in units["shares"]:
        return False  # 力争实现20%的村集体…: a share of the noun, the target itself
    marker = text.find(attribute, end, end + units["attribute_reach"] + 1)
    if marker < 0 or not all(_cjk(text, i) for i in range(end, marker)):
        return False
    clause = CLAUSE_END_RE.search(text, marker)
    return _target_ahead().search(text, marker, clause.start() if clause else len(text)) is not None


@cache
def _target_ahead() -> re.Pattern[str]:
    """A target verb and the numeral it sets (达50, 提高到 90)."""
    return re.compile(expand("{cmp_target} ?{num}"))


def _in_quoted_name(text: str, start: int, end: int) -> bool:
    """Whether `start:end` lies inside a short quoted name: an opening quote before it and the
    closing one soon after it, in the same clause (“重点工作5张报表”)."""
    stop = rules.table("stoplist")
    reach = text[end:end + stop["quoted_name_reach"] + 1]
    closer = next((i for i, ch in enumerate(reach) if ch in stop["name_closers"] or ch in CLAUSE_END), None)
    if closer is None or reach[closer] not in stop["name_closers"]:
        return False
    before = text[max(0, start - stop["quoted_name_reach"]):start]
    opener = max(before.rfind(ch) for ch in stop["name_openers"])
    return opener >= 0 and not any(ch in CLAUSE_END or ch in stop["name_closers"] for ch in before[opener + 1:])


def _after(text: str, start: int, characters: str) -> bool:
    """Whether the character before `start` is one of `characters`."""
    return start > 0 and text[start - 1] in characters


def _plain(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


@dataclass
class _Group:
    tokens: list[Token] = field(default_factory=list)

    def slot(self, kind: str) -> Token | None:
        return next((t for t in self.tokens if t.kind == kind), None)

    def accepts(self, token: Token) -> bool:
        """A group is one period, one count and one date, in that reading order."""
        if self.slot(token.kind) is not None:
            return False
        if token.kind == "count":
            return True
        if token.kind == "period":  # a date may come first (第三季度…), a count may not
            return self.slot("count") is None
        return token.is_date  # a deadline joins only as a date


def _groups(tokens: list[Token], text: str) -> list[_Group]:
    """Tokens of one clause grouped into commitments. A date in brackets after a group is an
    aside (`每月1次班会(3月“情绪管理”、4月…)`): it dates nothing before the bracket."""
    groups_: list[_Group] = []
    current: _Group | None = None
    pending: Token | None = None  # a comparator waiting for its count
    anchored = any(t.kind in ("period", "comparator") or t.bound for t in tokens)
    has_period = any(t.kind == "period" for t in tokens)
    for token in tokens:
        if token.kind == "comparator":
            pending = token
            continue
        if token.kind == "count":
            if token.weak and not anchored:
                continue
            if pending is not None and token.bound is None:
                token = _bind(token, pending)
            pending = None
        if token.kind == "regularity":
            if not (has_period and token.regularity != "continuous"):
                groups_.append(_Group([token]))
            continue
        if token.kind == "deadline" and not token.is_date:
            groups_.append(_Group([token]))
            continue
        if current is not None and current.accepts(token) and not (
                token.is_date and _ASIDE in text[current.tokens[-1].end:token.start]):
            current.tokens.append(token)
        else:
            current = _Group([token])
            groups_.append(current)
    return groups_


def _bind(count: Token, comparator: Token) -> Token:
    """A count bounded by a comparator that stood apart from it; the evidence spans both."""
    parts = ((comparator.start, comparator.end), (count.start, count.end))
    if comparator.bound == "min":
        return replace(count, start=comparator.start, count_max=None, bound="min", parts=parts)
    return replace(count, start=comparator.start, count_min=None, bound="max", parts=parts)


def _commitment(group: _Group, clause_start: int, clause_end: int) -> Commitment | None:
    period, count, date = group.slot("period"), group.slot("count"), group.slot("deadline")
    regularity = group.slot("regularity")
    if period is not None and period.needs_count and count is None and period.deadline and date is None:
        group = _Group([replace(period, kind="deadline", period=None, is_date=True)])  # 年内完成: the year's end
        return _commitment(group, clause_start, clause_end)
    if period is not None and (period.unsupported or (period.needs_count and count is None)):
        return None
    start = min(t.start for t in group.tokens)
    end = max(t.end for t in group.tokens)
    return Commitment(
        period=period.period if period else None,
        count_min=count.count_min if count else None,
        count_max=count.count_max if count else None,
        unit=count.unit if count else None,
        deadline=date.deadline if date else None,
        regularity=regularity.regularity if regularity else None,
        start=start, end=end, clause_start=clause_start, clause_end=clause_end,
        dated_before=bool(date and date.opener), marks=tuple(sorted(span for t in group.tokens for span in t.spans)),
    )


def period_info() -> dict:
    """ISO period → {en, per_year}."""
    return rules.table("periods")["periods"]


def commitment_rows(items: list[dict], documents: list[dict]) -> list[dict]:
    """The `commitments` table: every commitment of every item, with derived columns.

    The plan year comes from the item's document, never from the clock.
    """
    years = {d["doc_id"]: d["plan_year"] for d in documents}
    rows = []
    for item in items:
        text = item["text"] or ""  # an empty item has no text
        simple = script.to_simplified(text)
        # read in simplified characters (same offsets); evidence, clause and unit as written
        for c in extract(simple, years.get(item["doc_id"])):
            unit = _as_written(c.unit, text, simple, c.end)
            rows.append({
                "commitment_id": f"{item['doc_id']}-{item['item_no']}-{c.start}",
                "doc_id": item["doc_id"], "section_no": item["section_no"], "item_no": item["item_no"],
                "period": c.period, "count_min": c.count_min, "count_max": c.count_max,
                "unit": unit, "deadline": c.deadline, "regularity": c.regularity,
                **per_year(c), **labels(c),
                "evidence": text[c.start:c.end], "char_start": c.start, "char_end": c.end,
                "clause": text[c.clause_start:c.clause_end],
                "activity": text[c.activity[0]:c.activity[1]] if c.activity else None,
                "activity_start": c.activity[0] if c.activity else None,
                "activity_end": c.activity[1] if c.activity else None,
            })
    return rows


def _as_written(unit: str | None, text: str, simple: str, end: int) -> str | None:
    """The measure word as the text writes it (項 in a traditional copy), read in simplified
    characters; the last one before the evidence's end (a count ends with its unit)."""
    if unit is None or text is simple:
        return unit
    at = simple.rfind(unit, 0, end)
    return text[at:at + len(unit)] if at >= 0 else unit


def per_year(c: Commitment) -> dict:
    """Count per year implied by period and count: 每月1次 → 12, 每季度至少1次 → at least 4.

    A period with no count means at least once per period. Percentages do not add up
    over periods, and a row without a period has no yearly rate: both stay empty.
    """
    if c.period is None or c.unit == "%":
        return {"per_year_min": None, "per_year_max": None}
    factor = period_info()[c.period]["per_year"]
    if c.count_min is None and c.count_max is None:
        return {"per_year_min": float(factor), "per_year_max": None}
    return {
        "per_year_min": None if c.count_min is None else c.count_min * factor,
        "per_year_max": None if c.count_max is None else c.count_max * factor,
    }


def labels(c: Commitment) -> dict:
    """English labels of the period and the unit, from the rule tables."""
    return {
        "period_label": period_info()[c.period]["en"] if c.period else None,
        "unit_label": rules.table("units")["units"].get(c.unit) if c.unit else None,
    }
