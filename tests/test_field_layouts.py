"""Layouts and metadata of real plans from the web (issue 14): flattened text, a page tail above
the plan, traditional characters, plans that give nothing, issuer and year around the title."""

from __future__ import annotations

from yaodian import pipeline, sources
from yaodian.quality.accounting import unaccounted_lines


def tables_of(text: str, name: str = "plan.txt") -> dict:
    return pipeline.assemble([sources.process_bytes(text.encode("utf-8"), name)])


def rows(tables: dict, table: str) -> list[dict]:
    return tables[table].to_pylist()


FLATTENED = ("某局2023年工作要点 为做好今年工作,特制定本要点。一、加强学习 (一)强化理论武装,每月开展1次集中学习,"
             "全年不少于12次。各支部要结合实际抓好落实,确保学习覆盖全体党员,推动学习成果转化为工作成效。 "
             "(二)抓好宣传工作,每季度召开一次专题会议,研究部署宣传工作。 二、加强管理 (三)完善制度,年底前完成制度修订,"
             "健全长效机制,推动各项制度落地见效,确保管理规范有序。各科室要明确责任分工,细化工作措施,按时报送工作进展情况。")


def test_a_plan_flattened_onto_one_line_is_read_as_a_plan():
    tables = tables_of(FLATTENED)
    [doc] = rows(tables, "documents")
    assert (doc["title"], doc["issuer"], doc["plan_year"]) == ("某局2023年工作要点", "某局", 2023)
    assert [i["title"] for i in rows(tables, "items")] == ["强化理论武装", "抓好宣传工作", "完善制度"]
    found = {(c["period"], c["count_min"]) for c in rows(tables, "commitments")}
    assert {("P1M", 1.0), ("P1Y", 12.0), ("P3M", 1.0)} <= found
    assert unaccounted_lines(tables) == []


def test_an_ordinary_paragraph_with_numbered_points_is_not_cut():
    text = "某局2026年工作要点\n一、加强学习\n1.强化理论武装。做到三点:1、学原文;2、悟原理;3、用原理。\n"
    assert [i["title"] for i in rows(tables_of(text), "items")] == ["强化理论武装"]


def test_a_related_links_line_above_a_plan_does_not_swallow_it():
    text = "相关阅读\n联系电话:0351-1234567\n某局2026年工作要点\n一、加强学习\n1.每月开展1次理论学习。\n"
    tables = tables_of(text)
    assert [d["title"] for d in rows(tables, "documents")] == ["某局2026年工作要点"]
    assert [c["period"] for c in rows(tables, "commitments")] == ["P1M"]


def test_a_plan_in_traditional_characters_is_read_and_kept_as_written():
    text = "國務院辦公廳2022年政務公開工作要點\n一、加強學習\n1.每季度召開1次專題會議,年底前完成考核。\n"
    tables = tables_of(text)
    [doc] = rows(tables, "documents")
    assert (doc["title"], doc["issuer"], doc["plan_year"]) == ("國務院辦公廳2022年政務公開工作要點", "國務院辦公廳", 2022)
    got = {(c["period"], c["count_min"], c["unit"], c["deadline"], c["evidence"]) for c in rows(tables, "commitments")}
    assert got == {("P3M", 1.0, "次", None, "每季度召開1次"), (None, None, None, "2022-12-31", "年底前")}


def test_a_file_that_gives_no_plan_is_an_anomaly_naming_it():
    tables = tables_of("这是一段没有标题也没有编号的说明文字。\n第二段说明。\n", "notes.txt")
    assert rows(tables, "documents") == []
    [anomaly] = rows(tables, "anomalies")
    assert (anomaly["kind"], anomaly["source_file"], anomaly["line_no"]) == ("plan_not_segmented", "notes.txt", 1)


def test_a_title_with_nothing_under_it_is_an_anomaly_and_its_preamble_text_is_kept():
    tables = tables_of("某局2026年工作要点\n今年的工作总体要求是:坚持稳中求进。\n")
    assert rows(tables, "documents") == []
    assert [(a["kind"], a["line_no"]) for a in rows(tables, "anomalies")] == [("plan_not_segmented", 1)]
    residue = {r["line_no"]: (r["reason"], r["text"]) for r in rows(tables, "residue")}
    assert residue == {1: ("title_without_body", "某局2026年工作要点"),
                       2: ("front_matter", "今年的工作总体要求是:坚持稳中求进。")}


def test_a_list_numbered_by_bare_digits_under_a_title_is_a_plan_of_those_items():
    text = ("区政府发布时间:2024-01-18\n\n代表们票决出17项实事项目。\n\n2024年某区政府为民办实事项目\n\n"
            "1\n\n新增100张养护床位;\n\n完成300户适老化改造。\n\n2\n\n新增400个充电桩。\n")
    tables = tables_of(text)
    [doc] = rows(tables, "documents")
    assert (doc["title"], doc["plan_year"]) == ("2024年某区政府为民办实事项目", 2024)
    items = [(i["item_no"], i["item_label"], i["text"]) for i in rows(tables, "items")]
    assert items == [(1, "1", "新增100张养护床位;\n完成300户适老化改造。"), (2, "2", "新增400个充电桩。")]
    assert doc["body_status"] == "complete"
    assert [(c["count_min"], c["unit"]) for c in rows(tables, "commitments")] == [(100, "张"), (300, "户"), (400, "个")]
    assert ("plan_unnumbered", 7) in [(a["kind"], a["line_no"]) for a in rows(tables, "anomalies")]
    residue = {r["line_no"]: r["reason"] for r in rows(tables, "residue")}
    assert residue[3] == "front_matter"  # the news lead above the title is no item


def test_a_news_page_whose_list_runs_in_one_paragraph_gives_that_paragraph_as_an_item():
    text = ("2025年某省政府10件惠民实事确定\n"
            "具体为:一是稳定就业,实现城镇新增就业50万人以上。二是开展6000户适老化改造。\n")
    tables = tables_of(text)
    [doc] = rows(tables, "documents")
    assert doc["title"] == "2025年某省政府10件惠民实事确定"
    assert [i["item_label"] for i in rows(tables, "items")] == [""]  # no number was written
    assert [(c["count_min"], c["unit"]) for c in rows(tables, "commitments")] == [(500000, "人"), (6000, "户")]


def test_the_issuer_of_a_scoped_title_comes_from_the_notice_and_signature():
    text = ("湖州市卫生健康委关于印发2023年全市卫生健康工作要点的通知\n湖卫健发〔2023〕1号\n"
            "湖州市卫生健康委员会\n2023年4月26日\n(此件主动公开)\n"
            "2023年全市卫生健康工作要点\n一、加强管理\n1.每月开展1次检查。\n")
    [doc] = rows(tables_of(text), "documents")
    assert (doc["title"], doc["issuer"], doc["plan_year"]) == ("2023年全市卫生健康工作要点", "湖州市卫生健康委员会", 2023)


def test_a_task_table_flattened_to_text_gives_one_item_per_row():
    text = ("2022年某法院工作要点任务分解表\n序号任务名称任务内容牵头部门配合部门\n"
            "1持续加强理论武装1.强化学习,每月开展1次集中学习。\n2.落实轮训制度。\n政治处各部门\n"
            "2坚持党的领导1.严格执行请示报告制度。\n政治处\n")
    tables = tables_of(text)
    items = rows(tables, "items")
    assert [i["item_label"] for i in items] == ["1", "2"] and items[0]["title"].startswith("持续加强理论武装")
    assert "2.落实轮训制度。" in items[0]["text"] and items[1]["text"].endswith("政治处")
    assert [c["period"] for c in rows(tables, "commitments")] == ["P1M"]


def test_a_task_table_with_a_cell_per_line_takes_the_cells_below_its_number():
    text = "2024年某县重点工作任务分解表\n序号 |\n目标与任务 |\n责任单位 |\n80 |\n新增托位数400个以上。 |\n县教育局 |\n"
    items = rows(tables_of(text), "items")
    assert [(i["item_label"], i["text"]) for i in items] == [("80", "新增托位数400个以上。 |县教育局 |")]


def test_an_undated_title_counts_only_as_the_first_line_of_a_file():
    tables = tables_of("乡镇重点工作安排\n一、加强管理\n1.每月开展1次检查。\n")
    assert [(d["title"], d["plan_year"]) for d in rows(tables, "documents")] == [("乡镇重点工作安排", None)]
    later = tables_of("某局2026年工作要点\n一、加强管理\n1.完善制度。\n下半年工作安排\n2.每月开展1次检查。\n")
    assert [d["title"] for d in rows(later, "documents")] == ["某局2026年工作要点"]


def test_a_plan_numbered_on_one_level_reads_its_paragraphs_as_items():
    text = "某局2024年工作计划\n一、发展产业。全区新增企业3家,产值增长10%。\n二、做好良种繁育。计划展示新品种56个。\n"
    tables = tables_of(text)
    assert [(i["section_no"], i["item_label"], i["title"]) for i in rows(tables, "items")] == [
        (0, "一", "发展产业"), (0, "二", "做好良种繁育")]
    assert {(c["count_min"], c["unit"]) for c in rows(tables, "commitments")} == {(3.0, "家"), (10.0, "%"), (56.0, "个")}
    assert "sections_as_items" in {a["kind"] for a in rows(tables, "anomalies")}


def test_an_undated_plan_takes_the_year_its_items_write_most():
    text = "乡镇重点工作安排\n一、重点项目\n(一)推进建设。2021年计划投资2500万元,力争2021年7月1日开馆,年底前完工。\n"
    tables = tables_of(text)
    [doc] = rows(tables, "documents")
    assert doc["plan_year"] == 2021
    assert "2021-12-31" in {c["deadline"] for c in rows(tables, "commitments")}
