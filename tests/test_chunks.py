"""Validation chunk by chunk: a release checked one chunk of whole plans at a time gives the
verdict, the counts and the failing rows (numbered in the whole table) of one check over all
of it; a key repeated in two chunks is caught though no chunk holds both."""

from __future__ import annotations

import pyarrow as pa
import pytest
from test_fragments import corpus  # noqa: F401 - the fixture
from test_quality import set_cells

from yaodian import fragments, pipeline
from yaodian.io.cache import SourceCache
from yaodian.quality import validate
from yaodian.schemas import TABLES
from yaodian.sources import discover, keep


@pytest.fixture(scope="module")
def parts(corpus, tmp_path_factory):  # noqa: F811 - the fixture above
    folder = tmp_path_factory.mktemp("parts")
    saved, fragments.BATCH_BYTES = fragments.BATCH_BYTES, 1
    try:
        processed = [keep(path, name, SourceCache(folder / "cache")) for path, name in discover([corpus])]
        found = fragments.assemble_all(processed, pipeline.assemble_batches, folder / "cache", folder / "fragments")
    finally:
        fragments.BATCH_BYTES = saved
    return [{name: p.table(name) for name in TABLES} for p in found]


def outcome(validation) -> dict:
    return {r.check: (r.success, r.unexpected_count, r.rows, r.element_count) for r in validation.results}


def whole(parts: list[dict]) -> dict:
    return {name: pa.concat_tables([p[name] for p in parts], promote_options="permissive") for name in TABLES}


def test_chunk_by_chunk_is_one_check_over_the_whole(parts, tmp_path):
    assert len(parts) > 3
    chunked = validate.validate_chunks([lambda p=p: p for p in parts], tmp_path / "a", data_docs=False)
    together = validate.validate(whole(parts), tmp_path / "b", data_docs=False)
    assert together.success and outcome(chunked) == outcome(together)


def test_a_key_repeated_in_two_chunks_is_caught(parts, tmp_path):
    first, second = parts[0]["items"].to_pylist()[0], parts[-1]["items"]
    broken = [*parts[:-1], parts[-1] | {"items": set_cells(set_cells(second, "doc_id", {1: first["doc_id"]}),
                                                             "item_no", {1: first["item_no"]})}]
    chunked = validate.validate_chunks([lambda p=p: p for p in broken], tmp_path / "a", data_docs=False)
    unique = next(r for r in chunked.results if r.check == "items.key_unique")
    offset = sum(p["items"].num_rows for p in broken[:-1])
    assert not unique.success and unique.rows == [0, offset + 1] and unique.unexpected_count == 2
    together = validate.validate(whole(broken), tmp_path / "b", data_docs=False)
    assert outcome(chunked)["items.key_unique"] == outcome(together)["items.key_unique"]


def test_the_chunks_of_a_release_are_its_parts_read_in_order(parts, tmp_path, monkeypatch):
    from yaodian import release

    monkeypatch.setattr(validate, "CHUNK_ITEMS", 1)
    held = [release.Held(p) for p in parts]
    candidate = release.prepare(held, tmp_path)
    read = [chunk() for chunk in validate.chunks(candidate, held)]
    assert sum(chunk["items"].num_rows for chunk in read) == sum(p["items"].num_rows for p in parts)
    assert [c["documents"].num_rows for c in read] == [p["documents"].num_rows for p in parts]
    assert pa.concat_tables([c["items"] for c in read]).column("text").to_pylist() \
        == whole(parts)["items"].column("text").to_pylist()
