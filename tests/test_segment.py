"""Segmenting one file: outlines, bodies, layouts of item titles, preambles, truncation."""

from __future__ import annotations

from yaodian.build.segment import segment, short_heading, split_heading
from yaodian.ingest.clean import Block, clean_lines, join
from yaodian.schemas import declaration

OUTLINES = "一、甲部分\n1.甲一\n2.甲二\n二、乙部分\n3.乙一\n一、丙部分\n1.丙一\n二、丁部分\n2.丁一\n"
BODY = (
    "市委某部2026年意识形态工作要点\n"
    "2026年,市委某部坚持以习近平新时代中国特色社会主义思想为指导。\n"
    "一、强化政治引领,夯实理论根基\n"
    "本部分说明。\n"
    "1.构建研学体系\n"
    "每月开展1次理论学习。\n"
    "2.深化精准宣讲,推动落地。每季度至少召开一次专题会议。\n"
    "二、压实责任,健全机制\n"
    "3.完善机制\n"
)


def seg(text: str, name: str = "t.txt"):
    blocks, residue = join(clean_lines(text))
    return segment(name, blocks)


def test_consecutive_outlines_split_where_section_numbers_restart():
    docs = seg(OUTLINES).docs
    assert [d.kind for d in docs] == ["outline", "outline"]
    assert [[s.heading for s in d.sections] for d in docs] == [["甲部分", "乙部分"], ["丙部分", "丁部分"]]
    assert [[i.no for i in d.items] for d in docs] == [[1, 2, 3], [1, 2]]


def test_body_with_title_preamble_intro_and_both_title_layouts():
    [doc] = seg(BODY).docs
    assert doc.kind == "body" and doc.title == "市委某部2026年意识形态工作要点" and doc.title_line == 1
    assert doc.preamble == ["2026年,市委某部坚持以习近平新时代中国特色社会主义思想为指导。"]
    assert doc.sections[0].heading == "强化政治引领,夯实理论根基" and doc.sections[0].intro == ["本部分说明。"]
    own_line, inline, bare = doc.items
    assert (own_line.heading, own_line.has_body) == ("构建研学体系", True)
    assert own_line.text == "构建研学体系\n每月开展1次理论学习。"
    assert inline.heading == "深化精准宣讲,推动落地" and inline.has_body
    assert inline.text == "深化精准宣讲,推动落地。每季度至少召开一次专题会议。"
    assert (bare.heading, bare.has_body, bare.lines) == ("完善机制", False, [9])


def test_a_lone_number_at_the_end_marks_a_truncated_body():
    out = seg(BODY + "4\n\n\n")
    [doc] = out.docs
    assert doc.truncated_line == 10
    assert [(r.line_no, r.reason) for r in out.residue] == [(10, "truncated")]


def test_a_repeated_page_title_goes_to_residue():
    out = seg("某局2026年工作要点\n发布时间:2026-01-05\n" + "某局2026年工作要点\n一、甲\n1.乙。正文。\n")
    assert len(out.docs) == 1 and out.docs[0].title_line == 3
    assert [(r.line_no, r.reason) for r in out.residue] == [(1, "duplicate_title")]


def test_toc_entries_are_parsed_and_set_aside():
    out = seg("目录\n1.某局2026年工作要点 2\n2.某委2026年工作要点 18\n")
    assert [(e.no, e.title, e.page) for e in out.toc] == [(1, "某局2026年工作要点", 2), (2, "某委2026年工作要点", 18)]
    assert {r.reason for r in out.residue} == {"toc"} and not out.docs


def test_heading_helpers():
    assert split_heading("强化判断力,精准识别风险。市中级人民法院") == ("强化判断力,精准识别风险", "市中级人民法院")
    assert short_heading("深化理论铸魂,凝聚思想共识") == "深化理论铸魂"


def test_items_numbered_within_sections_are_numbered_through_the_plan():
    [doc] = seg("一、甲\n1.甲一。正文。\n2.甲二。正文。\n二、乙\n1.乙一。正文。\n2.乙二。正文。\n").docs
    assert [(i.no, i.label, i.heading) for i in doc.items] == [
        (1, "1", "甲一"), (2, "2", "甲二"), (3, "1", "乙一"), (4, "2", "乙二")]
    assert [kind for _, kind, _ in doc.notes] == ["items_renumbered"]


def test_what_a_plan_of_loose_items_sets_aside_has_the_reasons_the_residue_table_allows():
    """A loose plan (nothing numbered under its title) sets a progress cell and a compilation's
    cover aside with the reasons the numbered walk gives them, which the residue schema lists."""
    def block(kind, text, no):
        return Block(kind, text, [no], None, spans=[(no * 100, no * 100 + len(text))], cols=[0])

    blocks = [block("title", "2024年某区政府为民办实事项目", 1), block("text", "新增100张养护床位。", 2),
              block("progress", "已完成80%", 3), block("compilation_title", "民生实事汇编(3篇)", 4)]
    out = segment("plan.txt", blocks)
    assert [item.text for doc in out.docs for item in doc.items] == ["新增100张养护床位。"]
    reasons = {r.line_no: r.reason for r in out.residue}
    assert reasons == {3: "progress_report", 4: "compilation_title"}
    allowed = next(f["enum"] for f in declaration("residue")["fields"] if f["name"] == "reason")
    assert set(reasons.values()) <= set(allowed)
