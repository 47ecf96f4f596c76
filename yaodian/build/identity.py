"""Plan identity: which drafts are copies of one plan, and which plans only look alike.

The same plan is published on several sites and in several formats, whole or cut short.
Copies are drafts with the same year, compatible issuers (equal, one missing, or one
containing the other: 湖州市卫生健康委 / 湖州市卫生健康委员会) and the same headings, or the
headings of one a prefix of the other's (a copy that breaks off). One copy is kept: the
fullest (most items with text, then most text), whatever the files are called or the order
they come in. The same headings under issuers that are not compatible are two plans (two
agencies filling in one template): both are kept, each with a `similar_plan` anomaly.
"""

from __future__ import annotations

MIN_SHARED = 3  # headings a cut-short copy must share with the whole one


def copies(documents: list[dict]) -> list[list[int]]:
    """Groups of copies among `documents` (rows with their `headings`), each as positions with
    the copy to keep first; groups in the order their first copy comes."""
    order = sorted(range(len(documents)), key=lambda k: _fullness(documents[k]))
    # copies share their year and first headings: only drafts in one bucket are compared,
    # so a national corpus of distinct plans costs one pass, not a comparison of every pair
    buckets: dict[tuple, list[list[int]]] = {}
    for k in order:
        groups = buckets.setdefault((documents[k]["plan_year"], documents[k]["headings"][:MIN_SHARED]), [])
        home = next((g for g in groups if all(_same_plan(documents[k], documents[j]) for j in g)), None)
        if home is None:
            groups.append([k])
        else:
            home.append(k)
    return sorted((g for groups in buckets.values() for g in groups), key=min)


def _fullness(document: dict) -> tuple:
    """Sort key: the fullest copy first; ties by position, so the result is deterministic."""
    return (-document["n_items_with_body"], -document["n_items"], -len(document["headings"]))


def _same_plan(a: dict, b: dict) -> bool:
    if a["plan_year"] != b["plan_year"] or not compatible(a["issuer"], b["issuer"]):
        return False
    short, long = sorted((a["headings"], b["headings"]), key=len)
    return short == long or (len(short) >= MIN_SHARED and long[:len(short)] == short)


def compatible(a: str | None, b: str | None) -> bool:
    """Issuers that may name one body: equal, one missing, or one containing the other."""
    return not a or not b or a in b or b in a


def similar_plans(documents: list[dict], headings: dict[str, tuple[str, ...]]) -> list[dict]:
    """A `similar_plan` anomaly for each published plan whose headings another plan repeats."""
    by_headings: dict[tuple[str, ...], list[dict]] = {}
    for document in documents:
        if headings[document["doc_id"]]:
            by_headings.setdefault(headings[document["doc_id"]], []).append(document)
    out = []
    for alike in by_headings.values():
        for document in alike if len(alike) > 1 else []:
            others = "; ".join(f"{d['doc_id']} ({d['issuer'] or 'no issuer'})" for d in alike if d is not document)
            out.append({"source_file": document["source_file"], "line_no": document["line_start"],
                        "doc_id": document["doc_id"], "kind": "similar_plan",
                        "detail": f"the same headings as {others}: one template, two plans"})
    return out
