"""The release's site: what a person sees in a real browser (headless Chromium, from file://),
escaping of hostile input text, and the highlight segments."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from yaodian.site.marks import segments

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
browser = pytest.mark.skipif(CHROMIUM is None, reason="no chromium: `make test` installs Debian's chromium")
HOSTILE = ROOT / "tests" / "site" / "hostile_plan.txt"


def dom(url: str) -> BeautifulSoup:
    """The page's DOM after its scripts ran, as headless Chromium renders it from file://."""
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000",
                           "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return BeautifulSoup(done.stdout, "html.parser")


@pytest.fixture(scope="module")
def site(published) -> Path:
    return published / "current" / "site"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    from yaodian import pipeline

    out = tmp_path_factory.mktemp("hostile") / "output"
    pipeline.run([HOSTILE], out)
    return out / "current" / "site"


@browser
def test_the_overview_lists_every_plan_and_draws_its_charts(site, published):
    page = dom((site / "index.html").as_uri())
    documents = pq.read_table(published / "documents.parquet").to_pylist()
    listed = [a["href"] for a in page.select("#plans tbody a")]
    assert sorted(listed) == sorted(f"plans/{d['doc_id']}.html" for d in documents)
    assert len(page.select("figure.chart svg rect")) >= 4
    assert page.select_one("#release-id").get_text() == (published / "current").resolve().name


@browser
def test_every_commitment_is_highlighted_in_its_plan(site, published):
    commitments = pq.read_table(published / "commitments.parquet").to_pylist()
    scored = [c for c in commitments if c["regularity"] is None]
    for doc_id in sorted({c["doc_id"] for c in scored}):
        page = dom((site / "plans" / f"{doc_id}.html").as_uri())
        marked = {row for mark in page.select("mark[data-rows]") for row in mark["data-rows"].split()}
        assert marked == {c["commitment_id"] for c in scored if c["doc_id"] == doc_id}
        for c in (c for c in scored if c["doc_id"] == doc_id):
            marks = page.select("mark[data-rows]")
            evidence = "".join(m.get_text() for m in marks if c["commitment_id"] in m["data-rows"].split())
            assert evidence == c["evidence"]


@browser
def test_the_commitments_browser_filters_and_searches(site, published):
    rows = [c for c in pq.read_table(published / "commitments.parquet").to_pylist() if c["regularity"] is None]
    issuers = {d["doc_id"]: d["issuer"] for d in pq.read_table(published / "documents.parquet").to_pylist()}
    page = dom((site / "commitments.html").as_uri())
    assert page.select_one("#status").get_text().startswith(f"{len(rows)} of {len(rows)} ")
    issuer = issuers[rows[0]["doc_id"]]
    want = sum(issuers[r["doc_id"]] == issuer and r["period_label"] == "monthly" for r in rows)
    page = dom((site / "commitments.html").as_uri() + f"#issuer={issuer}&period=monthly")
    assert page.select_one("#status").get_text().startswith(f"{want} of ")
    assert len(page.select("#results tbody tr")) == want
    link = page.select_one("#results tbody a")["href"]
    assert re.fullmatch(r"plans/[^#]+\.html#.+", link)
    page = dom((site / "commitments.html").as_uri() + "#text=理论学习")
    hits = sum("理论学习" in " ".join(filter(None, [r["evidence"], r["activity"]])) for r in rows)
    assert int(page.select_one("#status").get_text().split()[0]) >= hits > 0


@browser
def test_hostile_text_shows_as_text(hostile):
    page = dom((hostile / "plans").iterdir().__next__().as_uri())
    text = page.get_text()
    assert '<script>alert("x")</script>' in text and "<img src=x onerror=alert(1)>" in text
    assert not page.select("main script") and not page.select("main img") and not page.select("main b")
    browse = dom((hostile / "commitments.html").as_uri() + "#text=理论学习")
    assert any("<script>" in td.get_text() for td in browse.select("#results td"))
    assert not browse.select("#results script")


@browser
def test_the_quality_page_gives_the_verdict(site):
    page = dom((site / "quality.html").as_uri())
    assert page.select_one("#verdict").get_text() == "quality passed"
    from yaodian.schemas import TABLES

    assert [tr.td.get_text() for tr in page.select("#checks tbody tr")] == sorted(TABLES)


def test_no_page_asks_for_anything_outside_the_site(site):
    """Every page forbids outside requests (its Content-Security-Policy) and names none."""
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in html and "default-src 'none'" in html, page
        soup = BeautifulSoup(html, "html.parser")
        for tag in soup.find_all(src=True) + soup.find_all(href=True):
            target = tag.get("src") or tag.get("href")
            assert not re.match(r"^(?:[a-z]+:)?//", target), f"{page}: {target}"


@given(st.text(max_size=40), st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=6))
def test_segments_join_back_to_the_text_and_cover_each_evidence(text, spans):
    rows = [{"commitment_id": f"c{i}", "char_start": min(a, b, len(text)), "char_end": min(max(a, b), len(text))}
            for i, (a, b) in enumerate(spans)]
    cut = segments(text, rows)
    assert "".join(s.text for s in cut) == text
    for r in rows:
        assert "".join(s.text for s in cut if r["commitment_id"] in s.rows) == text[r["char_start"]:r["char_end"]]


def test_the_data_docs_load_nothing_from_outside(published):
    """Great Expectations' pages point at CDNs; the report ships copies and points at them."""
    report = published / "current" / "quality"
    for page in report.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["script", "link", "img"]):
            target = tag.get("src") or tag.get("href") or ""
            assert not re.match(r"^(?:[a-z]+:)?//", target), f"{page.relative_to(report)}: {target}"
            needed = tag.name == "script" or "stylesheet" in (tag.get("rel") or [])  # not GE's favicon link
            if target and needed:
                assert (page.parent / target).resolve().is_file(), f"{page.relative_to(report)}: {target} missing"


@browser
def test_the_data_docs_show_their_results_offline_and_name_the_release(published):
    report = published / "current" / "quality"
    page = dom((report / "index.html").as_uri())
    rows = page.select("#section-1-content-block-2-1-body-table tbody tr")
    assert len(rows) >= 10 and all(row.select(".fa-check-circle") for row in rows)
    rid = (published / "current").resolve().name
    assert f"release {rid}, checked " in page.select_one("#yaodian-release").get_text()
    assert f"Release `{rid}`" in (report / "summary.md").read_text(encoding="utf-8")
