"""HTML and Word inputs: format detection, text extraction, Word list numbers, and what is reported dropped."""

from __future__ import annotations

import html
import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from hypothesis import given
from hypothesis import strategies as st

from yaodian.ingest.formats import FormatError, detect, docx_text, html_text
from yaodian.ingest.read import ReadError, decode, source_from_bytes
from yaodian.synth.render import saved

PLAN = "市委组织部2026年意识形态工作要点\n　　一、锚定政治引领根本\n　　1.每月开展1次理论学习。\n二、压实工作责任\n"


def word(*paragraphs: str):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    return document


def add_list(document, num_id: int, levels: list[tuple[str, str]], start_override: int | None = None) -> None:
    """Define list `num_id` in the numbering part: one (w:numFmt, w:lvlText) per level."""
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_override}"/></w:lvlOverride>'
                if start_override is not None else "")
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/>{override}</w:num>'))


def numbered(document, text: str, num_id: int, level: int = 0) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def content_control(*elements):
    """Wrap sibling `elements` (paragraphs, tables, rows, cells or runs) in one content control (w:sdt)."""
    sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="任务"/></w:sdtPr><w:sdtContent/></w:sdt>')
    elements[0].addprevious(sdt)
    sdt[-1].extend(elements)
    return sdt


TASKS = [("序号", "工作任务", "责任单位", "完成时限"), ("1", "开展理论学习", "办公室", "6月底前"),
         ("2", "组织专题研讨", "宣传科", "年底前")]


def task_table(document):
    table = document.add_table(rows=len(TASKS), cols=len(TASKS[0]))
    for cell, text in zip(table._cells, [text for row in TASKS for text in row], strict=True):
        cell.text = text
    return table


# --- detection ---------------------------------------------------------------------------------


def test_detects_docx():
    assert detect(saved(word("一、总体要求"))) == "docx"


@pytest.mark.parametrize("markup", [
    "<!DOCTYPE html><html><body><p>一、总体要求</p></body></html>",
    "\ufeff<?xml version='1.0'?>\n<!-- saved -->\n<HTML><body>x</body></HTML>",
    "<div class='article'><p>一、总体要求</p></div>",
])
def test_detects_html_pages_and_fragments(markup):
    assert detect(markup.encode()) == "html"


def test_text_that_mentions_a_tag_stays_text():
    assert detect("一、总体要求\n网页用<p>标记段落。\n".encode()) == "text"


def test_detects_gb18030_html_and_reads_it():
    data = '<html><head><meta charset="gb2312"></head><body><p>一、总体要求</p></body></html>'.encode("gb18030")
    source = source_from_bytes(data, "plan.html")
    assert (detect(data), source.format, source.encoding, source.text) == ("html", "html", "gb18030", "一、总体要求\n")


def test_detects_utf16_html_and_reads_it():
    data = "<!DOCTYPE html><p>一、总体要求</p>".encode("utf-16")
    source = source_from_bytes(data, "plan.htm")
    assert (detect(data), source.encoding, source.text) == ("html", "utf-16", "一、总体要求\n")


def test_a_zip_that_is_not_word_is_an_error():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("plan.txt", "一、总体要求")
    with pytest.raises(ReadError) as info:
        source_from_bytes(buffer.getvalue(), "plan.zip")
    assert "without word/document.xml" in info.value.reason and str(info.value).startswith("plan.zip")


def test_text_files_read_as_before():
    source = source_from_bytes(PLAN.encode("gb18030"), "plan.txt")
    assert (source.format, source.encoding, source.text, source.dropped) == ("text", "gb18030", PLAN, ())


# --- HTML --------------------------------------------------------------------------------------


def test_scripts_styles_and_navigation_are_dropped_and_reported():
    markup = ("<html><head><title>标题</title>\n<script>var a = 1;</script>\n<style>p {}</style></head>\n"
              "<body><nav>首页 | 关于</nav>\n<div role='navigation'>上一篇</div><p>正文</p></body></html>")
    extracted = html_text(markup)
    assert extracted.text == "正文\n"
    assert extracted.dropped == (
        (1, "dropped 1 <head> element(s), 2 characters of text"),
        (2, "dropped 1 <script> element(s), 7 characters"),
        (3, "dropped 1 <style> element(s), 3 characters"),
        (4, "dropped 1 <nav> element(s), 5 characters of text"),
        (5, 'dropped 1 element(s) with role="navigation", 3 characters of text'),
    )


def test_blocks_break_lines_and_inline_elements_do_not():
    markup = "<div>市委<span>组织部</span><a href='#'>2026年</a>\n  <b>工作</b>要点<p>一、总体要求</p>尾</div>"
    assert html_text(markup).text == "市委组织部2026年 工作要点\n一、总体要求\n尾\n"


def test_ideographic_space_indents_are_kept():
    assert html_text("<p>　　一、总体要求</p>").text == "　　一、总体要求\n"


def test_nbsp_entity_is_decoded():
    assert html_text("<p>一、总体&nbsp;要求&amp;安排</p>").text == "一、总体\u00a0要求&安排\n"


def test_br_breaks_lines_and_blank_lines_collapse():
    assert html_text("<p>一<br>二<br><br><br>三</p>").text == "一\n二\n\n三\n"


def test_pre_keeps_its_lines():
    assert html_text("<pre>\n一、总体\n  要求</pre>").text == "一、总体\n  要求\n"


def test_table_row_is_one_line_with_tabs_and_a_numbered_row_an_item():
    markup = ("<table><tr><th>序号</th><th>任务</th><th>时限</th></tr>"
              "<tr><td>1</td><td><p>学习</p><p>研讨</p></td><td>6月底前</td></tr></table>")
    assert html_text(markup).text == "序号\t任务\t时限\n1.学习 研讨；6月底前\n"


def test_page_without_text_is_an_error():
    with pytest.raises(FormatError, match="holds no text"):
        html_text("<html><head><title>标题</title></head><body><script>x()</script></body></html>")


def test_page_without_text_names_the_file():
    with pytest.raises(ReadError) as info:
        source_from_bytes(b"<html><body><p> </p></body></html>", "empty.html")
    assert str(info.value) == "empty.html: HTML page holds no text"


ALPHABET = st.sampled_from("市委组织部工作要点一二三十年月日　 abcXYZ0123456789，。、；：（）“”!?.,-()\"'>/%")


@given(st.lists(st.text(ALPHABET, max_size=20), min_size=1, max_size=8))
def test_escaped_paragraphs_come_back(paragraphs):
    markup = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    collapsed = (" ".join(word for word in p.split(" ") if word) for p in paragraphs)  # as a browser shows them
    expected = [p for p in collapsed if p.strip()]
    try:
        got = lines(html_text(markup).text)
    except FormatError:
        got = []
    assert got == expected


# --- Word --------------------------------------------------------------------------------------


def test_docx_paragraphs_are_lines():
    extracted = docx_text(saved(word("一、总体要求", "", "", "　　（一）加强学习")))
    assert extracted.text == "一、总体要求\n\n　　（一）加强学习\n"


def test_docx_tab_and_line_break():
    document = docx.Document()
    run = document.add_paragraph().add_run("一、\t总体")
    run.add_break()
    run.add_text("要求")
    assert docx_text(saved(document)).text == "一、\t总体\n要求\n"


def test_docx_tables_are_rows_of_tab_separated_cells():
    document = word("前言")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["序号", "任务", "1", "学习"], strict=True):
        cell.text = text
    document.add_paragraph("结语")
    assert docx_text(saved(document)).text == "前言\n序号\t任务\n1.学习\n结语\n"


def test_docx_chinese_counting_numbers():
    document = docx.Document()
    add_list(document, 90, [("chineseCounting", "%1、")])
    for text in ["总体要求"] * 11:
        numbered(document, text, 90)
    assert lines(docx_text(saved(document)).text)[-2:] == ["十、总体要求", "十一、总体要求"]


def test_docx_parenthesised_numbers():
    document = docx.Document()
    add_list(document, 91, [("chineseCounting", "（%1）")])
    numbered(document, "加强学习", 91)
    numbered(document, "压实责任", 91)
    assert docx_text(saved(document)).text == "（一）加强学习\n（二）压实责任\n"


def test_docx_lower_level_restarts_under_a_new_higher_item():
    document = docx.Document()
    add_list(document, 92, [("chineseCounting", "%1、"), ("decimal", "%2.")])
    for text, level in [("总体", 0), ("学习", 1), ("研讨", 1), ("保障", 0), ("督查", 1)]:
        numbered(document, text, 92, level)
    assert docx_text(saved(document)).text == "一、总体\n1.学习\n2.研讨\n二、保障\n1.督查\n"


def test_docx_start_override_restarts_a_list():
    document = docx.Document()
    add_list(document, 93, [("decimal", "%1.")], start_override=5)
    numbered(document, "学习", 93)
    assert docx_text(saved(document)).text == "5.学习\n"


def test_docx_numbering_through_paragraph_style():
    document = docx.Document()
    add_list(document, 94, [("chineseCounting", "%1、")])
    style = document.styles.add_style("PlanHeading", 1)
    style.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="94"/></w:numPr>'))
    document.add_paragraph("总体要求", style="PlanHeading")
    document.add_paragraph("重点任务", style="PlanHeading")
    assert docx_text(saved(document)).text == "一、总体要求\n二、重点任务\n"


def test_docx_paragraphs_in_a_content_control_are_read_in_place():
    document = word("前言", "一、总体要求", "（一）加强学习", "结语")
    content_control(*[p._p for p in document.paragraphs[1:3]])
    extracted = docx_text(saved(document))
    assert (extracted.text, extracted.dropped) == ("前言\n一、总体要求\n（一）加强学习\n结语\n", ())


def test_docx_task_table_rows_in_content_controls_are_numbered_items():
    document = word("一、重点任务")
    for row in task_table(document).rows[1:]:
        content_control(row._tr)
    document.add_paragraph("二、保障措施")
    assert docx_text(saved(document)).text == (
        "一、重点任务\n序号\t工作任务\t责任单位\t完成时限\n"
        "1.开展理论学习；办公室；6月底前\n2.组织专题研讨；宣传科；年底前\n二、保障措施\n")


def test_docx_cells_in_content_controls_are_read():
    document = docx.Document()
    table = task_table(document)
    content_control(table.cell(1, 1)._tc)  # around the cell, in the row
    content_control(table.cell(2, 2).paragraphs[0]._p)  # around the cell's paragraph
    rows = lines(docx_text(saved(document)).text)[1:]
    assert rows == ["1.开展理论学习；办公室；6月底前", "2.组织专题研讨；宣传科；年底前"]


def test_docx_inline_content_control_is_part_of_its_paragraph():
    document = docx.Document()
    paragraph = document.add_paragraph("一、")
    run = paragraph.add_run("总体")
    paragraph.add_run("要求")
    content_control(run._r)
    assert docx_text(saved(document)).text == "一、总体要求\n"


def sdt_plan(controls: bool) -> bytes:
    """A plan with Word-numbered headings, a task table and a run: with `controls`, content controls
    wrap them at every level, nested (the heading, and the table with its rows and a cell)."""
    document = docx.Document()
    add_list(document, 95, [("chineseCounting", "%1、")])
    numbered(document, "重点任务", 95)
    table = task_table(document)
    numbered(document, "保障措施", 95)
    paragraph = document.add_paragraph("加强")
    run = paragraph.add_run("组织领导")
    if controls:
        first, second = [row._tr for row in table.rows[1:]]  # python-docx does not see rows in a content control
        content_control(content_control(document.paragraphs[0]._p))
        content_control(table.cell(1, 1).paragraphs[0]._p)
        content_control(content_control(first), second)
        content_control(table._tbl)
        content_control(run._r)
    return saved(document)


def test_docx_with_content_controls_gives_the_same_text_as_without():
    without, within = docx_text(sdt_plan(controls=False)), docx_text(sdt_plan(controls=True))
    assert within == without
    assert lines(within.text) == ["一、重点任务", "序号\t工作任务\t责任单位\t完成时限", "1.开展理论学习；办公室；6月底前",
                                  "2.组织专题研讨；宣传科；年底前", "二、保障措施", "加强组织领导"]


def test_docx_text_the_reader_does_not_reach_is_reported_dropped():
    document = word("一、总体要求")
    document.element.body.insert(0, parse_xml(  # a run standing in the body, outside any paragraph
        f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>附则</w:t></w:r></w:ins>'))
    document.paragraphs[0]._p.append(parse_xml(  # an equation
        '<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:r><m:t>x+1</m:t></m:r></m:oMath>'))
    extracted = docx_text(saved(document))
    assert extracted.text == "一、总体要求\n"
    assert extracted.dropped == ((1, "dropped body text the reader does not reach: 5 characters"),)


def test_docx_header_text_is_reported_dropped():
    document = word("一、总体要求")
    document.sections[0].header.paragraphs[0].text = "市委组织部文件"
    extracted = docx_text(saved(document))
    assert extracted.text == "一、总体要求\n"
    assert extracted.dropped == ((1, "dropped page header/footer text: 7 characters"),)


def test_docx_source_keeps_raw_provenance():
    data = saved(word("一、总体要求"))
    source = source_from_bytes(data, "plan.docx")
    assert (source.format, source.encoding, source.size, source.text) == ("docx", "docx", len(data), "一、总体要求\n")


def test_corrupt_docx_names_the_file():
    data = saved(word("一、总体要求"))
    with pytest.raises(ReadError) as info:
        source_from_bytes(data[: len(data) // 2], "plan.docx")
    assert str(info.value).startswith("plan.docx: corrupt .docx")


def test_docx_with_broken_xml_is_corrupt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document")
    with pytest.raises(FormatError, match="corrupt .docx"):
        docx_text(buffer.getvalue())


def test_same_plan_as_text_html_and_docx_gives_the_same_lines():
    plan = PLAN.splitlines()
    as_html = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in plan) + "</body></html>"
    texts = [source_from_bytes(data, name).text for data, name in [
        (PLAN.encode(), "plan.txt"), (as_html.encode(), "plan.html"), (saved(word(*plan)), "plan.docx")]]
    assert lines(texts[0]) == lines(texts[1]) == lines(texts[2]) == lines(decode(PLAN.encode()).text)


def test_a_pages_title_naming_its_plan_is_its_first_line_unless_the_body_opens_with_it():
    page = "<html><head><title>某局2026年工作要点_某市人民政府网</title></head><body><p>一、加强学习</p></body></html>"
    extracted = html_text(page)
    assert extracted.text == "某局2026年工作要点\n一、加强学习\n"
    assert extracted.dropped == ((1, "dropped 1 <head> element(s), 7 characters of text"),)  # 某市人民政府网
    repeated = page.replace("<body>", "<body><h1>某局2026年工作要点</h1>")
    assert html_text(repeated).text == "某局2026年工作要点\n一、加强学习\n"
