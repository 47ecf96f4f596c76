"""Segment one cleaned file into drafts: tables of contents, outlines and bodies.

A file is a sequence of blocks (clean.join). A title opens a document; a section
heading (一、) opens a section, and a section number that does not increase opens a new
document (outlines of nine plans follow each other with no titles between them); a
numbered heading (1.) opens an item; text attaches to the item, the section (its
introduction) or the document (its preamble). Whether a draft is an outline or a body
is read off its content: an outline is headings only. Linking drafts across files is
reconcile.py's job. Drafts keep the span of each of their lines' pieces (parallel to their
line numbers), so that what becomes a row and what is set aside covers the file's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yaodian import rules
from yaodian.commitments.extract import extract
from yaodian.ingest.clean import Block, Residue, Span, ends_sentence
from yaodian.rules import script
from yaodian.rules.numerals import to_chinese, to_int


@dataclass(frozen=True)
class TocEntry:
    no: int
    title: str
    page: int
    line_no: int


@dataclass
class ItemDraft:
    no: int
    label: str         # the number as written ("12", "一")
    text: str          # the item's text without its number: heading first, body after
    heading: str       # the heading as written (up to the first sentence end)
    lines: list[int]
    has_body: bool = False  # text beyond an outline heading: a body, or the item written as a sentence
    spans: list[Span] = field(default_factory=list)  # of each line's piece, as `lines`


@dataclass
class SectionDraft:
    no: int
    heading: str
    lines: list[int]
    intro: list[str] = field(default_factory=list)
    items: list[ItemDraft] = field(default_factory=list)
    label: str = ""  # the number as written ("三")
    text: str = ""  # the heading paragraph after its number, heading first
    later: list[str] = field(default_factory=list)  # the paragraphs after the heading's
    spans: list[Span] = field(default_factory=list)  # of each line's piece, as `lines`


@dataclass
class DocDraft:
    source: str
    position: int
    title: str | None = None
    title_block: Block | None = None
    preamble: list[str] = field(default_factory=list)
    preamble_lines: list[int] = field(default_factory=list)
    preamble_spans: list[Span] = field(default_factory=list)  # as preamble_lines
    preamble_starts: list[int] = field(default_factory=list)  # the first line of each preamble paragraph
    sections: list[SectionDraft] = field(default_factory=list)
    truncated_line: int | None = None
    notes: list[tuple[int, str, str]] = field(default_factory=list)  # (line, anomaly kind, detail)
    item_style: str | None = None  # the layout rule of the plan's first item heading
    signed_by: str | None = None  # the issuing body's signature around the plan (official documents)
    lead: list[str] = field(default_factory=list)  # lines set aside above the title: notice, 文号, meta block

    @property
    def title_line(self) -> int | None:
        return self.title_block.lines[0] if self.title_block else None

    @property
    def header(self) -> tuple[list[int], list[Span]]:
        """Lines and spans of the title and the preamble."""
        title = self.title_block or Block("title", "")
        return title.lines + self.preamble_lines, title.spans + self.preamble_spans

    @property
    def items(self) -> list[ItemDraft]:
        return [item for section in self.sections for item in section.items]

    @property
    def kind(self) -> str:
        """"outline" (headings only), "body" (has text) or "empty" (a title and nothing).

        An item written as a sentence ("第一条 各部门每月开展1次学习。") has text even with no
        body after it: outline headings do not end with a 。.
        """
        if not self.sections:
            return "empty"
        has_text = self.preamble or any(s.intro for s in self.sections) or any(i.has_body for i in self.items)
        return "body" if has_text else "outline"


@dataclass
class Segmented:
    """What one file holds, before linking across files."""

    source: str
    docs: list[DocDraft]
    toc: list[TocEntry]
    residue: list[Residue]
    notes: list[tuple[int, str, str]] = field(default_factory=list)  # (line, anomaly kind, detail) of the file

    def spans(self) -> list[Span]:
        """Every span the drafts and the residue hold: what the file's rows will account for."""
        out = [r.span for r in self.residue if r.span is not None]
        for doc in self.docs:
            out += doc.header[1]
            for section in doc.sections:
                out += section.spans + [span for item in section.items for span in item.spans]
        return out


def residue_of(lines: list[int], spans: list[Span], text: str, reason: str, detail: str | None = None,
              col: int = 0, cols: list[int] | None = None) -> list[Residue]:
    """Residue rows of a piece of text on `lines`: one per line with that line's span and column
    (`cols`; else `col` on the first line and 0 after), the text on the first."""
    cols = cols or [col if i == 0 else 0 for i in range(len(lines))]
    return [Residue(no, text if i == 0 else "", reason, detail, at, span)
            for i, (no, span, at) in enumerate(zip(lines, spans, cols, strict=True))]


def split_heading(text: str) -> tuple[str, str]:
    """(heading, rest) of a heading paragraph: the heading ends at the first sentence end."""
    ends = rules.table("layout")["sentence_end"]
    for i, ch in enumerate(text):
        if ch in ends:
            return text[:i], text[i + 1:]
    return text, ""


def short_heading(heading: str) -> str:
    """A heading's first half, as outlines give it ("深化理论铸魂,凝聚思想共识" → "深化理论铸魂")."""
    return heading.split(",", 1)[0].strip()


class _Walker:
    """State of one pass over a file's blocks; kept small so each step reads alone."""

    def __init__(self, source: str):
        self.out = Segmented(source, [], [], [])
        self.doc: DocDraft | None = None
        self.section: SectionDraft | None = None
        self.item: ItemDraft | None = None

    def set_aside(self, block: Block, reason: str, detail: str | None = None) -> None:
        self.out.residue += residue_of(block.lines, block.spans, block.text, reason, detail, block.col, block.cols)

    def new_doc(self, title: Block | None = None) -> DocDraft:
        self.doc = DocDraft(self.out.source, len(self.out.docs))
        if title is not None:
            self.doc.title, self.doc.title_block = title.text, title
        self.out.docs.append(self.doc)
        self.section = self.item = None
        return self.doc

    def toc(self, block: Block) -> None:
        match = rules.rule("layout", "toc_entry").search(script.to_simplified(block.text))
        if match:
            title = block.text[match.start("title"):match.end("title")]  # as written, in either script
            self.out.toc.append(TocEntry(int(match["num"]), title, int(match["page"]), block.lines[0]))
        self.set_aside(block, "toc", block.rule)
        self.doc = self.section = self.item = None

    def section_heading(self, block: Block, no: int, label: str, rest: str) -> None:
        doc = self.doc
        if doc is None or (doc.sections and no <= doc.sections[-1].no):
            doc = self.new_doc()
        heading, intro = split_heading(rest)
        self.section = SectionDraft(no, heading, list(block.lines), [intro] if intro else [], label=label, text=rest,
                                    spans=list(block.spans))
        doc.sections.append(self.section)
        self.item = None

    def item_heading(self, block: Block, no: int, label: str, rest: str) -> None:
        if self.doc is not None and self.item is not None and self.doc.item_style not in (None, block.rule):
            self.text(block)  # another numbering inside an item: a sub-point ("1." under "(一)")
            return
        if self.doc is None:
            self.new_doc()
        self.doc.item_style = self.doc.item_style or block.rule
        if self.section is None:  # items before any section: an implicit section 0
            self.section = SectionDraft(0, "", [])
            self.doc.sections.append(self.section)
        heading, body = split_heading(rest)
        self.item = ItemDraft(no, label, rest, heading, list(block.lines), has_body=_has_body(rest, body),
                              spans=list(block.spans))
        self.section.items.append(self.item)

    def text(self, block: Block) -> None:
        if self.item is not None and not self.item.text:  # "2." on a line of its own, its text below
            self.item.text = block.text
            self.item.heading, body = split_heading(block.text)
            self.item.lines += block.lines
            self.item.spans += block.spans
            self.item.has_body = _has_body(block.text, body)
        elif self.item is not None:
            self.item.text += "\n" + block.text
            self.item.lines += block.lines
            self.item.spans += block.spans
            self.item.has_body = True
        elif self.section is not None:
            self.section.intro.append(block.text)
            self.section.later.append(block.text)
            self.section.lines += block.lines
            self.section.spans += block.spans
        elif self.doc is not None:
            self.doc.preamble.append(block.text)
            self.doc.preamble_lines += block.lines
            self.doc.preamble_spans += block.spans
            self.doc.preamble_starts.append(block.lines[0])
        else:
            self.set_aside(block, "front_matter")

    def loose_item(self, block: Block, no: int, label: str, text: str) -> None:
        """An item of a plan with nothing numbered (see _loose): `block` is its bare number (`label`,
        `text` empty: the lines under it to come) or its paragraph (no number written: `label` "")."""
        heading, _ = split_heading(text)
        self.item = ItemDraft(no, label, text, heading, list(block.lines), has_body=bool(text), spans=list(block.spans))
        self.section.items.append(self.item)

    def bare_number(self, block: Block, is_last: bool) -> None:
        expected = (self.item.no + 1) if self.item else None
        if is_last and self.doc is not None and to_int(block.text) == expected:
            self.doc.truncated_line = block.lines[0]
            self.set_aside(block, "truncated", "item number with nothing after it at the end of the file")
        else:
            self.set_aside(block, "page_number", "bare_number")


def segment(source: str, blocks: list[Block], furniture: list[Residue] = ()) -> Segmented:
    """Drafts of every document, outline and TOC entry in one file's blocks; `furniture` is
    what cleaning set aside, where official documents' signatures are."""
    walker = _walk(source, blocks)
    if not walker.out.toc and not any(doc.sections for doc in walker.out.docs):
        walker = _loose(source, blocks) or walker
    out = _sign(_finish(walker.out), [(r.line_no, r.text.strip()) for r in furniture if r.detail == "signature"])
    return _lead(out, [*furniture, *out.residue])


def _walk(source: str, blocks: list[Block]) -> _Walker:
    """One pass over a file's blocks: titles open plans, headings their sections and items."""
    walker = _Walker(source)
    weak = _weak_items(blocks)
    for i, block in enumerate(blocks):
        if block.kind == "toc":
            walker.toc(block)
        elif block.kind == "compilation_title":
            walker.set_aside(block, "compilation_title")
        elif block.kind == "title":
            walker.new_doc(block)
        elif block.kind == "heading" and block.rule not in weak:
            match = rules.rule("layout", block.rule).search(script.to_simplified(block.text))
            no, rest = to_int(match["num"]), block.text[match.start("rest"):match.end("rest")] if match["rest"] else ""
            if block.rule in rules.table("layout")["section_rules"]:
                walker.section_heading(block, no, match["num"], rest)
            else:
                walker.item_heading(block, no, match["num"], rest)
        elif block.kind == "bare_number":
            walker.bare_number(block, is_last=i == len(blocks) - 1)
        elif block.kind == "progress":  # a progress report's cell: what was done, not the plan
            walker.set_aside(block, "progress_report", block.rule)
        else:
            walker.text(block)
    return walker


# What a plan of loose items sets aside, by block kind, with the residue reason the walk gives it
# (a TOC never gets here: a file with one is read as numbered); another title reads as text above.
_LOOSE_ASIDE = {"toc": "toc", "compilation_title": "compilation_title", "progress": "progress_report",
                "title": "front_matter"}


def _loose(source: str, blocks: list[Block]) -> _Walker | None:
    """A plan under a title with nothing numbered as its sections or items: a 民生实事 list whose
    items are numbered by bare digits on lines of their own, a news page whose list runs inside
    one paragraph (一是…二是…). Each paragraph after the title is an item; where bare numbers
    stand between them, each number opens the item of the lines under it. What stands before
    the title is set aside as before. None for a file with no title (a page of prose is no
    plan), and for paragraphs that neither are numbered nor promise anything."""
    first = next((i for i, block in enumerate(blocks) if block.kind == "title"), None)
    if first is None:
        return None
    walker = _Walker(source)
    numbered = any(block.kind == "bare_number" for block in blocks[first:])
    for block in blocks[:first]:
        walker.set_aside(block, "page_number" if block.kind == "bare_number" else "front_matter", block.rule)
    doc = walker.new_doc(blocks[first])
    walker.section = SectionDraft(0, "", [])
    doc.sections.append(walker.section)
    for block in blocks[first + 1:]:
        if block.kind == "title" and block.text == doc.title:
            walker.set_aside(block, "duplicate_title")
        elif block.kind == "bare_number":
            walker.loose_item(block, to_int(block.text), block.text.strip(), "")
        elif block.kind in _LOOSE_ASIDE:
            walker.set_aside(block, _LOOSE_ASIDE[block.kind], block.rule)
        elif numbered and walker.item is not None:
            walker.text(block)
        else:
            walker.loose_item(block, len(walker.section.items) + 1, "", block.text)
    if not walker.section.items or not (numbered or any(extract(item.text, None) for item in walker.section.items)):
        return None  # a title over a paragraph that promises nothing (a page cut short) stays no plan
    for item in walker.section.items:
        item.has_body = bool(item.text.strip())  # the plan's own text, not an outline's headings
    doc.notes.append((walker.section.items[0].lines[0], "plan_unnumbered",
                      f"nothing under the title «{doc.title}» is numbered as a section or an item: "
                      f"{'each bare number opens an item' if numbered else 'each paragraph is read as an item'}"))
    return walker


def _weak_items(blocks: list[Block]) -> set[str]:
    """The weak item rules to read as text in this file: all of them when it numbers items by
    another rule, none otherwise."""
    layout = rules.table("layout")
    weak = set(layout["weak_item_rules"])
    strong = any(b.kind == "heading" and b.rule not in weak and b.rule not in layout["section_rules"] for b in blocks)
    return weak if strong else set()


def _has_body(text: str, body: str) -> bool:
    """Text beyond a heading, or a heading written as a sentence (ends with 。): not an outline's."""
    return bool(body.strip()) or ends_sentence(text)


def _sign(out: Segmented, signatures: list[tuple[int, str]]) -> Segmented:
    """Each plan's signature: the nearest one above its title (the notice that forwards it),
    else the first one below, before the next plan's title."""
    titled = [doc for doc in out.docs if doc.title_line]
    for k, doc in enumerate(titled):
        start = titled[k - 1].title_line if k else 0
        end = titled[k + 1].title_line if k + 1 < len(titled) else float("inf")
        above = [text for line, text in signatures if start < line < doc.title_line]
        below = [text for line, text in signatures if doc.title_line < line < end]
        doc.signed_by = above[-1] if above else below[0] if below else None
    return out


def _lead(out: Segmented, set_aside: list[Residue]) -> Segmented:
    """Each titled plan's lead: the text set aside between the previous plan's title and its
    own (the notice that forwards it, its 文号, a page's meta block), then the lines set aside
    right under its title (a page's byline: 发布时间… 来源: 怀远县农业农村局), where its issuer
    and year may be written when its title does not say them."""
    titled = [doc for doc in out.docs if doc.title_line]
    texts = [(r.line_no, r.text.strip()) for r in sorted(set_aside, key=lambda r: (r.line_no, r.col)) if r.text.strip()]
    aside = {r.line_no for r in set_aside}
    for k, doc in enumerate(titled):
        start = titled[k - 1].title_line if k else 0
        under = doc.title_line + 1
        while under in aside:
            under += 1
        doc.lead = [text for line, text in texts if start < line < doc.title_line or doc.title_line < line < under]
    return out


def _finish(out: Segmented) -> Segmented:
    """Titles with no document under them (a web page repeats its title) go to residue, their
    text kept; a title that gives no plan is noted (plan_not_segmented), and so is a file that
    gives none; item numbers are made unique within each plan."""
    kept = []
    for i, doc in enumerate(out.docs):
        if doc.kind != "empty":
            kept.append(doc)
            continue
        following = out.docs[i + 1].title if i + 1 < len(out.docs) else None
        reason = "duplicate_title" if following == doc.title else "title_without_body"
        title = doc.title_block
        out.residue += residue_of(title.lines, title.spans, doc.title, reason, col=title.col)
        texts = dict(zip(doc.preamble_starts, doc.preamble, strict=True))
        out.residue += [Residue(no, texts.get(no, ""), "front_matter", span=span)
                        for no, span in zip(doc.preamble_lines, doc.preamble_spans, strict=True)]
        if reason == "title_without_body":
            out.notes.append((doc.title_line, "plan_not_segmented",
                              f"the title «{doc.title}» has no section or numbered item under it: no plan was made"))
    out.docs = kept
    for doc in kept:
        _sections_as_items(doc)
    if not kept and not out.toc and not out.notes:
        out.notes.append((1, "plan_not_segmented", "no plan in this file: no title over numbered sections or items"))
    for position, doc in enumerate(out.docs):
        doc.position = position
        number_through(doc)
    return out


def _sections_as_items(doc: DocDraft) -> None:
    """A plan numbered on one level only (一、 paragraphs, nothing numbered under them) states its
    measures in those paragraphs: they are its items, in an implicit section 0. A plan that
    numbers items anywhere, or whose sections are headings only (an outline), is left alone."""
    if not doc.sections or doc.items or not any(s.intro for s in doc.sections):
        return
    items = [ItemDraft(s.no, s.label or to_chinese(s.no), "\n".join([s.text, *s.later]), s.heading, list(s.lines),
                       has_body=bool(s.intro), spans=list(s.spans)) for s in doc.sections]
    doc.notes.append((items[0].lines[0], "sections_as_items",
                      f"the plan numbers only its sections ({len(items)}): each is read as an item"))
    doc.sections = [SectionDraft(0, "", [], items=items)]


def number_through(doc: DocDraft) -> None:
    """Items numbered within sections, or whose numbers repeat or go back, are numbered through
    the plan; numbers that break the sequence and items with no text are noted.

    `item_no` must identify an item in its plan; where the written numbers do not, items
    take their position and keep the written number as their label. Increasing numbers with
    a gap are kept here: a body that starts mid-way (13…24) links to its outline by them,
    and reconcile numbers the linked plan 1…n.
    """
    doc.notes.extend(numbering_notes(doc))
    numbers = [item.no for item in doc.items]
    if all(a < b for a, b in zip(numbers, numbers[1:], strict=False)):
        return
    for position, item in enumerate(doc.items, start=1):
        item.no = position
    detail = f"written item numbers ({numbers_shown(numbers)}) do not increase; items numbered 1-{len(numbers)} in order"
    doc.notes.append((doc.items[0].lines[0], "items_renumbered", detail))


def numbering_notes(doc: DocDraft) -> list[tuple[int, str, str]]:
    """(line, kind, detail) for each item whose number breaks the sequence or that has no text.

    A number goes on from the previous item's, or restarts at 1 in a new section.
    """
    notes, previous = [], 0
    for section in doc.sections:
        for k, item in enumerate(section.items):
            line, after = item.lines[0], f"item {_written(previous, item)}" if previous else "the start of the plan"
            if item.no == previous + 1 or (k == 0 and item.no == 1):
                pass
            elif item.no <= previous:
                what = "the number repeats" if item.no == previous else "the numbers go back"
                notes.append((line, "item_number_repeated", f"item {item.label} comes after {after}: {what}"))
            else:
                missing = numbers_shown([_written(n, item) for n in range(previous + 1, item.no)])
                notes.append((line, "item_number_skipped", f"item {item.label} comes after {after}: {missing} missing"))
            if not item.text.strip():
                notes.append((line, "empty_item", f"item {item.label} has a number and no text"))
            previous = item.no
    return notes


def _written(no: int, like: ItemDraft) -> str:
    """`no` written as `like`'s label is: 3 or 三."""
    return str(no) if like.label.isdigit() else to_chinese(no)


def numbers_shown(numbers: list) -> str:
    """1, 2, 3 … written short: at most 12 numbers, then how many more."""
    shown = ", ".join(map(str, numbers[:12]))
    return shown if len(numbers) <= 12 else f"{shown} … ({len(numbers) - 12} more)"
