"""A plan's title, issuer and year, from its title and the lines around it (rules/titles.yaml).

Real plans do not always say who issued them in the title: `2023年全市卫生健康工作要点` names
the plan's reach (全市), and the agency is in the signature, the notice that forwards the
plan (`湖州市卫生健康委关于印发…的通知`), the page's meta block (`发文机关: …`) or the
preamble's opening. A title may carry noise (`(此件主动公开)`, a compilation's `第一篇:`).
The year is the document's own, never the clock's: later stages resolve 年底 against it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from yaodian import rules
from yaodian.rules import script


@dataclass(frozen=True)
class TitleInfo:
    issuer: str | None
    year: int | None
    implausible: int | None = None  # a year the title writes outside plausible_years


@dataclass(frozen=True)
class Metadata:
    title: str | None
    issuer: str | None
    year: int | None


def plan_metadata(title: str | None, lead: Iterable[str] = (), preamble: str = "",
                  signed_by: str | None = None, body: str = "") -> Metadata:
    """Title, issuer and year of a plan from its title, the `lead` lines above the title (the
    notice, the 文号, the page's meta block), its preamble, its signature and, for the year
    alone when nothing else says it, its items' `body`. Text in traditional characters is
    read as simplified; what is returned is as written."""
    lead = [line for line in lead if line]
    written = "\n".join([title or "", *lead, preamble, signed_by or ""])
    simple = script.to_simplified
    meta = _read(simple(title) if title else None, [simple(line) for line in lead], simple(preamble),
                 simple(signed_by) if signed_by else None)
    year = meta.year or (None if _several_years(meta.title) else _most_written_year(simple(body)))
    return Metadata(_as_written(meta.title, written), _as_written(meta.issuer, written), year)


def _most_written_year(text: str) -> int | None:
    """The year a text writes most often (the latest of equals: a plan looks ahead), or None."""
    years = Counter(int(m["year"]) for m in rules.rule("titles", "body_year").regex.finditer(text))
    return max(years, key=lambda y: (years[y], y)) if years else None


def _read(title: str | None, lead: list[str], preamble: str, signed_by: str | None) -> Metadata:
    title = clean_title(title)
    info = parse_title(title)
    around = [name for name in (signed_by, _first(lead, "notice", "issuer"), _first(lead, "meta_issuer", "issuer"),
                                _first(lead, "source_issuer", "issuer")) if name]
    issuer = (_fuller(info.issuer, around) or _first(preamble.split("\n")[:1], "preamble_issuer", "issuer"))
    year = info.year or (None if _several_years(title) else
                         _first(lead, "number_year", "year") or _first(preamble.split("\n"), "preamble_year", "year"))
    return Metadata(title, clean_title(issuer), int(year) if year else None)


def _several_years(title: str | None) -> bool:
    """Whether an undated title names a period of several years (十四五, 2021-2025年)."""
    match = rules.rule("titles", "multi_year").search(title or "")
    return match is not None and (match["first"] is None or int(match["last"]) - int(match["first"]) >= 2)


def _fuller(issuer: str | None, around: list[str]) -> str | None:
    """The title's issuer, or the first name around the plan when the title names none; a name
    around it that ends with the title's (怀远县农业农村局 ⊃ 农业农村局) names the same body more fully."""
    if issuer is None:
        return around[0] if around else None
    return next((name for name in around if name != issuer and name.endswith(issuer)), issuer)


def _as_written(found: str | None, written: str) -> str | None:
    """`found` (read in simplified characters) as the text writes it: the same span of the original."""
    if found is None:
        return None
    at = script.to_simplified(written).find(found)
    return written[at:at + len(found)] if at >= 0 else found


def clean_title(text: str | None) -> str | None:
    """A title (or issuer) without the noise written around it; None when nothing is left."""
    if text is None:
        return None
    text = rules.rule("titles", "title_noise").regex.sub("", text).strip()
    return text or None


def parse_title(title: str | None) -> TitleInfo:
    """Issuer and plan year of a title; None for what the title does not say."""
    match = rules.rule("layout", "document_title").search(title or "")
    if not match:  # an undated title (局工会年度工作计划) may still write its issuer, and its year after the genre word
        year = _first([title or ""], "title_year", "year")
        undated = rules.rule("layout", "document_title_undated").search(title or "")
        head = re.sub(rules.table("titles")["undated_head_noise"], "", undated["pre"]) if undated else ""
        named = head not in rules.table("titles")["generic_organs"]
        return TitleInfo(_organ(head) if named else None, int(year) if year else None)
    year, (first, last) = int(match["year"]), rules.table("titles")["plausible_years"]
    issuer = _organ(match["pre"].strip()) or _issuer_after_year(match["post"])
    return TitleInfo(issuer, year) if first <= year <= last else TitleInfo(issuer, None, implausible=year)


def _organ(head: str) -> str | None:
    """`head` when it names an organ (市委组织部, 局工会): a place (咸阳市) or a scope (全市) is none."""
    data = rules.table("titles")
    organ = ((head[-1:] in data["issuer_suffixes"] or head.endswith(tuple(data["issuer_suffix_words"])))
             and not head.endswith(tuple(data["not_organs"])))
    return head if organ and not head.startswith(tuple(data["scopes"])) else None


def _issuer_after_year(post: str) -> str | None:
    """The issuer heading what follows the year: the longest head that ends in an organ
    suffix (部, 委, 院…) and is followed by a topic word ("市委宣传部|宣传思想")."""
    data = rules.table("titles")
    if post.startswith(tuple(data["scopes"])):
        return None
    stops = tuple(data["issuer_ends_before"])
    heads = [post[:end] for end in range(1, len(post) + 1)
             if post[end - 1] in data["issuer_suffixes"] and not post[:end].endswith(tuple(data["not_organs"]))
             and (end == len(post) or post[end:].startswith(stops))]
    return heads[-1] if heads else None


def _first(lines: Iterable[str], rule_name: str, group: str) -> str | None:
    """The named group of the first line the rule matches."""
    rule = rules.rule("titles", rule_name)
    for line in lines:
        match = rule.search(line)
        if match:
            return match[group]
    return None
