"""Plan identity: copies of one plan are published once, the fullest winning whatever the file
names; the same headings under two issuers are two plans, each flagged `similar_plan`."""

from __future__ import annotations

from yaodian import pipeline, sources

BODY = "一、加强学习\n1.强化理论武装。每月开展1次学习。\n2.抓好宣传。每季度召开1次会议。\n3.完善制度。年底前完成修订。\n"


def tables_of(files: dict[str, str]) -> dict:
    return pipeline.assemble([sources.process_bytes(text.encode("utf-8"), name) for name, text in files.items()])


def documents(tables: dict) -> list[tuple]:
    return [(d["issuer"], d["source_files"], d["n_items"]) for d in tables["documents"].to_pylist()]


def test_the_fullest_copy_wins_whatever_the_file_names():
    whole = "某局2026年工作要点\n" + BODY
    cut = "某局2026年工作要点\n" + BODY.split("3.")[0]
    for names in (("a.txt", "b.txt"), ("b.txt", "a.txt")):
        tables = tables_of({names[0]: cut, names[1]: whole})
        assert documents(tables) == [("某局", names[1], 3)]
        duplicates = [a for a in tables["anomalies"].to_pylist() if a["kind"] == "duplicate_source"]
        assert [a["source_file"] for a in duplicates] == [names[0]]


def test_a_copy_that_names_no_issuer_takes_the_other_copys():
    tables = tables_of({"a.txt": "2026年工作要点\n" + BODY, "b.txt": "某局2026年工作要点\n" + BODY})
    assert [d[0] for d in documents(tables)] == ["某局"]


def test_one_template_under_two_issuers_is_two_plans():
    tables = tables_of({"a.txt": "甲局2026年工作要点\n" + BODY, "b.txt": "乙局2026年工作要点\n" + BODY})
    assert sorted(d[0] for d in documents(tables)) == ["乙局", "甲局"]
    ids = tables["documents"].column("doc_id").to_pylist()
    assert len(set(ids)) == 2
    similar = [a for a in tables["anomalies"].to_pylist() if a["kind"] == "similar_plan"]
    assert sorted(a["doc_id"] for a in similar) == sorted(ids)
