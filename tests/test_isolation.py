"""Isolation by scope: a failed row or plan is set aside and the rest publishes; a release-level
failure, or any critical failure under --strict, publishes nothing."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import SAMPLE, corrupt_assembly
from test_quality import set_cells

from yaodian import pipeline


def corrupted(monkeypatch, corrupt) -> None:
    """Every later run assembles the sample's tables, then `corrupt`s them."""
    corrupt_assembly(monkeypatch, corrupt)


def read(out, table: str) -> pd.DataFrame:
    return pd.read_parquet(out / f"{table}.parquet")


def test_a_failed_commitment_row_is_quarantined_and_its_plan_published(tmp_path, monkeypatch, sample_tables):
    rows = sample_tables["commitments"].to_pylist()
    broken = next(i for i, r in enumerate(rows) if r["deadline"] is None and r["period"] is not None)
    corrupted(monkeypatch, lambda t: dict(t, commitments=set_cells(
        t["commitments"], "char_start", {broken: rows[broken]["char_start"] + 1})))
    result = pipeline.run([SAMPLE], tmp_path)
    assert result["withheld"] == []
    published = read(tmp_path, "commitments")
    assert len(published) == len(rows) - 1 and rows[broken]["commitment_id"] not in set(published.commitment_id)
    assert len(read(tmp_path, "documents")) == 9
    quarantined = pd.read_parquet(tmp_path / "quarantine" / "commitments.parquet")
    assert quarantined.commitment_id.tolist() == [rows[broken]["commitment_id"]]
    assert quarantined.failed_checks.tolist() == ["commitments.evidence_round_trip"]
    assert "set aside after 1 critical failure(s): 0 plan(s) withheld, 1 row(s) quarantined" in result["quality"]


def test_a_failed_plan_is_withheld_whole_and_the_others_published(tmp_path, monkeypatch, sample_tables):
    items = sample_tables["items"].to_pylist()
    victim = items[1]["doc_id"]
    corrupted(monkeypatch, lambda t: dict(t, items=set_cells(t["items"], "item_no", {1: items[0]["item_no"]})))
    result = pipeline.run([SAMPLE], tmp_path)
    assert result["withheld"] == [victim]
    documents = read(tmp_path, "documents")
    assert len(documents) == 8 and victim not in set(documents.doc_id)
    for table in ("sections", "items", "commitments"):
        assert victim not in set(read(tmp_path, table).doc_id)
        held = pd.read_parquet(tmp_path / "quarantine" / f"{table}.parquet")
        assert set(held.doc_id) == {victim} and held.failed_checks.str.contains("withheld (", regex=False).all()
        assert len(held) == sample_tables[table].to_pandas().doc_id.eq(victim).sum()
    residue = read(tmp_path, "residue")
    withheld_lines = residue[residue.reason == "withheld"]
    assert len(withheld_lines) and (withheld_lines.text == "").all()
    assert set(withheld_lines.detail) == {f"plan {victim}"}
    victim_items = sample_tables["items"].to_pandas().query("doc_id == @victim")
    for row in victim_items.itertuples():  # every line of the withheld plan is still accounted for
        lines = set(residue[residue.source_file == row.source_file].line_no)
        assert set(range(row.line_start, row.line_end + 1)) <= lines
    anomalies = read(tmp_path, "anomalies")
    assert victim in anomalies[anomalies.kind == "plan_withheld"].detail.iloc[0]
    assert victim not in set(anomalies.doc_id.dropna())
    changes = (tmp_path / "current" / "CHANGES.md").read_text(encoding="utf-8")
    assert "## Withheld plans (1)" in changes and victim in changes
    summary = (tmp_path / "quality" / "summary.md").read_text(encoding="utf-8")
    assert "`items.key_unique` | plan" in summary and victim in summary
    report = json.loads((tmp_path / "quality" / "validation.json").read_text(encoding="utf-8"))
    assert report["publishable"] and report["set_aside"]["withheld_plans"][0]["doc_id"] == victim


def test_a_release_level_failure_publishes_nothing(tmp_path, monkeypatch, sample_tables):
    doc_ids = sample_tables["documents"].column("doc_id").to_pylist()
    corrupted(monkeypatch, lambda t: dict(t, documents=set_cells(t["documents"], "doc_id", {1: doc_ids[0]})))
    with pytest.raises(pipeline.QualityFailure, match="documents.key_unique"):
        pipeline.run([SAMPLE], tmp_path)
    assert not (tmp_path / "current").exists()


def test_strict_publishes_nothing_on_a_row_failure(tmp_path, monkeypatch, sample_tables):
    corrupted(monkeypatch, lambda t: dict(t, commitments=set_cells(t["commitments"], "period", {0: "P1Q"})))
    with pytest.raises(pipeline.QualityFailure, match="commitments.period.allowed"):
        pipeline.run([SAMPLE], tmp_path, strict=True)
    assert not (tmp_path / "current").exists()


def test_a_written_year_is_a_valid_deadline_outside_the_plan_year(tmp_path):
    plan = "某局2026年工作要点\n一、加强制度建设\n1.修订制度。2027年3月底前完成制度修订。\n2.加强学习。年底前完成考核。\n"
    (tmp_path / "plan.txt").write_text(plan, encoding="utf-8")
    result = pipeline.run([tmp_path / "plan.txt"], tmp_path / "out")
    assert result["validation"].success
    assert read(tmp_path / "out", "commitments").deadline.tolist() == ["2027-03-31", "2026-12-31"]


def test_a_growth_rate_above_100_percent_is_no_misread_share(tmp_path):
    plan = "某局2026年工作要点\n一、加强发展\n1.扩大投资。全年投资增长150%,覆盖率达到95%。\n"
    (tmp_path / "plan.txt").write_text(plan, encoding="utf-8")
    result = pipeline.run([tmp_path / "plan.txt"], tmp_path / "out")
    assert result["validation"].success
    assert sorted(read(tmp_path / "out", "commitments").count_min.tolist()) == [95.0, 150.0]
