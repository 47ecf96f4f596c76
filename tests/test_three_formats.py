"""One plan as a text file, a saved web page and a Word file: the same items and commitments
from each, and `yaodian run --input` on the folder keeps the plan once."""

from __future__ import annotations

import pandas as pd
import pytest

from yaodian import pipeline, sources
from yaodian.synth import render
from yaodian.synth.render import Layout

TEXT_LAYOUT = Layout(full_width=True, indent="　　", blank_lines=True, wrap=66, page_numbers="— {n} —", official=True)
PAGE_LAYOUT = Layout(item_style="comma", title_own_line=True, chrome=True)


@pytest.fixture(scope="module")
def renderings(sample_tables, tmp_path_factory):
    """The first complete sample plan written as GB18030 text, HTML (with a <meta> charset)
    and .docx (Word numbering); the folder holding them."""
    plan = render.plans_from_tables(sample_tables)[0]
    folder = tmp_path_factory.mktemp("three")
    (folder / "plan.txt").write_bytes(render.render(plan, TEXT_LAYOUT).encode("gb18030"))
    (folder / "plan.html").write_text(render.html_page(render.render(plan, PAGE_LAYOUT), plan.title), encoding="utf-8")
    (folder / "plan.docx").write_bytes(render.docx_plan(plan))
    return folder


def extracted(folder, name: str) -> dict:
    return pipeline.assemble([sources.process_source(folder / name, name)])


def items_of(tables: dict) -> list[tuple]:
    return [(i["section_no"], i["item_no"], i["title"], i["has_body"]) for i in tables["items"].to_pylist()]


def commitments_of(tables: dict) -> list[tuple]:
    keys = ("commitment_id", "period", "count_min", "count_max", "unit", "deadline", "regularity", "evidence", "clause")
    return [tuple(c[k] for k in keys) for c in tables["commitments"].to_pylist()]


@pytest.mark.parametrize("name, fmt", [("plan.html", "html"), ("plan.docx", "docx")])
def test_a_page_and_a_word_file_give_what_the_text_gives(renderings, name, fmt):
    text, other = extracted(renderings, "plan.txt"), extracted(renderings, name)
    assert other["sources"].to_pylist()[0]["format"] == fmt
    assert len(items_of(text)) == 24 and items_of(other) == items_of(text)
    assert commitments_of(text) and commitments_of(other) == commitments_of(text)
    keep = ("doc_id", "title", "issuer", "plan_year", "n_sections", "n_items", "n_items_with_body", "preamble")
    assert [{k: d[k] for k in keep} for d in other["documents"].to_pylist()] == \
        [{k: d[k] for k in keep} for d in text["documents"].to_pylist()]


def test_the_format_is_read_from_the_content_not_the_name(renderings, tmp_path):
    (tmp_path / "page.txt").write_bytes((renderings / "plan.html").read_bytes())
    (tmp_path / "word.bin").write_bytes((renderings / "plan.docx").read_bytes())
    formats = [extracted(tmp_path, name)["sources"].to_pylist()[0]["format"] for name in ("page.txt", "word.bin")]
    assert formats == ["html", "docx"]


def test_the_cli_on_the_folder_keeps_the_plan_once(renderings, tmp_path, prefect_server):
    from yaodian.cli import main

    out = tmp_path / "out"
    assert main(["run", "--input", str(renderings), "--output", str(out)]) == 0
    sources = pd.read_parquet(out / "sources.parquet").set_index("source_file")
    assert sources["format"].to_dict() == {"plan.docx": "docx", "plan.html": "html", "plan.txt": "text"}
    docs = pd.read_parquet(out / "documents.parquet")
    assert len(docs) == 1 and docs["n_items_with_body"].tolist() == [24]
    # the first file (by name) gives the plan; the other two build the same doc_id and are set aside whole
    residue = pd.read_parquet(out / "residue.parquet")
    duplicates = residue[residue["reason"] == "duplicate_source"]
    assert set(duplicates["source_file"]) == {"plan.html", "plan.txt"}
    assert set(duplicates["detail"]) == set(docs["doc_id"])
