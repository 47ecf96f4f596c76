"""The extraction cache: hits only for the same name, bytes and pipeline; a damaged entry is a miss."""

from __future__ import annotations

from conftest import SAMPLE

from yaodian import sources
from yaodian.io import cache
from yaodian.io.cache import SourceCache


def test_a_cached_result_is_the_result(tmp_path):
    path = SAMPLE / "webpage_4docs_2026.txt"
    store = SourceCache(tmp_path)
    first = sources.process_source(path, path.name, store)
    again = sources.process_source(path, path.name, store)
    assert store.hits == 1 and again == first


def test_the_key_depends_on_name_bytes_and_fingerprint(tmp_path, monkeypatch):
    store = SourceCache(tmp_path)
    key = store.key("a.txt", b"x")
    assert key == store.key("a.txt", b"x")
    assert key != store.key("b.txt", b"x") and key != store.key("a.txt", b"y")
    monkeypatch.setattr(cache, "fingerprint", lambda: "another pipeline")
    assert key != store.key("a.txt", b"x")


def test_a_damaged_entry_is_a_miss(tmp_path):
    store = SourceCache(tmp_path)
    store.put("k", {"any": "thing"})
    (tmp_path / "k.pickle").write_bytes(b"not a pickle")
    assert store.get("k") is None and store.hits == 0
    assert SourceCache(None).get("k") is None
