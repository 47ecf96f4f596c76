"""`yaodian explain FILE`: what each stage made of one file, in order, as plain text.

For a person who wants to know why a plan came out as it did: the format and encoding read,
every cleaned line with its kind and the rule that gave it (and, when it was set aside, the
residue reason), the drafts segmenting made, how reconciling linked and numbered them, and
every commitment of every item with its evidence marked in its clause. It runs the
pipeline's own functions on the one file (ingest, sources.result_of, pipeline.assemble), so
what it shows is what a run on that file alone publishes; a plan split over several files
is reconciled across them only in a real run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from yaodian import pipeline, rules
from yaodian.build.reconcile import link, score
from yaodian.build.segment import DocDraft, Segmented
from yaodian.ingest import Ingested, ReadError, ingest
from yaodian.ingest.clean import Line
from yaodian.ingest.read import Source
from yaodian.rules import script
from yaodian.sources import SourceResult, result_of

STAGES = ("read", "clean", "segment", "reconcile", "commitments")
TEXT_WIDTH = 60  # characters of a line shown before it is cut with …
CONTEXT = 30  # characters of an item's text shown on each side of a commitment's evidence


def explain(data: bytes, name: str, until: str = STAGES[-1]) -> Iterator[str]:
    """The lines of the explanation of the file `name` (its bytes `data`), stage by stage,
    stopping after the stage `until`."""
    stages = STAGES[:STAGES.index(until) + 1]
    try:
        ingested = ingest(data, name)
    except ReadError as error:
        yield from _stage("read", f"not readable: line {error.line or '—'}: {error.reason}")
        return
    except Exception as error:  # noqa: BLE001 - shown, as a run would record it
        yield from _stage("read", f"failed: {type(error).__name__}: {error} (a run quarantines the file)")
        return
    yield from _stage("read", *_read(ingested.source))
    if "clean" not in stages:
        return
    try:
        result = result_of(ingested)
    except Exception as error:  # noqa: BLE001 - shown, as a run would record it
        yield from _stage("clean", *_lines(ingested, {}))
        yield from _stage("segment", f"failed: {type(error).__name__}: {error} (a run quarantines the file)")
        return
    yield from _stage("clean", *_lines(ingested, _roles(ingested, result.segmented), result.segmented))
    if "segment" not in stages:
        return
    yield from _stage("segment", *_drafts(result.segmented))
    if "reconcile" not in stages:
        return
    tables = {name: table.to_pylist() for name, table in pipeline.assemble([result]).items()}
    yield from _stage("reconcile", *_reconciled(result, tables))
    if "commitments" not in stages:
        return
    yield from _stage("commitments", *_commitments(tables))


def _stage(name: str, *lines: str) -> Iterator[str]:
    yield f"== {name} " + "=" * (70 - len(name))
    yield from lines
    yield ""


def _cut(text: str, width: int = TEXT_WIDTH) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _read(source: Source) -> list[str]:
    lines = [f"file      {source.name}  ({source.size:,} bytes, sha256 {source.sha256[:16]}…)",
             f"format    {source.format}, encoding {source.encoding}"]
    lines += [f"warning   line {line}: {message}" for line, message in source.warnings]
    lines += [f"left out  line {line}: {message}" for line, message in source.dropped]
    return lines


def _roles(ingested: Ingested, segmented: Segmented) -> dict[int, str]:
    """Line → what segmenting made of it: title, preamble, section or item (heading or text),
    or residue with its reason and rule. A paragraph's later lines share its first line's role."""
    roles: dict[int, str] = {}
    for r in segmented.residue:
        roles.setdefault(r.line_no, "residue: " + r.reason + (f" [{r.detail}]" if r.detail else ""))
    for doc in segmented.docs:
        if doc.title_line:
            roles[doc.title_line] = "title"
        roles.update({n: "preamble" for n in doc.preamble_lines})
        for section in doc.sections:
            roles.update({n: f"section {section.no} " + ("heading" if k == 0 else "intro")
                          for k, n in enumerate(section.lines)})
            for item in section.items:
                roles.update({n: f"item {item.label} " + ("heading" if k == 0 else "text")
                              for k, n in enumerate(item.lines)})
    for block in ingested.blocks:
        for n in block.lines[1:]:
            roles.setdefault(n, roles.get(block.lines[0], "—"))
    return roles


def _piece_role(line: Line, segmented: Segmented, fallback: str) -> str:
    """What a piece of a flattened line was made into, found by its text (the drafts know lines,
    and every piece of a flattened line has the same number)."""
    rest = line.text
    if line.kind == "heading":
        match = rules.rule("layout", line.rule).search(script.to_simplified(line.text))
        rest = line.text[match.start("rest"):] if match and match["rest"] else line.text
    for doc in segmented.docs:
        if doc.title and line.text == doc.title:
            return "title"
        for section in doc.sections:
            if line.rule in rules.table("layout")["section_rules"] and section.heading and rest.startswith(section.heading):
                return f"section {section.no} heading"
            for item in section.items:
                if line.kind == "heading" and item.text and item.text.startswith(rest[:12]):
                    return f"item {item.label} heading"
                if item.text and line.text in item.text:
                    return f"item {item.label} text"
        if any(line.text in paragraph for paragraph in doc.preamble):
            return "preamble"
    return fallback


def _lines(ingested: Ingested, roles: dict[int, str], segmented: Segmented | None = None) -> list[str]:
    sections = set(rules.table("layout")["section_rules"])
    pieces = Counter(line.no for line in ingested.lines)
    kinds = Counter()
    out = []
    for line in ingested.lines:
        kind = line.kind
        if kind == "heading":
            kind = "section" if line.rule in sections else "item"
        kinds[kind] += 1
        rule = f"[{line.rule}]" if line.rule else ""
        role = roles.get(line.no, "—")
        if pieces[line.no] > 1 and segmented is not None and not role.startswith("residue"):
            role = _piece_role(line, segmented, role)
        out.append(f"{line.no:5}  {kind:17} {rule:24} → {role:28} {_cut(line.text)}".rstrip())
    counts = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
    set_aside = sum(role.startswith("residue") for role in roles.values())
    cut = f" (cut into {len(ingested.lines)} pieces)" if len(ingested.lines) > ingested.n_lines else ""
    return [f"{ingested.n_lines} lines{cut} read as: {counts}; joined into {len(ingested.blocks)} paragraphs; "
            f"{set_aside} line(s) set aside as residue",
            "  line  read as           rule                       → made into", *out]


def _drafts(segmented: Segmented) -> list[str]:
    kinds = Counter(d.kind for d in segmented.docs)
    out = [f"{len(segmented.docs)} draft(s): " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
           + f"; {len(segmented.toc)} TOC entries"]
    out += [f"  TOC {entry.no:>3}  {_cut(entry.title)}  (page {entry.page}, line {entry.line_no})"
            for entry in segmented.toc]
    for k, doc in enumerate(segmented.docs, start=1):
        out.append(f"draft {k}: {doc.kind}, {_where(doc)}, {len(doc.sections)} sections, {len(doc.items)} items "
                   f"({sum(i.has_body for i in doc.items)} with body); title: {doc.title or '—'}")
        for section in doc.sections:
            numbers = [i.label for i in section.items]
            shown = f"items {numbers[0]}…{numbers[-1]}" if numbers else "no items"
            out.append(f"    section {section.no}: {_cut(section.heading, 40)}  ({shown}, "
                       f"{sum(i.has_body for i in section.items)} with body)")
        out += [f"    note line {line}: {kind}: {detail}" for line, kind, detail in doc.notes]
    return out


def _where(doc: DocDraft) -> str:
    lines = [n for n in ([doc.title_line] if doc.title_line else []) + doc.preamble_lines] + [
        n for s in doc.sections for n in s.lines] + [n for i in doc.items for n in i.lines]
    return f"lines {min(lines)}–{max(lines)}" if lines else "no lines"


def _reconciled(result: SourceResult, tables: dict[str, list[dict]]) -> list[str]:
    out = []
    for k, plan in enumerate(link([result.segmented]), start=1):
        if plan.outline and plan.body:
            how = (f"outline ({_where(plan.outline)}) linked to body ({_where(plan.body)}) by headings, "
                   f"agreement {score(plan.body, plan.outline):.2f}")
        else:
            how = f"{'outline' if plan.outline else 'body'} alone ({_where(plan.anchor)})"
        toc = f"; title from TOC entry {plan.toc.no}" if plan.toc else ""
        out.append(f"plan {k}: {how}{toc}")
    for doc in tables["documents"]:
        out.append(f"document {doc['doc_id']}: {doc['title'] or '—'} | issuer {doc['issuer'] or '—'} | year "
                   f"{doc['plan_year'] or '—'} | {doc['body_status']} | {doc['n_sections']} sections, "
                   f"{doc['n_items']} items ({doc['n_items_with_body']} with body)")
    out += [f"anomaly   {a['kind']}: line {a['line_no'] or '—'}: {a['detail']}" for a in tables["anomalies"]]
    reasons = Counter(r["reason"] for r in tables["residue"])
    out.append(f"residue   {len(tables['residue'])} row(s): "
               + (", ".join(f"{n} {reason}" for reason, n in reasons.most_common()) or "none"))
    return out


def _commitments(tables: dict[str, list[dict]]) -> list[str]:
    by_item: dict[tuple[str, int], list[dict]] = {}
    for row in tables["commitments"]:
        by_item.setdefault((row["doc_id"], row["item_no"]), []).append(row)
    out = [f"{len(tables['commitments'])} row(s) in {len(by_item)} of {len(tables['items'])} items"]
    for item in tables["items"]:
        rows = by_item.get((item["doc_id"], item["item_no"]), [])
        if not rows:
            continue
        out.append(f"{item['doc_id']} item {item['item_no']} (line {item['line_start']}): {_cut(item['title'] or '', 40)}")
        for row in rows:
            out += [f"    {_values(row)}", f"        {_marked(item['text'], row)}"]
    return out


def _values(row: dict) -> str:
    count = None if row["count_min"] is None and row["count_max"] is None else (
        f"{_n(row['count_min'])}–{_n(row['count_max'])} {row['unit'] or ''}".strip())
    parts = {"period": row["period"], "count": count, "deadline": row["deadline"], "regularity": row["regularity"]}
    shown = "  ".join(f"{k} {v}" for k, v in parts.items() if v is not None)
    return f"{shown}  (chars {row['char_start']}–{row['char_end']})"


def _n(value: float | None) -> str:
    return "…" if value is None else f"{value:g}"


def _marked(text: str, row: dict) -> str:
    """The evidence in 【】 where it stands in the item's text, with the text around it."""
    start, end = row["char_start"], row["char_end"]
    return _one_line(f"{_tail(text[:start], CONTEXT)}【{text[start:end]}】{_cut(text[end:], CONTEXT)}")


def _tail(text: str, width: int) -> str:
    return text if len(text) <= width else "…" + text[-(width - 1):]


def _one_line(text: str) -> str:
    return text.replace("\n", " ⏎ ")
