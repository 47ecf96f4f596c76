"""Hard wraps: the right margin of a file cut at a fixed width, and what indentation says.

Text exports and saved printouts cut every paragraph at a fixed width. Such a file shows
it: many lines end in the same band of widths, counted in display columns (a CJK character
takes two). yaodian.ingest.clean joins a line at that margin to the next, and where only some lines
are indented, takes an indent for the start of a paragraph.
"""

from __future__ import annotations

import bisect
import unicodedata

# A file is hard-wrapped when at least MARGIN_SHARE of its non-blank lines (and MARGIN_MIN_LINES)
# end in one band of MARGIN_SLACK + 1 widths (a wide character that did not fit leaves a line one
# column short), and at most MARGIN_WIDER of them are wider (lines the wrap left whole).
# Narrower than MARGIN_MIN_WIDTH columns, equal widths are a list of short headings, not a wrap.
MARGIN_SHARE, MARGIN_MIN_LINES, MARGIN_SLACK, MARGIN_MIN_WIDTH, MARGIN_WIDER = 0.3, 3, 1, 30, 0.1
# Indentation marks paragraph starts when no more than this share of non-blank lines is indented.
INDENT_SHARE = 0.8


def display_width(text: str) -> int:
    """Columns a line takes in a fixed-width rendering: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def margin(raw_lines: list[str]) -> int | None:
    """The right margin of a hard-wrapped file (in columns), or None when lines are not wrapped.

    The margin is the band of widths that holds the most lines, if that is a good share of
    them and hardly any line is wider. A few longer lines the wrap left whole (a footer, a
    URL) do not hide it; many (paragraphs on one line each, and headings of equal length, as
    plans like to write them) mean the file is not wrapped.
    """
    widths = sorted(display_width(raw.rstrip()) for raw in raw_lines if raw.strip())
    band = {w: bisect.bisect_right(widths, w) - bisect.bisect_left(widths, w - MARGIN_SLACK)
            for w in set(widths) if w >= MARGIN_MIN_WIDTH}
    if not band:
        return None
    reaching, width = max((n, w) for w, n in band.items())
    wider = len(widths) - bisect.bisect_right(widths, width)
    if reaching < max(MARGIN_MIN_LINES, MARGIN_SHARE * len(widths)) or wider > MARGIN_WIDER * len(widths):
        return None
    return width - MARGIN_SLACK


def at_margin(raw: str, right: int) -> bool:
    """Whether a line ends in the margin band: cut by the wrap, not ended by its writer."""
    return right <= display_width(raw.rstrip()) <= right + MARGIN_SLACK


def indents_open_paragraphs(raw_lines: list[str]) -> bool:
    """Whether indentation tells paragraph starts: some lines are indented, not (nearly) all."""
    content = [raw for raw in raw_lines if raw.strip()]
    indented = sum(raw[:1].isspace() for raw in content)
    return 0 < indented <= INDENT_SHARE * len(content)
