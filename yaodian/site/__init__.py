"""The site: a release made browsable from file://, with no server and no network.

    build(release, quality, id, parts) -> Built   DIR/releases/<id>/site/ from the parts the
                                                   release was written from (one at a time) and
                                                   the quality report's validation.json

    data.py     the release's tables as the site reads them, part by part and plan by plan
    marks.py    an item's text cut at every evidence and activity edge, for <mark>
    charts.py   bar charts as inline SVG, drawn at build time
    pages.py    the pages (Jinja2 templates in templates/, autoescaped)
    browse.py   the commitments browser's data: one script per plan, loaded by issuer on demand
    report.py   the quality page's figures from validation.json

Every page carries a Content-Security-Policy that allows nothing from outside the site, and
every text from the inputs is escaped (templates) or written as text (browse.js).
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from yaodian.site import browse, data, pages, report

SITE = "site"


@dataclass(frozen=True)
class Built:
    pages: int
    files: int
    bytes: int
    seconds: float


def build(release: Path, quality: Path, release_id: str, parts: list) -> Built:
    """Write `release`/site/ from the `parts` the release's tables were written from (each with
    `table(name)`: yaodian.fragments) and the quality report in `quality`. Pages do not depend
    on how the rows were cut into parts."""
    started = time.perf_counter()
    site = release / SITE
    if site.exists():
        shutil.rmtree(site)
    (site / "plans").mkdir(parents=True)
    about = {"id": release_id, "built": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "version": _version()}
    overview, browser = pages.Overview(), browse.Browser(site)
    for plan in data.plans(parts):  # one plan's rows at a time
        _write(site / "plans" / f"{plan.document['doc_id']}.html", pages.plan_page(plan, about))
        overview.add(plan)
        browser.add(plan)
    _write(site / "index.html", overview.page(about))
    browser.finish(about)
    _write(site / "quality.html", report.page(quality, release, about))
    assets = resources.files(__package__).joinpath("assets")
    (site / "assets").mkdir()
    for asset in assets.iterdir():
        (site / "assets" / asset.name).write_bytes(asset.read_bytes())
    files = [p for p in site.rglob("*") if p.is_file()]
    return Built(pages=len(overview.listed) + 3, files=len(files), bytes=sum(p.stat().st_size for p in files),
                 seconds=time.perf_counter() - started)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _version() -> str:
    try:
        return metadata.version("yaodian")
    except metadata.PackageNotFoundError:
        return "unknown"
