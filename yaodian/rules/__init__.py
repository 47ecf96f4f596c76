"""Rule tables: every pattern and word list of the pipeline, as YAML data beside this file.

Each rule carries `match` and `no_match` examples; tests/test_rules.py runs them all, so
a table and its corpus cannot drift apart. Code asks for rules by table and name and
never edits or concatenates their patterns. Two modules read text for every stage, so they
live here, below ingest, build and commitments: numerals.py reads and writes Chinese
numerals (the numerals table); script.py reads traditional characters as simplified
(traditional.tsv, from OpenCC) so that the rules match mirror sites' copies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Rule:
    table: str
    name: str
    kind: str | None
    why: str
    regex: re.Pattern[str]
    max_len: int | None
    tail: bool
    separates: bool  # a chrome line that no paragraph goes on across (official-document furniture)
    context: str | None  # a rule that applies only inside this context (task_table: below a 序号 header)
    match: tuple[str, ...]
    no_match: tuple[str, ...]

    def search(self, text: str) -> re.Match[str] | None:
        """The rule's match in `text`, honouring its length limit."""
        if self.max_len is not None and len(text) > self.max_len:
            return None
        return self.regex.search(text)


@cache
def table(name: str) -> dict:
    """The raw YAML table `name` (e.g. "layout", "chrome")."""
    text = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def rules(name: str) -> tuple[Rule, ...]:
    """The compiled rules of table `name`, in file order (order is priority)."""
    return tuple(
        Rule(
            table=name,
            name=r["name"],
            kind=r.get("kind"),
            why=r["why"],
            regex=re.compile(r["pattern"]),
            max_len=r.get("max_len"),
            tail=bool(r.get("tail", False)),
            separates=bool(r.get("separates", False)),
            context=r.get("context"),
            match=tuple(r.get("match", ())),
            no_match=tuple(r.get("no_match", ())),
        )
        for r in table(name)["rules"]
    )


@cache
def rule(name: str, rule_name: str) -> Rule:
    """One rule of table `name` by its name."""
    for r in rules(name):
        if r.name == rule_name:
            return r
    raise KeyError(f"no rule {rule_name!r} in rules/{name}.yaml")


def words(names) -> str:
    """A word list as one non-capturing alternation of literal words, longest first (so that
    不少于 wins over 少于 at one position), each word once, in a stable order."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(names), key=lambda w: (-len(w), w))) + ")"


def table_names() -> list[str]:
    """Every rule table shipped with the package."""
    return sorted(
        p.name[: -len(".yaml")]
        for p in resources.files(__name__).iterdir()
        if p.name.endswith(".yaml")
    )
