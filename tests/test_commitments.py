"""The commitments extractor: each rule table's corpus, normalizer properties, the labelled
development set, and the table the sample corpus gives."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tools.evaluate import load_labels, score
from yaodian import rules
from yaodian.commitments.extract import extract, is_scored, number, per_year
from yaodian.commitments.lexicon import TABLE_ORDER, hits, lex_rules, scanner
from yaodian.rules.numerals import to_int

DEV = Path(__file__).resolve().parent / "commitments_dev"
YEAR = 2026


def scored_keys(text: str, year: int | None = YEAR) -> list[list]:
    """The scored fields of every row of `text`, numbers as the tables hold them."""
    return [list(c.key()) for c in extract(text, year) if c.regularity is None]


def expected(rows: list[list]) -> list[list]:
    return [[float(v) if isinstance(v, int) else v for v in row] for row in rows]


RULE_CASES = [
    pytest.param(rule, text, hit, id=f"{rule.table}:{rule.name}:{'+' if hit else '-'}{text}")
    for rule in lex_rules()
    for hit, texts in ((True, rule.match), (False, rule.no_match))
    for text in texts
]
CORPUS = [
    pytest.param(text, rows, id=f"{table}:{text}")
    for table in TABLE_ORDER
    for text, rows in (rules.table(table).get("corpus") or {}).items()
]
NON_EXAMPLES = [
    pytest.param(text, id=f"{table}:-{text}") for table in TABLE_ORDER for text in rules.table(table).get("no_match", ())
]


@pytest.mark.parametrize("rule, text, hit", RULE_CASES)
def test_rule_examples(rule, text, hit):
    assert bool(rule.regex.search(text)) is hit, f"rules/{rule.table}.yaml {rule.name}: {rule.why}"


def test_every_rule_has_both_kinds_of_example():
    for rule in lex_rules():
        assert rule.match and rule.no_match, f"rules/{rule.table}.yaml: {rule.name} needs match and no_match"


@pytest.mark.parametrize("text, rows", CORPUS)
def test_table_corpus(text, rows):
    assert scored_keys(text) == expected(rows)


@pytest.mark.parametrize("text", NON_EXAMPLES)
def test_table_non_examples(text):
    assert scored_keys(text) == []


def test_every_table_has_a_corpus():
    for table in TABLE_ORDER:
        data = rules.table(table)
        assert data.get("corpus") or data.get("no_match"), f"rules/{table}.yaml needs a corpus"


# --- normalizers -------------------------------------------------------------------

def chinese(n: int) -> str:
    """An independent oracle: n (0 ≤ n < 10^8) written the usual way (一千零五, 十二)."""
    digits = "零一二三四五六七八九"
    if n == 0:
        return "零"

    def below_10000(k: int) -> str:
        out, zero = "", False
        for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = k // value % 10
            if d:
                out += ("零" if zero and out else "") + digits[d] + name
                zero = False
            else:
                zero = True
        return out

    high, low = divmod(n, 10000)
    text = (below_10000(high) + "万" if high else "") + (
        ("零" if high and low < 1000 else "") + below_10000(low) if low else "")
    return text[1:] if text.startswith("一十") else text


@given(st.integers(min_value=0, max_value=99_999_999))
def test_chinese_numerals_round_trip(n):
    assert to_int(chinese(n)) == n
    assert number(str(n)) == n


# not 批: 一批 is "a number of" (the contract), never a count of one
@given(st.integers(min_value=1, max_value=99), st.sampled_from(["次", "篇", "场", "期", "%"]))
def test_counts_round_trip_through_the_text(n, unit):
    assert scored_keys(f"开展不少于{n}{unit}") == [[None, float(n), None, unit, None]]
    assert scored_keys(f"开展不少于{chinese(n)}{unit}") == [[None, float(n), None, unit, None]]


GENRE = [text for table in TABLE_ORDER for text in (rules.table(table).get("corpus") or {})] + [
    text for table in TABLE_ORDER for text in rules.table(table).get("no_match", ())]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(GENRE), min_size=1, max_size=6), st.sampled_from([";", "。", "\n"]))
def test_extraction_is_clause_local(parts, delimiter):
    """A text's rows are its sentences' rows: nothing binds across ; 。 or a line break. (Across a
    comma one thing does, by the spec: a date opening a sentence joins the clause after it, so a
    part glued on with a comma may read differently; the corpora test that case. And a dated
    sentence that ends in a colon dates the list after it, whatever follows: parts holding
    such a list are kept last.)"""
    parts = sorted(parts, key=lambda part: ":\n" in part)
    text = delimiter.join(parts)
    offset, rows = 0, []
    for part in parts:
        rows += [(c.key(), c.start + offset, c.end + offset) for c in extract(part, YEAR)]
        offset += len(part) + len(delimiter)
    assert [(c.key(), c.start, c.end) for c in extract(text, YEAR)] == rows


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(GENRE), min_size=1, max_size=4))
def test_normalizing_is_idempotent_and_evidence_is_exact(parts):
    """Each row's evidence, read again on its own, gives the same row; it lies in its clause. A
    row dated by a sentence's opening date after the first (`2028年,A达到96%,B达到98%`: B) has
    the date at the start of its clause, outside the evidence."""
    text = "。".join(parts)
    for c in extract(text, YEAR):
        assert c.clause_start <= c.start < c.end <= c.clause_end
        again = [r.key() for r in extract(text[c.start:c.end], YEAR)]
        want = c.key()
        if c.dated_before:
            want = (*want[:-1], None)
            assert [r.deadline for r in extract(text[c.clause_start:c.end], YEAR)][0] == c.deadline
        assert again == [want], text[c.start:c.end]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(GENRE) | st.text(alphabet="每年月季度第一二两十1-2个次篇不少于至少,。", max_size=12),
                min_size=1, max_size=5))
def test_the_fast_scan_finds_what_finditer_finds(parts):
    """lexicon.hits jumps to possible first characters; it must miss nothing finditer finds."""
    text = "".join(parts)
    assert [m.span() for m in hits(text)] == [m.span() for m in scanner().finditer(text)]


def test_the_plan_year_comes_from_the_document():
    assert scored_keys("年底前完成", 2031) == [[None, None, None, None, "2031-12-31"]]
    assert scored_keys("2月底前", 2028) == [[None, None, None, None, "2028-02-29"]]
    assert scored_keys("年底前完成", None) == []  # no year, no date: never the clock's
    assert scored_keys("24小时内回应", None) == [[None, None, None, None, "PT24H"]]


@pytest.mark.parametrize("text, low, high", [
    ("每月开展1次", 12, 12), ("每季度至少1次", 4, None), ("每季度举办讲坛", 4, None),
    ("每年组织1-2批", 1, 2), ("撰写报告不少于4篇", None, None), ("每年权重不低于15%", None, None),
])
def test_count_per_year(text, low, high):
    (row,) = extract(text, YEAR)
    assert per_year(row) == {"per_year_min": low, "per_year_max": high}


def test_vague_words_are_kept_unscored_unless_a_period_is_stated():
    assert [c.regularity for c in extract("定期开展督导", YEAR)] == ["regular"]
    assert [c.regularity for c in extract("实行7×24小时值班监测", YEAR)] == ["continuous"]
    assert [(c.regularity, c.period) for c in extract("定期(每两月一次)召开会议", YEAR)] == [(None, "P2M")]


# --- the development set and the sample table ---------------------------------------

def test_development_set_names_plans_of_the_sample(sample_tables):
    items = {(r["doc_id"], r["item_no"]) for r in sample_tables["items"].to_pylist()}
    labels = load_labels(DEV)
    assert len({doc for doc, _ in labels}) >= 2
    assert set(labels) <= items, "a labelled item is missing from the sample's items: did doc_id change?"


def test_development_set_scores(sample_tables):
    """The contract's targets on the labelled plans: precision ≥ 0.98 is the aim, 0.95 the floor."""
    predicted = defaultdict(list)
    for row in sample_tables["commitments"].to_pylist():
        predicted[(row["doc_id"], row["item_no"])].append(row)
    result = score(load_labels(DEV), predicted)["commitment"]
    assert result["precision"] >= 0.95 and result["recall"] >= 0.95, result


def test_every_evidence_round_trips(sample_tables):
    texts = {(r["doc_id"], r["item_no"]): r["text"] for r in sample_tables["items"].to_pylist()}
    rows = sample_tables["commitments"].to_pylist()
    assert rows
    for row in rows:
        text = texts[(row["doc_id"], row["item_no"])]
        assert text[row["char_start"]:row["char_end"]] == row["evidence"], row["commitment_id"]
        assert row["evidence"] in row["clause"] and row["clause"] in text


def test_the_fast_scan_agrees_on_the_sample(sample_tables):
    for text in sample_tables["items"].column("text").to_pylist():
        assert [m.span() for m in hits(text)] == [m.span() for m in scanner().finditer(text)]


ACTIVITY_CORPUS = list(rules.table("activity")["corpus"].items())


@pytest.mark.parametrize("text, expected", ACTIVITY_CORPUS, ids=[t for t, _ in ACTIVITY_CORPUS])
def test_activity_corpus(text, expected):
    """rules/activity.yaml's corpus: the activity of each scored row, in order, as the contract reads it."""
    rows = [r for r in extract(text, 2026) if is_scored(vars(r))]
    assert [text[r.activity[0]:r.activity[1]] if r.activity else None for r in rows] == expected
