"""An item's text cut into segments at every commitment's evidence and activity edge.

Evidence spans may overlap (a period and a deadline read from one phrase) and an activity may
lie inside or outside its evidence, so the text is cut at every edge and each segment carries
the rows whose evidence covers it and whether an activity does: a page wraps the covered
segments in <mark>, one segment at a time, and nothing is nested wrongly or lost (the
segments' texts join to the item's text).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    rows: tuple[str, ...]  # commitment_ids whose evidence covers the segment, in text order
    activity: bool  # an activity covers it


def segments(text: str, rows: list[dict]) -> list[Segment]:
    """`text` cut at each row's evidence (char_start, char_end) and activity edges."""
    edges = {0, len(text)}
    for row in rows:
        edges |= {row["char_start"], row["char_end"]}
        if row.get("activity_start") is not None:
            edges |= {row["activity_start"], row["activity_end"]}
    cuts = sorted(e for e in edges if 0 <= e <= len(text))
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = tuple(r["commitment_id"] for r in rows if r["char_start"] <= start and end <= r["char_end"])
        activity = any(r.get("activity_start") is not None and r["activity_start"] <= start and end <= r["activity_end"]
                       for r in rows)
        out.append(Segment(text[start:end], covering, activity))
    return out
