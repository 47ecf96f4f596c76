"""A plan's issuer and year from its title (rules/layout.yaml + rules/titles.yaml).

The year is the document's own, never the clock's: later stages resolve 年底 against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from yaodian import rules

_YEAR_IN_TEXT = re.compile(r"(20\d\d) ?年")


@dataclass(frozen=True)
class TitleInfo:
    issuer: str | None
    year: int | None


def parse_title(title: str | None) -> TitleInfo:
    """Issuer and plan year of a title; None for what the title does not say."""
    match = rules.rule("layout", "document_title").search(title or "")
    if not match:
        return TitleInfo(None, None)
    issuer = match["pre"].strip() or _issuer_after_year(match["post"])
    return TitleInfo(issuer or None, int(match["year"]))


def _issuer_after_year(post: str) -> str:
    """The issuer heading what follows the year: the longest head that ends in an organ
    suffix (部, 委, 院…) and is followed by a topic word ("市委宣传部|宣传思想")."""
    data = rules.table("titles")
    stops = tuple(data["issuer_ends_before"])
    heads = [post[:end] for end in range(1, len(post) + 1)
             if post[end - 1] in data["issuer_suffixes"] and (end == len(post) or post[end:].startswith(stops))]
    return heads[-1] if heads else post.strip()


def year_in_text(text: str) -> int | None:
    """The first year a text names ("2026年,市委…"), as a fallback for the plan year."""
    match = _YEAR_IN_TEXT.search(text)
    return int(match[1]) if match else None
