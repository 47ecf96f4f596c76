"""The synthetic corpus: plans of any shape, in the genre's layouts, that the pipeline reads
back whole, pass every check, and come out the same from the same seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from yaodian import pipeline, synth

NOTICE = Path(__file__).parent / "layouts" / "official_notice.txt"


def test_synthetic_plans_come_out_whole_and_pass_the_checks(sample_tables, tmp_path):
    files = synth.write_corpus(sample_tables, 7, tmp_path / "in", seed=3, shape=(4,) * 6)
    result = pipeline.run([tmp_path / "in"], tmp_path / "out")
    assert result["rows"]["documents"] == 7 and result["rows"]["items"] == 7 * 24
    assert result["validation"].success
    assert result["rows"]["commitments"] > 7 * 10
    assert len(files) >= 2


@pytest.mark.parametrize("shape", ["2x5", "0x20", "9x1"])
def test_plans_of_any_shape_from_a_plan_of_another_shape(tmp_path, shape):
    """The official notice has four sections of two articles: its parts make plans of any shape."""
    source = pipeline.tables([NOTICE])
    synth.write_corpus(source, 6, tmp_path, seed=5, shape=synth.parse_shape(shape))
    tables = pipeline.tables([tmp_path])
    items = synth.parse_shape(shape)
    assert tables["documents"].num_rows == 6
    assert tables["items"].num_rows == 6 * sum(items)
    assert set(tables["documents"].column("n_items").to_pylist()) == {sum(items)}


def test_shapes_are_drawn_from_the_source_plans(sample_tables, tmp_path):
    synth.write_corpus(sample_tables, 5, tmp_path, seed=2)
    assert pipeline.tables([tmp_path])["documents"].column("n_items").to_pylist() == [24] * 5


def test_web_pages_and_word_files(sample_tables, tmp_path):
    files = synth.write_corpus(sample_tables, 4, tmp_path, seed=8, shape=(3, 3), formats=("html", "docx"))
    assert {f.suffix for f in files} == {".html", ".docx"} and len(files) == 4
    tables = pipeline.tables([tmp_path])
    assert tables["documents"].num_rows == 4 and tables["items"].num_rows == 4 * 6


@pytest.mark.parametrize("text", ["6", "6x", "x4", "6x0", "sixxfour"])
def test_a_shape_that_is_not_one_is_refused(text):
    with pytest.raises(ValueError, match="SECTIONSxITEMS"):
        synth.parse_shape(text)


def test_the_same_seed_gives_the_same_corpus(sample_tables, tmp_path):
    a = synth.write_corpus(sample_tables, 5, tmp_path / "a", seed=1)
    b = synth.write_corpus(sample_tables, 5, tmp_path / "b", seed=1)
    c = synth.write_corpus(sample_tables, 5, tmp_path / "c", seed=2)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert [p.read_bytes() for p in a] != [p.read_bytes() for p in c]
