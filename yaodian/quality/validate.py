"""Run the suites over a folder of published tables with Great Expectations.

The tables are validated as Parquet files, the way analysts will read them: each file is
a batch of a pandas filesystem datasource, read back with pandas' nullable dtypes, so
column types are checked as written. The files validated are the tables as read from the
folder, rewritten without pandas index metadata (a file saved by pandas after dropping
rows would otherwise come back with its old index, and a failing row's index would not be
its position). Derived frames (yaodian.quality.derived) are written beside and validated
the same way. One checkpoint runs every suite; the Data Docs site is built once into the
quality folder. Great Expectations is imported here only: the import alone costs seconds.
"""

from __future__ import annotations

import logging
import numbers
import shutil
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from yaodian.quality import derived, offline, suites
from yaodian.schemas import TABLES

SITE = "yaodian-quality"
EXAMPLES = 10  # unexpected values quoted per check in the report


class QualityError(RuntimeError):
    """The tables cannot be validated at all (a table file missing or unreadable)."""


@dataclass
class CheckResult:
    """One expectation's outcome, named by its check."""

    check: str
    table: str
    suite: str
    severity: str
    success: bool
    expectation: str
    kwargs: dict
    why: str
    observed: object = None
    element_count: int | None = None
    unexpected_count: int | None = None
    examples: list = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # positions of the failing rows in the table
    scope: str = "release"  # what a critical failure sets aside: row, plan or release (yaodian.quality.scope)


@dataclass
class SetAside:
    """What isolation by scope took out of a release before it was validated again."""

    failed: list[CheckResult]          # the critical failures of the first pass
    withheld: list[dict]               # one per plan: doc_id, title, issuer, source_files, checks
    quarantined: dict[str, int]        # table → rows set aside (withheld plans' rows included)


@dataclass
class Validation:
    """Every check's result; publishable when no critical check failed."""

    results: list[CheckResult]
    seconds: float
    ge_version: str
    set_aside: SetAside | None = None  # what an earlier pass of this run set aside so that the rest publishes
    release: str | None = None  # the id the candidate would publish as
    checked: str = ""  # when, UTC

    @property
    def failed(self) -> list[CheckResult]:
        return [r for r in self.results if not r.success]

    @property
    def critical_failures(self) -> list[CheckResult]:
        return [r for r in self.failed if r.severity == "critical"]

    @property
    def success(self) -> bool:
        return not self.failed

    @property
    def publishable(self) -> bool:
        return not self.critical_failures


def read_tables(folder: Path) -> dict[str, pa.Table]:
    """Every published table of `folder`; QualityError naming the file that is missing or unreadable."""
    tables = {}
    for name in TABLES:
        path = folder / f"{name}.parquet"
        try:
            table = pq.read_table(path)
        except (OSError, pa.ArrowException) as error:
            raise QualityError(f"{path}: cannot read the table: {error}") from error
        metadata = {k: v for k, v in (table.schema.metadata or {}).items() if k != b"pandas"}
        tables[name] = table.replace_schema_metadata(metadata or None)
    return tables


def validate(tables: dict[str, pa.Table], quality_dir: Path, data_docs: bool = True) -> Validation:
    """Validate `tables` (from read_tables); Data Docs go to `quality_dir`, cleared first."""
    started = time.perf_counter()
    if quality_dir.exists():
        shutil.rmtree(quality_dir)
    with tempfile.TemporaryDirectory(prefix="yaodian-validate-") as tmp:
        tables_dir, derived_dir = Path(tmp, "tables"), Path(tmp, "derived")
        tables_dir.mkdir()
        derived_dir.mkdir()
        for name, table in tables.items():
            pq.write_table(table, tables_dir / f"{name}.parquet")
        broken = _write_derived(tables, derived_dir)
        results, version = _run_checkpoint(tables_dir, derived_dir, quality_dir,
                                            {f"{t}{suites.DERIVED}" for t in broken}, data_docs)
    results += [_unbuildable(table, error) for table, error in sorted(broken.items())]
    order = {name: i for i, name in enumerate(c["meta"]["check"] for s in suites.committed().values()
                                               for c in s["expectations"])}
    results.sort(key=lambda r: order.get(r.check, -1))
    return Validation(results, time.perf_counter() - started, version)


def _write_derived(tables: dict[str, pa.Table], folder: Path) -> dict[str, str]:
    """Write each derived frame; return the tables whose frame could not be built, and why."""
    broken = {}
    for table, build in derived.BUILDERS.items():
        try:
            frame = build(tables)
        except (KeyError, TypeError, ValueError, AttributeError, pa.ArrowException) as error:
            broken[table] = f"{type(error).__name__}: {error}"
            continue
        frame.to_parquet(folder / f"{table}{suites.DERIVED}.parquet", index=False)
    return broken


def _unbuildable(table: str, error: str) -> CheckResult:
    return CheckResult(check=f"{table}.derived_frame", table=table, suite=table + suites.DERIVED, severity="critical",
                       success=False, expectation="build the derived frame", kwargs={}, observed=error,
                       why="The cross-table checks need the table's declared columns; they could not run.")


def _context(quality_dir: Path):
    """An in-memory Great Expectations context whose one Data Docs site is `quality_dir`."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    return gx.get_context(mode="ephemeral", project_config=DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        progress_bars=ProgressBarsConfig(globally=False),
        analytics_enabled=False,
        data_docs_sites={SITE: {
            "class_name": "SiteBuilder",
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(quality_dir.resolve())},
        }},
    ))


def _run_checkpoint(folder: Path, derived_dir: Path, quality_dir: Path, skip: set[str], data_docs: bool):
    """One checkpoint over every committed suite but those in `skip`; results and the GE version."""
    import great_expectations as gx

    context = _context(quality_dir)
    sources = {
        "tables": context.data_sources.add_pandas_filesystem("tables", base_directory=folder.resolve()),
        "derived": context.data_sources.add_pandas_filesystem("derived", base_directory=derived_dir.resolve()),
    }
    definitions = []
    for name, suite_json in suites.committed().items():
        if name in skip:
            continue
        source = sources["derived" if name.endswith(suites.DERIVED) else "tables"]
        asset = source.add_parquet_asset(name, dtype_backend="numpy_nullable")
        batch = asset.add_batch_definition_path(name, path=f"{name}.parquet")
        suite = context.suites.add(gx.ExpectationSuite(**suite_json))
        definitions.append(context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite)))
    checkpoint = context.checkpoints.add(gx.Checkpoint(
        name="yaodian", validation_definitions=definitions, result_format={"result_format": "COMPLETE"}))
    outcome = checkpoint.run()
    if data_docs:
        # Once for all results: an UpdateDataDocsAction would rebuild the whole site per suite.
        context.build_data_docs(site_names=[SITE])
        left = offline.make_offline(quality_dir)
        if left:  # the pages still work online; say what would fail offline
            warnings.warn(f"Data Docs load from outside: {', '.join(left[:5])}", stacklevel=2)
    results = [_result(run.suite_name, r) for run in outcome.run_results.values() for r in run.results]
    return results, gx.__version__


def _result(suite_name: str, r) -> CheckResult:
    config = r.expectation_config
    check = config.meta["check"]
    details = r.result or {}
    raised = (r.exception_info or {}).get("raised_exception")
    if raised:  # the expectation could not be evaluated: a failure, with the reason as observed value
        details = {"observed_value": f"error: {r.exception_info.get('exception_message')}"}
    rows = details.get("unexpected_index_list") or []
    return CheckResult(
        check=check, table=check.split(".")[0], suite=suite_name, severity=str(config.severity.value),
        success=bool(r.success), expectation=config.type,
        kwargs={k: v for k, v in config.kwargs.items() if k != "batch_id"}, why=config.meta.get("why", ""),
        observed=_plain(details.get("observed_value")), element_count=details.get("element_count"),
        unexpected_count=details.get("unexpected_count"),
        examples=[_plain(x) for x in list(details.get("partial_unexpected_list") or [])[:EXAMPLES]],
        rows=sorted({int(row) for row in rows if isinstance(row, numbers.Integral)}),
        scope=config.meta.get("scope", "release"),
    )


def _plain(value):
    """numpy scalars and tuples as plain Python values, for JSON and Markdown."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value.item() if hasattr(value, "item") and not isinstance(value, (str, bytes)) else value
