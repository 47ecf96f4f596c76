"""Clean a decoded file: normalize each line, say what it is, and join wrapped lines.

Three small steps, each a plain function:
  normalize  — NFKC (full-width ，：（）→ , : ( ), spaces folded, spacing between CJK removed;
  classify   — blank, page number, chrome, TOC, title, heading or text (rules/layout.yaml,
               rules/chrome.yaml), with template labels such as "过渡句:" cut out;
  join       — hard wraps and page-break gaps joined back into paragraphs ("blocks").
Every line ends up in a block or in the residue list with its reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from yaodian import rules

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SPACES = re.compile(r"\s+")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
NON_CONTENT = ("blank", "page_number", "chrome")


@dataclass(frozen=True)
class Residue:
    """Input text set aside, with where it was and why."""

    line_no: int
    text: str
    reason: str
    detail: str | None = None
    col: int = 0


@dataclass(frozen=True)
class Line:
    no: int
    raw: str
    text: str
    kind: str
    rule: str | None = None
    labels: tuple[tuple[int, str], ...] = ()  # (col, label) of template labels cut out


@dataclass
class Block:
    """A paragraph: one or more content lines joined back together."""

    kind: str
    text: str
    lines: list[int] = field(default_factory=list)
    rule: str | None = None


def split_lines(text: str) -> list[str]:
    """Physical lines; a final line break does not start another line."""
    lines = _LINE_BREAK.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def normalize(raw: str) -> str:
    """One line in canonical form: NFKC, invisible characters gone, spaces folded."""
    text = unicodedata.normalize("NFKC", raw).translate(_INVISIBLE)
    text = _SPACES.sub(" ", text).strip()
    return _CJK_GAP.sub("", text)


def strip_labels(text: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    """Cut template labels out of a line; return the text and what was cut, where."""
    cut = []
    for rule in rules.rules("template_labels"):
        while (m := rule.regex.search(text)) is not None:
            cut.append((m.start(), m.group()))
            text = text[: m.start()] + text[m.end():]
    return text, tuple(cut)


def classify(text: str) -> tuple[str, str | None]:
    """What a normalized line is: (kind, rule name). Layout rules win over chrome."""
    if not text:
        return "blank", None
    for rule in rules.rules("layout"):
        if rule.search(text):
            return rule.kind, rule.name
    for rule in rules.rules("chrome"):
        if rule.search(text):
            return "chrome", rule.name
    return "text", None


def clean_lines(text: str) -> list[Line]:
    """Every physical line, normalized and classified; a related-links tail is chrome."""
    out, in_tail = [], False
    for no, raw in enumerate(split_lines(text), start=1):
        normal, labels = strip_labels(normalize(raw))
        kind, rule = classify(normal)
        if in_tail and kind != "blank":
            kind, rule = "chrome", "related_links"
        elif kind == "chrome" and rules.rule("chrome", rule).tail:
            in_tail = True
        out.append(Line(no, raw, normal, kind, rule, labels))
    return out


def ends_sentence(text: str) -> bool:
    """True when the text ends a sentence (closing quotes and brackets aside)."""
    layout = rules.table("layout")
    stripped = text.rstrip(layout["closers"])
    return bool(stripped) and stripped[-1] in layout["sentence_end"]


def has_inner_sentence_end(text: str) -> bool:
    return any(ch in rules.table("layout")["sentence_end"] for ch in text)


def standalone_heading(block: Block) -> bool:
    """A heading line that stands alone: a title on its own line, not a wrapped paragraph.

    Section headings (一、) always do; an item heading does when it is short and holds no
    sentence end. A longer one, or one with a sentence inside, is the first line of a
    paragraph that may wrap.
    """
    if block.kind != "heading" or len(block.lines) != 1 or has_inner_sentence_end(block.text):
        return False
    return block.rule == "section_heading" or len(block.text) <= rules.table("layout")["standalone_heading_max"]


def continues(block: Block | None) -> bool:
    """Whether the next text line belongs to this block (the block is an open paragraph)."""
    return (
        block is not None
        and block.kind in ("heading", "text")
        and not ends_sentence(block.text)
        and not standalone_heading(block)
    )


def join(lines: list[Line]) -> tuple[list[Block], list[Residue]]:
    """Paragraphs back from wrapped lines; blanks, page numbers and chrome set aside.

    A line that does not end a sentence continues on the next content line unless that
    line starts a heading, a title or a TOC entry. Gaps (blank lines, page numbers,
    chrome) inside a paragraph do not break it. A lone number followed by a line that
    starts with "." is one numbered line split in two ("1" / ".市委组织部…").
    """
    blocks: list[Block] = []
    residue: list[Residue] = []
    current: Block | None = None
    for line in lines:
        residue.extend(Residue(line.no, label, "template_label", "template_labels", col)
                       for col, label in line.labels)
        if line.kind in NON_CONTENT:
            if line.raw:
                residue.append(Residue(line.no, line.raw, line.kind, line.rule))
            else:
                residue.append(Residue(line.no, "", "blank"))
            continue
        if line.kind == "bare_number" and continues(current):
            residue.append(Residue(line.no, line.raw, "page_number", line.rule))
            continue
        if current and current.kind == "bare_number" and line.kind == "text" and line.text[0] in ".、":
            kind, rule = classify(current.text + line.text)
            current = Block(kind, current.text + line.text, current.lines + [line.no], rule)
            continue
        if line.kind == "text" and continues(current):
            current.text += line.text
            current.lines.append(line.no)
            continue
        if current:
            blocks.append(current)
        current = Block(line.kind, line.text, [line.no], line.rule)
    if current:
        blocks.append(current)
    return blocks, residue
