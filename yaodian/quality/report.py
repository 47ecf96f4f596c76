"""The quality report: summary.md, validation.json and the quarantine, from a Validation.

Plain functions over plain data (no Great Expectations import), so the flow can also
hand the same summary to Prefect as artifacts. The report says what failed and why, what
the pipeline noticed in the input (the anomalies table), and where the failing rows are:
a row that fails a row-level check is copied to `quarantine/<table>.parquet` with the
names of the checks it failed, never silently dropped.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from yaodian.io import storage
from yaodian.quality.validate import CheckResult, Validation
from yaodian.schemas import declaration

ANOMALY_EXAMPLES = 5


def headline(v: Validation) -> str:
    """One line: verdict and counts, and what was set aside so that the rest publishes."""
    warnings = len(v.failed) - len(v.critical_failures)
    verdict = "passed" if v.success else ("passed with warnings" if v.publishable else "FAILED (critical)")
    line = (f"quality {verdict}: {len(v.results) - len(v.failed)}/{len(v.results)} checks passed, "
            f"{len(v.critical_failures)} critical and {warnings} warning failure(s)")
    if v.set_aside:
        rows = sum(n for table, n in v.set_aside.quarantined.items() if table != "documents")
        line += (f"; set aside after {len(v.set_aside.failed)} critical failure(s): "
                 f"{len(v.set_aside.withheld)} plan(s) withheld, {rows} row(s) quarantined")
    return line


def validation_json(v: Validation) -> dict:
    """The checkpoint's result: overall success, the policy's verdict, one entry per expectation."""
    return {
        "release": v.release,
        "checked": v.checked,
        "success": v.success,
        "publishable": v.publishable,
        "statistics": {"evaluated": len(v.results), "passed": len(v.results) - len(v.failed),
                       "critical_failures": len(v.critical_failures),
                       "warning_failures": len(v.failed) - len(v.critical_failures)},
        "great_expectations_version": v.ge_version,
        "set_aside": None if v.set_aside is None else {
            "failed_checks": [{"check": r.check, "scope": r.scope, "unexpected_count": r.unexpected_count}
                              for r in v.set_aside.failed],
            "withheld_plans": v.set_aside.withheld,
            "quarantined_rows": v.set_aside.quarantined,
        },
        "results": [{
            "check": r.check, "table": r.table, "suite": r.suite, "severity": r.severity, "success": r.success,
            "expectation": r.expectation, "kwargs": r.kwargs, "why": r.why, "observed_value": r.observed,
            "element_count": r.element_count, "unexpected_count": r.unexpected_count, "scope": r.scope,
            "unexpected_examples": r.examples,
        } for r in v.results],
    }


def quarantine(v: Validation, tables: dict[str, pa.Table], folder: Path,
               set_aside: dict[str, pa.Table] | None = None) -> dict[str, int]:
    """Write the rows that failed row-level checks, and the rows an earlier pass set aside, to
    `folder/<table>.parquet`, each with the checks it failed (`failed_checks`); rows per table."""
    if folder.exists():
        shutil.rmtree(folder)
    failed: dict[str, dict[int, list[str]]] = {}
    for r in v.failed:
        for row in r.rows:
            failed.setdefault(r.table, {}).setdefault(row, []).append(r.check)
    parts: dict[str, list[pa.Table]] = {name: [t] for name, t in (set_aside or {}).items()}
    for table, rows in failed.items():
        positions = sorted(p for p in rows if p < tables[table].num_rows)
        parts.setdefault(table, []).append(tables[table].take(positions).append_column(
            "failed_checks", pa.array([";".join(sorted(set(rows[p]))) for p in positions], pa.string())))
    counts = {}
    for table, pieces in sorted(parts.items()):
        quarantined = pa.concat_tables(pieces, promote_options="permissive")
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(quarantined, folder / f"{table}.parquet", compression="zstd")
        counts[table] = quarantined.num_rows
    return counts


def summary_markdown(v: Validation, tables: dict[str, pa.Table], quarantined: dict[str, int]) -> str:
    """summary.md: verdict, failed checks, what the input showed, quarantine, per-table counts."""
    lines = ["# yaodian data quality", "", f"Release `{v.release or '(not published)'}`, checked {v.checked}.", "",
             f"**{headline(v)}**", "",
             f"Great Expectations {v.ge_version}, {len(v.results)} checks in {v.seconds:.1f} s. "
             "Critical failures block publishing; warnings are reported. "
             "Full results: [Data Docs](index.html), [validation.json](validation.json).", ""]
    lines += ["## Failed checks", ""]
    if v.failed:
        lines += ["| check | severity | expectation | failing rows | first failing rows | values | why |",
                  "|---|---|---|---|---|---|---|"]
        lines += [_failed_row(r, tables) for r in v.failed]
    else:
        lines.append("None.")
    lines += ["", "## Set aside so that the rest publishes", ""] + _set_aside_lines(v)
    lines += ["", "## What the pipeline noticed in the input", ""] + _anomaly_lines(tables["anomalies"])
    lines += ["", "## Quarantine", ""]
    if quarantined:
        lines += [f"- `quarantine/{t}`: an input file a stage failed on (see `extraction_failed` above)"
                  if t.startswith("inputs/") else
                  f"- `quarantine/{t}.parquet`: {n} row(s), each with the checks it failed (`failed_checks`)"
                  for t, n in quarantined.items()]
    else:
        lines.append("No row failed a row-level check.")
    lines += ["", "## Checks per table", "", "| table | checks | passed | failed (critical) | failed (warning) |",
              "|---|---|---|---|---|"]
    for table in dict.fromkeys(r.table for r in v.results):
        rs = [r for r in v.results if r.table == table]
        bad = [r for r in rs if not r.success]
        lines.append(f"| {table} | {len(rs)} | {len(rs) - len(bad)} | "
                     f"{sum(r.severity == 'critical' for r in bad)} | {sum(r.severity == 'warning' for r in bad)} |")
    return "\n".join(lines) + "\n"


def _set_aside_lines(v: Validation) -> list[str]:
    """The critical failures of the first pass, and the plans and rows they took out."""
    if not v.set_aside:
        return ["Nothing: no critical check failed on a row or a plan."]
    out = ["A critical failure on a commitment or anomaly row quarantines that row; on a plan's rows "
           "(or its file's accounting) it withholds the whole plan. Failed on the first pass:", "",
           "| check | scope | failing rows | why |", "|---|---|---|---|"]
    out += [f"| `{r.check}` | {r.scope} | {r.unexpected_count if r.unexpected_count is not None else '—'} | "
            f"{_cell(r.why)} |" for r in v.set_aside.failed]
    out += ["", f"Plans withheld ({len(v.set_aside.withheld)}): absent from the release, their rows in "
            "`quarantine/`, their lines in `residue` as `withheld`.", ""]
    if v.set_aside.withheld:
        out += ["| doc_id | title | issuer | files | failed checks |", "|---|---|---|---|---|"]
        out += [f"| {w['doc_id']} | {_cell(str(w['title'] or '—'))} | {_cell(str(w['issuer'] or '—'))} | "
                f"{_cell(str(w['source_files'] or '—'))} | {_cell(', '.join(w['checks']))} |" for w in v.set_aside.withheld]
    return out


def _failed_row(r: CheckResult, tables: dict[str, pa.Table]) -> str:
    rows = "—" if r.unexpected_count is None else f"{r.unexpected_count} of {r.element_count}"
    shown = r.examples if r.examples else ([r.observed] if r.observed is not None else [])
    values = ", ".join(_cell(json.dumps(x, ensure_ascii=False, default=str)) for x in shown[:3]) or "—"
    where = ", ".join(_cell(_row_key(r.table, tables, row)) for row in r.rows[:3]) or "—"
    return f"| `{r.check}` | {r.severity} | {r.expectation} | {rows} | {where} | {values} | {_cell(r.why)} |"


def _row_key(name: str, tables: dict[str, pa.Table], row: int) -> str:
    """A failing row named by its primary key as published (`doc_id/item_no`), else by its position."""
    table = tables.get(name)
    key = [c for c in declaration(name)["primary_key"] if table is not None and c in table.column_names]
    if not key or row >= table.num_rows:
        return f"row {row}"
    return "/".join(str(table.column(c)[row].as_py()) for c in key)


def _anomaly_lines(anomalies: pa.Table) -> list[str]:
    rows = anomalies.to_pylist()
    if not rows:
        return ["Nothing: no unreadable file, heading mismatch, truncated plan or masked character."]
    out = ["| kind | count | examples |", "|---|---|---|"]
    # .get and str(): the report must still read a corrupted anomalies table.
    for kind in sorted({str(r.get("kind")) for r in rows}):
        of_kind = [r for r in rows if str(r.get("kind")) == kind]
        examples = "; ".join(_cell(f"{r.get('source_file') or ''}:{r.get('line_no') or ''} {r.get('detail')}")
                             for r in of_kind[:ANOMALY_EXAMPLES])
        out.append(f"| {kind} | {len(of_kind)} | {examples} |")
    return out


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    text = text if len(text) <= 120 else text[:119] + "…"
    return text.replace("|", "\\|").replace("\n", " ")


def write(v: Validation, tables: dict[str, pa.Table], quality_dir: Path, quarantine_dir: Path,
          failed_inputs: dict[str, Path], set_aside: dict[str, pa.Table] | None = None) -> dict[str, int]:
    """summary.md and validation.json into `quality_dir`, the quarantine (with the rows an
    earlier pass set aside) into `quarantine_dir`."""
    quarantined = quarantine(v, tables, quarantine_dir, set_aside)
    for name, path in sorted(failed_inputs.items()):
        copy = quarantine_dir / "inputs" / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        if storage.is_remote(path):
            storage.download(str(path), copy)
        else:
            shutil.copyfile(path, copy)
        quarantined[f"inputs/{name}"] = 1
    quality_dir.mkdir(parents=True, exist_ok=True)
    (quality_dir / "validation.json").write_text(
        json.dumps(validation_json(v), ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    (quality_dir / "summary.md").write_text(summary_markdown(v, tables, quarantined), encoding="utf-8")
    return quarantined


def mark_unpublished(quality_dir: Path, reason: str, since: float) -> None:
    """Say at the top of summary.md, when a run that started at `since` wrote it, that its release
    was not published: its checks may have passed, but writing the release failed (a full disk,
    a refused write). An older summary is the current release's and stays as it is."""
    summary = quality_dir / "summary.md"
    if summary.exists() and summary.stat().st_mtime >= since:
        banner = (f"> **Nothing was published: {reason}.** The checks below ran on a candidate that could not "
                  "be made the current release; the previous release, if any, is still current.\n\n")
        summary.write_text(banner + summary.read_text(encoding="utf-8"), encoding="utf-8")
