"""The commitments browser's data: one script per plan (data/<doc_id>.js), written as the plans
are, and data/chunks.js listing them with their issuer; the page loads only the scripts of
the issuer asked for (all of them only for "all"), so a national release's browser inlines
no rows in its page and reads them plan by plan."""

from __future__ import annotations

import json
from pathlib import Path

from yaodian.site import pages
from yaodian.site.data import Plan

FACETS = ("issuer", "year", "period", "unit", "month")


class Browser:
    def __init__(self, site: Path) -> None:
        self.site = site
        (site / "data").mkdir()
        self.chunks: list[dict] = []
        self.facets: dict[str, set] = {name: set() for name in FACETS}

    def add(self, plan: Plan) -> None:
        d = plan.document
        rows = [[d["issuer"] or "—", d["plan_year"], c["evidence"], c["activity"], c["period_label"], pages.count(c),
                 c["unit"], c["deadline"], d["doc_id"], c["commitment_id"], d["title"]]
                for c in plan.commitments if pages.scored(c)]
        if not rows:
            return
        name = f"{d['doc_id']}.js"
        _script(self.site / "data" / name, f"YAODIAN_ADD({_json(rows)});")
        self.chunks.append({"file": name, "issuer": d["issuer"] or "—", "rows": len(rows)})
        for r in rows:
            for facet, value in zip(FACETS, (r[0], r[1], r[4], r[6], (r[7] or "")[:7]), strict=True):
                if value and (facet != "month" or value[:4].isdigit()):
                    self.facets[facet].add(value)

    def finish(self, about: dict) -> None:
        chunks = sorted(self.chunks, key=lambda c: c["file"])  # in doc_id order, however the plans came
        _script(self.site / "data" / "chunks.js", f"window.YAODIAN_CHUNKS = {_json(chunks)};")
        facets = {name: sorted(values) for name, values in self.facets.items()}
        (self.site / "commitments.html").write_text(
            pages.render("commitments.html", root="", release=about, facets=facets), encoding="utf-8")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _script(path: Path, body: str) -> None:
    path.write_text(body + "\n", encoding="utf-8")
