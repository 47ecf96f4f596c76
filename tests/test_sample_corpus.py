"""The sample corpus end to end (plain functions): the contract's counts and golden tables."""

from __future__ import annotations

from collections import Counter

import pytest
from golden_tables import GOLDEN, TABLES, render

from yaodian.quality.accounting import unaccounted_lines


def test_counts_from_the_issue(sample_tables):
    documents, items = sample_tables["documents"].to_pylist(), sample_tables["items"].to_pylist()
    assert len(documents) == 9
    assert sample_tables["sections"].num_rows == 54
    assert len(items) == 216
    assert sum(i["has_body"] for i in items) == 198
    assert Counter(d["body_status"] for d in documents) == {"complete": 8, "partial": 1}


def test_every_plan_has_six_sections_and_24_items_numbered_through(sample_tables):
    for doc in sample_tables["documents"].to_pylist():
        items = [i for i in sample_tables["items"].to_pylist() if i["doc_id"] == doc["doc_id"]]
        assert [i["item_no"] for i in items] == list(range(1, 25))
        assert [i["section_no"] for i in items] == [n for n in range(1, 7) for _ in range(4)]


def test_court_plans_are_linked_by_headings_despite_their_titles(sample_tables):
    by_title = {d["title"]: d for d in sample_tables["documents"].to_pylist()}
    court = by_title["法院2026年意识形态工作要点"]
    assert court["body_title"] == "2026年法院机关意识形态工作要点"
    assert by_title["中级人民法院2026年意识形态工作要点"]["body_title"] == "市中级人民法院2026年机关意识形态工作要点"
    assert court["source_files"] == "compilation_9docs_2026.txt;webpage_4docs_2026.txt"


def test_the_fifth_plan_breaks_off_after_six_items(sample_tables):
    [partial] = [d for d in sample_tables["documents"].to_pylist() if d["body_status"] == "partial"]
    assert (partial["issuer"], partial["n_items_with_body"]) == ("检察院", 6)


def test_no_template_labels_chrome_or_toc_left_in_items(sample_tables):
    texts = "\n".join(sample_tables["items"].column("text").to_pylist())
    for residue in ("过渡句", "发表时间", "相关推荐", "目录", "\xa0", "\u3000"):
        assert residue not in texts


def test_every_input_line_is_accounted_for(sample_tables):
    assert unaccounted_lines(sample_tables) == []


def test_accounting_notices_a_lost_line(sample_tables):
    residue = sample_tables["residue"]
    dropped = {name: table for name, table in sample_tables.items()}
    dropped["residue"] = residue.slice(1)
    first = residue.slice(0, 1).to_pylist()[0]
    assert unaccounted_lines(dropped) == [(first["source_file"], first["line_no"])]


@pytest.mark.parametrize("name", TABLES)
def test_golden_tables(sample_tables, name):
    expected = (GOLDEN / f"{name}.csv").read_text(encoding="utf-8")
    assert render(name, sample_tables[name]) == expected, (
        f"{name} differs from tests/golden/{name}.csv; if the change is intended, "
        "run `.venv/bin/python tests/golden_tables.py` and review the diff")
