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
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from yaodian.quality import derived, offline, suites
from yaodian.schemas import TABLES

SITE = "yaodian-quality"
EXAMPLES = 10  # unexpected values quoted per check in the report
CHUNK_ITEMS = 50_000  # items (with the rest of their plans' rows) validated at once: ~50 MB of text


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


def read_tables(folder: Path, names=TABLES) -> dict[str, pa.Table]:
    """Every published table of `folder` (or those `names`); QualityError naming the file that is
    missing or unreadable."""
    tables = {}
    for name in names:
        path = folder / f"{name}.parquet"
        try:
            table = pq.read_table(path)
        except (OSError, pa.ArrowException) as error:
            raise QualityError(f"{path}: cannot read the table: {error}") from error
        metadata = {k: v for k, v in (table.schema.metadata or {}).items() if k != b"pandas"}
        tables[name] = table.replace_schema_metadata(metadata or None)
    return tables


class Tables(dict):
    """A folder's tables, each read when first asked for (the report needs few of them)."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder

    def __missing__(self, name: str) -> pa.Table:
        self[name] = read_tables(self.folder, [name])[name]
        return self[name]

    def get(self, name: str, default=None):
        return self[name] if name in TABLES else default


def chunks(folder: Path, parts: list) -> list[Callable[[], dict[str, pa.Table]]]:
    """The release in `folder`, written from `parts` (yaodian.fragments: each with its `rows`),
    as consecutive chunks of whole parts of about CHUNK_ITEMS items: each a function that reads
    every table's next rows. Read in order, each once."""
    groups: list[list] = []
    filled = 0
    for part in parts:
        if groups and filled + part.rows["items"] <= CHUNK_ITEMS:
            groups[-1].append(part)
            filled += part.rows["items"]
        else:
            groups.append([part])
            filled = part.rows["items"]
    readers = {name: _Sequential(folder / f"{name}.parquet") for name in TABLES}
    return [lambda group=group: {name: readers[name].take(sum(p.rows[name] for p in group)) for name in TABLES}
            for group in groups]


class _Sequential:
    """A table's rows read in order, `take(n)` at a time, a row group at a time (a file or a
    folder of parts)."""

    def __init__(self, path: Path):
        self.path = path
        files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
        try:
            self.schema = pq.read_schema(files[0])
        except (OSError, IndexError, pa.ArrowException) as error:
            raise QualityError(f"{path}: cannot read the table: {error}") from error
        self.batches = (batch for file in files for batch in pq.ParquetFile(file).iter_batches(batch_size=65_536))
        self.left: list[pa.RecordBatch] = []

    def take(self, n: int) -> pa.Table:
        got, have = [], 0
        while have < n:
            batch = self.left.pop() if self.left else next(self.batches, None)
            if batch is None:
                raise QualityError(f"{self.path}: fewer rows than written")
            if have + batch.num_rows > n:
                self.left.append(batch.slice(n - have))
                batch = batch.slice(0, n - have)
            got.append(batch)
            have += batch.num_rows
        return pa.Table.from_batches(got, schema=self.schema)


def validate(tables: dict[str, pa.Table], quality_dir: Path, data_docs: bool = True) -> Validation:
    """Validate `tables` (from read_tables); Data Docs go to `quality_dir`, cleared first."""
    return validate_chunks([lambda: tables], quality_dir, data_docs)


def validate_chunks(chunks: list[Callable[[], dict[str, pa.Table]]], quality_dir: Path,
                    data_docs: bool = True) -> Validation:
    """Validate a release given as consecutive chunks (each read when called: every table's
    next rows, plans whole), holding one chunk at a time: a chunk's tables and derived frames
    are written to a scratch folder and checked by a checkpoint of their own, then let go.
    Results are merged per check, failing rows numbered in the whole table; keys are checked
    unique across chunks too (`_across`). Data Docs go to `quality_dir`, cleared first."""
    started = time.perf_counter()
    if quality_dir.exists():
        shutil.rmtree(quality_dir)
    keys: dict[str, list[pa.Table]] = {}
    checker = _Checker(quality_dir, len(chunks))
    results, offsets, broken, at = [], [], {}, {}
    with tempfile.TemporaryDirectory(prefix="yaodian-validate-") as tmp:
        for k, read in enumerate(chunks):
            tables = read()
            tables_dir, derived_dir = Path(tmp, f"tables-{k}"), Path(tmp, f"derived-{k}")
            tables_dir.mkdir()
            derived_dir.mkdir()
            for name, table in tables.items():
                pq.write_table(table, tables_dir / f"{name}.parquet")
            unbuilt = _write_derived(tables, derived_dir)
            if len(chunks) > 1:
                _collect_keys(tables, k, keys)
            offsets.append(dict(at))
            at = {name: at.get(name, 0) + table.num_rows for name, table in tables.items()}
            del tables
            results += [(k, r) for r in checker.check(k, tables_dir, derived_dir, {f"{t}{suites.DERIVED}" for t in unbuilt})]
            broken |= unbuilt
            shutil.rmtree(tables_dir)
            shutil.rmtree(derived_dir)
    if data_docs:
        checker.docs()
    results = [_merge(group, offsets) for group in _by_check(results)]
    results = [_across(r, keys) for r in results]
    results += [_unbuildable(table, error) for table, error in sorted(broken.items())]
    order = {name: i for i, name in enumerate(c["meta"]["check"] for s in suites.committed().values()
                                               for c in s["expectations"])}
    results.sort(key=lambda r: order.get(r.check, -1))
    return Validation(results, time.perf_counter() - started, checker.version)


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


class _Checker:
    """One Great Expectations context for a validation: the suites added once, each chunk
    checked by a checkpoint of its own and then removed (with its data sources, which hold the
    chunk's frames), the Data Docs built at the end from every chunk's results."""

    def __init__(self, quality_dir: Path, n_chunks: int):
        import great_expectations as gx

        self.gx, self.quality_dir, self.n_chunks = gx, quality_dir, n_chunks
        self.version = gx.__version__
        self.context = _context(quality_dir)
        self.suites = {name: self.context.suites.add(gx.ExpectationSuite(**suite_json))
                       for name, suite_json in suites.committed().items()}

    def check(self, k: int, tables_dir: Path, derived_dir: Path, skip: set[str]) -> list[CheckResult]:
        """Every suite but those in `skip` on chunk `k`'s tables and derived frames."""
        gx, context = self.gx, self.context
        sources = {
            "tables": context.data_sources.add_pandas_filesystem(f"tables-{k}", base_directory=tables_dir.resolve()),
            "derived": context.data_sources.add_pandas_filesystem(f"derived-{k}", base_directory=derived_dir.resolve()),
        }
        definitions = []
        for name, suite in self.suites.items():
            if name in skip:
                continue
            source = sources["derived" if name.endswith(suites.DERIVED) else "tables"]
            asset = source.add_parquet_asset(name, dtype_backend="numpy_nullable")
            batch = asset.add_batch_definition_path(name, path=f"{name}.parquet")
            label = name if self.n_chunks == 1 else f"{name} (chunk {k + 1} of {self.n_chunks})"
            definitions.append(context.validation_definitions.add(gx.ValidationDefinition(name=label, data=batch,
                                                                                          suite=suite)))
        checkpoint = context.checkpoints.add(gx.Checkpoint(
            name=f"yaodian-{k}", validation_definitions=definitions, result_format={"result_format": "COMPLETE"}))
        outcome = checkpoint.run()
        results = [_result(run.suite_name, r) for run in outcome.run_results.values() for r in run.results]
        context.checkpoints.delete(checkpoint.name)
        for definition in definitions:
            context.validation_definitions.delete(definition.name)
        for source in sources.values():
            context.data_sources.delete(source.name)
        return results

    def docs(self) -> None:
        """The Data Docs, once for all results (an UpdateDataDocsAction would rebuild the whole
        site per suite), made to work offline."""
        self.context.build_data_docs(site_names=[SITE])
        left = offline.make_offline(self.quality_dir)
        if left:  # the pages still work online; say what would fail offline
            warnings.warn(f"Data Docs load from outside: {', '.join(left[:5])}", stacklevel=2)


def _by_check(results: list[tuple[int, CheckResult]]) -> list[list[tuple[int, CheckResult]]]:
    groups: dict[str, list[tuple[int, CheckResult]]] = {}
    for k, result in results:
        groups.setdefault(result.check, []).append((k, result))
    return [sorted(group, key=lambda g: g[0]) for group in groups.values()]


def _merge(group: list[tuple[int, CheckResult]], offsets: list[dict[str, int]]) -> CheckResult:
    """One check's results on every chunk as one result on the whole table: failing rows
    numbered in the table, counts added, the first examples kept."""
    first = group[0][1]
    if len(group) == 1:
        return replace(first, rows=[row + offsets[group[0][0]].get(first.table, 0) for row in first.rows])
    results = [r for _, r in group]
    failing = [r for r in results if not r.success]
    observed, success = (failing or results)[0].observed, not failing
    if first.expectation == "expect_table_row_count_to_be_between":
        observed = sum(r.observed or 0 for r in results)
        low, high = first.kwargs.get("min_value"), first.kwargs.get("max_value")
        success = (low is None or observed >= low) and (high is None or observed <= high)
    counts = [r.unexpected_count for r in results if r.unexpected_count is not None]
    elements = [r.element_count for r in results if r.element_count is not None]
    return replace(first, success=success, observed=observed, element_count=sum(elements) if elements else None,
                   unexpected_count=sum(counts) if counts else None,
                   examples=[x for r in results for x in r.examples][:EXAMPLES],
                   rows=sorted(row + offsets[k].get(r.table, 0) for k, r in group for row in r.rows))


UNIQUE = {"expect_column_values_to_be_unique": "column", "expect_compound_columns_to_be_unique": "column_list"}


def _unique_checks() -> list[tuple[str, str, list[str]]]:
    """(check, table, key columns) of every uniqueness expectation."""
    out = []
    for name, suite in suites.committed().items():
        for e in suite["expectations"]:
            if e["type"] in UNIQUE:
                columns = e["kwargs"][UNIQUE[e["type"]]]
                out.append((e["meta"]["check"], name, [columns] if isinstance(columns, str) else list(columns)))
    return out


def _collect_keys(tables: dict[str, pa.Table], chunk: int, keys: dict[str, list[pa.Table]]) -> None:
    """Keep the key columns of chunk `chunk` for the uniqueness checks across chunks."""
    for check, table, columns in _unique_checks():
        if table in tables and all(c in tables[table].column_names for c in columns):
            key = tables[table].select(columns)
            keys.setdefault(check, []).append(key.append_column("_chunk", pa.array([chunk] * key.num_rows, pa.int32())))


def _across(result: CheckResult, keys: dict[str, list[pa.Table]]) -> CheckResult:
    """A uniqueness result with the rows whose key is also in another chunk added (rows with an
    empty key part aside, as within a chunk): Great Expectations saw one chunk at a time."""
    if result.check not in keys:
        return result
    table = pa.concat_tables(keys[result.check])
    columns = [c for c in table.column_names if c != "_chunk"]
    complete = table.append_column("_row", pa.array(range(table.num_rows), pa.int64())).drop_null()
    spread = complete.group_by(columns).aggregate([("_chunk", "count_distinct")])
    shared = spread.filter(pc.greater(spread.column("_chunk_count_distinct"), 1)).drop_columns("_chunk_count_distinct")
    if not shared.num_rows:
        return result
    rows = complete.join(shared, columns, join_type="inner").column("_row").to_pylist()
    added = sorted(set(rows) - set(result.rows))
    examples = result.examples + [v for v in shared.column(columns[0]).to_pylist()][:EXAMPLES - len(result.examples)]
    return replace(result, success=False, rows=sorted(set(result.rows) | set(rows)),
                   unexpected_count=(result.unexpected_count or 0) + len(added), examples=examples[:EXAMPLES])


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
