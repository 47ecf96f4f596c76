"""A synthetic corpus for scale tests: new plans recombined from the sample's items.

Each synthetic plan takes an issuer, a year, a preamble and, for each of six sections and
each of four item positions, the heading and item of a randomly chosen sample plan at the
same place, so every plan is a realistic 工作要点 with realistic commitments, and plans
differ (their doc_ids too). Plans are rendered in the sample web page's layout (a chrome
line, the title, the preamble, `一、` sections and `1.` items with blank lines between
paragraphs), several plans to a file. The same `seed` gives the same corpus.
"""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow as pa

from yaodian.rules.numerals import to_chinese

PLANS_PER_FILE = (3, 6)
CHROME = "首页 > 工作范文 > 范文大全 >"


def write_corpus(tables: dict[str, pa.Table], docs: int, out_dir: Path, seed: int = 0) -> list[Path]:
    """Write `docs` synthetic plans into files under `out_dir`; returns the files written."""
    rng = random.Random(seed)
    parts = _parts(tables)
    out_dir.mkdir(parents=True, exist_ok=True)
    written, k = [], 0
    while k < docs:
        n = min(rng.randint(*PLANS_PER_FILE), docs - k)
        plans = [render_plan(parts, rng, k + i) for i in range(n)]
        path = out_dir / f"synthetic_{k + 1:05d}.txt"
        path.write_text("\n\n".join([CHROME, *plans]) + "\n", encoding="utf-8")
        written.append(path)
        k += n
    return written


def _parts(tables: dict[str, pa.Table]) -> dict:
    """The sample's complete plans, by place: issuers, preambles, section headings and items."""
    docs = [d for d in tables["documents"].to_pylist() if d["body_status"] == "complete"]
    keep = {d["doc_id"] for d in docs}
    sections = [s for s in tables["sections"].to_pylist() if s["doc_id"] in keep]
    items = [i for i in tables["items"].to_pylist() if i["doc_id"] in keep and i["has_body"]]
    return {
        "issuers": sorted({d["issuer"] for d in docs if d["issuer"]}),
        "preambles": [d["preamble"] for d in docs if d["preamble"]],
        "headings": {no: [s["heading_full"] or s["heading"] for s in sections if s["section_no"] == no]
                     for no in range(1, 7)},
        "by_place": _by_place(items),
    }


def _by_place(items: list[dict]) -> dict[tuple[int, int], list[str]]:
    out: dict[tuple[int, int], list[str]] = {}
    for item in items:
        out.setdefault((item["section_no"], (item["item_no"] - 1) % 4), []).append(item["text"])
    return out


def render_plan(parts: dict, rng: random.Random, k: int) -> str:
    """One plan as text: title, preamble, six sections of four numbered items."""
    year = 2026 - k % 3
    issuer = f"{rng.choice(['东', '西', '南', '北', '新'])}{k + 1}区{rng.choice(parts['issuers'])}"
    lines = [f"{issuer}{year}年意识形态工作要点", rng.choice(parts["preambles"])]
    for section in range(1, 7):
        lines.append(f"{to_chinese(section)}、{rng.choice(parts['headings'][section])}")
        for position in range(4):
            number = (section - 1) * 4 + position + 1
            text = rng.choice(parts["by_place"][(section, position)])
            lines.append(f"{number}.{text.replace(chr(10), chr(10) * 2)}")
    return "\n\n".join(lines)
