"""Fragments: a corpus assembled batch by batch gives the rows one reconcile over every file
gives; batches are cut where files do not interact, reused when their inputs did not change."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE

from yaodian import fragments, pipeline
from yaodian.build.families import MIN_SHARED, digest, families, heads, together
from yaodian.io.cache import SourceCache
from yaodian.schemas import TABLES
from yaodian.sources import discover, keep, process_source
from yaodian.synth import render


@pytest.fixture(scope="module")
def corpus(sample_tables, tmp_path_factory) -> Path:
    """The sample, a second copy of its web page, one plan filled in by two issuers, and
    plans of their own: files that link, copies, look-alikes and strangers."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in SAMPLE.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    shutil.copy(SAMPLE / "webpage_4docs_2026.txt", folder / "a_copy_of_the_webpage.txt")
    plans = render.plans_from_tables(sample_tables)
    template = plans[0]
    for k, issuer in enumerate(("甲县卫生健康局", "乙县教育局")):
        filled = dataclasses.replace(template, issuer=issuer, title=f"{issuer}2026年意识形态工作要点")
        (folder / f"template_{k}.txt").write_text(render.render(filled), encoding="utf-8")
    for k, plan in enumerate(plans[1:4]):
        shuffled = dataclasses.replace(plan, sections=plan.sections[::-1], title=f"某{k}区2025年意识形态工作要点")
        (folder / f"stranger_{k}.txt").write_text(render.render(shuffled), encoding="utf-8")
    return folder


def by_rows(tables: dict) -> dict[str, list]:
    """Each table's rows in an order of their own, so that batch order does not count."""
    return {name: sorted(tables[name].to_pylist(), key=repr) for name in TABLES}


def test_batched_assembly_gives_the_rows_of_one_reconcile(corpus, tmp_path, monkeypatch):
    whole = pipeline.tables([corpus])
    monkeypatch.setattr(fragments, "BATCH_BYTES", 1)  # every family a batch of its own
    cache = SourceCache(tmp_path / "cache")
    processed = [keep(path, name, cache) for path, name in discover([corpus])]
    parts = fragments.assemble_all(processed, pipeline.assemble_batches, tmp_path / "cache", tmp_path / "fragments")
    assert len(parts) > 3  # the strangers apart; the sample, its copy and the template's two fillings together
    batched = {name: _concat([p.table(name) for p in parts]) for name in TABLES}
    assert by_rows(batched) == by_rows(whole)
    kinds = [a["kind"] for a in batched["anomalies"].to_pylist()]
    assert "duplicate_source" in kinds and "similar_plan" in kinds  # the interactions did happen


def _concat(tables: list):
    import pyarrow as pa

    return pa.concat_tables(tables, promote_options="permissive")


def test_files_whose_bodies_link_to_outlines_elsewhere_are_one_family():
    found = [(name, heads(process_source(path, name).segmented)) for path, name in discover([SAMPLE])]
    names = [name for name, _ in found]
    drafts = [h for _, hs in found for h in hs]
    assert families(names, drafts, {n: 1 for n in names}, budget=1) == [names]
    assert families(names, [], {n: 1 for n in names}, budget=1) == [[n] for n in names]


@pytest.mark.parametrize(("plans", "expected"), [
    ([(0, "一二三四"), (1, "一二三四")], [[0, 1]]),             # the same headings
    ([(0, "一二三"), (1, "一二三四五")], [[0, 1]]),              # a copy cut short, MIN_SHARED headings in
    ([(0, "一二"), (1, "一二三四")], [[0], [1]]),                # too few headings to be a copy
    ([(0, "一二三四"), (1, "一二三五")], [[0], [1]]),            # one template's start, then apart
    ([(0, "甲"), (1, "乙"), (2, "甲")], [[0, 2], [1]]),
])
def test_batches_with_related_plans_go_together(plans, expected):
    assert MIN_SHARED == 3
    assert together([(batch, digest(list(headings))) for batch, headings in plans], 1 + max(b for b, _ in plans)) \
        == expected


def test_an_unchanged_batch_is_not_assembled_again(corpus, tmp_path, monkeypatch):
    inputs = tmp_path / "in"
    shutil.copytree(corpus, inputs)
    monkeypatch.setattr(fragments, "BATCH_BYTES", 1)
    first = _assembled(inputs, tmp_path)
    (inputs / "stranger_1.txt").write_text((inputs / "stranger_1.txt").read_text(encoding="utf-8") + "\n附件：无\n",
                                           encoding="utf-8")
    calls = []
    monkeypatch.setattr(fragments, "assemble", lambda results: calls.append(results) or real(results))
    real = pipeline.assemble
    second = _assembled(inputs, tmp_path)
    assert [r.source_row["source_file"] for batch in calls for r in batch] == ["stranger_1.txt"]
    assert [p.folder for p in second if p.folder not in {f.folder for f in first}] \
        == [p.folder for p in second if "stranger_1.txt" in p.table("sources").column("source_file").to_pylist()]
    fragments.prune(tmp_path / "fragments", second)
    assert sorted(f.name for f in (tmp_path / "fragments").iterdir()) == sorted(p.folder.name for p in second)


def _assembled(inputs: Path, tmp_path: Path) -> list:
    cache = SourceCache(tmp_path / "cache")
    processed = [keep(path, name, cache) for path, name in discover([inputs])]
    return fragments.assemble_all(processed, pipeline.assemble_batches, tmp_path / "cache", tmp_path / "fragments")
