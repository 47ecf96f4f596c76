"""Reconcile drafts from every file into documents, sections, items, residue and anomalies.

A plan may be told three times: a TOC line gives its title, an outline its headings, a
body its text — in one file or across several, with titles worded differently. Outlines
take their titles from the TOC of their own file, by order; bodies are linked to outlines
by their headings, never by title (titles differ between sources). Where outline and body
disagree the body wins and the disagreement is recorded as an anomaly. A plan told twice
in full is kept once; the other copy goes to residue as a duplicate. Whatever a draft held
becomes a row or residue with its spans, so the file's text stays accounted for.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from yaodian import rules
from yaodian.build import identity, units
from yaodian.build.segment import DocDraft, ItemDraft, Segmented, TocEntry, numbers_shown, residue_of, short_heading
from yaodian.build.titles import clean_title, parse_title, plan_metadata
from yaodian.ingest.clean import Residue, Span

LINK_THRESHOLD = 0.5  # share of the headings both drafts have that must agree
LINK_MIN_HITS = 2     # and never fewer agreeing headings than this
_QUOTES = str.maketrans("", "", "“”‘’\"' ")


@dataclass
class Tables:
    """The published rows, one list of dicts per table (keys = schema field names)."""

    documents: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    residue: list[dict] = field(default_factory=list)
    anomalies: list[dict] = field(default_factory=list)


@dataclass
class Plan:
    """One plan's drafts after linking: outline and/or body, and its TOC entry."""

    outline: DocDraft | None
    body: DocDraft | None
    toc: TocEntry | None

    @property
    def anchor(self) -> DocDraft:
        return self.outline or self.body


def reconcile(parsed: list[Segmented]) -> Tables:
    """All tables from the segmented files; `parsed` in any order gives the same rows."""
    parsed = sorted(parsed, key=lambda s: s.source)
    order = {s.source: i for i, s in enumerate(parsed)}
    tables = Tables()
    for seg in parsed:
        tables.residue += [_residue_row(seg.source, r) for r in seg.residue]
        tables.anomalies += toc_mismatch(seg)
        tables.anomalies += [anomaly_row(seg.source, line, None, kind, detail) for line, kind, detail in seg.notes]
    plans = link(parsed)
    plans.sort(key=lambda p: (order[p.anchor.source], p.anchor.position))
    built = [(plan, build(plan)) for plan in plans]
    groups = identity.copies([b.documents[0] | {"headings": _headings(b)} for _, b in built])
    kept = [built[group[0]][1] for group in groups]
    for group, plan in zip(groups, kept, strict=True):
        _merge_issuer(plan, [built[k][1].documents[0]["issuer"] for k in group[1:]])
    ids = Counter(plan.documents[0]["doc_id"] for plan in kept)
    for plan in kept:  # one template under two issuers: two plans, told apart by their issuers
        if ids[plan.documents[0]["doc_id"]] > 1:
            document = plan.documents[0]
            _set_doc_id(plan, doc_id(document["plan_year"], plan.sections, plan.items, document["issuer"]))
    for group, plan in zip(groups, kept, strict=True):
        for name in ("documents", "sections", "items", "residue", "anomalies"):
            getattr(tables, name).extend(getattr(plan, name))
        for k in group[1:]:
            _set_aside_duplicate(tables, built[k][0], plan.documents[0])
    tables.anomalies += identity.similar_plans(tables.documents, {p.documents[0]["doc_id"]: _headings(p) for p in kept})
    tables.residue.sort(key=lambda r: (r["source_file"], r["line_no"], r["col"]))
    return tables


def _headings(built: Tables) -> tuple[str, ...]:
    """What makes two drafts the same plan: its section headings, then its item titles."""
    return tuple([s["heading"] for s in built.sections] + [i["title"] or "" for i in built.items])


def _merge_issuer(kept: Tables, issuers: list[str | None]) -> None:
    """A copy kept without an issuer takes the one another copy names (the longest)."""
    named = sorted((i for i in issuers if i), key=lambda i: (-len(i), i))
    if named and not kept.documents[0]["issuer"]:
        kept.documents[0]["issuer"] = named[0]


def _set_doc_id(plan: Tables, new: str) -> None:
    old = plan.documents[0]["doc_id"]
    for row in [*plan.documents, *plan.sections, *plan.items, *plan.anomalies]:
        if row.get("doc_id") == old:
            row["doc_id"] = new


# --- linking ---------------------------------------------------------------------------

def link(parsed: list[Segmented]) -> list[Plan]:
    """Plans from drafts: outlines titled by their TOC, bodies matched to outlines."""
    outlines, bodies = [], []
    for seg in parsed:
        titles = toc_titles(seg)
        file_outlines = [d for d in seg.docs if d.kind == "outline"]
        outlines += [Plan(doc, None, titles.get(k)) for k, doc in enumerate(file_outlines, start=1)]
        bodies += [d for d in seg.docs if d.kind == "body"]
    by_outline = {id(outline): body for body, outline in pair(bodies, [p.outline for p in outlines])}
    for plan in outlines:
        plan.body = by_outline.get(id(plan.outline))
    linked = {id(body) for body in by_outline.values()}
    return outlines + [Plan(None, body, None) for body in bodies if id(body) not in linked]


def pair(bodies: list, outlines: list) -> list[tuple]:
    """(body, outline) pairs: the best-scoring first, each draft in one pair at most, none
    below LINK_THRESHOLD. Drafts are anything with numbered `sections` and `items` headings
    (DocDrafts, or the run's summaries of them: yaodian.build.families)."""
    candidates = sorted(
        ((score(body, outline), bi, oi) for bi, body in enumerate(bodies) for oi, outline in enumerate(outlines)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    pairs, linked_bodies, linked_outlines = [], set(), set()
    for value, bi, oi in candidates:
        if value < LINK_THRESHOLD:
            break
        if bi in linked_bodies or oi in linked_outlines:
            continue
        pairs.append((bodies[bi], outlines[oi]))
        linked_bodies.add(bi)
        linked_outlines.add(oi)
    return pairs


def toc_titles(seg: Segmented) -> dict[int, TocEntry]:
    """TOC entries by number; where a file repeats its TOC, the fullest copy wins."""
    runs: list[list[TocEntry]] = []
    for entry in seg.toc:
        if not runs or entry.no <= runs[-1][-1].no:
            runs.append([])
        runs[-1].append(entry)
    entries: dict[int, TocEntry] = {}
    for run in sorted(runs, key=len):
        entries.update({e.no: e for e in run})
    return entries


def same_heading(a: str, b: str) -> bool:
    """Headings agree when one's short form is the other's (quotes and spaces aside)."""
    a, b = short_heading(a).translate(_QUOTES), short_heading(b).translate(_QUOTES)
    return bool(a) and bool(b) and (a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a))))


def score(body: DocDraft, outline: DocDraft) -> float:
    """Share of the headings both drafts have that agree (a body that breaks off early
    is scored on the part it has); 0 below LINK_MIN_HITS agreeing headings."""
    body_sections = {s.no: s.heading for s in body.sections}
    body_items = {i.no: i.heading for i in body.items}
    hits = sum(same_heading(body_sections.get(s.no, ""), s.heading) for s in outline.sections)
    hits += sum(same_heading(body_items.get(i.no, ""), i.heading) for i in outline.items)
    shared = min(len(outline.sections) + len(outline.items), len(body_sections) + len(body_items))
    return hits / shared if hits >= LINK_MIN_HITS else 0.0


# --- building one plan ------------------------------------------------------------------

def build(plan: Plan) -> Tables:
    """The rows of one plan: its document, sections, items, and what it set aside."""
    out = Tables()
    sections = _merge_sections(plan, out)
    items = _number_through(_merge_items(plan, out), out)
    _sections_in_order(sections, items, out)
    doc = _document_row(plan, sections, items)
    implausible = parse_title(clean_title(doc["title"])).implausible
    if implausible is not None:
        first, last = rules.table("titles")["plausible_years"]
        out.anomalies.append(anomaly_row(doc["source_file"], doc["line_start"], None,
                                         "implausible_year", f"the title writes {implausible}年, outside {first}-{last}: "
                                         "the plan is left undated"))
    for row in sections + items:
        row["doc_id"] = doc["doc_id"]
    out.anomalies += [anomaly_row(d.source, line, None, kind, detail)
                      for d in (plan.outline, plan.body) if d for line, kind, detail in d.notes]
    for row in out.anomalies:
        row["doc_id"] = doc["doc_id"]
    if plan.outline and plan.body and plan.outline.title_block:
        title = plan.outline.title_block
        out.residue += [_residue_row(plan.outline.source, r) for r in residue_of(
            title.lines, title.spans, plan.outline.title, "outline", "title of an outline whose body is elsewhere")]
    out.documents.append(doc)
    out.sections, out.items = sections, items
    if doc["body_status"] == "partial":
        where = plan.body.truncated_line or plan.body.items[-1].lines[-1]
        out.anomalies.append(anomaly_row(plan.body.source, where, doc["doc_id"], "truncated_body",
                                      f"body breaks off: {doc['n_items_with_body']} of {doc['n_items']} items have text"))
    return out


def _merge_sections(plan: Plan, out: Tables) -> list[dict]:
    outline = {s.no: s for s in plan.outline.sections} if plan.outline else {}
    body = {s.no: s for s in plan.body.sections} if plan.body else {}
    rows = []
    for no in sorted(outline.keys() | body.keys()):
        o, b = outline.get(no), body.get(no)
        src, chosen = (plan.body, b) if b else (plan.outline, o)
        if o and b and o.lines:  # an implicit section 0 has no heading line to supersede
            _outline_superseded(out, plan.outline.source, o.lines, o.spans, o.heading, b.heading, f"section {no}")
        rows.append({
            "section_no": no,
            "heading": short_heading(chosen.heading) if b else chosen.heading,
            "heading_full": b.heading if b else None,
            "intro": "\n".join(b.intro) if b and b.intro else None,
            "has_body": b is not None,
            # section 0 has no text of its own: its lines are its items', and no span
            **_provenance(src.source, chosen.lines or [n for i in chosen.items for n in i.lines], chosen.spans),
        })
    return rows


def _merge_items(plan: Plan, out: Tables) -> list[dict]:
    outline = _items_by_no(plan.outline)
    body = _items_by_no(plan.body)
    rows = []
    for no in sorted(outline.keys() | body.keys()):
        o, b = outline.get(no), body.get(no)
        (section_no, item), src = (b, plan.body) if b else (o, plan.outline)
        if o and b:
            _outline_superseded(out, plan.outline.source, o[1].lines, o[1].spans, o[1].heading, item.heading,
                                f"item {no}")
        masked = item.text.count("*")
        if masked:
            out.anomalies.append(anomaly_row(src.source, item.lines[0], None, "masked_characters",
                                          f"item {no}: {masked} masked character(s) '*' kept as written"))
        rows.append({
            "section_no": section_no,
            "item_no": no,
            "item_label": item.label,
            "title": (short_heading(item.heading) if b else item.heading) or None,  # None: an empty item
            "title_full": (item.heading if b else None) or None,
            "text": item.text or None,
            "has_body": bool(b and item.has_body),
            "n_masked": masked,
            "lead_units": units.lead_units(item.text),
            **_provenance(src.source, item.lines, item.spans),
        })
    return rows


def _number_through(items: list[dict], out: Tables) -> list[dict]:
    """Items numbered 1…n through the plan, as item_no promises: where the written numbers
    skip (1, 2, 5), items take their position; item_label keeps what was written."""
    numbers = [row["item_no"] for row in items]
    if numbers == list(range(1, len(items) + 1)):
        return items
    for position, row in enumerate(items, start=1):
        row["item_no"] = position
    detail = f"item numbers {numbers_shown(numbers)} are not 1-{len(items)}; items numbered in order"
    out.anomalies.append(anomaly_row(items[0]["source_file"], items[0]["line_start"], None, "items_renumbered", detail))
    return items


def _sections_in_order(sections: list[dict], items: list[dict], out: Tables) -> None:
    """Sections numbered 1…n, as section_no promises: a plan excerpted from its part 三, or one
    whose written numbers skip, has its sections take their position (items follow them)."""
    numbers = [row["section_no"] for row in sections if row["section_no"] != 0]
    if numbers == list(range(1, len(numbers) + 1)):
        return
    position = {no: k for k, no in enumerate(numbers, start=1)}
    for row in sections + items:
        row["section_no"] = position.get(row["section_no"], row["section_no"])
    first = next(row for row in sections if row["section_no"] != 0)
    detail = f"section numbers {numbers_shown(numbers)} are not 1-{len(numbers)}; sections numbered in order"
    out.anomalies.append(anomaly_row(first["source_file"], first["line_start"], None, "sections_renumbered", detail))


def _items_by_no(doc: DocDraft | None) -> dict[int, tuple[int, ItemDraft]]:
    if doc is None:
        return {}
    return {item.no: (section.no, item) for section in doc.sections for item in section.items}


def _outline_superseded(out: Tables, source: str, lines: list[int], spans: list[Span], outline: str, body: str,
                        what: str) -> None:
    """The body gives this heading: the outline's line becomes residue; a mismatch an anomaly."""
    out.residue += [_residue_row(source, Residue(no, outline, "outline", what, span=span))
                    for no, span in zip(lines, spans, strict=True)]
    if not same_heading(body, outline):
        out.anomalies.append(anomaly_row(source, lines[0], None, "heading_mismatch",
                                      f"{what}: outline says “{outline}”, body says “{body}”; the body's is kept"))


def _document_row(plan: Plan, sections: list[dict], items: list[dict]) -> dict:
    toc_title = plan.toc.title if plan.toc else None
    body_title = plan.body.title if plan.body else None
    outline_title = plan.outline.title if plan.outline else None  # an outline-only plan keeps its title
    drafts = [d for d in (plan.body, plan.outline) if d]
    titles = [t for t in (toc_title, body_title, outline_title) if t]
    # the TOC's wording of the title may name no issuer where the body's does
    named = next((t for t in titles if parse_title(clean_title(t)).issuer), titles[0] if titles else None)
    meta = plan_metadata(named, [line for d in drafts for line in d.lead],
                         "\n".join(plan.body.preamble) if plan.body else "",
                         next((d.signed_by for d in drafts if d.signed_by), None),
                         "\n".join(i["text"] or "" for i in items))
    title, issuer, year = clean_title(toc_title or body_title or outline_title), meta.issuer, meta.year
    body = plan.body
    header = body or plan.outline
    sources = sorted({d.source for d in (plan.outline, plan.body) if d})
    return {
        "doc_id": doc_id(year, sections, items),
        "title": title,
        "issuer": issuer,
        "plan_year": year,
        "body_status": _body_status(plan),
        "n_sections": len(sections),
        "n_items": len(items),
        "n_items_with_body": sum(i["has_body"] for i in items),
        "source_files": ";".join(sources),
        "body_title": body_title,
        "preamble": "\n".join(body.preamble) if body and body.preamble else None,
        **_provenance(header.source, *header.header),
    }


def _body_status(plan: Plan) -> str:
    if plan.body is None:
        return "outline_only"
    short_of_outline = plan.outline is not None and len(plan.body.items) < len(plan.outline.items)
    # a body whose items are headings only breaks off after them (an excerpt cut at 一、总体要求)
    headings_only = bool(plan.body.items) and not any(item.has_body for item in plan.body.items)
    return "partial" if plan.body.truncated_line or short_of_outline or headings_only else "complete"


def doc_id(year: int | None, sections: list[dict], items: list[dict], issuer: str | None = None) -> str:
    """Stable id from content: the plan year and its section and item headings.

    Not from title (sources word titles differently), issuer (read differently as the rules
    improve), row order or run time; the same plan read from any source gets the same id.
    Only two plans written from one template by two issuers are told apart by their issuer.
    """
    key = "\n".join([str(year)] + [s["heading"] for s in sections] + [i["title"] or "" for i in items]
                     + ([f"issuer:{issuer}"] if issuer else []))
    return f"{year or 'undated'}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:10]}"


def _set_aside_duplicate(tables: Tables, plan: Plan, kept: dict) -> None:
    """A plan already built from another draft: all its text goes to residue."""
    for draft in (plan.outline, plan.body):
        if draft is None:
            continue
        title = draft.title_block
        pieces = [(title.lines, title.spans, draft.title or "")] if title else []
        pieces += [(draft.preamble_lines, draft.preamble_spans, "\n".join(draft.preamble))]
        pieces += [(s.lines, s.spans, "\n".join([s.heading] + s.intro)) for s in draft.sections]
        pieces += [(i.lines, i.spans, i.text) for i in draft.items]
        rows = [_residue_row(draft.source, r) for lines, spans, text in pieces
                for r in residue_of(lines, spans, text, "duplicate_source", kept["doc_id"])]
        tables.residue += rows
        tables.anomalies.append(anomaly_row(draft.source, min((r["line_no"] for r in rows), default=None),
                                         kept["doc_id"], "duplicate_source",
                                         f"same plan as {kept['doc_id']} ({kept['source_files']}); kept once"))


def toc_mismatch(seg: Segmented) -> list[dict]:
    """A file whose outlines and TOC entries differ in number: titles may be misassigned."""
    outlines = sum(d.kind == "outline" for d in seg.docs)
    entries = len(toc_titles(seg))
    if not outlines or not entries or outlines == entries:
        return []
    return [anomaly_row(seg.source, seg.toc[0].line_no, None, "toc_outline_mismatch",
                     f"{outlines} outlines but {entries} table-of-contents entries; outlines are titled by order")]


# --- rows ---------------------------------------------------------------------------------

def _provenance(source: str | None, lines: list[int], spans: list[Span]) -> dict:
    """Where a row was read: its file, its lines, and the span its text covers in that file's
    extracted text, from the first piece's start to the last one's end (None without text)."""
    return {
        "source_file": source if lines else None,
        "line_start": min(lines) if lines else None,
        "line_end": max(lines) if lines else None,
        "char_start": min(start for start, _ in spans) if spans else None,
        "char_end": max(end for _, end in spans) if spans else None,
    }


def _residue_row(source: str, r: Residue) -> dict:
    start, end = r.span or (None, None)
    return {"source_file": source, "line_no": r.line_no, "col": r.col, "text": r.text,
            "reason": r.reason, "detail": r.detail, "char_start": start, "char_end": end}


def anomaly_row(source: str | None, line: int | None, doc: str | None, kind: str, detail: str) -> dict:
    """A row of the anomalies table."""
    return {"source_file": source, "line_no": line, "doc_id": doc, "kind": kind, "detail": detail}
