"""The commitment rule tables (rules/*.yaml) compiled into one scanner.

Six tables hold the language data: deadlines, stoplist, periods, units (counts),
comparators and regularity. Each rule has a pattern, a `why`, and match / no_match
examples; each table has a corpus of texts with the rows they must give.

Patterns may name shared vocabularies as placeholders, filled from the tables
themselves so a word is listed once: {num} any numeral, {cn} a Chinese numeral,
{month} a month number, {unit} the measure words, {cmp_before} / {cmp_within} / {cmp_after}
the comparators, {cmp_target} the target verbs, {magnitude} 万/亿/千 after a number. Nothing else in a pattern is touched.

All rules are joined into one alternation, tried in TABLE_ORDER: at a given position
the first table wins (a deadline before a slogan before a period before a count), and
the scan is leftmost-first, so "中央纪委五次全会" is consumed as a meeting before "五次"
could be read as a count. One compiled expression scanning each text once is what makes
extraction fast; reading the values of a hit is left to yaodian.commitments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

try:  # the parser behind `re`, to read which characters a rule can start with
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # Python < 3.11
    import sre_constants
    import sre_parse

from yaodian import rules

# Priority at one position: earlier tables win.
TABLE_ORDER = ("deadlines", "stoplist", "periods", "units", "comparators", "regularity")
# Clause ends (after NFKC: full-width ，；！？ are ASCII). A period or comparator binds
# only inside its clause, as the spec says.
CLAUSE_END = ",;。!?\n"
# Sentence ends: a date opening a sentence reaches to the next one; a clause that names nothing
# looks back to the start of its own.
SENTENCE_END = "。;!?\n"
# A comma between a digit and exactly three digits groups thousands (22,000人次): no clause end.
CLAUSE_END_RE = re.compile(f"[{re.escape(CLAUSE_END.replace(',', ''))}]|,(?<![0-9],)|,(?![0-9]{{3}}(?![0-9]))")


@dataclass(frozen=True)
class LexRule:
    """One rule of a commitment table, with its compiled pattern and its settings."""

    table: str
    name: str
    why: str
    regex: re.Pattern[str]
    settings: dict
    match: tuple[str, ...]
    no_match: tuple[str, ...]


@cache
def placeholders() -> dict[str, str]:
    """Placeholder name → regex source, built from the vocabulary tables."""
    numerals = rules.table("numerals")
    cn = "".join(sorted(set(numerals["digits"]) | set(numerals["multipliers"])))
    units = sorted(rules.table("units")["units"], key=lambda u: (-len(u), u))
    comparators = rules.table("comparators")
    return {
        "cn": f"[{cn}]+",
        "num": rf"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|[{cn}]+)",
        "month": "(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])",
        "unit": rules.words(units),
        "cmp_before": rules.words(comparators["before"]),
        "cmp_after": rules.words(comparators["after"]),
        "cmp_within": rules.words(comparators["within"]),
        "cmp_target": rules.words(comparators["targets"]),
        "magnitude": rules.table("units")["magnitude_pattern"],
    }


def expand(pattern: str) -> str:
    """`pattern` with its {placeholders} filled in."""
    for name, source in placeholders().items():
        pattern = pattern.replace("{" + name + "}", source)
    return pattern


@cache
def lex_rules() -> tuple[LexRule, ...]:
    """Every commitment rule, in priority order."""
    found = []
    for table in TABLE_ORDER:
        for r in rules.table(table)["rules"]:
            settings = {k: v for k, v in r.items() if k not in ("name", "why", "pattern", "match", "no_match")}
            found.append(LexRule(table, r["name"], r["why"], re.compile(expand(r["pattern"])), settings,
                                 tuple(r.get("match", ())), tuple(r.get("no_match", ()))))
    return tuple(found)


@cache
def scanner() -> re.Pattern[str]:
    """One expression: each rule as group r<i>, its inner groups renamed r<i>_<name>."""
    return _joined(tuple(range(len(lex_rules()))))


@cache
def _joined(indices: tuple[int, ...]) -> re.Pattern[str]:
    """The branches of rules `indices`, in priority order, with the scanner's group names."""
    return re.compile("|".join(_branch(i) for i in indices))


def _branch(index: int) -> str:
    inner = re.sub(r"\(\?P<(\w+)>", rf"(?P<r{index}_\1>", lex_rules()[index].regex.pattern)
    return f"(?P<r{index}>{inner})"


@cache
def trigger() -> re.Pattern[str]:
    """Where a scanner match can start: a class of first characters, each followed by what
    must come next where that is known.

    Python's `re` tries each of the scanner's branches at every position of the text;
    jumping with this (a C-speed search) to the few positions where some branch can start,
    then trying the scanner there, finds exactly the same matches several times faster.
    Most of the class's characters are common in any prose (力, 确, 定, 提, 为) and start a
    match only as a word (力争, 确保, 定期) or as a target verb before a numeral (提高到 90%):
    after such a character the rest of some such word must follow. One leading class keeps
    `re`'s fast scan; the rests are a superset, the scanner decides. tests/test_commitments.py
    checks the two scans agree.
    """
    rests: dict[str, set[str]] = {}  # first character → the words' rests after it; "" when anything may follow
    digits = False
    for table in TABLE_ORDER:
        for rule in rules.table(table)["rules"]:
            parsed = sre_parse.parse(expand(rule["pattern"].replace(_TARGET, _NEVER))).data
            chars, found_digits = first_chars(parsed)
            digits |= found_digits
            words = _leading_words(parsed) or set()
            for char in chars:
                rests.setdefault(char, set()).update({w[1:] for w in words if w[0] == char} or {""})
    verbs = rules.table("comparators")["targets"]
    verb_firsts = {verb[0] for verb in verbs}
    guarded = "".join(re.escape(c) for c in sorted(verb_firsts | set(rests)) if "" not in rests.get(c, ()))
    every = ("\\d" if digits else "") + "".join(re.escape(c) for c in sorted(verb_firsts | set(rests)))
    words = rules.words({rest for after in rests.values() for rest in after} - {""})
    after_verb = rules.words({verb[1:] for verb in verbs}) + " ?" + placeholders()["num"]
    return re.compile(f"[{every}](?:(?<![{guarded}])|(?={words}|{after_verb}))")


_TARGET = "{cmp_target}"  # in the rules, always right before ` ?{num}`
_NEVER = "(?!)"


def _leading_words(items) -> set[str] | None:
    """The literal words every match of a parsed pattern starts with (力争|确保 → both), or None
    when a match may start otherwise (a class, a repeat, an assertion)."""
    c = sre_constants
    word = ""
    for op, av in items:
        if op is c.LITERAL:
            word += chr(av)
            continue
        if word:
            return {word}
        if op is c.SUBPATTERN:
            return _leading_words(av[-1].data)
        if op is c.BRANCH:
            found: set[str] = set()
            for branch in av[1]:
                words = _leading_words(branch.data)
                if not words:
                    return None
                found |= words
            return found
        return None
    return {word} if word else None


def first_chars(items) -> tuple[set[str], bool]:
    """(characters, any digit?) a parsed pattern can start with; ValueError if any character can."""
    chars, digits = set(), False
    for op, av in items:
        found, nullable = _first_of(op, av)
        chars |= found[0]
        digits |= found[1]
        if not nullable:
            return chars, digits
    raise ValueError("a scanner rule can match the empty string")


def _first_of(op, av) -> tuple[tuple[set[str], bool], bool]:
    """First characters of one parsed item, and whether the item can match nothing."""
    c = sre_constants
    if op is c.LITERAL:
        return ({chr(av)}, False), False
    if op is c.IN:
        return _class_chars(av), False
    if op is c.SUBPATTERN:
        return _sequence(av[-1].data)
    if op is c.BRANCH:
        parts = [_sequence(branch.data) for branch in av[1]]
        chars = set().union(*(p[0][0] for p in parts))
        return (chars, any(p[0][1] for p in parts)), any(p[1] for p in parts)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
        found, nullable = _sequence(av[2].data)
        return found, nullable or av[0] == 0
    if op is c.ASSERT_NOT and not av[1]:
        return (set(), False), False  # (?!) matches nothing, so nothing after it starts a match
    if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
        return (set(), False), True  # zero width: what follows decides
    raise ValueError(f"cannot bound the first character of {op}")


def _sequence(items) -> tuple[tuple[set[str], bool], bool]:
    chars, digits = set(), False
    for op, av in items:
        (found, found_digits), nullable = _first_of(op, av)
        chars |= found
        digits |= found_digits
        if not nullable:
            return (chars, digits), False
    return (chars, digits), True


def _class_chars(items) -> tuple[set[str], bool]:
    c = sre_constants
    chars, digits = set(), False
    for op, av in items:
        if op is c.LITERAL:
            chars.add(chr(av))
        elif op is c.RANGE and av[1] - av[0] < 256:
            chars |= {chr(i) for i in range(av[0], av[1] + 1)}
        elif op is c.CATEGORY and av is c.CATEGORY_DIGIT:
            digits = True
        else:
            raise ValueError(f"cannot bound the characters of {op} {av}")
    return chars, digits


def hits(text: str):
    """The scanner's matches in `text`, leftmost first: the same as scanner().finditer(text)."""
    jump = trigger()
    position = 0
    while (candidate := jump.search(text, position)) is not None:
        at = candidate.start()
        match = _scanner_for(text[at]).match(text, at)
        if match is None:
            position = at + 1
        else:
            yield match
            position = max(match.end(), at + 1)


@cache
def _scanner_for(char: str) -> re.Pattern[str]:
    """The branches that can match at a `char`, in priority order: where a rule cannot start,
    trying it only costs time (most positions the trigger stops at are a target verb's
    first character, 力 or 提, that only two or three rules begin with)."""
    digit = char.isdigit()
    indices = tuple(i for i, (chars, digits) in enumerate(_rule_first_chars()) if char in chars or (digit and digits))
    return _joined(indices or tuple(range(len(lex_rules()))))


@cache
def _rule_first_chars() -> tuple[tuple[set[str], bool], ...]:
    return tuple(first_chars(sre_parse.parse(rule.regex.pattern).data) for rule in lex_rules())


def groups(match: re.Match[str], index: int) -> dict[str, str | None]:
    """The inner named groups of rule `index` in a scanner match, by their own names."""
    return {name: match.group(f"r{index}_{name}") for name in _inner_names(index)}


@cache
def _inner_names(index: int) -> tuple[str, ...]:
    return tuple(lex_rules()[index].regex.groupindex)
