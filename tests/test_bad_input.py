"""Bad input stays safe: broken numbering, empty items, a huge line and a scripted page give
a clear anomaly (file, line, what), keep every line accounted for, and publish."""

from __future__ import annotations

import pytest

from yaodian import pipeline, sources
from yaodian.quality.accounting import unaccounted_lines

HEAD = "某局2026年工作要点\n一、加强学习\n"


def tables_of(text: str, name: str = "plan.txt") -> dict:
    return pipeline.assemble([sources.process_bytes(text.encode("utf-8"), name)])


def anomalies(tables: dict, kind: str) -> list[tuple]:
    return [(a["source_file"], a["line_no"], a["detail"]) for a in tables["anomalies"].to_pylist() if a["kind"] == kind]


def test_a_repeated_item_number_is_reported_and_items_are_numbered_through():
    tables = tables_of(HEAD + "1.加强学习。\n2.抓好宣传。\n2.抓好培训。每季度召开一次会议。\n3.完善机制。\n")
    assert anomalies(tables, "item_number_repeated") == [
        ("plan.txt", 5, "item 2 comes after item 2: the number repeats")]
    items = tables["items"].to_pylist()
    assert [(i["item_no"], i["item_label"]) for i in items] == [(1, "1"), (2, "2"), (3, "2"), (4, "3")]
    assert unaccounted_lines(tables) == []


def test_a_skipped_item_number_is_reported_and_items_are_numbered_through():
    tables = tables_of(HEAD + "1.加强学习。\n2.抓好宣传。\n5.完善机制。年底前完成。\n")
    assert anomalies(tables, "item_number_skipped") == [("plan.txt", 5, "item 5 comes after item 2: 3, 4 missing")]
    assert [(i["item_no"], i["item_label"]) for i in tables["items"].to_pylist()] == [(1, "1"), (2, "2"), (3, "5")]
    assert [c["deadline"] for c in tables["commitments"].to_pylist()] == ["2026-12-31"]


def test_paren_numbers_are_reported_in_their_own_numerals():
    tables = tables_of(HEAD + "（一）加强学习。\n（三）完善机制。\n")
    assert anomalies(tables, "item_number_skipped") == [("plan.txt", 4, "item 三 comes after item 一: 二 missing")]


def test_numbering_within_sections_is_a_layout_not_a_break():
    tables = tables_of(HEAD + "1.加强学习。\n2.抓好宣传。\n二、压实责任\n1.健全体系。\n")
    assert anomalies(tables, "item_number_skipped") == anomalies(tables, "item_number_repeated") == []
    assert [i["item_no"] for i in tables["items"].to_pylist()] == [1, 2, 3]


def test_an_item_with_a_number_and_no_text_is_an_empty_item():
    tables = tables_of(HEAD + "1.加强学习。每月开展1次学习。\n2.\n3.完善机制。\n")
    assert anomalies(tables, "empty_item") == [("plan.txt", 4, "item 2 has a number and no text")]
    items = tables["items"].to_pylist()
    assert [(i["item_label"], i["title"], i["text"], i["has_body"]) for i in items] == [
        ("1", "加强学习", "加强学习。每月开展1次学习。", True),
        ("2", None, None, False),
        ("3", "完善机制", "完善机制。", True)]  # a sentence is text, not an outline heading
    assert unaccounted_lines(tables) == []


def test_a_number_on_its_own_line_takes_the_text_below_it():
    tables = tables_of(HEAD + "1.\n加强学习。每月开展1次学习。\n")
    [item] = tables["items"].to_pylist()
    assert (item["title"], item["text"]) == ("加强学习", "加强学习。每月开展1次学习。")
    assert (item["line_start"], item["line_end"]) == (3, 4)
    assert anomalies(tables, "empty_item") == []


def test_a_huge_single_line_is_read_whole():
    body = "加强学习,每月开展1次学习" * 20_000  # 260,000 characters, no line break, no full stop
    tables = tables_of(HEAD + "1." + body + "\n")
    [item] = tables["items"].to_pylist()
    assert len(item["text"]) == len(body)
    assert tables["commitments"].num_rows == 20_000
    assert unaccounted_lines(tables) == []


@pytest.fixture(scope="module")
def published_bad(tmp_path_factory):
    """A folder of bad inputs run through the whole pipeline, quality gate included."""
    folder = tmp_path_factory.mktemp("bad")
    (folder / "repeated.txt").write_text(HEAD + "1.加强学习。\n1.抓好宣传。\n", encoding="utf-8")
    (folder / "empty.txt").write_text(HEAD.replace("某局", "某委") + "1.\n2.完善机制。\n3.\n", encoding="utf-8")
    (folder / "page.html").write_text(
        "<!DOCTYPE html><html><head><script>alert('一、广告')</script></head><body>"
        "<nav>首页 | 新闻</nav><p>某办2026年工作要点</p><p>一、加强学习</p><p>1.每月开展1次学习。</p>"
        "<script>document.write('2.假条目')</script></body></html>", encoding="utf-8")
    out = tmp_path_factory.mktemp("out") / "output"
    result = pipeline.run([folder], out)
    return out, result


def test_bad_inputs_publish_with_their_anomalies_in_the_quality_report(published_bad):
    out, result = published_bad
    assert result["validation"].publishable
    summary = (out / "quality" / "summary.md").read_text(encoding="utf-8")
    for kind, where in [("item_number_repeated", "repeated.txt:4"), ("empty_item", "empty.txt:3"),
                        ("empty_item", "empty.txt:5"), ("content_dropped", "page.html:1")]:
        row = next(line for line in summary.splitlines() if line.startswith(f"| {kind} |"))
        assert where in row, (kind, row)


def test_a_page_s_scripts_and_navigation_do_not_become_items(published_bad):
    import pyarrow.parquet as pq

    out, _ = published_bad
    items = pq.read_table(out / "items.parquet").to_pylist()
    assert [i["text"] for i in items if i["source_file"] == "page.html"] == ["每月开展1次学习。"]
    sources = {s["source_file"]: s["format"] for s in pq.read_table(out / "sources.parquet").to_pylist()}
    assert sources == {"empty.txt": "text", "page.html": "html", "repeated.txt": "text"}


def test_with_no_readable_file_both_runners_stop_before_writing(tmp_path):
    """The sequence is written once (pipeline.run): the plain runner stops where the flow does."""
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(pipeline.PipelineError, match="no input file could be read"):
        pipeline.run([tmp_path / "empty.txt"], tmp_path / "out")
    assert not (tmp_path / "out" / "releases").exists()
