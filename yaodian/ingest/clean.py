"""Clean a decoded file: normalize each line, say what it is, and join wrapped lines.

Three small steps, each a plain function:
  normalize  — NFKC (full-width ，：（）→ , : ( ), spaces folded, spacing between CJK removed;
  classify   — blank, page number, chrome, TOC, title, heading or text (rules/layout.yaml,
               rules/chrome.yaml), with template labels such as "过渡句:" cut out;
  join       — hard wraps and page-break gaps joined back into paragraphs ("blocks").
A file hard-wrapped at a fixed width (a text export, a saved printout) shows it: many lines
run to the same right margin (yaodian.ingest.hardwrap). A line at that margin is cut, not ended,
even when it looks like a heading on its own line, so a wrapped title or heading is joined
back too, and a cut line that happens to start like a heading ("…思想统" / "一、单位内部…")
is joined as text. In such a file, when only some lines are indented, indentation decides:
an indented line opens a paragraph, and after a cut line an unindented one goes on, even
past a 。 at the margin. Official furniture (a signature, a 文号, 抄送) ends a paragraph, and
the lines that start a title (a bare issuing body above it, a title's cut first half) open one.
Every line ends up in a block or in the residue list with its reason, and carries its span:
where it is in the file's extracted text (`extracted_text`), so that the tables can account
for every character, not just every line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from yaodian import rules
from yaodian.ingest import hardwrap, unflatten
from yaodian.rules import script

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SPACES = re.compile(r"\s+")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_LOOKALIKES = str.maketrans({"\u2105": "%"})  # ℅ → %
NON_CONTENT = ("blank", "page_number", "chrome")
# The issuing body's name above a signature date: a short line with no punctuation.
SIGNATURE_MAX = 30
TITLE_MAX = 60  # no title is longer (rules/layout.yaml: document_title's max_len)
Span = tuple[int, int]  # [start, end) in the file's extracted text


@dataclass(frozen=True)
class Residue:
    """Input text set aside, with where it was and why."""

    line_no: int
    text: str
    reason: str
    detail: str | None = None
    col: int = 0
    span: Span | None = None  # where the text set aside is in the extracted text (None: nowhere)


@dataclass(frozen=True)
class Line:
    no: int
    raw: str
    text: str
    kind: str
    rule: str | None = None
    labels: tuple[tuple[Span, str], ...] = ()  # (span, label) of template labels cut out
    at_margin: bool = False  # runs to the right margin of a hard-wrapped file: cut, not ended
    col: int = 0  # where this piece starts in its folded line (a flattened line is cut into pieces)
    # In a hard-wrapped file whose cut lines are not indented: True when this line is indented
    # (it opens a paragraph), False when not; None when indentation says nothing.
    opens: bool | None = None
    span: Span = (0, 0)  # the piece in the extracted text: its folded form, labels included

    def col_at(self, offset: int) -> int:
        """The column in this line's folded form of an offset in the extracted text."""
        return self.col + offset - self.span[0]


@dataclass
class Block:
    """A paragraph: one or more content lines joined back together."""

    kind: str
    text: str
    lines: list[int] = field(default_factory=list)
    rule: str | None = None
    at_margin: bool = False  # its last line runs to the margin of a hard-wrapped file
    col: int = 0  # where it starts in its first line (a piece of a flattened line)
    spans: list[Span] = field(default_factory=list)  # of each of its lines' pieces, as `lines`
    cols: list[int] = field(default_factory=list)  # where each of its lines' pieces starts, as `lines`

    def add(self, line: Line) -> None:
        """Go on in `line`."""
        self.lines.append(line.no)
        self.spans.append(line.span)
        self.cols.append(line.col)


def split_lines(text: str) -> list[str]:
    """Physical lines; a final line break does not start another line."""
    lines = _LINE_BREAK.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def extracted_text(text: str) -> str:
    """A file's extracted text, which spans count in: its lines folded (`fold`) and joined by
    line breaks. Folded, not raw, because a flattened line is cut into pieces in that form; not
    normalized further, so that each cut label and each removed space keeps its place."""
    return "\n".join(folded_lines(text))


def folded_lines(text: str) -> list[str]:
    """Each physical line folded: the lines of the extracted text."""
    return [fold(raw) for raw in split_lines(text)]


def normalize(raw: str) -> str:
    """One line in canonical form: NFKC, invisible characters gone, spaces folded, and no
    space left between two CJK characters."""
    return _CJK_GAP.sub("", fold(raw))


def fold(raw: str) -> str:
    """NFKC, invisible characters gone, spaces folded to one and trimmed; spaces between CJK
    characters are kept here: in a flattened line they separate a title from what follows.
    Look-alikes of a sign that NFKC would spell out (℅, "care of", typed for % in Chinese text
    since it sits beside it in GB2312) are the sign."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", raw.translate(_LOOKALIKES)).translate(_INVISIBLE)).strip()


def strip_labels(text: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    """Cut template labels out of a line; return the text and what was cut, where."""
    cut = []
    for rule in rules.rules("template_labels"):
        while (m := rule.regex.search(text)) is not None:
            cut.append((m.start(), m.group()))
            text = text[: m.start()] + text[m.end():]
    return text, tuple(cut)


def classify(text: str, context: str | None = None) -> tuple[str, str | None]:
    """What a normalized line is: (kind, rule name). Layout rules win over chrome; a rule bound
    to a context (a task table's rows) applies only inside it. A line in traditional
    characters is read as simplified (rules/script.py)."""
    if not text:
        return "blank", None
    text = script.to_simplified(text)
    for rule in rules.rules("layout"):
        if rule.context in (None, context) and rule.search(text):
            return rule.kind, rule.name
    for rule in rules.rules("chrome"):
        if rule.search(text):
            return "chrome", rule.name
    return "text", None


def clean_lines(text: str, folded: list[str] | None = None) -> list[Line]:
    """Every physical line, normalized and classified; a page's tail (related links, the site
    footer) is chrome, and so is the issuing body's name over a signature date. `folded`: the
    text's folded_lines, when the caller has them already."""
    out, tail = [], None  # tail: the rule that opened a page's tail (related links, site footer)
    context = None  # "task_table" below a task table's header row, until the next title
    started = False  # a content line was seen ("file_start" rules apply before the first one)
    quoted = _QuotedTitles()
    raw_lines = split_lines(text)
    right = hardwrap.margin(raw_lines)
    indents = right is not None and hardwrap.indents_open_paragraphs(raw_lines)
    folded_text = folded_lines(text) if folded is None else folded
    offset = 0  # of the line in the extracted text
    for no, (raw, line_folded) in enumerate(zip(raw_lines, folded_text, strict=True), start=1):
        pieces = unflatten.pieces(line_folded)
        for col, folded in pieces:
            piece, labels = strip_labels(_CJK_GAP.sub("", folded))
            if not started:
                piece, labels = _strip_head_marker(piece, labels)
            kind, rule = quoted.read(piece, *classify(piece, context or (None if started else "file_start")))
            started = started or kind not in (*NON_CONTENT, "compilation_title")  # a cover opens no plan
            if rule == "task_table_header" or kind == "title":
                context = "task_table" if rule == "task_table_header" else None
            if tail and _ends_tail(kind, rule, col, raw_lines, no):
                tail = None
            if tail and kind != "blank":
                kind, rule = "chrome", tail
            elif kind == "chrome" and rules.rule("chrome", rule).tail:
                tail = rule
            elif rule == "signature_date":
                _mark_signature(out)
            elif kind == "title":
                _mark_title_head(out, piece)
            at_margin = right is not None and hardwrap.at_margin(raw, right) and col == pieces[-1][0]
            opens = (raw[:1].isspace() if indents else None) if not col else True  # a piece opens its paragraph
            start = offset + col
            out.append(Line(no, raw if len(pieces) == 1 else piece, piece, kind, rule,
                            _label_spans(folded, start, labels), at_margin, col=col, opens=opens,
                            span=(start, start + len(folded))))
        offset += len(line_folded) + 1
    return _mark_cut_titles(out) if right is not None else out


def _label_spans(folded: str, start: int, labels: tuple[tuple[int, str], ...]) -> tuple[tuple[Span, str], ...]:
    """Where each label cut out of a piece (`folded`, at `start` in the extracted text) was:
    strip_labels gives positions in the piece with CJK gaps and earlier labels already removed."""
    if not labels:
        return ()
    gaps = {m.start() for m in _CJK_GAP.finditer(folded)}
    index = [i for i in range(len(folded)) if i not in gaps]
    out = []
    for at, label in labels:
        out.append(((start + index[at], start + index[at + len(label) - 1] + 1), label))
        del index[at:at + len(label)]
    return tuple(out)


def _strip_head_marker(piece: str, labels: tuple) -> tuple[str, tuple]:
    """Before a file's first content, a page-chunk marker glued to a title ("1、XXXX中学…工作计划",
    "12023年街道…工作规划") is cut out like a label; a marker before anything else stays."""
    match = re.match(rules.table("layout")["head_marker"], piece)
    if match is None or classify(piece[match.end():])[0] != "title":
        return piece, labels
    return piece[match.end():], (*labels, (0, match.group()))


@dataclass
class _QuotedTitles:
    """Titles a notice quotes (关于印发《…实施方案》的通知): a later line that is one of them is
    the plan's title, of any genre and with or without a year."""

    titles: set[str] = field(default_factory=set)

    def read(self, piece: str, kind: str, rule: str | None) -> tuple[str, str | None]:
        simple = script.to_simplified(piece)
        match = re.search(rules.table("layout")["notice_quote"], simple)
        if match:
            self.titles.add(match["title"])
        elif kind == "text" and simple in self.titles:
            return "title", "notice_quote"
        return kind, rule


def _ends_tail(kind: str, rule: str | None, col: int, raw_lines: list[str], no: int) -> bool:
    """Whether a line ends a page's tail: a section heading is never chrome (a 相关阅读 or 联系电话
    line above a plan must not swallow it), nor a heading cut out of a flattened line, nor a
    title with a heading under it. A numbered line alone, or a title alone, does not end it:
    link lists are numbered and name other plans."""
    if kind == "heading":
        return col > 0 or rule in rules.table("layout")["section_rules"]
    if kind == "title":
        following = next((normalize(raw) for raw in raw_lines[no:] if normalize(raw)), "")
        return classify(strip_labels(following)[0])[0] == "heading"
    return False


def _mark_cut_titles(lines: list[Line]) -> list[Line]:
    """A title cut at the margin ("市委直属机关工委2026年意识形态工" / "作要点") opens a paragraph:
    it must not go on the paragraph before it, even one cut just after a 。."""
    content = [k for k, line in enumerate(lines) if line.kind != "blank"]
    for a, b in zip(content, content[1:], strict=False):
        first, second = lines[a], lines[b]
        if first.kind == "text" and first.at_margin and len(first.text) < TITLE_MAX \
                and classify(first.text + second.text)[0] == "title":
            lines[a] = replace(first, opens=True)
    return lines


def _previous_content(lines: list[Line]) -> int:
    """Index of the last line that is not blank, or -1."""
    k = len(lines) - 1
    while k >= 0 and lines[k].kind == "blank":
        k -= 1
    return k


def _mark_title_head(lines: list[Line], title: str) -> None:
    """A bare name just above a title whose head it is (the issuing body on a line of its own)
    opens a paragraph: it must not go on the paragraph before it, but join the title (see join).
    Not when it ends a line cut at the margin of a hard-wrapped file (仅供参 / 考): that is the
    cut line's tail; a line that fills the margin and ends its sentence (…新成效。) is not cut."""
    k = _previous_content(lines)
    before = _previous_content(lines[:k]) if k > 0 else -1
    cut_before = before >= 0 and lines[before].at_margin and not ends_sentence(lines[before].text)
    if k >= 0 and lines[k].kind == "text" and not cut_before and _heads_title(lines[k].text, title):
        lines[k] = replace(lines[k], opens=True)


def _heads_title(text: str, title: str) -> bool:
    """`text` is a bare name that, put before `title`, still makes a title: the issuing body."""
    return _bare_name(text) and classify(text + title)[0] == "title"


def _mark_signature(lines: list[Line]) -> None:
    """The last content line before a signature date is the signature when it is a bare name."""
    k = _previous_content(lines)
    if k >= 0 and lines[k].kind == "text" and _bare_name(lines[k].text):
        lines[k] = replace(lines[k], kind="chrome", rule="signature")


def _bare_name(text: str) -> bool:
    return len(text) <= SIGNATURE_MAX and all(ch.isalnum() or ch in "()" for ch in text)


def ends_sentence(text: str) -> bool:
    """True when the text ends a sentence (closing quotes and brackets aside)."""
    layout = rules.table("layout")
    stripped = text.rstrip(layout["closers"])
    return bool(stripped) and stripped[-1] in layout["sentence_end"]


def has_inner_sentence_end(text: str) -> bool:
    return any(ch in rules.table("layout")["sentence_end"] for ch in text)


def standalone_heading(block: Block) -> bool:
    """A heading that stands alone: a title on its own line(s), not the start of a paragraph.

    Section headings (一、) always do; an item heading does when it is short and holds no
    sentence end. A longer one, or one with a sentence inside, is the first line of a
    paragraph that may wrap. A heading whose last line runs to the margin of a hard-wrapped
    file is cut there, and goes on.
    """
    if block.kind != "heading" or block.at_margin or has_inner_sentence_end(block.text):
        return False
    layout = rules.table("layout")
    return block.rule in layout["section_rules"] or len(block.text) <= layout["standalone_heading_max"]


def continues(block: Block | None) -> bool:
    """Whether the next text line belongs to this block (the block is an open paragraph)."""
    return (
        block is not None
        and block.kind in ("heading", "text")
        and not ends_sentence(block.text)
        and not standalone_heading(block)
    )


def goes_on(block: Block | None, line: Line) -> bool:
    """Whether `line` continues `block` (see join). Where indentation marks paragraphs, a block
    cut at the margin goes on in the next unindented line, whatever it looks like; past a 。
    at the margin, only in a text line (a title or heading there starts anew)."""
    if block is not None and block.at_margin and line.opens is not None and block.kind in ("heading", "text"):
        return not line.opens and (line.kind == "text" or not ends_sentence(block.text))
    return continues(block) and not line.opens and (line.kind == "text" or block.at_margin)


def _chunk_marker(block: Block | None, line: Line) -> bool:
    """Whether a line opens with a page-chunk marker ("2、") in the middle of a sentence: the
    open paragraph before it is running text that no sentence end, colon or heading closes."""
    if block is None or block.kind != "text" or not continues(block) or block.text.rstrip()[-1:] in ":":
        return False
    return line.kind == "heading" and re.match(rules.table("layout")["chunk_marker"], line.text) is not None


@dataclass
class _Table:
    """Where join stands in a task table: below its header a blank line parts cells, and in a
    progress report (the header names a progress column, 目前完成情况) the cells after a row's
    deadline cell (2023年底) are the report: their lines are read as kind `progress`."""

    open: bool = False  # below a task table's header, until the next title
    progress: bool = False  # the header names a progress column
    in_header: bool = False  # header cells written one a line, before the first row
    reporting: bool = False  # past this row's deadline cell

    def read(self, line: Line) -> Line:
        if line.rule == "task_table_header" or line.kind == "title":
            self.open = self.in_header = line.rule == "task_table_header"
            self.progress = self.open and _names_progress(line.text)
            self.reporting = False
            return line
        if not self.open or line.kind in NON_CONTENT:
            return line
        if line.rule == "task_row":
            self.in_header = self.reporting = False
        elif self.in_header:
            self.progress = self.progress or _names_progress(line.text)
        elif self.reporting:
            return replace(line, kind="progress", rule="progress_column")
        elif self.progress and re.search(rules.table("layout")["deadline_cell"], script.to_simplified(line.text)):
            self.reporting = True
        return line


def _names_progress(text: str) -> bool:
    return re.search(rules.table("layout")["progress_columns"], script.to_simplified(text)) is not None


def _separates(line: Line) -> bool:
    """Official furniture (a signature, a 文号, 抄送…) ends the paragraph before it."""
    return line.kind == "chrome" and (line.rule == "signature" or rules.rule("chrome", line.rule).separates)


def _rejoined_kind(text: str) -> tuple[str, str | None]:
    kind, rule = classify(text)
    return (kind, rule) if kind in ("title", "compilation_title") else ("text", None)


def _title_head(block: Block | None, title: Line) -> bool:
    """A title set on two lines, the issuing body above the year ("中共某市委组织部" /
    "2026年意识形态工作要点"): the bare name on the line before is the title's head."""
    return block is not None and block.kind == "text" and len(block.lines) == 1 and _heads_title(block.text, title.text)


def join(lines: list[Line]) -> tuple[list[Block], list[Residue]]:
    """Paragraphs back from wrapped lines; blanks, page numbers and chrome set aside.

    A line that does not end a sentence continues on the next content line unless that
    line starts a heading, a title or a TOC entry (or, in a hard-wrapped file, is indented
    as a paragraph start); after a line cut at the margin, it continues whatever it is, even
    chrome-like ("…通过阅读量、点赞量…" cut to a short line is text, not a byline). Gaps
    (blank lines, page numbers, chrome) inside a paragraph do not break it, except in a task
    table below its header, where a blank line parts one cell from the next (目标任务 | 2023年底 |
    完成情况, copied from a web page one cell a line). A lone number followed by a line that
    starts with "." is one numbered line split in two ("1" / ".市委组织部…").
    """
    blocks: list[Block] = []
    residue: list[Residue] = []
    current: Block | None = None
    table = _Table()
    for line in lines:
        line = table.read(line)
        residue.extend(Residue(line.no, label, "template_label", "template_labels", line.col_at(span[0]), span)
                       for span, label in line.labels)
        if line.kind == "chrome" and line.at_margin and goes_on(current, line):
            line = replace(line, kind="text", rule=None)
        if line.kind in NON_CONTENT:
            if line.raw:
                residue.append(Residue(line.no, line.raw, line.kind, line.rule, line.col, line.span))
            else:
                residue.append(Residue(line.no, "", "blank", span=line.span))
            if current and (_separates(line) or (table.open and line.kind == "blank")):
                blocks.append(current)
                current = None
            continue
        if line.kind == "bare_number" and continues(current):
            residue.append(Residue(line.no, line.raw, "page_number", line.rule, line.col, line.span))
            continue
        if current and current.kind == "bare_number" and line.kind == "text" and line.text[0] in ".、":
            kind, rule = classify(current.text + line.text)
            current = Block(kind, current.text + line.text, list(current.lines), rule, spans=list(current.spans),
                            cols=list(current.cols))
            current.add(line)
            continue
        if _chunk_marker(current, line):
            marker = re.match(rules.table("layout")["chunk_marker"], line.text).group()  # digits and 、: as folded
            start = line.span[0]
            residue.append(Residue(line.no, marker, "page_number", "chunk_marker", line.col,
                                   (start, start + len(marker))))
            text = line.text[len(marker):]
            line = replace(line, text=text, kind=classify(text)[0], rule=classify(text)[1], col=line.col + len(marker),
                           span=(start + len(marker), line.span[1]))
        if goes_on(current, line):
            current.text += line.text
            current.add(line)
            current.at_margin = line.at_margin
            if current.kind == "text" and len(current.text) <= TITLE_MAX:  # a title cut at the margin
                current.kind, current.rule = _rejoined_kind(current.text)
            continue
        if line.kind == "title" and _title_head(current, line):
            current.text += line.text
            current.add(line)
            current.kind, current.rule = line.kind, line.rule
            continue
        if current:
            blocks.append(current)
        current = Block(line.kind, line.text, [line.no], line.rule, line.at_margin, line.col, [line.span], [line.col])
    if current:
        blocks.append(current)
    return blocks, residue
