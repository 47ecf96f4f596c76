"""The quality gate: suites match their sources, the sample passes, and every critical
check catches a corruption made for it (and names the corrupted row)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from yaodian import quality
from yaodian.quality import derived, suites
from yaodian.release import releases
from yaodian.schemas import TABLES, declaration


def test_committed_suites_are_what_the_declarations_generate():
    generated, committed = suites.suites(), suites.committed()
    assert sorted(generated) == sorted(committed), "run: python -m yaodian.quality.suites"
    for name, suite in generated.items():
        assert suite == committed[name], f"expectations/suites/{name}.json is stale: python -m yaodian.quality.suites"


def test_every_check_is_named_once_and_explained():
    checks = [e for s in suites.suites().values() for e in s["expectations"]]
    names = [e["meta"]["check"] for e in checks]
    assert len(names) == len(set(names))
    for e in checks:
        assert e["severity"] in suites.SEVERITIES and len(e["meta"]["why"]) > 10, e["meta"]["check"]


def test_business_checks_name_columns_their_frame_has(sample_tables):
    for table, checks in suites.business_checks().items():
        for c in checks:
            if c.get("asset") == "derived":
                columns = set(derived.BUILDERS[table](sample_tables).columns)
            else:
                columns = {f["name"] for f in declaration(table)["fields"]}
            named = [v for k, v in c["kwargs"].items() if k.startswith("column")]
            named = [x for v in named for x in (v if isinstance(v, list) else [v])]
            assert set(named) <= columns, f"{table}.{c['check']}"


def test_derived_frames_align_with_their_tables(sample_tables):
    for table, build in derived.BUILDERS.items():
        assert len(build(sample_tables)) == sample_tables[table].num_rows


def validate(tables: dict[str, pa.Table], tmp_path, data_docs=False):
    candidate = releases.prepare(tables, tmp_path)
    return quality.check(candidate, tmp_path, data_docs=data_docs)


def test_the_sample_passes_every_check_and_the_report_says_so(sample_tables, tmp_path):
    result = validate(sample_tables, tmp_path, data_docs=True)
    assert [r.check for r in result.failed] == []
    assert len(result.results) == sum(len(s["expectations"]) for s in suites.committed().values())
    report = json.loads((tmp_path / "quality" / "validation.json").read_text(encoding="utf-8"))
    assert report["success"] is True and report["publishable"] is True
    assert len(report["results"]) == len(result.results)
    summary = (tmp_path / "quality" / "summary.md").read_text(encoding="utf-8")
    n = len(result.results)
    assert f"quality passed: {n}/{n} checks passed" in summary
    assert "truncated_body" in summary and "masked_characters" in summary
    index = (tmp_path / "quality" / "index.html").read_text(encoding="utf-8")
    assert 'href="expectations/items.html"' in index and "file://" not in index
    assert not (tmp_path / "quarantine").exists()


# --- corruptions: one per critical check -------------------------------------------------


def set_cells(table: pa.Table, column: str, values: dict[int, object]) -> pa.Table:
    """`table` with some cells of `column` replaced (the field made nullable if a value is None)."""
    i = table.schema.get_field_index(column)
    cells = table.column(column).to_pylist()
    for row, value in values.items():
        cells[row] = value
    field = table.schema.field(i)
    field = field.with_nullable(field.nullable or None in values.values())
    return table.set_column(i, field, pa.array(cells, field.type))


def shift(column: str, delta) -> Callable[[pa.Table, list[int]], pa.Table]:
    return lambda t, rows: set_cells(t, column, {rows[0]: t.column(column)[rows[0]].as_py() + delta})


def put(column: str, value) -> Callable[[pa.Table, list[int]], pa.Table]:
    return lambda t, rows: set_cells(t, column, {rows[0]: value})


def copy_key(key: list[str]) -> Callable[[pa.Table, list[int]], pa.Table]:
    """The second row takes the first row's key."""
    def apply(t: pa.Table, rows: list[int]) -> pa.Table:
        for column in key:
            t = set_cells(t, column, {rows[1]: t.column(column)[rows[0]].as_py()})
        return t
    return apply


@dataclass
class Corruption:
    """A change to some rows of one table that `check` must report, naming `rows[-1]`."""

    check: str
    table: str
    apply: Callable[[pa.Table, list[int]], pa.Table]
    eligible: Callable[[dict], bool] = lambda row: True
    n_rows: int = 1


def is_date(row):
    return (row["deadline"] or "")[:1].isdigit()


def has_span(row):
    return row["char_start"] is not None and row["char_end"] > row["char_start"]


BEYOND = 10**8  # past the end of any sample file's extracted text


def span_checks(table: str) -> list[Corruption]:
    """A plan row's span pushed past its file's end; a second row given the first's span."""
    return [Corruption(f"{table}.span_in_source", table, put("char_end", BEYOND), has_span),
            Corruption(f"{table}.span_apart", table, copy_key(["source_file", "char_start", "char_end"]), has_span,
                       n_rows=2)]


# Business checks: a corruption each, written for what the check is about.
BUSINESS = [
    Corruption("documents.sections_counted", "documents", shift("n_sections", 1)),
    Corruption("documents.items_counted", "documents", shift("n_items", -1)),
    Corruption("documents.items_with_body_counted", "documents", shift("n_items_with_body", -1)),
    Corruption("documents.body_status_matches_items", "documents", put("body_status", "outline_only")),
    Corruption("sections.document_exists", "sections", put("doc_id", "2026-0000000000")),
    Corruption("sections.numbered_in_sequence", "sections", put("section_no", 9)),
    Corruption("sections.lines_in_order", "sections", lambda t, r: set_cells(
        t, "line_end", {r[0]: t.column("line_start")[r[0]].as_py() - 1})),
    Corruption("items.document_exists", "items", put("doc_id", "2026-0000000000")),
    Corruption("items.section_exists", "items", put("section_no", 7)),
    Corruption("items.numbered_in_sequence", "items", put("item_no", 99)),
    Corruption("items.lines_in_order", "items", lambda t, r: set_cells(
        t, "line_end", {r[0]: t.column("line_start")[r[0]].as_py() - 1})),
    Corruption("items.title_empty_only_for_empty_items", "items", put("title", None)),
    Corruption("items.lead_units_in_text", "items", put("lead_units", "办公室、不存在的委员会")),
    Corruption("commitments.item_exists", "commitments", put("item_no", 999)),
    Corruption("commitments.evidence_round_trip", "commitments", shift("char_start", 1)),
    Corruption("commitments.section_matches_item", "commitments", shift("section_no", 1)),
    Corruption("commitments.activity_round_trip", "commitments", shift("activity_start", 1),
               lambda row: row["activity"] is not None),
    Corruption("commitments.per_year_range_ordered", "commitments", lambda t, r: set_cells(
        set_cells(t, "per_year_min", {r[0]: 12.0}), "per_year_max", {r[0]: 4.0})),
    # not 2025-12-31: the last day of the year before a 2026 plan is a valid 1月前
    Corruption("commitments.deadline_in_plan_year", "commitments", put("deadline", "2024-06-30"),
               lambda row: is_date(row) and not re.search(r"20\d\d年", row["evidence"])),
    Corruption("commitments.percent_at_most_100", "commitments", put("count_min", 150.0),
               lambda row: row["unit"] == "%"),
    Corruption("commitments.magnitude_applied", "commitments", put("evidence", "新增城镇就业1.2万人"),
               lambda row: row["count_min"] is not None and row["count_min"] != 12000),
    Corruption("commitments.deadline_form", "commitments", put("deadline", "by the end of the year")),
    Corruption("commitments.count_range_ordered", "commitments", lambda t, r: set_cells(
        set_cells(t, "count_min", {r[0]: 5.0}), "count_max", {r[0]: 2.0})),
    Corruption("commitments.unit_in_vocabulary", "commitments", put("unit", "斤")),
    Corruption("commitments.offsets_in_order", "commitments", lambda t, r: set_cells(
        t, "char_end", {r[0]: t.column("char_start")[r[0]].as_py()})),
    Corruption("sources.lines_accounted", "sources", shift("n_lines", 1)),
    Corruption("plans.commitments_counted", "plans", put("n_commitments", 999)),
    Corruption("commitments_flat.matches_commitment", "commitments_flat", put("evidence", "不是这条承诺")),
    Corruption("anomalies.document_exists", "anomalies", put("doc_id", "2026-0000000000"),
               lambda row: row["doc_id"] is not None),
    Corruption("residue.source_exists", "residue", put("source_file", "ghost.txt")),
    Corruption("residue.nothing_unaccounted", "residue", put("reason", "unaccounted")),
    Corruption("residue.span_in_source", "residue", put("char_end", BEYOND), has_span),
    *span_checks("documents"), *span_checks("sections"), *span_checks("items"),
]


def schema_corruptions() -> list[Corruption]:
    """Row-level corruptions for the generated checks: an empty required value, a value
    outside the allowed set or range, a value not of the declared pattern, a duplicated key."""
    out = []
    for table in TABLES:
        decl = declaration(table)
        for f in decl["fields"]:
            if f.get("required"):
                out.append(Corruption(f"{table}.{f['name']}.required", table, put(f["name"], None)))
            if "enum" in f:
                out.append(Corruption(f"{table}.{f['name']}.allowed", table, put(f["name"], "bogus")))
            if "minimum" in f:
                out.append(Corruption(f"{table}.{f['name']}.range", table, put(f["name"], f["minimum"] - 1)))
            elif "maximum" in f:
                out.append(Corruption(f"{table}.{f['name']}.range", table, put(f["name"], f["maximum"] + 1)))
            if "pattern" in f:
                out.append(Corruption(f"{table}.{f['name']}.pattern", table, put(f["name"], "not of the form")))
        if decl["primary_key"]:
            out.append(Corruption(f"{table}.key_unique", table, copy_key(decl["primary_key"]), n_rows=2))
    return out


ROW_LEVEL = BUSINESS + schema_corruptions()


def batches(tables: dict[str, pa.Table], corruptions: list[Corruption]) -> list[list[tuple[Corruption, list[int]]]]:
    """Corruptions grouped into validation runs: each run corrupts one table (a corrupted
    parent would make its children's checks fail for the wrong reason) and no row twice."""
    out: list[list[tuple[Corruption, list[int]]]] = []
    for table in TABLES:
        rows = tables[table].to_pylist()
        pending = [c for c in corruptions if c.table == table]
        while pending:
            used: set[int] = set()
            batch, later = [], []
            for c in pending:
                free = [i for i, row in enumerate(rows) if i not in used and c.eligible(row)]
                if len(free) < c.n_rows:
                    later.append(c)
                    continue
                used.update(free[: c.n_rows])
                batch.append((c, free[: c.n_rows]))
            assert batch, f"no rows to corrupt for {[c.check for c in later]}"
            out.append(batch)
            pending = later
    return out


def test_every_critical_check_has_a_corruption():
    critical = {e["meta"]["check"] for s in suites.suites().values() for e in s["expectations"]
                if e["severity"] == "critical"}
    covered = {c.check for c in ROW_LEVEL} | {f"{t}.columns" for t in TABLES} | {"documents.not_empty"} | {
        f"{t}.{f['name']}.type" for t in TABLES for f in declaration(t)["fields"]}
    assert critical <= covered, sorted(critical - covered)


def test_each_row_level_check_names_the_corrupted_row(sample_tables, tmp_path):
    for n, batch in enumerate(batches(sample_tables, ROW_LEVEL)):
        tables = dict(sample_tables)
        for c, rows in batch:
            tables[c.table] = c.apply(tables[c.table], rows)
        result = validate(tables, tmp_path / str(n))
        assert not result.publishable
        failed = {}
        for r in result.failed:
            failed.setdefault(r.check, set()).update(r.rows)
        for c, rows in batch:
            assert c.check in failed, f"{c.check} did not catch its corruption"
            assert rows[-1] in failed[c.check], f"{c.check} did not name row {rows[-1]} of {c.table}"
            assert c.check in quarantined_checks(tmp_path / str(n), tables[c.table], c.table, rows[-1])


def quarantined_checks(out_dir, corrupted: pa.Table, table: str, row: int) -> str:
    """The failed_checks of the quarantined copy of row `row` of the corrupted table."""
    quarantine = pq.read_table(out_dir / "quarantine" / f"{table}.parquet").to_pylist()
    original = corrupted.slice(row, 1).to_pylist()[0]
    return next(q["failed_checks"] for q in quarantine if {k: q[k] for k in original} == original)


def retyped(column: pa.ChunkedArray) -> pa.Array:
    """The column with another type: ints and floats narrower or wider, bools as ints, strings as ints."""
    other = {pa.int16(): pa.int64(), pa.int32(): pa.int64(), pa.int64(): pa.int32(), pa.float64(): pa.float32(),
             pa.bool_(): pa.int8()}
    if column.type in other:
        return column.cast(other[column.type])
    return pa.nulls(len(column), pa.int64())


def test_an_activity_outside_its_sentence_is_a_warning_that_names_the_row(sample_tables, tmp_path):
    """An activity read in an earlier sentence of its item (a task table's deadline cell takes its
    item's first phrase) is reported as a warning; the release still publishes."""
    texts = {(i["doc_id"], i["item_no"]): i["text"] for i in sample_tables["items"].to_pylist()}
    rows = sample_tables["commitments"].to_pylist()
    row = next(n for n, r in enumerate(rows)
               if r["activity"] and "。" in texts[(r["doc_id"], r["item_no"])][:r["char_start"]])
    text = texts[(rows[row]["doc_id"], rows[row]["item_no"])]
    table = set_cells(sample_tables["commitments"], "activity_start", {row: 0})
    table = set_cells(set_cells(table, "activity_end", {row: 2}), "activity", {row: text[:2]})
    result = validate({**sample_tables, "commitments": table}, tmp_path)
    failed = {r.check: r for r in result.failed}
    assert set(failed) == {"commitments.activity_in_sentence"}
    warning = failed["commitments.activity_in_sentence"]
    assert warning.severity == "warning" and row in warning.rows
    assert result.publishable


def test_type_and_column_checks_catch_a_changed_schema(sample_tables, tmp_path):
    tables = {name: pa.table({f.name: retyped(t.column(f.name)) for f in t.schema}) for name, t in sample_tables.items()}
    result = validate(tables, tmp_path / "types")
    failed = {r.check for r in result.failed}
    expected = {f"{t}.{f['name']}.type" for t in TABLES for f in declaration(t)["fields"]}
    assert expected <= failed, sorted(expected - failed)

    tables = {name: t.append_column("extra", pa.nulls(t.num_rows, pa.string())) for name, t in sample_tables.items()}
    failed = {r.check for r in validate(tables, tmp_path / "columns").failed}
    assert failed == {f"{t}.columns" for t in TABLES}


def test_a_missing_column_is_reported_not_raised(sample_tables, tmp_path):
    tables = dict(sample_tables, items=sample_tables["items"].drop_columns(["section_no"]))
    failed = {r.check for r in validate(tables, tmp_path).failed}
    assert {"items.columns", "items.derived_frame"} <= failed


def test_a_release_with_no_plan_fails(sample_tables, tmp_path):
    tables = {name: t.slice(0, 0) for name, t in sample_tables.items()}
    tables["sources"] = sample_tables["sources"]
    tables["residue"] = sample_tables["residue"]  # keep the accounting whole: only the plans are gone
    failed = {r.check for r in validate(tables, tmp_path).failed}
    assert "documents.not_empty" in failed


def test_the_readme_counts_the_checks_there_are():
    expectations = [e for s in suites.suites().values() for e in s["expectations"]]
    critical = sum(e["severity"] == "critical" for e in expectations)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    warnings = len(expectations) - critical
    plural = "s" * (warnings > 1)
    stated = f"The {len(expectations)} checks " + (f"({critical} critical, {warnings} warning{plural})" if warnings
                                                  else "(all critical)")
    assert stated in readme
