"""Releases: a run's tables written to a candidate folder, validated there, switched to at once.

Layout of the output folder DIR:

    releases/<id>/            one folder per release: every table as Parquet, CSV and
                              excel/ CSV, datapackage.json, DATA_DICTIONARY.md,
                              manifest.json, CHANGES.md and the quality report that passed it
    current -> releases/<id>  the published release (a relative symbolic link)
    <entry> -> current/<entry>  what analysts open: items.parquet, items.csv, excel/, …
    quality/, quarantine/     the last run's report, also when it published nothing

A candidate is built in releases/.candidate-*/; publishing renames it to releases/<id> and
replaces `current` with one rename, so a reader sees the old release or the new one, never
a mix, and a killed run leaves the previous release whole (its candidate is removed by the
next run). A release id is the SHA-256 of its datapackage.json, which holds every table
file's hash: the same tables give the same id, and publishing them again changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from yaodian.release import analysis, changes
from yaodian.release.arrow import arrow_schema, staged_schema
from yaodian.release.package import data_dictionary, datapackage, file_facts
from yaodian.release.write import PARTITION_ROWS, write_pieces
from yaodian.schemas import TABLES

RELEASES, CURRENT, CANDIDATE = "releases", "current", ".candidate-"
REPORT = ("quality", "quarantine")  # the last run's, never linked into the top level
SITE = "site"  # pages made from the tables: not in the manifest's list of outputs
LIBRARIES = ("yaodian", "pyarrow", "pandas", "great-expectations", "prefect")


class Held:
    """Tables held in memory, read like a fragment (yaodian.fragments): one part of a release.
    The pipeline's seven give the analysis tables when they are not among them."""

    def __init__(self, tables: dict[str, pa.Table]):
        self.tables = tables if all(n in tables for n in TABLES) else analysis.derive(tables) | tables
        self.rows = {name: table.num_rows for name, table in self.tables.items()}
        self.nullable = tuple(n for n, t in self.tables.items() if t.schema != arrow_schema(n))

    def table(self, name: str) -> pa.Table:
        return self.tables[name]


def prepare(parts, out_dir: Path, partition_rows: int = PARTITION_ROWS) -> Path:
    """Write a candidate release (tables, data package, dictionary) and return its folder.
    `parts`: the tables (a dict), or parts read one at a time (each with `table(name)`, `rows`
    and `nullable`: yaodian.fragments), concatenated in order."""
    parts = [Held(parts)] if isinstance(parts, dict) else list(parts)
    releases = out_dir / RELEASES
    releases.mkdir(parents=True, exist_ok=True)
    for stale in releases.glob(CANDIDATE + "*"):  # left by a run that died: a live one would hold the lock
        shutil.rmtree(stale)
    candidate = Path(tempfile.mkdtemp(prefix=CANDIDATE, dir=releases))
    files = {}
    for name in TABLES:
        schema = _schema(name, parts)
        files[name] = write_pieces((p.table(name) for p in parts), name, candidate, schema,
                                   sum(p.rows[name] for p in parts), partition_rows)
    _write(candidate / "datapackage.json", json.dumps(datapackage(candidate, files), ensure_ascii=False, indent=2))
    _write(candidate / "DATA_DICTIONARY.md", data_dictionary())
    return candidate


def _schema(name: str, parts: list) -> pa.Schema:
    """The schema table `name` is written with: one part's own (tables are written as given: the
    checks judge them), or for several, the declared one, nullable if a part needs it to be."""
    if len(parts) == 1:
        return parts[0].table(name).schema
    return staged_schema(name) if any(name in p.nullable for p in parts) else arrow_schema(name)


def publish(candidate: Path, out_dir: Path, sources: pa.Table, quality: dict) -> str:
    """Finish the candidate (CHANGES.md, manifest, report) and make it the current release; its id."""
    rid = release_id(candidate)
    target = out_dir / RELEASES / rid
    previous = current(out_dir)
    if target.exists():  # these very tables were published before: nothing to write
        shutil.rmtree(candidate)
    else:
        before = pq.read_table(previous / "commitments.parquet") if previous else None
        after = pq.read_table(candidate / "commitments.parquet")
        _write(candidate / "CHANGES.md", changes.markdown(rid, previous.name if previous else None, before, after,
                                                          quality.get("withheld", [])))
        if (out_dir / "quality").is_dir():
            shutil.copytree(out_dir / "quality", candidate / "quality")
        _write(candidate / "manifest.json", json.dumps(
            manifest(candidate, rid, previous.name if previous else None, sources, quality), ensure_ascii=False, indent=2))
        _readable(candidate)
        os.rename(candidate, target)
    _switch(out_dir, rid)
    _link_entries(out_dir, target)
    return rid


def _readable(folder: Path) -> None:
    """A release anyone may read, as published data should be: folders 755, files 644 (the
    candidate folder is made private by mkdtemp, and files follow the umask)."""
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


def abandon(candidate: Path) -> None:
    """Remove a candidate that will not be published (a no-op once it was)."""
    if candidate.exists():
        shutil.rmtree(candidate)


def current(out_dir: Path) -> Path | None:
    """The folder of the current release, if there is one."""
    link = out_dir / CURRENT
    return link.resolve() if link.is_symlink() and link.exists() else None


def release_id(candidate: Path) -> str:
    return hashlib.sha256((candidate / "datapackage.json").read_bytes()).hexdigest()[:16]


def manifest(candidate: Path, rid: str, previous: str | None, sources: pa.Table, quality: dict) -> dict:
    """What the release was made from, what it holds, when and with what: the only place for times and versions."""
    outputs = []
    for path in sorted(p for p in candidate.rglob("*")
                       if p.is_file() and p.relative_to(candidate).parts[0] not in ("quality", SITE)):
        relative = path.relative_to(candidate).as_posix()
        entry = {"path": relative} | file_facts(path)
        if path.suffix == ".parquet":
            entry["rows"] = pq.read_metadata(path).num_rows
        outputs.append(entry)
    return {
        "release": rid,
        "previous": previous,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": {name: _version(name) for name in LIBRARIES} | {"python": platform.python_version()},
        "inputs": [{"path": r["source_file"], "sha256": r["sha256"], "bytes": r["size_bytes"], "status": r["status"]}
                   for r in sources.to_pylist()],
        "outputs": outputs,
        "rows": {name: sum(o["rows"] for o in outputs if o["path"].split("/")[0] == f"{name}.parquet")
                 for name in TABLES},
        "quality": quality,
    }


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _switch(out_dir: Path, rid: str) -> None:
    """Point `current` at releases/<rid> with one atomic rename."""
    _symlink(out_dir / CURRENT, f"{RELEASES}/{rid}")


def _link_entries(out_dir: Path, release: Path) -> None:
    """Make every top-level entry of the release readable at DIR/<entry>, through `current`."""
    for entry in sorted(p.name for p in release.iterdir() if p.name not in REPORT):
        link, target = out_dir / entry, f"{CURRENT}/{entry}"
        if link.is_symlink() and os.readlink(link) == target:
            continue
        if link.is_dir() and not link.is_symlink():
            shutil.rmtree(link)  # a folder left by an older layout
        _symlink(link, target)


def _symlink(link: Path, target: str) -> None:
    """`link` → `target`, replacing whatever `link` was in one rename."""
    tmp = link.with_name(f".{link.name}.tmp")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _write(path: Path, text: str) -> None:
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
