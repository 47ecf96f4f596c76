"""Bar charts as inline SVG, drawn when the site is built: no script and no network needed to
see them, and every label escaped like any other text from the inputs."""

from __future__ import annotations

from html import escape

BAR, GAP, LABEL, WIDTH = 18, 6, 220, 640


def bars(title: str, counts: list[tuple[str, int]], unit: str = "commitments") -> str:
    """A horizontal bar chart of (label, count) pairs, in the order given; empty pairs give a note."""
    if not counts:
        return f'<figure class="chart"><figcaption>{escape(title)}</figcaption><p class="empty">none</p></figure>'
    top = max(count for _, count in counts) or 1
    height = len(counts) * (BAR + GAP) + GAP
    rows = []
    for i, (label, count) in enumerate(counts):
        y = GAP + i * (BAR + GAP)
        width = max(1, round((WIDTH - LABEL - 60) * count / top))
        rows.append(f'<g class="bar"><title>{escape(label)}: {count} {escape(unit)}</title>'
                    f'<text x="{LABEL - 6}" y="{y + BAR - 5}" text-anchor="end">{escape(_short(label))}</text>'
                    f'<rect x="{LABEL}" y="{y}" width="{width}" height="{BAR}"></rect>'
                    f'<text x="{LABEL + width + 4}" y="{y + BAR - 5}">{count}</text></g>')
    return (f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
            f'<svg role="img" aria-label="{escape(title)}" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}">{"".join(rows)}</svg></figure>')


def _short(label: str, most: int = 16) -> str:
    return label if len(label) <= most else label[: most - 1] + "…"
