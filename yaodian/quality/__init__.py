"""Data quality: Great Expectations suites over the published tables, the report, quarantine.

`suites` builds the suites from schemas/ and expectations/checks.yaml (plain dicts, no
Great Expectations import); `derived` computes the values other tables give for the checks
one table cannot express; `validate` runs the suites with Great Expectations (imported
there only: it costs seconds); `report` turns the results into summary.md,
validation.json and the quarantine.
"""

from __future__ import annotations

from pathlib import Path

QUALITY, QUARANTINE = "quality", "quarantine"


def check(folder: Path, out_dir: Path, data_docs: bool = True, failed_inputs: dict[str, Path] | None = None):
    """Validate the tables in `folder`; write the report to `out_dir/quality/`, the failing
    rows to `out_dir/quarantine/` and copies of `failed_inputs` (name → file: inputs a stage
    failed on) to `out_dir/quarantine/inputs/`. Returns the Validation. `data_docs=False`
    skips the HTML site (most of the time on a small corpus), for tests that read results."""
    from yaodian.quality import report, validate

    tables = validate.read_tables(folder)
    result = validate.validate(tables, out_dir / QUALITY, data_docs)
    report.write(result, tables, out_dir / QUALITY, out_dir / QUARANTINE, failed_inputs or {})
    return result


def summary(result) -> dict:
    """The few figures of a Validation a release manifest keeps."""
    from yaodian.quality.report import headline

    return {"headline": headline(result), "success": result.success, "publishable": result.publishable,
            "checks": len(result.results), "failed": [r.check for r in result.failed]}
