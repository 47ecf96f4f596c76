"""Render a plan in the layouts other documents of the genre use.

The sample is two files; users bring plans numbered （一） or 第一条, with full-width
punctuation, `　　` indents, blank lines, hard wraps with page numbers between the lines,
official-document furniture (文号, the notice that forwards the plan, 抄送, 印发) and web
chrome. `render(plan, layout)` writes one plan in one such layout, so the layout-proof
tests can check that every layout gives the same items and commitments, and
`html_page` / `docx_bytes` give the same text as a saved web page and a Word file.
The layout vocabulary is data (LAYOUT_CHOICES); a Layout is one pick from each.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass

from yaodian.ingest.hardwrap import display_width
from yaodian.rules.numerals import to_chinese

ITEM_STYLES = ("dot", "comma", "paren_full", "paren_half", "paren_digit", "article")
PAGE_NUMBER_STYLES = ("— {n} —", "-{n}-", "第{n}页", "- {n} -")
# Half-width punctuation and its full-width form, as Word and most official documents write it.
PUNCTUATION = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
FULL_WIDTH = str.maketrans(PUNCTUATION)
HALF_WIDTH = str.maketrans({full: half for half, full in PUNCTUATION.items()})

LAYOUT_CHOICES = {
    "item_style": ITEM_STYLES,
    "through": (False, True),          # item numbers run through the sections, or restart in each
    "sections": (True, False),         # articles often stand without sections
    "section_style": ("comma", "part"),  # 一、 or 第一部分
    "title_own_line": (True, False),   # an item's title on its own line, or leading its paragraph
    "full_width": (True, False),
    "indent": ("", "　　", "  "),
    "blank_lines": (False, True),
    "wrap": (None, 36, 50, 66, 80, 128),  # columns; a CJK character takes two
    "page_numbers": (None, *PAGE_NUMBER_STYLES),
    "official": (False, True),
    "chrome": (False, True),
    "title_split": (False, True),      # the issuing body on a line above the rest of the title
}


@dataclass(frozen=True)
class Layout:
    """One pick of each layout feature; the default is the plainest."""

    item_style: str = "dot"
    through: bool = False
    sections: bool = True
    section_style: str = "comma"
    title_own_line: bool = True
    full_width: bool = False
    indent: str = ""
    blank_lines: bool = False
    wrap: int | None = None
    page_numbers: str | None = None
    official: bool = False
    chrome: bool = False
    title_split: bool = False


@dataclass(frozen=True)
class Item:
    title: str
    body: str  # the text after the title, "" when the item is its title alone


@dataclass(frozen=True)
class Section:
    heading: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Plan:
    title: str
    issuer: str
    preamble: str
    sections: tuple[Section, ...]


def plans_from_tables(tables: dict) -> list[Plan]:
    """The complete plans of a release's tables, as Plans to re-render."""
    docs = [d for d in tables["documents"].to_pylist() if d["body_status"] == "complete"]
    sections = tables["sections"].to_pylist()
    items = tables["items"].to_pylist()
    plans = []
    for doc in docs:
        secs = tuple(
            Section(s["heading_full"] or s["heading"],
                    tuple(_item(i) for i in items if i["doc_id"] == doc["doc_id"] and i["section_no"] == s["section_no"]))
            for s in sections if s["doc_id"] == doc["doc_id"])
        plans.append(Plan(doc["body_title"] or doc["title"], doc["issuer"] or "", doc["preamble"] or "", secs))
    return plans


def _item(row: dict) -> Item:
    """Split an item's text into its title and the body after it."""
    title, text = row["title_full"] or row["title"] or "", row["text"] or ""
    if not text.startswith(title):
        return Item(title, text)
    body = text[len(title):].lstrip("\n")
    if body[:1] in tuple("。.;；,，:："):
        body = body[1:]
    return Item(title, body.strip())


def item_label(style: str, n: int) -> str:
    """The printed number of the n-th item in `style`."""
    numeral = to_chinese(n)
    return {"dot": f"{n}.", "comma": f"{n}、", "paren_full": f"（{numeral}）", "paren_half": f"({numeral})",
            "paren_digit": f"（{n}）", "article": f"第{numeral}条 "}[style]


def render(plan: Plan, layout: Layout = Layout()) -> str:
    """The plan as a text file in `layout`. Hard wraps cut the plan's paragraphs and the notice;
    the page chrome and the 抄送/印发 footer (a boxed table in print) stay whole lines."""
    width = FULL_WIDTH if layout.full_width else HALF_WIDTH
    chrome_top, chrome_foot = _chrome(layout)
    paragraphs = _official_header(plan, layout) + _body(plan, layout)
    lines = [line for p in paragraphs for line in hard_wrap(p.translate(width), layout.wrap)]
    footer = [line.translate(width) for line in _official_footer(plan, layout)]
    lines = chrome_top + _paginate(lines + footer, layout) + chrome_foot
    return ("\n\n" if layout.blank_lines else "\n").join(lines) + "\n"


def _body(plan: Plan, layout: Layout) -> list[str]:
    title = [plan.title]
    if layout.title_split and plan.issuer and plan.title.startswith(plan.issuer):
        title = [plan.issuer, plan.title[len(plan.issuer):]]
    out = title + [layout.indent + plan.preamble] if plan.preamble else title
    n = 0
    for s_no, section in enumerate(plan.sections, 1):
        if layout.sections:
            label = f"第{to_chinese(s_no)}部分 " if layout.section_style == "part" else f"{to_chinese(s_no)}、"
            out.append(f"{layout.indent}{label}{section.heading}")
        for i_no, item in enumerate(section.items, 1):
            n += 1
            through = layout.through or not layout.sections
            label = item_label(layout.item_style, n if through else i_no)
            out.extend(layout.indent + p for p in _item_paragraphs(label, item, layout))
    return out


def _item_paragraphs(label: str, item: Item, layout: Layout) -> list[str]:
    if not item.body:
        return [label + item.title]
    if layout.title_own_line:
        return [label + item.title, *item.body.split("\n")]
    first, *rest = item.body.split("\n")
    return [f"{label}{item.title}。{first}", *rest]


def _chrome(layout: Layout) -> tuple[list[str], list[str]]:
    """A saved web page's navigation and byline above the plan, and its buttons and links below."""
    if not layout.chrome:
        return [], []
    return (["当前位置：首页 > 通知公告 > 工作要点", "发布时间：2026-03-02 来源：本站", "浏览次数：1024"],
            ["【打印本页】", "【关闭窗口】", "相关推荐", "某县2025年意识形态工作要点", "某局2024年工作要点"])


def _official_header(plan: Plan, layout: Layout) -> list[str]:
    """The 文号, the notice that forwards the plan, and its signature."""
    if not layout.official:
        return []
    issuer = plan.issuer or "某局"
    return [f"{issuer}文件", f"{issuer}〔2026〕3号", f"关于印发《{plan.title}》的通知",
            f"各科室：现将《{plan.title}》印发给你们，请认真贯彻落实。", issuer, "2026年3月1日", "附件"]


def _official_footer(plan: Plan, layout: Layout) -> list[str]:
    if not layout.official:
        return []
    return ["抄送：市委办公室，市政府办公室。", f"{plan.issuer or '某局'}办公室 2026年3月1日印发"]


def hard_wrap(paragraph: str, columns: int | None) -> list[str]:
    """Hard-wrap a paragraph at `columns` display columns (a CJK character takes two)."""
    if not columns:
        return [paragraph]
    lines, line, width = [], "", 0
    for ch in paragraph:
        w = display_width(ch)
        if width + w > columns:
            lines.append(line)
            line, width = "", 0
        line, width = line + ch, width + w
    return lines + [line]


def _paginate(lines: list[str], layout: Layout) -> list[str]:
    """Page-number lines, as printed documents carry them: after every 23 lines of a wrapped
    file, or in an unwrapped one (one line per paragraph), inside every 8th long paragraph,
    which the page break cuts mid-sentence."""
    if not layout.page_numbers:
        return lines
    out, page = [], 0
    for k, line in enumerate(lines, 1):
        if layout.wrap and k % 23 == 0:
            page += 1
            out += [line, layout.page_numbers.format(n=page)]
        elif not layout.wrap and k % 8 == 0 and len(line) > PAGE_CUT_MIN:
            page += 1
            cut = _mid_sentence(line)
            out += [line[:cut], layout.page_numbers.format(n=page), line[cut:]]
        else:
            out.append(line)
    return out


PAGE_CUT_MIN = 80  # a paragraph this long can be cut by a page break (headings never are)


def _mid_sentence(line: str) -> int:
    """A cut near the middle of `line`, not just after a sentence end (where a page break
    would look like a paragraph break, which the text cannot tell apart)."""
    cut = len(line) // 2
    while line[cut - 1] in "。；！？;!?":
        cut += 1
    return cut


# How pages lay out their lines: a <p> each, <br> breaks in one block, or the article framed in
# a one-cell table, as old sites do; with &nbsp; runs for indents where the text has spaces.
PAGE_STYLES = ("p", "br", "table")


def html_page(text: str, title: str = "", style: str = "p") -> str:
    """`text` as a saved web page in `style`, inside site navigation, scripts and styles."""
    lines = [html.escape(line).replace("  ", "&nbsp;&nbsp;") for line in text.split("\n") if line.strip()]
    if style == "br":
        content = "<div class=\"content\">" + "<br>\n".join(lines) + "</div>"
    else:
        paragraphs = "\n".join(f"<p>{line}</p>" for line in lines)
        content = (f"<table><tr><td>\n{paragraphs}\n</td></tr></table>" if style == "table"
                   else f"<div class=\"content\">\n{paragraphs}\n</div>")
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
        f"{html.escape(title)}</title>\n<script>var _hmt = _hmt || []; document.write('<p>广告</p>');</script>\n"
        "<style>p { text-indent: 2em; }</style></head>\n<body>\n"
        "<nav><a href=\"/\">首页</a> | <a href=\"/news\">新闻中心</a></nav>\n"
        f"{content}\n<script>console.log('统计');</script>\n</body></html>\n"
    )


def docx_bytes(text: str) -> bytes:
    """`text` as a Word file: one paragraph per non-blank line."""
    import docx  # imported here: only the tests write Word files

    document = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line)
    return saved(document)


# Word's own list for a plan: sections 一、 at level 0, items 1. at level 1 (restarting per section).
PLAN_LIST = (
    '<w:abstractNum {ns} w:abstractNumId="90">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
    '</w:abstractNum>'
)
PLAN_NUM = '<w:num {ns} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'
NUMBERED = '<w:numPr {ns}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'


def docx_plan(plan: Plan) -> bytes:
    """The plan as a Word file whose section and item numbers are Word's automatic numbering
    (the numbers are not in the paragraphs' text), as plans drafted in Word usually are."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(PLAN_LIST.format(ns=nsdecls("w"))))
    numbering.append(parse_xml(PLAN_NUM.format(ns=nsdecls("w"))))

    def numbered(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(NUMBERED.format(ns=nsdecls("w"), level=level)))

    document.add_paragraph(plan.title)
    if plan.preamble:
        document.add_paragraph(plan.preamble)
    for section in plan.sections:
        numbered(section.heading, 0)
        for item in section.items:
            numbered(item.title, 1)
            for paragraph in filter(None, item.body.split("\n")):
                document.add_paragraph(paragraph)
    return saved(document)


def saved(document) -> bytes:
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
