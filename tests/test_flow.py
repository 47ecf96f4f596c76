"""End to end under one shared Prefect test server: the flow, the CLI, bad inputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import SAMPLE, corrupt_assembly

pytestmark = pytest.mark.usefixtures("prefect_server")


def test_flow_publishes_every_table_on_the_sample_corpus(tmp_path):
    from yaodian.flows.pipeline import yaodian_flow

    summary = yaodian_flow([SAMPLE], tmp_path)
    assert summary["rows"]["documents"] == 9 and summary["rows"]["items"] == 216
    assert summary["items_with_body"] == 198 and summary["unreadable"] == []
    for name, n in summary["rows"].items():
        assert len(pd.read_parquet(tmp_path / f"{name}.parquet")) == n
        assert len(pd.read_csv(tmp_path / f"{name}.csv")) == n
    items = pd.read_parquet(tmp_path / "items.parquet")
    assert items["has_body"].sum() == 198
    assert summary["quality"].startswith("quality passed:")


def test_the_quality_summary_is_attached_to_the_flow_run(tmp_path):
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from yaodian.flows.pipeline import yaodian_flow

    state = yaodian_flow([SAMPLE], tmp_path, return_state=True)
    run = FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id]))
    with get_client(sync_client=True) as client:
        artifacts = {a.key: a for a in client.read_artifacts(flow_run_filter=run)}
    assert set(artifacts) == {"yaodian-quality", "yaodian-quality-checks"}
    assert artifacts["yaodian-quality"].type == "markdown"
    assert artifacts["yaodian-quality"].data == (tmp_path / "quality" / "summary.md").read_text(encoding="utf-8")
    checks = json.loads(artifacts["yaodian-quality-checks"].data)
    assert artifacts["yaodian-quality-checks"].type == "table" and all(row["success"] for row in checks)
    assert {"items.key_unique", "commitments.evidence_round_trip"} <= {row["check"] for row in checks}


def cut_inside_a_character(data: bytes) -> bytes:
    """`data` cut just after the lead byte of its last multi-byte character."""
    end = max(i for i, byte in enumerate(data) if byte >= 0xC0)
    return data[: end + 1]


def test_bad_files_are_reported_and_the_run_goes_on(tmp_path, capsys):
    from yaodian.flows.pipeline import yaodian_flow

    inputs = tmp_path / "in"
    inputs.mkdir()
    text = (SAMPLE / "compilation_9docs_2026.txt").read_text(encoding="utf-8")
    (inputs / "gb18030.txt").write_bytes(text.encode("gb18030"))
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (inputs / "truncated.txt").write_bytes(cut_inside_a_character(text.encode("utf-8")[:-1000]))
    summary = yaodian_flow([inputs], tmp_path / "out")

    sources = pd.read_parquet(tmp_path / "out" / "sources.parquet").set_index("source_file")
    assert sources["status"].to_dict() == {"binary.bin": "error", "empty.txt": "error",
                                           "gb18030.txt": "ok", "truncated.txt": "warning"}
    assert sources.loc["gb18030.txt", "encoding"] == "gb18030"
    assert sorted(summary["unreadable"]) == ["binary.bin", "empty.txt"]
    out = capsys.readouterr().out
    assert "skip      empty.txt: empty file" in out and "binary.bin: binary file" in out
    # the truncated copy duplicates the GB18030 one: the plan is kept once, the copy is residue
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert len(docs) == 9 and set(docs["source_files"]) == {"gb18030.txt"}
    anomalies = pd.read_parquet(tmp_path / "out" / "anomalies.parquet")
    assert {"unreadable_file", "damaged_file", "duplicate_source"} <= set(anomalies["kind"])


def test_cli_runs_and_reports_timings(tmp_path, capsys):
    from yaodian.cli import main

    assert main(["run", "--input", str(SAMPLE), "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "done: 9 documents, 54 sections, 216 items (198 with body)" in out
    assert "Prefect start-up" in out and (tmp_path / "items.parquet").is_file()


def test_cli_exits_nonzero_with_one_line_reasons(tmp_path, capsys):
    from yaodian.cli import main

    assert main(["run", "--input", str(tmp_path / "missing"), "--output", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip().endswith("missing: no such file or folder")
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["run", "--input", str(tmp_path / "empty.txt"), "--output", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "yaodian: failed: no input file could be read"


def test_a_copy_of_the_sample_in_another_folder_gives_the_same_tables(tmp_path):
    from yaodian.flows.pipeline import yaodian_flow

    copy = tmp_path / "copy"
    shutil.copytree(SAMPLE, copy)
    yaodian_flow([SAMPLE], tmp_path / "a")
    yaodian_flow([copy / "webpage_4docs_2026.txt", copy / "compilation_9docs_2026.txt"], tmp_path / "b")
    for name in ("documents", "sections", "items", "residue", "anomalies", "sources"):
        for ext in ("parquet", "csv"):
            assert (tmp_path / "a" / f"{name}.{ext}").read_bytes() == (tmp_path / "b" / f"{name}.{ext}").read_bytes()


def corrupt_tables(tables):
    """The four corruptions the quality gate exists for: a duplicate key, an orphan item, a
    period outside the ISO set, evidence offsets that no longer point at the evidence."""
    from test_quality import set_cells

    items = tables["items"]
    first = items.slice(0, 1).to_pylist()[0]
    items = set_cells(items, "item_no", {1: first["item_no"]})               # duplicate (doc_id, item_no)
    items = set_cells(items, "section_no", {30: 42})                          # orphan: no section 42
    commitments = set_cells(tables["commitments"], "period", {0: "P1Q"})      # not an ISO period of the spec
    start = commitments.column("char_start").to_pylist()
    commitments = set_cells(commitments, "char_start", {2: start[2] + 1})     # broken evidence offsets
    return dict(tables, items=items, commitments=commitments)


def test_with_strict_a_critical_failure_publishes_nothing_and_names_the_checks(tmp_path, monkeypatch, capsys):
    from yaodian.cli import main

    out = tmp_path / "out"
    assert main(["run", "--input", str(SAMPLE), "--output", str(out)]) == 0
    published = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    corrupt_assembly(monkeypatch, corrupt_tables)
    capsys.readouterr()

    assert main(["run", "--input", str(SAMPLE), "--output", str(out), "--strict"]) == 1
    err = capsys.readouterr().err
    for check in ("items.key_unique", "items.section_exists", "commitments.period.allowed",
                  "commitments.evidence_round_trip"):
        assert check in err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == published
    assert not list((out / "releases").glob(".candidate-*"))
    summary = (out / "quality" / "summary.md").read_text(encoding="utf-8")
    assert "quality FAILED (critical)" in summary and "`commitments.evidence_round_trip`" in summary
    report = json.loads((out / "quality" / "validation.json").read_text(encoding="utf-8"))
    assert report["success"] is False and report["publishable"] is False
    failed = {r["check"] for r in report["results"] if not r["success"]}
    assert {"items.key_unique", "items.section_exists", "commitments.period.allowed"} <= failed
    quarantined = pd.read_parquet(out / "quarantine" / "items.parquet")
    assert quarantined["failed_checks"].str.contains("items.key_unique").sum() == 2
    assert quarantined["failed_checks"].str.contains("items.section_exists").any()
    assert (out / "quality" / "index.html").is_file()


def test_without_strict_the_failed_plans_are_withheld_and_the_rest_published(tmp_path, monkeypatch, capsys):
    from yaodian import pipeline
    from yaodian.cli import main

    clean = pipeline.tables([SAMPLE])
    corrupt_assembly(monkeypatch, corrupt_tables)
    out = tmp_path / "out"
    assert main(["run", "--input", str(SAMPLE), "--output", str(out)]) == 0
    printed = capsys.readouterr().out
    items = clean["items"].to_pylist()
    withheld = sorted({items[1]["doc_id"], items[30]["doc_id"]})
    assert f"2 plan(s) withheld by the quality checks: {', '.join(withheld)}" in printed
    assert "set aside after" in printed
    published = set(pd.read_parquet(out / "documents.parquet").doc_id)
    assert published == set(clean["documents"].column("doc_id").to_pylist()) - set(withheld)
    quarantined = pd.read_parquet(out / "quarantine" / "items.parquet")
    assert set(quarantined.doc_id) == set(withheld) and len(quarantined) == 48  # both plans' items, whole


def test_validate_rechecks_a_published_folder(tmp_path, capsys, monkeypatch):
    from yaodian.cli import main

    monkeypatch.chdir(tmp_path)  # relative paths, as users type them
    out = Path("out")
    assert main(["run", "--input", str(SAMPLE), "--output", "out"]) == 0
    assert main(["validate", str(out)]) == 0
    assert "quality passed" in capsys.readouterr().out
    # as an analyst might: drop a row and edit another with pandas (the index, now 1…n, is saved too)
    commitments = pd.read_parquet(out / "commitments.parquet").drop(index=0)
    commitments.loc[3, "deadline"] = "soon"
    commitments.to_parquet(out / "commitments.parquet")
    assert main(["validate", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "commitments.deadline_form: 1 failing row(s)" in printed
    quarantined = pd.read_parquet(out / "quarantine" / "commitments.parquet")
    row = quarantined[quarantined.failed_checks.str.contains("deadline_form")]
    assert row.commitment_id.tolist() == [commitments.loc[3, "commitment_id"]]
    (out / "items.parquet").unlink()
    assert main(["validate", str(out)]) == 2
    assert "items.parquet: cannot read the table" in capsys.readouterr().err


def test_a_second_run_on_unchanged_inputs_extracts_nothing(tmp_path, monkeypatch):
    from yaodian import sources
    from yaodian.flows.pipeline import yaodian_flow

    inputs = tmp_path / "in"
    shutil.copytree(SAMPLE, inputs)
    first = yaodian_flow([inputs], tmp_path / "out")
    calls = []
    process = sources.process_bytes
    monkeypatch.setattr(sources, "process_bytes", lambda data, name: calls.append(name) or process(data, name))
    second = yaodian_flow([inputs], tmp_path / "out")
    assert calls == [] and second["release"] == first["release"]
    with (inputs / "webpage_4docs_2026.txt").open("a", encoding="utf-8") as stream:
        stream.write("\n")
    yaodian_flow([inputs], tmp_path / "out")
    assert calls == ["webpage_4docs_2026.txt"]


def test_a_document_that_breaks_a_stage_is_quarantined_and_the_others_published(tmp_path, monkeypatch, capsys):
    from yaodian import sources
    from yaodian.cli import main

    segment = sources.segment

    def broken_on_the_webpage(name, blocks, furniture=()):
        if name == "webpage_4docs_2026.txt":
            raise ValueError("injected failure")
        return segment(name, blocks, furniture)

    monkeypatch.setattr(sources, "segment", broken_on_the_webpage)
    out = tmp_path / "out"
    assert main(["run", "--input", str(SAMPLE), "--output", str(out)]) == 0
    rows = pd.read_parquet(out / "sources.parquet").set_index("source_file")
    assert rows.loc["webpage_4docs_2026.txt", "status"] == "error"
    assert "injected failure" in rows.loc["webpage_4docs_2026.txt", "error"]
    assert len(pd.read_parquet(out / "documents.parquet")) == 9  # the compilation's plans
    anomalies = pd.read_parquet(out / "anomalies.parquet")
    assert (anomalies.kind == "extraction_failed").sum() == 1
    quarantined = out / "quarantine" / "inputs" / "webpage_4docs_2026.txt"
    assert quarantined.read_bytes() == (SAMPLE / "webpage_4docs_2026.txt").read_bytes()
    summary = (out / "quality" / "summary.md").read_text(encoding="utf-8")
    assert "extraction_failed" in summary and "injected failure" in summary


def test_an_io_error_is_retried(tmp_path, monkeypatch):
    from yaodian.flows.pipeline import yaodian_flow

    read_bytes, failures = Path.read_bytes, []

    def flaky(path):
        if path.name == "webpage_4docs_2026.txt" and len(failures) < 2:
            failures.append(path.name)
            raise OSError(5, "Input/output error")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", flaky)
    summary = yaodian_flow([SAMPLE], tmp_path / "out")
    assert len(failures) == 2 and summary["unreadable"] == []
