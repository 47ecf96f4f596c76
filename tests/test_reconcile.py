"""Reconciling files: outlines titled by their TOC, bodies linked by headings, body wins."""

from __future__ import annotations

from yaodian import pipeline, sources
from yaodian.build.reconcile import reconcile
from yaodian.build.segment import segment
from yaodian.ingest.clean import clean_lines, join

COMPILATION = (
    "一、强化政治引领\n1.构建研学体系\n2.深化精准宣讲\n二、压实工作责任\n3.完善考核机制\n4.健全联动格局\n"
    "一、阵地管控筑防\n1.规范内部阵地\n2.管控网络阵地\n二、风险防范攻坚\n3.精准排查研判\n4.强化源头防控\n"
    "目录\n1.市委某部2026年意识形态工作要点 2\n2.市法院2026年意识形态工作要点 9\n"
)
WEB_BODY = (
    "2026年市法院机关意识形态工作要点\n"
    "一、阵地管控筑防,守好防线\n1.规范内部阵地,强化管控。每月巡查1次。\n2.管控网络阵地。严防风险。\n"
    "二、风险防范攻坚,化解隐患\n3.精准排查研判。每季度研判一次。\n4.强化源头防控。落实责任。\n"
)


def parse(name: str, text: str):
    blocks, residue = join(clean_lines(text))
    out = segment(name, blocks)
    out.residue = residue + out.residue
    return out


def test_body_links_to_outline_by_headings_not_title():
    tables = reconcile([parse("a.txt", COMPILATION), parse("b.txt", WEB_BODY)])
    assert [(d["title"], d["issuer"], d["body_status"]) for d in tables.documents] == [
        ("市委某部2026年意识形态工作要点", "市委某部", "outline_only"),
        ("市法院2026年意识形态工作要点", "市法院", "complete"),
    ]
    court = tables.documents[1]
    assert court["body_title"] == "2026年市法院机关意识形态工作要点"
    assert court["source_files"] == "a.txt;b.txt"
    items = [i for i in tables.items if i["doc_id"] == court["doc_id"]]
    assert [(i["title"], i["title_full"], i["has_body"], i["source_file"]) for i in items][0] == (
        "规范内部阵地", "规范内部阵地,强化管控", True, "b.txt")
    outline_residue = [r for r in tables.residue if r["reason"] == "outline"]
    assert len(outline_residue) == 6 and {r["source_file"] for r in outline_residue} == {"a.txt"}


def test_outline_only_items_are_their_headings():
    tables = reconcile([parse("a.txt", COMPILATION)])
    first = [i for i in tables.items if i["item_no"] == 1][0]
    assert (first["text"], first["has_body"], first["title_full"], first["line_start"]) == ("构建研学体系", False, None, 2)


def test_where_outline_and_body_disagree_the_body_wins_and_it_is_recorded():
    body = WEB_BODY.replace("3.精准排查研判。", "3.全面排查研判。")
    tables = reconcile([parse("a.txt", COMPILATION), parse("b.txt", body)])
    item = [i for i in tables.items if i["item_no"] == 3 and i["source_file"] == "b.txt"][0]
    assert item["title"] == "全面排查研判"
    [mismatch] = [a for a in tables.anomalies if a["kind"] == "heading_mismatch"]
    assert "精准排查研判" in mismatch["detail"] and "全面排查研判" in mismatch["detail"]
    assert mismatch["doc_id"] == item["doc_id"]


def test_a_plan_told_twice_is_kept_once():
    tables = reconcile([parse("b.txt", WEB_BODY), parse("c.txt", WEB_BODY)])
    assert len(tables.documents) == 1 and tables.documents[0]["source_files"] == "b.txt"
    assert {r["source_file"] for r in tables.residue if r["reason"] == "duplicate_source"} == {"c.txt"}
    assert [a["kind"] for a in tables.anomalies] == ["duplicate_source"]


def test_ids_and_rows_do_not_depend_on_input_order_or_source():
    forward = reconcile([parse("a.txt", COMPILATION), parse("b.txt", WEB_BODY)])
    backward = reconcile([parse("b.txt", WEB_BODY), parse("a.txt", COMPILATION)])
    assert forward == backward
    alone = reconcile([parse("b.txt", WEB_BODY)])
    assert alone.documents[0]["doc_id"] == forward.documents[1]["doc_id"]


def test_a_body_that_breaks_off_is_partial_and_completed_from_the_outline():
    cut = "市法院2026年意识形态工作要点\n一、阵地管控筑防,守好防线\n1.规范内部阵地。每月巡查1次。\n2\n"
    tables = reconcile([parse("a.txt", COMPILATION), parse("b.txt", cut)])
    court = tables.documents[1]
    assert (court["body_status"], court["n_items"], court["n_items_with_body"]) == ("partial", 4, 1)
    assert [a["kind"] for a in tables.anomalies] == ["truncated_body"]


def test_a_duplicate_keeps_its_text_in_residue():
    tables = reconcile([parse("b.txt", WEB_BODY), parse("c.txt", WEB_BODY)])
    texts = [r["text"] for r in tables.residue if r["reason"] == "duplicate_source"]
    assert "规范内部阵地,强化管控。每月巡查1次。" in texts
    assert "2026年市法院机关意识形态工作要点" in texts


def test_outlines_and_toc_of_different_lengths_are_flagged():
    short_toc = COMPILATION.replace("2.市法院2026年意识形态工作要点 9\n", "")
    tables = reconcile([parse("a.txt", short_toc)])
    assert [a["kind"] for a in tables.anomalies] == ["toc_outline_mismatch"]


def test_a_body_that_starts_mid_way_links_to_its_outline_by_its_written_numbers():
    outline = "某局2026年工作要点\n一、学习\n1.加强学习\n2.抓好宣传\n3.完善机制\n"
    body = "2.抓好宣传。每季度召开一次会议。\n3.完善机制。年底前完成。\n"
    tables = pipeline.assemble([sources.process_bytes(outline.encode(), "a_outline.txt"),
                                sources.process_bytes(body.encode(), "b_body.txt")])
    items = tables["items"].to_pylist()
    assert [(i["item_no"], i["title"], i["has_body"]) for i in items] == [
        (1, "加强学习", False), (2, "抓好宣传", True), (3, "完善机制", True)]
