"""HTML pages as plain text, laid out as a browser shows them: one line per block.

Saved web pages carry navigation, scripts and styles around the plan; those are left out and
listed in `dropped`. Table rows become one line with cells joined by a tab, unless the table
only frames the page (old pages put the whole article in a cell).
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import PreformattedString

from yaodian import rules
from yaodian.ingest.formats import ASCII_SPACE, Extracted, FormatError, join_lines, row_line, visible_size
from yaodian.rules import script

# Browsers collapse runs of ASCII white space only: U+3000 indents and U+00A0 stay as they are.
SPACE_RUN = re.compile(r"[ \t\n\r\f]+")
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "title", "tr", "ul",
})
CELL_TAGS = ("td", "th")
MAX_CELL_LINES = 5  # a cell with more lines than this frames page content rather than holding a datum
# Elements a reader does not see as the page's content, and the unit their size is reported in.
DROPPED_TAGS = {
    "head": "characters of text", "script": "characters", "style": "characters",
    "noscript": "characters of text", "template": "characters of text", "iframe": "characters of text",
    "svg": "characters of text", "nav": "characters of text",
}
NAVIGATION_ROLE = 'role="navigation"'
NAVIGATION_SPELLINGS = (NAVIGATION_ROLE, "role='navigation'", "role=navigation")


def html_text(markup: str) -> Extracted:
    """The text of an HTML page as a browser lays it out, one line per block; FormatError if none."""
    soup = BeautifulSoup(markup, "lxml")
    page_title = _page_title(soup)
    dropped = _drop_elements(soup, markup.lower()) + _drop_comments(soup, markup.lower())
    lines = _Lines()
    _walk(soup, lines)
    lines.end_line()
    if page_title and page_title not in lines.lines[:3]:  # a page that names its plan only in <title>
        lines.lines.insert(0, page_title)
    text = join_lines(lines.lines)
    if not text:
        raise FormatError("HTML page holds no text")
    return Extracted(text, tuple(sorted(dropped)))


def _page_title(soup: BeautifulSoup) -> str:
    """The plan's title when the page's <title> holds one ("某局2026年工作要点_某市人民政府网": the
    part that reads as a plan's title), taken out of <head> so it is not reported as dropped; a
    page whose body does not repeat it would otherwise lose it (when the body opens with it, the
    text holds it there). "" when it holds none."""
    title = soup.find("title")
    if title is None:
        return ""
    parts = re.split(r"\s*[_|｜–—-]\s*", " ".join(title.get_text(" ").split()))
    rule = rules.rule("layout", "document_title")
    found = next((part for part in parts if rule.search(script.to_simplified(part))), "")
    if found:  # the rest (the site's name) stays in <head>, reported as dropped with it
        title.string = " ".join(part for part in parts if part != found)
    return found


def _drop_kind(element: Tag) -> str | None:
    """Which kind of left-out element `element` is, or None when it is content."""
    if element.name in DROPPED_TAGS:
        return element.name
    return NAVIGATION_ROLE if element.get("role") == "navigation" else None


def _drop_elements(soup: BeautifulSoup, lower_markup: str) -> list[tuple[int, str]]:
    """Remove the left-out elements and say what went, per kind.

    Inner ones go first (a <script> inside <head> is reported as a script), so that each
    character is counted once, under the innermost kind that holds it.
    """
    kinds: dict[str, list[Tag]] = {}
    sizes: dict[str, int] = {}
    for element in reversed(soup.find_all(_drop_kind)):
        kind = _drop_kind(element)
        kinds.setdefault(kind, []).append(element)
        sizes[kind] = sizes.get(kind, 0) + visible_size(_strings(element))
        element.extract()
    return [(_line_of(elements[-1], lower_markup, kind), _drop_message(kind, len(elements), sizes[kind]))
            for kind, elements in kinds.items() if sizes[kind]]


def _strings(element: Tag) -> str:
    """All the text under `element`, script and style code included, comments not."""
    return "".join(s for s in element.descendants if isinstance(s, NavigableString) and not isinstance(s, Comment))


def _drop_message(kind: str, count: int, size: int) -> str:
    if kind == NAVIGATION_ROLE:
        return f"dropped {count} element(s) with {NAVIGATION_ROLE}, {size:,} characters of text"
    return f"dropped {count} <{kind}> element(s), {size:,} {DROPPED_TAGS[kind]}"


def _drop_comments(soup: BeautifulSoup, lower_markup: str) -> list[tuple[int, str]]:
    """Remove comments and say how much text they held (lxml turns an XML declaration into one: not counted)."""
    comments = soup.find_all(string=lambda s: isinstance(s, Comment))
    size = sum(visible_size(c) for c in comments if not c.startswith("?"))
    for comment in comments:
        comment.extract()
    if not size:
        return []
    return [(_markup_line(lower_markup, "<!--"), f"dropped {len(comments)} comment(s), {size:,} characters")]


def _line_of(element: Tag, lower_markup: str, kind: str) -> int:
    """The source line of `element`: bs4 gives it for some parsers only, else the first such tag in the markup."""
    if element.sourceline is not None:
        return element.sourceline
    return _markup_line(lower_markup, *(NAVIGATION_SPELLINGS if kind == NAVIGATION_ROLE else ["<" + kind]))


def _markup_line(lower_markup: str, *needles: str) -> int:
    """The line of the first of `needles` in the markup; 1 when none is there."""
    positions = [p for p in (lower_markup.find(needle) for needle in needles) if p >= 0]
    return lower_markup.count("\n", 0, min(positions)) + 1 if positions else 1


class _Lines:
    """Lines being laid out: finished lines, and the text pieces of the current one."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.pieces: list[str] = []

    def end_line(self, forced: bool = False) -> None:
        """Close the current line. Blocks close only a line with text; <br> always closes one."""
        line = SPACE_RUN.sub(" ", "".join(self.pieces)).strip(ASCII_SPACE)
        if line or forced:
            self.lines.append(line if line.strip() else "")
        self.pieces = []

    def preformatted(self, element: Tag) -> None:
        """A <pre> block keeps its lines and their indentation."""
        self.end_line()
        for br in element.find_all("br"):
            br.replace_with("\n")
        text = element.get_text()
        text = text[1:] if text.startswith("\n") else text
        self.lines.extend(line.rstrip(ASCII_SPACE) for line in text.splitlines())

    def row(self, row: Tag) -> None:
        """A table row: one line (formats.row_line), unless the table lays out the page.

        A row of one cell, or with a cell that holds a table or many lines, frames content
        (old pages put the whole article in a cell): its cells' lines are kept as lines.
        """
        self.end_line()
        cells = [_cell_lines(cell) for cell in row.find_all(CELL_TAGS, recursive=False)]
        layout = len(cells) == 1 or any(len(lines) > MAX_CELL_LINES for lines in cells) or row.find("table")
        if layout:
            self.lines.extend(line for lines in cells for line in lines)
        elif any(cells):
            self.lines.append(row_line([" ".join(line for line in lines if line) for lines in cells]))


def _cell_lines(cell: Tag) -> list[str]:
    """The lines of a table cell laid out on their own, blank lines at the ends left out."""
    out = _Lines()
    _walk(cell, out)
    out.end_line()
    return join_lines(out.lines).splitlines()


def _walk(root: Tag, out: _Lines) -> None:
    """Lay out the tree under `root` in document order (iteratively: old pages nest deeply)."""
    stack: list[tuple[Tag | NavigableString, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            out.end_line()
        elif isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, doctype, CDATA, declarations
                out.pieces.append(str(node))
        elif node.name == "br":
            out.end_line(forced=True)
        elif node.name == "pre":
            out.preformatted(node)
        elif node.name == "tr":
            out.row(node)
        else:
            if node.name in BLOCK_TAGS:
                out.end_line()
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
