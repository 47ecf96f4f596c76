"""Other numbering layouts of the genre: （一） items under 一、 sections, 第一条 articles."""

from __future__ import annotations

from yaodian import pipeline, sources

PAREN = """某局2026年工作要点

一、加强理论武装

（一）深化理论学习。每月开展1次集中学习。
1.领导干部带头学。
2.青年干部跟进学。
（二）抓好宣传阐释。每季度至少召开一次专题会议。

二、压实工作责任

（一）健全责任体系。年底前完成考核。
"""

ARTICLES = """某局2026年工作要点
第一条 加强理论学习。每月开展1次集中学习。
第二条 压实工作责任。年底前完成考核。
"""


def tables_of(text: str, name: str = "plan.txt"):
    return pipeline.assemble([sources.process_bytes(text.encode("utf-8"), name)])


def test_paren_items_are_items_and_their_numbered_points_stay_inside():
    tables = tables_of(PAREN)
    items = tables["items"].to_pylist()
    assert [(i["section_no"], i["item_no"], i["title"]) for i in items] == [
        (1, 1, "深化理论学习"), (1, 2, "抓好宣传阐释"), (2, 3, "健全责任体系")]
    assert "领导干部带头学" in items[0]["text"] and "青年干部跟进学" in items[0]["text"]
    assert [i["item_label"] for i in items] == ["一", "二", "一"]
    periods = {(c["item_no"], c["period"]) for c in tables["commitments"].to_pylist() if c["period"]}
    assert periods == {(1, "P1M"), (2, "P3M")}
    deadlines = [c["deadline"] for c in tables["commitments"].to_pylist() if c["deadline"]]
    assert deadlines == ["2026-12-31"]


def test_articles_are_items_of_a_plan_without_sections():
    tables = tables_of(ARTICLES)
    items = tables["items"].to_pylist()
    assert [(i["section_no"], i["item_no"], i["title"]) for i in items] == [
        (0, 1, "加强理论学习"), (0, 2, "压实工作责任")]
    assert tables["documents"].to_pylist()[0]["plan_year"] == 2026
    assert [c["deadline"] for c in tables["commitments"].to_pylist() if c["deadline"]] == ["2026-12-31"]


OFFICIAL = """某局〔2026〕3号

关于印发《某局2026年工作要点》的通知

各科室：现将《某局2026年工作要点》印发给你们，请认真贯彻落实。

某局2026年工作要点

一、加强理论武装

1.深化理论学习。每月开展1次集中学习。

2.抓好宣传阐释。每季度至少召开一次专题会议。

2026年3月1日

抄送：市委办公室。

某局办公室 2026年3月1日印发
"""


def test_official_document_furniture_stays_out_of_the_items():
    tables = tables_of(OFFICIAL)
    items = tables["items"].to_pylist()
    assert [i["title"] for i in items] == ["深化理论学习", "抓好宣传阐释"]
    assert items[-1]["text"] == "抓好宣传阐释。每季度至少召开一次专题会议。"
    chrome = {r["detail"] for r in tables["residue"].to_pylist() if r["reason"] == "chrome"}
    assert {"document_number", "signature_date", "copy_to", "printed_by"} <= chrome
    [document] = tables["documents"].to_pylist()
    assert document["plan_year"] == 2026 and document["title"] == "某局2026年工作要点"


def test_a_plan_of_one_sentence_articles_is_a_body_not_an_outline():
    tables = tables_of("某局2026年工作要点\n第一条 各科室每月开展1次集中学习。\n第二条 年底前完成考核。\n")
    [document] = tables["documents"].to_pylist()
    assert (document["body_status"], document["title"], document["plan_year"]) == ("complete", "某局2026年工作要点", 2026)
    assert [c["deadline"] for c in tables["commitments"].to_pylist() if c["deadline"]] == ["2026-12-31"]


def test_a_title_without_issuer_takes_the_signature_of_the_official_document():
    signed = "2026年工作要点\n一、加强学习\n1.每月开展1次集中学习。\n\n中共某县委宣传部\n2026年3月1日\n"
    [document] = tables_of(signed)["documents"].to_pylist()
    assert (document["title"], document["issuer"], document["plan_year"]) == ("2026年工作要点", "中共某县委宣传部", 2026)


def test_the_title_s_issuer_wins_over_a_signature():
    [document] = tables_of(OFFICIAL.replace("某局办公室 2026年3月1日印发", "某办\n2026年3月2日"))["documents"].to_pylist()
    assert document["issuer"] == "某局"


def test_an_official_notice_with_its_attached_plan():
    """tests/layouts/official_notice.txt: red header, 文号, notice, signature, 附件, a two-line
    title, （一） items numbered through with 1. points inside, a page number, 抄送 and 印发."""
    from pathlib import Path

    path = Path(__file__).parent / "layouts" / "official_notice.txt"
    tables = pipeline.assemble([sources.process_source(path, path.name)])
    [document] = tables["documents"].to_pylist()
    assert (document["title"], document["issuer"], document["plan_year"], document["n_sections"]) == (
        "中共某市委宣传部2026年全市宣传思想文化工作要点", "中共某市委宣传部", 2026, 3)
    assert [(i["section_no"], i["item_label"], i["title"]) for i in tables["items"].to_pylist()] == [
        (1, "一", "深化理论武装"), (1, "二", "推进理论宣讲"), (2, "三", "加强新闻宣传"),
        (2, "四", "加强网络内容建设"), (3, "五", "落实意识形态工作责任制")]
    rows = [(c["item_no"], c["period"], c["count_min"], c["unit"], c["deadline"]) for c in tables["commitments"].to_pylist()]
    assert rows == [
        (1, "P3M", 1, "次", None), (1, "P1Y", 12, "次", None), (1, "P1Y", 2, "次", None), (2, "P1Y", 200, "场次", None),
        (3, "P1M", 1, "次", None), (3, None, None, None, "PT5H"), (3, None, None, None, "PT24H"),
        (4, None, None, None, "2026-06-30"), (5, "P6M", 1, "次", None), (5, None, None, None, "2026-12-31")]
    furniture = {r["detail"] for r in tables["residue"].to_pylist() if r["reason"] == "chrome"}
    assert furniture == {"issuing_header", "document_number", "signature", "signature_date", "attachment_label",
                         "copy_to", "printed_by"}


def test_a_government_web_page_in_gb2312():
    """tests/layouts/county_webpage_gb2312.html: a county site's page, GB2312 by its <meta>,
    menu, breadcrumb, byline, 1、 items numbered through <strong> sections, a signature, share
    and print buttons, the site footer, and scripts."""
    from pathlib import Path

    path = Path(__file__).parent / "layouts" / "county_webpage_gb2312.html"
    tables = pipeline.assemble([sources.process_source(path, path.name)])
    [source] = tables["sources"].to_pylist()
    assert (source["format"], source["encoding"]) == ("html", "gb18030")
    [document] = tables["documents"].to_pylist()
    assert (document["title"], document["issuer"], document["plan_year"]) == (
        "某县司法局2026年普法依法治理工作要点", "某县司法局", 2026)
    items = tables["items"].to_pylist()
    assert [(i["section_no"], i["item_no"], i["title"]) for i in items] == [
        (1, 1, "加强学习培训"), (1, 2, "开展集中宣讲"), (2, 3, "抓好领导干部学法"), (2, 4, "加强青少年法治教育"),
        (3, 5, "建设法治文化阵地")]
    assert items[-1]["text"] == "建设法治文化阵地。新建法治文化广场2个。"
    deadlines = [c["deadline"] for c in tables["commitments"].to_pylist() if c["deadline"]]
    assert deadlines == ["2026-12-31", "2026-09-30"]
    chrome = {r["detail"] for r in tables["residue"].to_pylist() if r["reason"] == "chrome"}
    assert {"breadcrumb", "byline", "signature", "page_actions", "site_footer"} <= chrome
    assert {a["kind"] for a in tables["anomalies"].to_pylist()} == {"content_dropped"}


def test_items_numbered_1_in_parentheses_when_nothing_else_numbers_items():
    tables = tables_of("某局2026年工作要点\n一、加强学习\n（1）深化理论学习。每月开展1次集中学习。\n"
                       "（2）抓好宣传。年底前完成。\n二、压实责任\n（3）健全体系。\n")
    assert [(i["section_no"], i["item_no"], i["title"]) for i in tables["items"].to_pylist()] == [
        (1, 1, "深化理论学习"), (1, 2, "抓好宣传"), (2, 3, "健全体系")]
    assert [c["item_no"] for c in tables["commitments"].to_pylist()] == [1, 2]


def test_points_numbered_1_in_parentheses_stay_inside_items_numbered_otherwise():
    tables = tables_of("某局2026年工作要点\n一、加强学习\n（1）总体要求。\n"
                       "1.深化理论学习。\n（1）领导带头学。\n（2）青年跟进学。\n")
    assert [i["title"] for i in tables["items"].to_pylist()] == ["深化理论学习"]
    assert tables["items"].to_pylist()[0]["text"] == "深化理论学习。\n(1)领导带头学。\n(2)青年跟进学。"


def test_sections_written_as_parts_hold_articles():
    tables = tables_of("某局2026年工作要点\n第一部分 加强学习\n第一条 每月开展1次集中学习。\n"
                       "第二部分 压实责任\n第二条 年底前完成考核。\n")
    assert [(s["section_no"], s["heading"]) for s in tables["sections"].to_pylist()] == [(1, "加强学习"), (2, "压实责任")]
    assert [(i["section_no"], i["item_no"]) for i in tables["items"].to_pylist()] == [(1, 1), (2, 2)]


def test_a_task_table_in_a_word_file_gives_items_and_deadlines():
    """序号 | 工作任务 | 责任单位 | 完成时限: each numbered row is an item."""
    import docx

    from yaodian.synth.render import saved

    document = docx.Document()
    document.add_paragraph("某局2026年工作要点")
    document.add_paragraph("一、重点任务")
    rows = [("序号", "工作任务", "责任单位", "完成时限"), ("1", "每月开展1次集中学习", "办公室", "全年"),
            ("2", "完成年度考核", "人事科", "12月底前")]
    table = document.add_table(rows=len(rows), cols=4)
    for cell, text in zip(table._cells, [t for row in rows for t in row], strict=True):
        cell.text = text
    tables = pipeline.assemble([sources.process_bytes(saved(document), "tasks.docx")])
    items = tables["items"].to_pylist()
    assert [(i["item_no"], i["title"], i["text"]) for i in items] == [
        (1, "每月开展1次集中学习", "每月开展1次集中学习;办公室;全年"), (2, "完成年度考核", "完成年度考核;人事科;12月底前")]
    rows = [(c["item_no"], c["period"], c["count_min"], c["deadline"]) for c in tables["commitments"].to_pylist()]
    assert rows == [(1, "P1M", 1, None), (2, None, None, "2026-12-31")]
