"""The synthetic corpus: realistic enough to pass every check, reproducible from its seed."""

from __future__ import annotations

from yaodian import pipeline, synth


def test_synthetic_plans_come_out_whole_and_pass_the_checks(sample_tables, tmp_path):
    files = synth.write_corpus(sample_tables, 7, tmp_path / "in", seed=3)
    result = pipeline.run([tmp_path / "in"], tmp_path / "out")
    assert result["rows"]["documents"] == 7 and result["rows"]["items"] == 7 * 24
    assert result["validation"].success
    assert result["rows"]["commitments"] > 7 * 10
    assert len(files) >= 2


def test_the_same_seed_gives_the_same_corpus(sample_tables, tmp_path):
    a = synth.write_corpus(sample_tables, 5, tmp_path / "a", seed=1)
    b = synth.write_corpus(sample_tables, 5, tmp_path / "b", seed=1)
    c = synth.write_corpus(sample_tables, 5, tmp_path / "c", seed=2)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert [p.read_bytes() for p in a] != [p.read_bytes() for p in c]
