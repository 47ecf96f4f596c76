"""A synthetic corpus for scale tests: new plans recombined from real ones, in the genre's layouts.

A synthetic plan takes an issuer, a year, a topic and a preamble from the source plans, a
shape (how many items in each section) drawn from the source plans' shapes unless one is
asked for, a section heading for each section and an item of a source plan for each place.
Each file gets one layout, every feature of `render.Layout` drawn at random (numbering,
indents, hard wraps, page numbers, official-document furniture, web chrome), so the corpus
looks like the field, not like the sample's one web page. A file holds several plans, as
compilations do, except an official document or a saved web page, which carries one. Files
are text (UTF-8 or GB18030), and where asked, saved web pages and Word files. The same
`seed` gives the same corpus, byte for byte.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pyarrow as pa

from yaodian.synth import render
from yaodian.synth.render import LAYOUT_CHOICES, Item, Layout, Plan, Section

PLANS_PER_FILE = (1, 6)  # a compilation's plans; an official document or a web page carries one
FORMATS = ("txt", "html", "docx")
ENCODINGS = ("utf-8", "utf-8", "utf-8", "gb18030")  # most files are UTF-8
DISTRICTS = ("东", "西", "南", "北", "新")
_YEAR_PREFIX = re.compile(r"^.*?(?:19|20)\d\d年(?:度)?")


@dataclass(frozen=True)
class Parts:
    """What synthetic plans are made of, taken from the source plans."""

    issuers: tuple[str, ...]
    topics: tuple[str, ...]
    preambles: tuple[str, ...]
    headings: tuple[str, ...]
    items: tuple[Item, ...]
    shapes: tuple[tuple[int, ...], ...]  # items per section, of each source plan


def parse_shape(text: str) -> tuple[int, ...]:
    """`6x4` → six sections of four items; `0x20` → twenty articles without sections."""
    sections, _, items = text.lower().partition("x")
    if not (sections.isdigit() and items.isdigit()) or int(items) < 1:
        raise ValueError(f"a shape is SECTIONSxITEMS, such as 6x4 or 0x20 (items ≥ 1): {text!r}")
    return (int(items),) if int(sections) == 0 else (int(items),) * int(sections)


def write_corpus(tables: dict[str, pa.Table], docs: int, out_dir: Path, seed: int = 0,
                 shape: tuple[int, ...] | None = None, formats: tuple[str, ...] = ("txt",)) -> list[Path]:
    """Write `docs` synthetic plans into files under `out_dir`; returns the files written.
    `shape`: every plan's items per section (default: each drawn from the source plans');
    `formats`: what files are saved as, drawn per file."""
    rng = random.Random(seed)
    parts = parts_of(tables)
    out_dir.mkdir(parents=True, exist_ok=True)
    written, k = [], 0
    while k < docs:
        layout = _layout(rng)
        kind = rng.choice(formats)
        alone = layout.official or layout.chrome or kind != "txt"
        n = 1 if alone else min(rng.randint(*PLANS_PER_FILE), docs - k)
        plans = [new_plan(parts, rng, k + i, shape) for i in range(n)]
        layout = _unnested(layout, plans, rng)
        text = "\n".join(render.render(plan, _fitted(layout, plan)) for plan in plans)
        path = out_dir / f"synthetic_{k + 1:06d}.{kind}"
        path.write_bytes(_saved(text, kind, plans[0].title, rng))
        written.append(path)
        k += n
    return written


def parts_of(tables: dict[str, pa.Table]) -> Parts:
    """The parts of the complete plans in `tables` (a release's, or `pipeline.tables`)."""
    plans = render.plans_from_tables(tables)
    if not plans:
        raise ValueError("the source holds no complete plan to recombine")
    return Parts(
        issuers=tuple(sorted({p.issuer for p in plans if p.issuer})) or ("某局",),
        topics=tuple(sorted({_topic(p) for p in plans})),
        preambles=tuple(p.preamble for p in plans if p.preamble) or ("",),
        headings=tuple(s.heading for p in plans for s in p.sections if s.heading) or ("重点工作",),
        items=tuple(i for p in plans for s in p.sections for i in s.items if i.title),
        shapes=tuple(tuple(len(s.items) for s in p.sections) for p in plans),
    )


def _topic(plan: Plan) -> str:
    """What a plan is about, from its title: 意识形态工作要点 of 某局2026年意识形态工作要点."""
    rest = plan.title[len(plan.issuer):] if plan.issuer and plan.title.startswith(plan.issuer) else plan.title
    return _YEAR_PREFIX.sub("", rest) or "工作要点"


def new_plan(parts: Parts, rng: random.Random, k: int, shape: tuple[int, ...] | None = None) -> Plan:
    """The k-th synthetic plan: a new issuer and year, a shape, headings and items drawn at random."""
    year = 2026 - k % 3
    issuer = f"{rng.choice(DISTRICTS)}{k + 1}区{rng.choice(parts.issuers)}"
    sections = tuple(Section(rng.choice(parts.headings), tuple(rng.choice(parts.items) for _ in range(n)))
                     for n in shape or rng.choice(parts.shapes))
    return Plan(f"{issuer}{year}年{rng.choice(parts.topics)}", issuer, rng.choice(parts.preambles), sections)


def _layout(rng: random.Random) -> Layout:
    """Every feature drawn at random; a hard-wrapped file indents its paragraphs. (Without
    indents, a heading that ends at the margin cannot be told from one that goes on to the
    next line, and yaodian reads it as going on: tests/test_layout_proof.py.)"""
    layout = Layout(**{name: rng.choice(values) for name, values in LAYOUT_CHOICES.items()})
    return replace(layout, indent="　　") if layout.wrap and not layout.indent else layout


def _unnested(layout: Layout, plans: list[Plan], rng: random.Random) -> Layout:
    """Items numbered above the levels their own text uses: the genre nests 第一条 › （一） ›
    1. › （1）, so a plan numbered （一） may list 1. 2. inside an item, but a plan numbered
    1. does not (its sub-points would read as items)."""
    paragraphs = [p.translate(render.HALF_WIDTH) for plan in plans for s in plan.sections for i in s.items
                  for p in i.body.split("\n")]
    used = [level for level, styles in enumerate(NESTING)
            if any(p.startswith(_LABELS[style]) for style in styles for p in paragraphs)]
    free = [style for styles in NESTING[:min(used, default=len(NESTING))] for style in styles]
    return layout if layout.item_style in free or not free else replace(layout, item_style=rng.choice(free))


NESTING = (("article",), ("paren_full", "paren_half"), ("dot", "comma"), ("paren_digit",))  # outermost first
_LABELS = {style: tuple(render.item_label(style, n).translate(render.HALF_WIDTH).strip() for n in range(1, 100))
           for style in render.ITEM_STYLES}


def _fitted(layout: Layout, plan: Plan) -> Layout:
    """A plan of one section is written as articles, without a section heading."""
    return replace(layout, sections=False) if len(plan.sections) == 1 else layout


def _saved(text: str, kind: str, title: str, rng: random.Random) -> bytes:
    if kind == "html":
        return render.html_page(text, title, rng.choice(render.PAGE_STYLES)).encode("utf-8")
    if kind == "docx":
        return render.docx_bytes(text)
    return text.encode(rng.choice(ENCODINGS))
