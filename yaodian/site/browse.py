"""The commitments browser's data: data/chunks.js lists one script per issuer (data/cNNNN.js),
which the page loads only when its rows are asked for, so a national release's browser does
not inline every row in one page."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from yaodian.site import pages
from yaodian.site.data import Plan


def write(plans: list[Plan], site: Path, about: dict) -> None:
    by_issuer: dict[str, list[list]] = defaultdict(list)
    for plan in plans:
        d = plan.document
        for c in plan.commitments:
            if pages.scored(c):
                by_issuer[d["issuer"] or "—"].append([
                    d["issuer"] or "—", d["plan_year"], c["evidence"], c["activity"], c["period_label"],
                    pages.count(c), c["unit"], c["deadline"], d["doc_id"], c["commitment_id"], d["title"]])
    (site / "data").mkdir()
    chunks = []
    for n, issuer in enumerate(sorted(by_issuer), start=1):
        name = f"c{n:05d}.js"
        _script(site / "data" / name, "YAODIAN_ADD", by_issuer[issuer])
        chunks.append({"file": name, "issuer": issuer, "rows": len(by_issuer[issuer])})
    _script(site / "data" / "chunks.js", None, chunks, "window.YAODIAN_CHUNKS = ")
    rows = [r for issuer_rows in by_issuer.values() for r in issuer_rows]
    facets = {"issuer": sorted(by_issuer), "year": sorted({r[1] for r in rows if r[1]}),
              "period": sorted({r[4] for r in rows if r[4]}), "unit": sorted({r[6] for r in rows if r[6]}),
              "month": sorted({r[7][:7] for r in rows if r[7] and r[7][:4].isdigit()})}
    (site / "commitments.html").write_text(pages.render("commitments.html", root="", release=about, facets=facets),
                                           encoding="utf-8")


def _script(path: Path, call: str | None, value: object, prefix: str = "") -> None:
    """A script holding `value` as JSON: `call(value);` or `prefix value;`."""
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    path.write_text(f"{prefix}{body};\n" if call is None else f"{call}({body});\n", encoding="utf-8")
