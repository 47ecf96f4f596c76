"""The Data Docs made to work offline: Great Expectations' pages load their scripts, styles,
fonts and logo from CDNs, so on a machine without internet the index lists no results and
the pass/fail column is empty. Each page's outside addresses are rewritten to the copies in
datadocs/ (jQuery, Popper, Bootstrap, bootstrap-table, bootstrap-datepicker, Font Awesome,
bootstrap-dark; their licences in datadocs/licenses/), which are shipped beside the pages in
static/vendor/. Vega's scripts (no page draws a Vega chart here) and the remote logo are
removed. A page whose assets change upstream keeps an address not in ASSETS: the test that
opens the report offline then fails, naming it.
"""

from __future__ import annotations

import os
import re
from html import escape
from importlib import resources
from pathlib import Path

VENDOR = "static/vendor"
ASSETS = {  # the CDN address → the copy in datadocs/
    "https://code.jquery.com/jquery-3.7.1.min.js": "js/jquery.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": "js/popper.min.js",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": "js/bootstrap.min.js",
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": "css/bootstrap.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": "js/bootstrap-table.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": "css/bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js":
        "js/bootstrap-table-filter-control.min.js",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css":
        "css/bootstrap-table-filter-control.min.css",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css":
        "css/bootstrap-table-filter-control.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js":
        "js/bootstrap-datepicker.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css":
        "css/bootstrap-datepicker.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": "css/all.min.css",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css":
        "css/bootstrap-prefers-dark.min.css",
}
_DROPPED = re.compile(r'<script src="https://cdn\.jsdelivr\.net/npm/vega[^"]*"></script>\s*'
                      r'|<img[^>]*src="https://great-expectations-web-assets[^"]*"[^>]*>')
_LOADED = re.compile(r'(<(?:script|link|img)\b[^>]*?\b(?:src|href)=")(https?://[^"]+)(")')


def make_offline(site: Path) -> list[str]:
    """Rewrite every page of the Data Docs in `site` to load only local copies, and copy them
    to static/vendor/; the outside addresses left (none when GE's pages are as expected)."""
    _copy_assets(site / VENDOR)
    left: list[str] = []
    for page in site.rglob("*.html"):
        prefix = os.path.relpath(site / VENDOR, page.parent).replace(os.sep, "/")
        html = _rewrite(page.read_text(encoding="utf-8"), prefix, str(page.relative_to(site)), left)
        page.write_text(html, encoding="utf-8")
    return left


def _rewrite(html: str, prefix: str, name: str, left: list[str]) -> str:
    """One page with its outside assets pointing at `prefix`/<copy>; addresses with no copy go to `left`."""
    def local(match: re.Match[str]) -> str:
        copy = ASSETS.get(match.group(2).split("?")[0])
        if copy is None:
            left.append(f"{name}: {match.group(2)}")
            return match.group(0)
        return f"{match.group(1)}{prefix}/{copy}{match.group(3)}"

    html = _LOADED.sub(local, _DROPPED.sub("", html))
    return re.sub(r'\s(?:integrity|crossorigin)="[^"]*"', "", html)


def stamp(page: Path, note: str) -> None:
    """Say on the Data Docs' index which release and time it is about (GE's pages name neither)."""
    html = page.read_text(encoding="utf-8")
    banner = f'<p id="yaodian-release" class="alert alert-secondary">yaodian: {escape(note)}</p>'
    page.write_text(re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + banner, html, count=1), encoding="utf-8")


def _copy_assets(target: Path) -> None:
    source = resources.files(__package__).joinpath("datadocs")
    for folder in ("js", "css", "webfonts", "licenses"):
        (target / folder).mkdir(parents=True, exist_ok=True)
        for asset in source.joinpath(folder).iterdir():
            (target / folder / asset.name).write_bytes(asset.read_bytes())
