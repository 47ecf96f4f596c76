"""End to end under one shared Prefect test server: the flow, the CLI, bad inputs."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import SAMPLE

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
