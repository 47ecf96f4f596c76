"""`yaodian explain FILE`: every stage, in order, saying what the pipeline made of the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from yaodian import pipeline
from yaodian.cli import main
from yaodian.explain import STAGES, explain

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "raw"
COMPILATION = SAMPLE / "compilation_9docs_2026.txt"


@pytest.fixture(scope="module")
def explained() -> list[str]:
    return list(explain(COMPILATION.read_bytes(), COMPILATION.name))


def stage_lines(lines: list[str], stage: str) -> list[str]:
    start = lines.index(next(line for line in lines if line.startswith(f"== {stage} ")))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("== ")), len(lines))
    return lines[start + 1:end]


def test_every_stage_is_shown_in_order(explained):
    headings = [line.split()[1] for line in explained if line.startswith("== ")]
    assert headings == list(STAGES)


def test_the_read_stage_names_format_and_encoding(explained):
    assert "format    text, encoding utf-8" in stage_lines(explained, "read")


def test_every_line_is_shown_with_its_kind_and_what_was_set_aside(explained):
    lines = stage_lines(explained, "clean")
    numbered = [line for line in lines if line[:5].strip().isdigit()]
    assert len(numbered) == len(COMPILATION.read_text(encoding="utf-8").splitlines())
    first = numbered[0].split()
    assert first[:3] == ["1", "toc", "[toc_entry]"] and "→ residue: toc [toc_entry]" in numbered[0]
    assert any(line.split()[1] == "section" for line in numbered) and any(line.split()[1] == "item" for line in numbered)


def test_drafts_and_reconciliation_agree_with_the_tables(explained):
    tables = pipeline.tables([COMPILATION])
    assert stage_lines(explained, "segment")[0].startswith("14 draft(s): 5 body, 9 outline; 17 TOC entries")
    reconciled = stage_lines(explained, "reconcile")
    documents = [line for line in reconciled if line.startswith("document ")]
    assert [line.split()[1].rstrip(":") for line in documents] == tables["documents"].column("doc_id").to_pylist()
    assert sum(" linked to body " in line for line in reconciled) == 5
    assert any(line.startswith("anomaly   truncated_body") for line in reconciled)


def test_each_commitment_is_shown_with_its_evidence_marked(explained):
    rows = pipeline.tables([COMPILATION])["commitments"].to_pylist()
    lines = stage_lines(explained, "commitments")
    assert lines[0].startswith(f"{len(rows)} row(s)")
    marked = [line for line in lines if "【" in line]
    assert len(marked) == len(rows)
    assert all(f"【{row['evidence']}】" in line for row, line in zip(rows, marked, strict=True))


def test_stage_stops_early_and_the_cli_prints_it(capsys):
    assert main(["explain", str(COMPILATION), "--stage", "segment"]) == 0
    out = capsys.readouterr().out
    assert [line.split()[1] for line in out.splitlines() if line.startswith("== ")] == ["read", "clean", "segment"]


def test_an_unreadable_file_is_explained_and_a_missing_one_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["explain", str(tmp_path / "empty.txt")]) == 0
    assert "not readable" in capsys.readouterr().out
    assert main(["explain", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt" in capsys.readouterr().err


@pytest.mark.parametrize("path", [COMPILATION, SAMPLE / "webpage_4docs_2026.txt",
                                  SAMPLE.parent.parent / "tests" / "layouts" / "official_notice.txt"],
                         ids=lambda p: p.name)
def test_every_line_says_what_it_was_made_into(path):
    lines = [line for line in stage_lines(list(explain(path.read_bytes(), path.name, "clean")), "clean")
             if line[:5].strip().isdigit()]
    made_into = [line.split("→ ")[1].split()[0] for line in lines]
    assert set(made_into) <= {"residue:", "title", "preamble", "section", "item"}, set(made_into)


def test_a_point_inside_an_item_is_shown_as_the_items_text():
    notice = SAMPLE.parent.parent / "tests" / "layouts" / "official_notice.txt"
    lines = stage_lines(list(explain(notice.read_bytes(), notice.name, "clean")), "clean")
    point = next(line for line in lines if line.endswith("1.抓好领导干部学习。各级领导干部每年到基层宣讲不少于2次。"))
    assert "[item_heading]" in point and "→ item 一 text" in point


def test_the_readme_excerpt_is_what_explain_prints():
    readme = (SAMPLE.parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("```\n== read ===") + 4
    shown = readme[start:readme.index("\n```", start)].splitlines()
    notice = SAMPLE.parent.parent / "tests" / "layouts" / "official_notice.txt"
    printed = list(explain(notice.read_bytes(), notice.name))
    for line in shown:
        if line.strip() != "…":  # an elision mark; a line cut in the README ends in …
            assert any(out.startswith(line.removesuffix("…")) for out in printed), line


def test_the_pieces_of_a_flattened_line_each_say_what_they_became():
    from test_field_layouts import FLATTENED

    lines = stage_lines(list(explain(FLATTENED.encode("utf-8"), "flat.txt", "clean")), "clean")
    made = [line.split("→ ")[1].split()[:2] for line in lines if line[:5].strip() == "1"]
    assert made[0][0] == "title" and ["item", "一"] in made and ["section", "2"] in made
