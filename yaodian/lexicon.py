"""The commitment rule tables (rules/*.yaml) compiled into one scanner.

Six tables hold the language data: deadlines, stoplist, periods, units (counts),
comparators and regularity. Each rule has a pattern, a `why`, and match / no_match
examples; each table has a corpus of texts with the rows they must give.

Patterns may name shared vocabularies as placeholders, filled from the tables
themselves so a word is listed once: {num} any numeral, {cn} a Chinese numeral,
{month} a month number, {unit} the measure words, {cmp_before} / {cmp_within} / {cmp_after}
the comparators. Nothing else in a pattern is touched.

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

from yaodian import rules

# Priority at one position: earlier tables win.
TABLE_ORDER = ("deadlines", "stoplist", "periods", "units", "comparators", "regularity")
# Clause ends (after NFKC: full-width ，；！？ are ASCII). A period or comparator binds
# only inside its clause, as the spec says.
CLAUSE_END = ",;。!?\n"


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
        "num": rf"(?:[0-9]+(?:\.[0-9]+)?|[{cn}]+)",
        "month": "(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])",
        "unit": _words(units),
        "cmp_before": _words(comparators["before"]),
        "cmp_after": _words(comparators["after"]),
        "cmp_within": _words(comparators["within"]),
    }


def _words(words) -> str:
    """A non-capturing alternation of literal words, longest first."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"


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
    """One expression: each rule as group r<i> (its inner groups renamed r<i>_<name>), then clause ends."""
    branches = []
    for i, rule in enumerate(lex_rules()):
        inner = re.sub(r"\(\?P<(\w+)>", rf"(?P<r{i}_\1>", rule.regex.pattern)
        branches.append(f"(?P<r{i}>{inner})")
    branches.append(f"(?P<end>[{re.escape(CLAUSE_END)}])")
    return re.compile("|".join(branches))


def groups(match: re.Match[str], index: int) -> dict[str, str | None]:
    """The inner named groups of rule `index` in a scanner match, by their own names."""
    return {name: match.group(f"r{index}_{name}") for name in _inner_names(index)}


@cache
def _inner_names(index: int) -> tuple[str, ...]:
    return tuple(lex_rules()[index].regex.groupindex)
