"""Cleaning: normalization properties, line kinds, and paragraphs joined back without loss."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yaodian import rules
from yaodian.ingest.clean import clean_lines, extracted_text, join, normalize, split_lines, strip_labels

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80)
LINE_CHARS = st.one_of(CJK, st.sampled_from("，。,.:：;；、 \u3000\xa0\t“”()（）0123456789*-—过渡句一二三"))
LINES = st.lists(st.text(LINE_CHARS, max_size=30), max_size=25)


@given(st.text(LINE_CHARS, max_size=60))
def test_normalize_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


@given(st.text(LINE_CHARS, max_size=60))
def test_normalize_leaves_no_edge_or_double_spaces(text):
    out = normalize(text)
    assert out == out.strip() and "  " not in out and "\u3000" not in out and "\xa0" not in out


def test_normalize_folds_width_and_spacing():
    assert normalize("\u3000\u3000一、强化政治引领，筑牢　根基（试行）") == "一、强化政治引领,筑牢根基(试行)"


def test_normalize_reads_percent_look_alikes_as_percent():
    assert normalize("抽检合格率达98℅以上,免疫率达100﹪") == "抽检合格率达98%以上,免疫率达100%"


@given(st.text(LINE_CHARS, max_size=60))
def test_strip_labels_round_trips(text):
    stripped, cut = strip_labels(text)
    rebuilt = stripped
    for col, label in reversed(cut):
        rebuilt = rebuilt[:col] + label + rebuilt[col:]
    assert rebuilt == text
    assert strip_labels(stripped) == (stripped, ())


@given(LINES)
def test_every_line_lands_in_exactly_one_block_or_residue(lines):
    text = "\n".join(lines)
    cleaned = clean_lines(text)
    blocks, residue = join(cleaned)
    # a template label and a page-chunk marker (2、 in mid-sentence) are part of a line whose rest is a block's
    whole_line_residue = [r.line_no for r in residue if r.reason != "template_label" and r.detail != "chunk_marker"]
    owners = [n for b in blocks for n in b.lines] + whole_line_residue
    assert sorted(owners) == list(range(1, len(split_lines(text)) + 1))


@given(LINES)
def test_blocks_hold_the_exact_text_of_their_lines(lines):
    """…but for a page-chunk marker opening a line (2、 in mid-sentence), which is residue."""
    cleaned = clean_lines("\n".join(lines))
    by_no = {line.no: line.text for line in cleaned}
    blocks, residue = join(cleaned)
    for r in residue:
        if r.detail == "chunk_marker":
            assert by_no[r.line_no].startswith(r.text)
            by_no[r.line_no] = by_no[r.line_no][len(r.text):]
    for block in blocks:
        assert block.text == "".join(by_no[n] for n in block.lines)


def kinds(text):
    return [(b.kind, b.text) for b in join(clean_lines(text))[0]]


def test_hard_wraps_and_gaps_are_joined():
    text = "1.构建体系。坚持把学习\n\n— 2 —\n\n作为首要任务,\n推动落实。\n2.下一条"
    assert kinds(text) == [("heading", "1.构建体系。坚持把学习作为首要任务,推动落实。"), ("heading", "2.下一条")]


def test_a_short_heading_on_its_own_line_is_not_joined_with_its_body():
    text = "1.深化理论铸魂,凝聚思想共识\n\n深入学习《选读》第一卷,精准把握要义。"
    assert kinds(text) == [("heading", "1.深化理论铸魂,凝聚思想共识"), ("text", "深入学习《选读》第一卷,精准把握要义。")]


def test_a_line_is_not_joined_into_a_heading():
    assert kinds("深入学习,落\n一、思想引领固本") == [("text", "深入学习,落"), ("heading", "一、思想引领固本")]


def test_split_numbering_is_joined_back():
    assert kinds("目录\n1\n.市委组织部2026年意识形态工作要点 2") == [
        ("toc", "目录"), ("toc", "1.市委组织部2026年意识形态工作要点 2")]


def test_template_label_goes_the_sentence_stays():
    [line] = clean_lines("筑牢防线。过渡句:坚持底线思维。")
    assert line.text == "筑牢防线。坚持底线思维。" and line.labels == (((5, 9), "过渡句:"),)
    _, residue = join([line])
    assert [(r.reason, r.col, r.text, r.span) for r in residue] == [("template_label", 5, "过渡句:", (5, 9))]


def test_spans_are_offsets_into_the_extracted_text():
    """Folded lines joined by line breaks: a label's span counts the spaces normalizing drops."""
    text = "标题\n\n  筑牢 防线。 过渡句:坚持底线思维。\n— 2 —\n"
    extracted = extracted_text(text)
    assert extracted == "标题\n\n筑牢 防线。 过渡句:坚持底线思维。\n— 2 —"
    lines = clean_lines(text)
    assert [extracted[slice(*line.span)] for line in lines] == extracted.split("\n")
    [(span, label)] = lines[2].labels
    assert extracted[slice(*span)] == label == "过渡句:"
    blocks, residue = join(lines)
    assert [r.span for r in residue if r.reason == "page_number"] == [lines[3].span]
    assert all(len(block.spans) == len(block.lines) for block in blocks)


def test_web_chrome_and_its_related_links_tail():
    text = "首页 > 工作范文 >\n浩渺发表时间 5493889\n正文。\n相关推荐\n2026年某局工作要点\n48 5493889"
    assert [line.kind for line in clean_lines(text)] == ["chrome", "chrome", "text", "chrome", "chrome", "chrome"]


def test_masked_characters_are_kept():
    assert kinds("制定《*市政法干警网络行为规范》。") == [("text", "制定《*市政法干警网络行为规范》。")]


def test_no_paragraph_goes_on_across_official_furniture():
    """Web chrome may sit inside a paragraph cut by a page break; a signature date never does."""
    blocks, _ = join(clean_lines("加强理论学习,推动\n发布时间:2026-01-05\n落实落细\n"))
    assert [b.text for b in blocks] == ["加强理论学习,推动落实落细"]
    blocks, _ = join(clean_lines("加强理论学习,推动\n2026年3月1日\n落实落细\n"))
    assert [b.text for b in blocks] == ["加强理论学习,推动", "落实落细"]


@pytest.mark.parametrize("text", rules.table("layout")["chunk_marker_match"])
def test_chunk_marker_corpus_matches(text):
    assert re.match(rules.table("layout")["chunk_marker"], text)


@pytest.mark.parametrize("text", rules.table("layout")["chunk_marker_no_match"])
def test_chunk_marker_corpus_does_not_match(text):
    assert not re.match(rules.table("layout")["chunk_marker"], text)


def test_a_page_chunk_marker_in_mid_sentence_is_set_aside_and_the_sentence_goes_on():
    text = "一、加强学习\n坚持把理论学习作为首要任务,压实各级\n2、主体责任,每月开展1次学习。\n3、完善制度。\n"
    blocks, residue = join(clean_lines(text))
    assert [b.text for b in blocks] == ["一、加强学习", "坚持把理论学习作为首要任务,压实各级主体责任,每月开展1次学习。",
                                        "3、完善制度。"]
    assert [(r.line_no, r.text, r.detail) for r in residue] == [(3, "2、", "chunk_marker")]


def test_a_numbered_line_after_a_colon_is_an_item():
    blocks, _ = join(clean_lines("主要任务如下:\n1、加强学习。\n"))
    assert [b.kind for b in blocks] == ["text", "heading"]


LAYOUT_PATTERNS = ("progress_columns", "deadline_cell", "notice_quote", "head_marker", "glued_title", "glued_item")


@pytest.mark.parametrize(("name", "text"), [(n, t) for n in LAYOUT_PATTERNS for t in rules.table("layout")[f"{n}_match"]])
def test_layout_pattern_corpus_matches(name, text):
    assert re.search(rules.table("layout")[name], text)


@pytest.mark.parametrize(("name", "text"), [(n, t) for n in LAYOUT_PATTERNS for t in rules.table("layout")[f"{n}_no_match"]])
def test_layout_pattern_corpus_does_not_match(name, text):
    assert not re.search(rules.table("layout")[name], text)


PROGRESS_TABLE = "\n\n".join([
    "序号", "目标任务", "牵头单位", "计划完成时间", "目前完成情况",
    "52", "建成高标准农田8.3万亩。", "农田建设管理股", "2023年底", "高标准农田8.3万亩正在施工中,整体进度70%。",
    "53", "完成改革试验20万亩。", "经管站", "2023年底", "已累计完成改革试验31.7万亩。",
]) + "\n"


def test_a_progress_reports_cells_after_the_deadline_cell_are_the_report():
    blocks, _ = join(clean_lines(PROGRESS_TABLE))
    kinds = {b.text: b.kind for b in blocks}
    assert kinds["高标准农田8.3万亩正在施工中,整体进度70%。"] == "progress"
    assert kinds["已累计完成改革试验31.7万亩。"] == "progress"
    assert kinds["建成高标准农田8.3万亩。"] == kinds["2023年底"] == kinds["经管站"] == "text"


def test_a_task_table_without_a_progress_column_keeps_every_cell():
    blocks, _ = join(clean_lines(PROGRESS_TABLE.replace("目前完成情况", "备注")))
    assert "progress" not in {b.kind for b in blocks}
    assert "2023年底" in [b.text for b in blocks]  # a blank line parts the cells


def test_a_title_the_notice_quotes_is_the_plans_title():
    text = ("某县人民政府关于印发《某县贯彻“十四五”市场监管现代化规划实施方案》的通知\n各乡(镇)人民政府:\n"
            "现印发给你们,请认真贯彻落实。\n某县贯彻“十四五”市场监管现代化规划实施方案\n一、总体要求\n")
    kinds = {line.text: line.kind for line in clean_lines(text)}
    assert kinds["某县贯彻“十四五”市场监管现代化规划实施方案"] == "title"


def test_a_flattened_copy_opening_with_a_chunk_marker_and_a_glued_title_gives_the_title():
    text = ("1、某中学2023-2024第一学期学校工作计划2023年,学校将继续以习近平新时代中国特色社会主义思想为指导,"
            "坚持深入学习贯彻党的二十大精神,以打造优质特色品牌学校为核心,以安全稳定为前提,以提高教育教学质量为根本,"
            "突出“四张清单”引领,做到精心布局,精准发力,力争学校发展再上新台阶,全力办好人民满意的教育。"
            "一、强化党建引领(一)抓细常态促规范严格履行管党治党主体责任。(二)抓实阵地建设每月开展1次主题党日活动。\n")
    lines = clean_lines(text)
    assert [(line.kind, line.text) for line in lines][:2] == [
        ("title", "某中学2023-2024第一学期学校工作计划"),
        ("text", lines[1].text)]
    assert [label for line in lines for _, label in line.labels] == ["1、"]


def test_an_item_glued_to_its_section_heading_is_cut_off():
    lines = clean_lines("一、明确目标任务,促进学前教育快速发展1、学前三年教育发展目标。\n2007年,入园率达到96%以上。\n")
    assert [(line.kind, line.text) for line in lines][:2] == [
        ("heading", "一、明确目标任务,促进学前教育快速发展"), ("heading", "1、学前三年教育发展目标。")]
