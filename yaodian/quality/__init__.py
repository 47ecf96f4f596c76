"""Quality: a candidate release's files → a verdict, the report and the quarantine.

Entry: `check(folder, out_dir, failed_inputs) -> Validation`; `Validation.publishable` is
False when a critical check failed. `isolate(folder, validation)` then takes out the rows
and plans the failures are about (None when one is of release scope: nothing publishes),
and the pipeline validates what is left once more, reporting what was set aside.

    suites.py       the suites, from schemas/ and expectations/checks.yaml (plain dicts, no
                    Great Expectations import)
    derived.py      the values other tables give for the checks one table cannot express
    accounting.py   nothing lost: every character in a row's span or in residue (checked as
                    each file is read), plan rows' spans apart, every line in a row or residue
    validate.py     runs the suites with Great Expectations (imported there only: it costs seconds)
    offline.py      the Data Docs rewritten to load their assets from copies shipped beside them
    scope.py        isolation by scope: a failed row or plan is set aside, the rest publishes
    report.py       summary.md, validation.json, the quarantine

Takes the candidate folder from yaodian.release; hands the Validation back to the pipeline.
"""

from __future__ import annotations

import time
from pathlib import Path

QUALITY, QUARANTINE = "quality", "quarantine"


def check(folder: Path, out_dir: Path, data_docs: bool = True, failed_inputs: dict[str, Path] | None = None,
          isolation=None, release: str | None = None, parts: list | None = None):
    """Validate the tables in `folder`; write the report to `out_dir/quality/`, the failing
    rows to `out_dir/quarantine/` and copies of `failed_inputs` (name → file: inputs a stage
    failed on) to `out_dir/quarantine/inputs/`. Returns the Validation. `isolation` is what an
    earlier pass set aside (see `isolate`): reported, and its rows quarantined, with this one.
    `data_docs=False` skips the HTML site (most of the time on a small corpus), for tests that
    read results. `release`: the id the candidate would publish as, which every report names.
    `parts`: what the release was written from (yaodian.fragments), to validate it chunk by
    chunk, holding one chunk at a time; without, the tables are read whole."""
    from yaodian.quality import offline, report, validate

    if parts is None:
        tables = validate.read_tables(folder)
        result = validate.validate(tables, out_dir / QUALITY, data_docs)
    else:
        result = validate.validate_chunks(validate.chunks(folder, parts), out_dir / QUALITY, data_docs)
        tables = validate.Tables(folder)
    result.set_aside = isolation.summary if isolation is not None else None
    result.release, result.checked = release, time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    if data_docs:
        offline.stamp(out_dir / QUALITY / "index.html", f"release {release or '(not published)'}, checked {result.checked}")
    report.write(result, tables, out_dir / QUALITY, out_dir / QUARANTINE, failed_inputs or {},
                 isolation.set_aside if isolation is not None else {})
    return result


def isolate(folder: Path, result):
    """The tables of the candidate in `folder` with what `result`'s critical failures are about
    taken out (an Isolation), or None when one of them is of release scope: nothing publishes."""
    from yaodian.quality import scope, validate

    return scope.isolate(validate.read_tables(folder), result)


def summary(result) -> dict:
    """The few figures of a Validation a release manifest keeps."""
    withheld = result.set_aside.withheld if result.set_aside else []
    return {"headline": headline(result), "success": result.success, "publishable": result.publishable,
            "checks": len(result.results), "failed": [r.check for r in result.failed],
            "set_aside": [r.check for r in result.set_aside.failed] if result.set_aside else [],
            "withheld": [{k: w[k] for k in ("doc_id", "title", "issuer", "source_files", "checks")} for w in withheld]}


def headline(result) -> str:
    """One line: the verdict and the counts of a Validation."""
    from yaodian.quality.report import headline as line

    return line(result)


def mark_unpublished(quality_dir: Path, reason: str, since: float) -> None:
    """Mark this run's summary.md (if it got that far) as describing a release not published."""
    from yaodian.quality.report import mark_unpublished as mark

    mark(quality_dir, reason, since)
