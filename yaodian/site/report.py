"""The quality page's figures, read from the report's validation.json and the release's anomalies."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

from yaodian.site import pages


def page(quality: Path, release: Path, about: dict) -> str:
    report = json.loads((quality / "validation.json").read_text(encoding="utf-8"))
    results = report["results"]
    failed = [r for r in results if not r["success"]]
    tables, failing = Counter(r["table"] for r in results), Counter(r["table"] for r in failed)
    set_aside = report.get("set_aside") or {}
    summary = {
        "publishable": report["publishable"],
        "verdict": "quality passed" if report["success"] else
                   "quality passed with warnings or with rows and plans set aside" if report["publishable"] else
                   "not published: critical checks failed",
        "total": len(results), "passed": len(results) - len(failed),
        "critical": sum(r["severity"] == "critical" for r in failed),
        "warnings": sum(r["severity"] == "warning" for r in failed),
        "failures": [{"severity": "critical", "why": "set aside before the release was checked again"} | r |
                     {"examples": ", ".join(map(str, r.get("unexpected_examples") or []))[:300]}
                     for r in [*set_aside.get("failed_checks", []), *failed]],
        "tables": [{"table": t, "total": n, "passed": n - failing[t], "failed": failing[t]}
                   for t, n in sorted(tables.items())],
        "withheld": [f"{w.get('doc_id')} {w.get('title') or ''} ({w.get('issuer') or '—'})"
                     for w in set_aside.get("withheld_plans", [])],
    }
    kinds = Counter(pq.read_table(release / "anomalies.parquet", columns=["kind"]).column("kind").to_pylist())
    return pages.render("quality.html", root="", release=about, quality=summary, anomalies=kinds.most_common())
