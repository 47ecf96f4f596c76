"""Releases: generated descriptors match the declarations, Frictionless validates them, bytes are
reproducible, CSVs read right in tools and Excel, releases switch atomically and survive a kill."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import ROOT, SAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st

from yaodian import pipeline
from yaodian.release import package, releases
from yaodian.release.write import FORMULA_STARTS, write_csv, write_table
from yaodian.schemas import TABLES

FILES = sorted(p.name for p in SAMPLE.glob("*.txt"))


def release_files(folder: Path) -> dict[str, bytes]:
    """Every file of a release but its manifest (times, versions), quality report and site
    (the run's: both name the time they were made)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "manifest.json" and p.relative_to(folder).parts[0] not in ("quality", "site")}


def test_the_committed_data_dictionary_is_what_the_declarations_generate():
    committed = (ROOT / "schemas" / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    assert committed == package.data_dictionary(), "run: python -m yaodian.release"


def test_published_descriptors_regenerate_from_the_declarations(published):
    current = releases.current(published)
    files = {t: {"csv": [f"{t}.csv"], "excel": [f"excel/{t}.csv"], "parquet": [f"{t}.parquet"]} for t in TABLES}
    regenerated = package.datapackage(current, files)
    assert json.loads((published / "datapackage.json").read_text(encoding="utf-8")) == regenerated
    assert (published / "DATA_DICTIONARY.md").read_text(encoding="utf-8") == package.data_dictionary()


def test_frictionless_validates_the_data_package(published):
    from frictionless import validate

    report = validate(str(published / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    assert len(report.tasks) == 3 * len(TABLES)


def test_the_data_package_states_its_licences_sources_and_version(published):
    from importlib import metadata

    descriptor = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    assert [lic["name"] for lic in descriptor["licenses"]] == ["CC-BY-4.0", "MIT"]
    sources = pq.read_table(published / "sources.parquet").to_pylist()
    assert descriptor["sources"] == [{"title": r["source_file"], "path": r["source_file"], "hash": f"sha256:{r['sha256']}"}
                                     for r in sorted(sources, key=lambda r: r["source_file"])]
    assert descriptor["version"] == metadata.version("yaodian")


def test_manifest_and_package_give_every_file_its_bytes_and_sha256(published):
    current = releases.current(published)
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["release"] == current.name and manifest["previous"] is None
    for entry in manifest["outputs"]:
        assert package.file_facts(current / entry["path"]) == {"bytes": entry["bytes"], "sha256": entry["sha256"]}
    assert manifest["rows"]["items"] == 216 and manifest["rows"]["documents"] == 9
    assert {i["path"] for i in manifest["inputs"]} == set(FILES)
    assert manifest["quality"]["publishable"] is True
    descriptor = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        facts = package.file_facts(current / resource["path"])
        assert resource["hash"] == f"sha256:{facts['sha256']}"
        assert resource.get("bytes", facts["bytes"]) == facts["bytes"]


def test_the_same_input_in_another_order_gives_the_same_bytes(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in reversed(FILES):  # created in the other order, and named from another folder
        shutil.copy(SAMPLE / name, inputs / name)
    a = pipeline.run([SAMPLE], tmp_path / "a")
    b = pipeline.run([inputs / FILES[1], inputs / FILES[0]], tmp_path / "b")
    assert a["release"] == b["release"]
    assert release_files(releases.current(tmp_path / "a")) == release_files(releases.current(tmp_path / "b"))


def test_a_release_is_readable_by_everyone(published):
    """Published data is for others: folders 755 and files 644, whatever the umask or mkdtemp made."""
    release = (published / "current").resolve()
    modes = {path.relative_to(release).as_posix(): path.stat().st_mode & 0o777
             for path in [release, *release.rglob("*")] if not path.is_symlink()}
    assert {p: m for p, m in modes.items() if m != (0o755 if (release / p).is_dir() else 0o644)} == {}


def test_publishing_the_same_tables_again_changes_nothing(published, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(published, out, symlinks=True)
    before = {p: p.stat().st_mtime_ns for p in (out / "releases").rglob("*")}
    again = pipeline.run([SAMPLE], out)
    assert again["release"] == releases.current(published).name
    assert {p: p.stat().st_mtime_ns for p in (out / "releases").rglob("*")} == before


def test_a_new_release_keeps_the_old_one_and_says_what_changed(published, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(published, out, symlinks=True)
    first = releases.current(out).name
    second = pipeline.run([SAMPLE / "webpage_4docs_2026.txt"], out)["release"]
    assert second != first and sorted(p.name for p in (out / "releases").iterdir()) == sorted([first, second])
    old = pq.read_table(out / "releases" / first / "commitments.parquet").to_pandas()
    new = pq.read_table(out / "commitments.parquet").to_pandas()
    removed = len(set(old.commitment_id) - set(new.commitment_id))
    assert removed > 0 and set(new.commitment_id) <= set(old.commitment_id)
    changes = (out / "CHANGES.md").read_text(encoding="utf-8")
    assert f"Since release {first}: 0 commitment rows added, {removed} removed, 0 changed." in changes
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["previous"] == first


KILLER = """
import os, signal, sys
from pathlib import Path
from yaodian import pipeline
from yaodian.release import releases, write
target, when = sys.argv[3], int(sys.argv[4])
calls = 0
def dying(real):
    def call(*args, **kwargs):
        global calls
        calls += 1
        if calls == when:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return call
if target == "write":
    write._CsvFile.add = dying(write._CsvFile.add)
else:
    releases._switch = dying(releases._switch)
pipeline.run([Path(sys.argv[1])], Path(sys.argv[2]))
"""


@pytest.mark.parametrize("where", [("write", 5), ("switch", 1)], ids=["mid-write", "before-switch"])
def test_a_run_killed_mid_publish_leaves_the_previous_release_whole(published, tmp_path, where):
    out = tmp_path / "out"
    shutil.copytree(published, out, symlinks=True)
    previous = releases.current(out)
    files = release_files(previous)
    run = subprocess.run([sys.executable, "-c", KILLER, str(SAMPLE / "webpage_4docs_2026.txt"), str(out), *map(str, where)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == -signal.SIGKILL, run.stderr[-2000:]
    assert releases.current(out) == previous and release_files(previous) == files
    assert pd.read_parquet(out / "items.parquet").shape[0] == 216
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["outputs"]:
        assert package.file_facts(previous / entry["path"])["sha256"] == entry["sha256"]
    # the next run clears what the killed one left and publishes
    assert pipeline.run([SAMPLE / "webpage_4docs_2026.txt"], out)["release"] != previous.name
    assert not list((out / "releases").glob(releases.CANDIDATE + "*"))


# --- CSV for tools and for Excel -----------------------------------------------------------

TEXT = st.text(alphabet=st.sampled_from(list('ab中文,"\n\r=+-@ \t')), max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), TEXT), st.one_of(st.none(), st.integers(-10**6, 10**6)),
                          st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False)), st.one_of(st.none(), st.booleans())),
                max_size=6))
def test_csv_round_trips_through_an_rfc4180_reader(rows):
    table = pa.table({"text": [r[0] for r in rows], "n": pa.array([r[1] for r in rows], pa.int64()),
                      "x": pa.array([r[2] for r in rows], pa.float64()), "flag": pa.array([r[3] for r in rows], pa.bool_())})
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"yaodian-csv-{os.getpid()}"
    plain = (folder / write_csv(table, folder, "t.csv")).read_bytes()
    excel = (folder / write_csv(table, folder, "excel/t.csv", excel=True)).read_bytes()
    assert excel.startswith(b"\xef\xbb\xbf") and not plain.startswith(b"\xef\xbb\xbf")
    for data, is_excel in ((plain, False), (excel, True)):
        parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert parsed[0] == ["text", "n", "x", "flag"]
        assert data.count(b"\r\n") >= len(rows) + 1
        for row, (text, n, x, flag) in zip(parsed[1:], rows, strict=True):
            expected_text = "" if text is None else ("'" + text if is_excel and text.startswith(FORMULA_STARTS) else text)
            assert row[0] == expected_text
            assert row[1] == ("" if n is None else str(n))
            assert (row[2] == "") if x is None else float(row[2]) == x
            assert row[3] == ("" if flag is None else ("true" if flag else "false"))
    shutil.rmtree(folder)


def test_excel_twin_neutralizes_formulas_and_keeps_everything_else(tmp_path, sample_tables):
    residue = sample_tables["residue"]
    texts = residue.column("text").to_pylist()
    texts[:4] = ["=HYPERLINK(\"http://x\")", "-2-", "@SUM(A1)", "+86 10 1234"]  # what a page may hold
    write_table(residue.set_column(3, "text", pa.array(texts)), "residue", tmp_path)
    plain = pd.read_csv(tmp_path / "residue.csv", keep_default_na=False, dtype=str)
    excel = pd.read_csv(tmp_path / "excel" / "residue.csv", keep_default_na=False, dtype=str, encoding="utf-8-sig")
    risky = plain.text.str.startswith(FORMULA_STARTS)
    assert risky.sum() == 4
    assert (excel.text[risky] == "'" + plain.text[risky]).all()
    assert (excel.text[~risky] == plain.text[~risky]).all()
    assert (excel.drop(columns="text") == plain.drop(columns="text")).all().all()


def test_large_tables_are_written_as_parts_readable_as_one(tmp_path, sample_tables):
    files = write_table(sample_tables["residue"], "residue", tmp_path, partition_rows=100)
    assert files["parquet"] == [f"residue.parquet/part-{i:05d}.parquet" for i in range(6)]
    whole = sample_tables["residue"].to_pandas()
    assert pd.read_parquet(tmp_path / "residue.parquet").equals(whole)
    import duckdb

    count = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path}/residue.parquet/*.parquet')").fetchall()[0][0]
    assert count == len(whole)


def test_plans_has_a_column_for_every_period_of_the_contract():
    """plans counts commitments per period in n_<label> columns: a period added to the rules needs its column."""
    from yaodian import rules
    from yaodian.release import analysis
    from yaodian.schemas import declaration

    declared = {f["name"] for f in declaration("plans")["fields"]}
    assert {analysis.period_column(p) for p in rules.table("periods")["periods"]} <= declared


def test_the_analysis_tables_agree_with_the_tables_they_are_made_of(sample_tables):
    plans = sample_tables["plans"].to_pylist()
    flat = sample_tables["commitments_flat"].to_pylist()
    scored = [c for c in sample_tables["commitments"].to_pylist() if c["regularity"] is None]
    assert sum(p["n_commitments"] for p in plans) == len(scored) == len(flat)
    assert sum(p["n_monthly"] for p in plans) == sum(c["period"] == "P1M" for c in scored)
    issuers = {d["doc_id"]: d["issuer"] for d in sample_tables["documents"].to_pylist()}
    assert all(row["issuer"] == issuers[row["doc_id"]] for row in flat)
