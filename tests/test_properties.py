"""Whole-pipeline properties on generated files: never a crash, never a lost line or character."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_accounting import characters_unaccounted

from yaodian import pipeline, sources
from yaodian.ingest import ingest
from yaodian.quality.accounting import unaccounted_lines

FRAGMENTS = st.sampled_from([
    "一、强化政治引领", "二、压实责任,健全机制", "三、", "1.构建研学体系", "2.每月开展1次理论学习。",
    "3、完善机制。每季度至少召开一次专题会议,", "深入学习,落", "实。", "目录", "1", "7", "— 2 —",
    "市委某部2026年意识形态工作要点", "2.某局2026年工作要点 18", "相关推荐", "首页 > 范文 >",
    "过渡句:坚持底线思维。", "", "\xa0", "\u3000\u3000正文段落。", "1.5万人次参加培训。",
    "局机关2026年工作要点汇编(2篇)", "(一)加强理论武装", ".市委组织部2026年意识形态工作要点 2",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(st.lists(FRAGMENTS, max_size=40), min_size=1, max_size=3))
def test_any_mix_of_genre_lines_is_fully_accounted_for(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("in")
    for i, lines in enumerate(files):
        (folder / f"f{i}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = {name: (path, sources.process_source(path, name)) for path, name in sources.discover([folder])}
    tables = pipeline.assemble([result for _, result in results.values()])
    assert unaccounted_lines(tables) == []
    texts = {name: ingest(path.read_bytes(), name).text for name, (path, result) in results.items() if result.segmented}
    assert characters_unaccounted(tables, texts) == []
    items = tables["items"].to_pylist()
    assert len({(i["doc_id"], i["item_no"]) for i in items}) == len(items)
