"""Accounting by text (issue 14, "Nothing vanishes"): the spans of the plan rows and of residue
cover every character of each file's extracted text; text a stage loses is caught where the
text is at hand, kept as `unaccounted` residue, and withholds its plan; plan rows never overlap."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import SAMPLE
from test_field_layouts import FLATTENED
from test_isolation import read
from test_quality import set_cells, validate

from yaodian import pipeline, quality, sources
from yaodian.ingest import ingest
from yaodian.quality.accounting import RANGED, overlapping, uncovered
from yaodian.release import releases


def characters_unaccounted(tables: dict, texts: dict[str, str]) -> list[tuple[str, str]]:
    """(file, text) of every run of a file's extracted text (`texts`: file → text) that no span of
    the published tables covers, whitespace aside (`unaccounted` residue covers nothing: it is
    what a stage lost)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for name in (*RANGED, "residue"):
        columns = ["source_file", "char_start", "char_end", *(["reason"] if name == "residue" else [])]
        for row in tables[name].select(columns).to_pylist():
            if row["char_start"] is not None and row.get("reason") != "unaccounted":
                spans.setdefault(row["source_file"], []).append((row["char_start"], row["char_end"]))
    return [(file, text[a:b]) for file, text in texts.items() for a, b in uncovered(text, spans.get(file, []))]


def texts_of(paths) -> dict[str, str]:
    return {path.name: ingest(path.read_bytes(), path.name).text for path in paths}


def test_uncovered_is_what_no_span_holds_trimmed_of_whitespace():
    text = "标题\n\n 一、加强学习 x\n尾"
    assert uncovered(text, [(0, 2), (5, 11)]) == [(12, 15)]  # runs across lines, trimmed
    assert uncovered(text, [(0, 2), (5, 13), (14, 15)]) == []
    assert uncovered("  \n ", []) == []


def test_the_sample_accounts_for_every_character(sample_tables):
    paths = sorted(p for p in SAMPLE.iterdir() if p.suffix == ".txt")
    assert characters_unaccounted(sample_tables, texts_of(paths)) == []
    assert "unaccounted" not in sample_tables["residue"].column("reason").to_pylist()
    assert overlapping(sample_tables) == {name: set() for name in RANGED}
    n_chars = {s["source_file"]: s["n_chars"] for s in sample_tables["sources"].to_pylist()}
    assert n_chars == {name: len(text) for name, text in texts_of(paths).items()}
    items = sample_tables["items"].to_pylist()
    assert all(i["char_start"] is not None and i["char_start"] < i["char_end"] for i in items)


@pytest.mark.parametrize("name", ["official_notice.txt", "county_webpage_gb2312.html"])
def test_a_layout_accounts_for_every_character(name):
    path = SAMPLE.parent.parent / "tests" / "layouts" / name
    tables = pipeline.tables([path])
    assert characters_unaccounted(tables, texts_of([path])) == []


def test_a_flattened_line_is_accounted_for_piece_by_piece():
    """A plan on one line: its items are pieces of that line, their spans apart and in order."""
    tables = pipeline.assemble([sources.process_bytes(FLATTENED.encode("utf-8"), "flat.txt")])
    text = ingest(FLATTENED.encode("utf-8"), "flat.txt").text
    assert characters_unaccounted(tables, {"flat.txt": text}) == []
    items = tables["items"].to_pylist()
    assert [text[i["char_start"]:i["char_start"] + 3] for i in items] == ["(一)", "(二)", "(三)"]
    assert all(a["char_end"] <= b["char_start"] for a, b in zip(items, items[1:], strict=False))


def test_a_span_is_its_rows_text_in_the_extracted_text(sample_tables):
    """An item's span holds its number and its text; a section's its heading and intro."""
    texts = texts_of(sorted(p for p in SAMPLE.iterdir() if p.suffix == ".txt"))
    one_line = [i for i in sample_tables["items"].to_pylist() if i["line_start"] == i["line_end"]]
    assert len(one_line) > 100
    for item in one_line:
        span = texts[item["source_file"]][item["char_start"]:item["char_end"]]
        assert span.startswith(item["item_label"]) and span.endswith(item["text"])
    section = next(s for s in sample_tables["sections"].to_pylist() if s["source_file"] == PAGE and s["intro"])
    span = texts[PAGE][section["char_start"]:section["char_end"]]
    assert span.startswith("一、" + section["heading_full"]) and span.endswith(section["intro"])


def drop_block(monkeypatch, file: str, starting: str) -> None:
    """Every later run's segmenting of `file` loses the paragraph that starts with `starting`: a
    stage's fault."""
    original = sources.segment

    def losing(name, blocks, residue=()):
        return original(name, [b for b in blocks if name != file or not b.text.startswith(starting)], residue)
    monkeypatch.setattr(sources, "segment", losing)


PAGE, LOST = "webpage_4docs_2026.txt", "3.创新政法特色思政工作模式"  # an item amid the page's first plan


def test_a_lost_paragraph_is_kept_as_unaccounted_residue_and_named(monkeypatch):
    drop_block(monkeypatch, PAGE, LOST)
    result = sources.process_source(SAMPLE / "webpage_4docs_2026.txt", "webpage_4docs_2026.txt")
    lost = [r for r in result.segmented.residue if r.reason == "unaccounted"]
    assert len(lost) == 1 and lost[0].text.startswith(LOST) and lost[0].col == 0
    text = texts_of([SAMPLE / PAGE])[PAGE]
    assert text[slice(*lost[0].span)] == lost[0].text
    assert characters_unaccounted(pipeline.assemble([result]), {PAGE: text}) == [(PAGE, lost[0].text)]
    [anomaly] = [a for a in result.anomalies if a["kind"] == "unaccounted_text"]
    assert (anomaly["source_file"], anomaly["line_no"]) == ("webpage_4docs_2026.txt", lost[0].line_no)
    assert anomaly["detail"].startswith(f"{len(lost[0].text)} character(s) from line {lost[0].line_no}, col 0")


def test_a_lost_paragraph_fails_the_gate_and_withholds_its_plan(monkeypatch, tmp_path):
    drop_block(monkeypatch, PAGE, LOST)
    result = pipeline.run([SAMPLE], tmp_path)
    [victim] = result["withheld"]
    assert result["validation"].set_aside.failed[0].check == "residue.nothing_unaccounted"
    assert len(read(tmp_path, "documents")) == 8
    residue = read(tmp_path, "residue")
    assert "unaccounted" not in set(residue.reason)
    held = pd.read_parquet(tmp_path / "quarantine" / "residue.parquet")
    assert held.text.str.startswith(LOST).tolist() == [True]
    assert held.failed_checks.tolist() == ["residue.nothing_unaccounted"]
    line = held.line_no.iloc[0]
    assert residue[(residue.source_file == "webpage_4docs_2026.txt") & (residue.line_no == line)].detail.tolist() == [
        f"plan {victim}"]


def test_unaccounted_text_outside_any_plan_withholds_every_plan_of_its_file(sample_tables, tmp_path):
    rows = sample_tables["residue"].to_pylist()
    first = next(k for k, r in enumerate(rows) if r["source_file"] == "webpage_4docs_2026.txt" and r["text"])
    tables = dict(sample_tables, residue=set_cells(sample_tables["residue"], "reason", {first: "unaccounted"}))
    candidate = releases.prepare(tables, tmp_path)
    result = quality.check(candidate, tmp_path, data_docs=False)
    assert [r.check for r in result.critical_failures] == ["residue.nothing_unaccounted"]
    isolation = quality.isolate(candidate, result)
    of_file = {d["doc_id"] for d in sample_tables["documents"].to_pylist()
               if "webpage_4docs_2026.txt" in d["source_files"].split(";")}
    assert {w["doc_id"] for w in isolation.summary.withheld} == of_file
    kept = isolation.tables["residue"].to_pylist()
    assert [(r["reason"], r["detail"]) for r in kept if (r["source_file"], r["line_no"]) == (
        rows[first]["source_file"], rows[first]["line_no"])] == [("withheld", "file withheld")]
    assert validate(isolation.tables, tmp_path / "again").publishable
