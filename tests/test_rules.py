"""Every rule table's corpus: examples that must match, and examples that must not."""

from __future__ import annotations

import pytest

from yaodian import rules
from yaodian.build.titles import parse_title, plan_metadata
from yaodian.build.units import lead_units
from yaodian.commitments.lexicon import TABLE_ORDER
from yaodian.rules.numerals import to_int

PATTERN_TABLES = ("layout", "chrome", "template_labels", "titles")
CASES = [
    pytest.param(rule, example, expected, id=f"{rule.table}:{rule.name}:{'+' if expected else '-'}{example}")
    for table in PATTERN_TABLES
    for rule in rules.rules(table)
    for expected, examples in ((True, rule.match), (False, rule.no_match))
    for example in examples
]


@pytest.mark.parametrize("rule, example, expected", CASES)
def test_rule_corpus(rule, example, expected):
    assert bool(rule.search(example)) is expected, rule.why


@pytest.mark.parametrize("table", PATTERN_TABLES)
def test_every_rule_has_both_kinds_of_example(table):
    for rule in rules.rules(table):
        assert rule.match and rule.no_match, f"rules/{table}.yaml: {rule.name} needs match and no_match examples"


def test_every_table_is_exercised():
    # commitments: test_commitments; lead_units below
    covered = set(PATTERN_TABLES) | {"numerals", "activity", "lead_units"} | set(TABLE_ORDER)
    assert set(rules.table_names()) == covered, "a new rule table needs its corpus test here"


@pytest.mark.parametrize("text, value", rules.table("numerals")["examples"].items())
def test_numeral_examples(text, value):
    assert to_int(text) == value


@pytest.mark.parametrize("text", rules.table("numerals")["no_match"])
def test_numeral_non_examples(text):
    assert to_int(text) is None


@pytest.mark.parametrize("title, issuer", rules.table("titles")["examples"].items())
def test_title_examples(title, issuer):
    info = parse_title(title)
    assert info.issuer == issuer
    assert info.year == 2026


@pytest.mark.parametrize("case", rules.table("titles")["metadata_examples"], ids=lambda c: str(c["given"].get("title")))
def test_metadata_examples(case):
    given = case["given"]
    read = plan_metadata(given.get("title"), given.get("lead", []), given.get("preamble", ""), given.get("signed_by"),
                         given.get("body", ""))
    assert {"title": read.title, "issuer": read.issuer, "year": read.year} == case["read"]


@pytest.mark.parametrize("text, units", rules.table("lead_units")["corpus"].items())
def test_lead_units_corpus(text, units):
    """rules/lead_units.yaml's corpus: the responsible units an item's text names, 、-joined as written."""
    assert lead_units(text) == units
