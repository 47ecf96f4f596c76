"""Issue 15's fault suite: odd entries under an input folder. Each case asserts the run's outcome,
what `sources` says of every entry, and that the good plan beside it is published whole."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from yaodian import pipeline
from yaodian.sources import InputError, discover

FIELD = Path(__file__).resolve().parent / "field" / "dev"
GOOD = FIELD / "zj-health-2023.txt"


def sources(out: Path) -> dict[str, tuple[str, str | None]]:
    table = pd.read_parquet(out / "sources.parquet")
    return {row.source_file: (row.status, row.error if isinstance(row.error, str) else None)
            for row in table.itertuples()}


def published_plans(out: Path) -> list[str]:
    return sorted(pd.read_parquet(out / "documents.parquet").title.dropna())


@pytest.fixture
def folder(tmp_path) -> Path:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_bytes(GOOD.read_bytes())
    return inputs


def test_a_file_name_that_is_not_utf8_is_kept_escaped_and_read(folder, tmp_path):
    (folder / os.fsdecode(b"bad\xff\xfename.txt")).write_bytes((FIELD / "wuhu-edu-2024.txt").read_bytes())
    pipeline.run([folder], tmp_path / "out")
    assert sources(tmp_path / "out") == {"bad\\xff\\xfename.txt": ("ok", None), "good.txt": ("ok", None)}
    assert published_plans(tmp_path / "out") == ["2023年全省卫生健康工作要点", "芜湖市教育局2024年工作要点"]


def test_a_fifo_a_link_loop_and_a_link_up_the_tree_are_sources_not_read(folder, tmp_path):
    os.mkfifo(folder / "pipe")
    (folder / "loop").symlink_to("loop")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")
    pipeline.run([folder], tmp_path / "out")  # returns: a FIFO is never opened, so nothing blocks
    assert sources(tmp_path / "out") == {
        "good.txt": ("ok", None),
        "loop": ("error", "cannot be reached: Too many levels of symbolic links"),
        "pipe": ("error", "not a regular file: a FIFO"),
        "sub/up": ("error", "a link back to a folder already read (a loop): not followed"),
    }
    assert published_plans(tmp_path / "out") == ["2023年全省卫生健康工作要点"]


def test_a_folder_that_cannot_be_listed_is_a_source_not_read(folder, tmp_path, monkeypatch):
    """CI runs as root, which lists any folder: the refusal is injected."""
    (folder / "locked").mkdir()
    (folder / "locked" / "plan.txt").write_text("一、加强学习\n", encoding="utf-8")
    scandir = os.scandir

    def refusing(path="."):
        if isinstance(path, (str, os.PathLike)) and Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    pipeline.run([folder], tmp_path / "out")
    assert sources(tmp_path / "out")["locked"] == ("error", "a folder that cannot be listed: Permission denied")


def test_a_fifo_given_as_input_is_named_as_such(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    [(location, name)] = discover([tmp_path / "pipe"])
    assert (name, location.reason) == ("pipe", "not a regular file: a FIFO")
    with pytest.raises(pipeline.PipelineError, match="no input file could be read"):
        pipeline.run([tmp_path / "pipe"], tmp_path / "out")


def test_an_input_that_does_not_exist_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        discover([tmp_path / "missing"])


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("year", [2200, 1900])
def test_a_title_with_an_implausible_year_leaves_the_plan_undated_and_says_so(tmp_path, year):
    plan = write(tmp_path, "plan.txt", f"{year}年工作要点\n一、加强学习\n(一)强化理论武装。每月开展1次理论学习。\n")
    tables = pipeline.tables([plan])
    [document] = tables["documents"].to_pylist()
    assert (document["title"], document["plan_year"]) == (f"{year}年工作要点", None)
    [anomaly] = [a for a in tables["anomalies"].to_pylist() if a["kind"] == "implausible_year"]
    assert (anomaly["line_no"], anomaly["detail"]) == (
        1, f"the title writes {year}年, outside 1949-2100: the plan is left undated")


def test_the_plausible_years_are_the_schemas_range():
    from yaodian import rules
    from yaodian.schemas import declaration

    [plan_year] = [f for f in declaration("documents")["fields"] if f["name"] == "plan_year"]
    assert rules.table("titles")["plausible_years"] == [plan_year["minimum"], plan_year["maximum"]]


def test_an_outline_only_plan_keeps_its_title(tmp_path):
    plan = write(tmp_path, "outline.txt", "市委组织部2026年工作要点\n一、加强理论武装\n(一)强化理论学习\n(二)深化政策宣讲\n")
    [document] = pipeline.tables([plan])["documents"].to_pylist()
    assert (document["title"], document["issuer"], document["plan_year"], document["body_status"]) == (
        "市委组织部2026年工作要点", "市委组织部", 2026, "outline_only")


def test_a_plan_of_ten_thousand_items_keeps_every_item(tmp_path):
    lines = ["2026年工作要点", "一、加强学习", *(f"{i}.第{i}项措施,每月开展1次学习。" for i in range(1, 10001))]
    tables = pipeline.tables([write(tmp_path, "big.txt", "\n".join(lines) + "\n")])
    items = tables["items"].to_pylist()
    assert [i["item_label"] for i in items] == [str(i) for i in range(1, 10001)]
    assert tables["commitments"].num_rows == 10000
    assert [a for a in tables["anomalies"].to_pylist()] == []


def test_usage_errors_exit_2_at_once_with_one_line_and_no_prefect_traceback(tmp_path, capsys):
    from yaodian.cli import main

    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    assert main(["run", "--input", str(GOOD), "--output", str(tmp_path / "a-file")]) == 2
    assert capsys.readouterr().err == f"yaodian: error: --output {tmp_path / 'a-file'}: is a file, not a folder\n"
    assert main(["run", "--input", str(tmp_path / "missing"), "--output", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == f"yaodian: error: {tmp_path / 'missing'}: no such file or folder\n"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_missing_input_is_told_before_prefect_or_the_pipeline_is_imported(tmp_path):
    """The check runs before Prefect and Great Expectations are imported: a wrong path is told in a second."""
    import subprocess
    import sys

    code = ("import sys; from yaodian.cli import main; code = main(['run', '--input', sys.argv[1]]); "
            "print(code, sorted(m for m in ('prefect', 'great_expectations') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "missing")], capture_output=True, text=True)
    assert done.stdout.strip() == "2 []"
    assert done.stderr == f"yaodian: error: {tmp_path / 'missing'}: no such file or folder\n"


def test_a_docx_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    import io
    import tracemalloc
    import zipfile

    from yaodian.ingest.formats import MAX_DOCX_UNCOMPRESSED
    from yaodian.sources import process_bytes

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (MAX_DOCX_UNCOMPRESSED + 1) + b"</w:document>")
    bomb = buffer.getvalue()
    assert len(bomb) < MAX_DOCX_UNCOMPRESSED / 100
    import docx  # noqa: F401 - imported before measuring: the reader's own import is not the bomb
    tracemalloc.start()
    result = process_bytes(bomb, "bomb.docx")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.source_row["status"] == "error" and result.source_row["error"].startswith("too large: its parts hold")
    assert peak < MAX_DOCX_UNCOMPRESSED / 8  # nothing was inflated


def test_a_file_over_the_size_limit_is_a_source_not_read(folder, tmp_path):
    from yaodian.sources import MAX_FILE_BYTES

    with open(folder / "huge.txt", "wb") as huge:  # sparse: takes no disk
        huge.truncate(MAX_FILE_BYTES + 1)
    pipeline.run([folder], tmp_path / "out")
    status, error = sources(tmp_path / "out")["huge.txt"]
    assert (status, error) == ("error", f"too large: {MAX_FILE_BYTES + 1:,} bytes, over the limit of {MAX_FILE_BYTES:,}")
    assert published_plans(tmp_path / "out") == ["2023年全省卫生健康工作要点"]


HOLD_LOCK = """
import sys, time
from yaodian.release import output_lock
with output_lock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_second_run_on_a_held_output_fails_at_once_naming_the_holder_and_a_dead_holder_blocks_nothing(
        tmp_path, capsys):
    import subprocess
    import sys

    from yaodian.cli import main

    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert main(["run", "--input", str(GOOD), "--output", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"yaodian: error: {out} is being written by another run (process {holder.pid} on ")
        assert not (out / "current").exists()
    finally:
        holder.kill()  # killed: the kernel drops its lock
        holder.wait()
    (out / "releases" / ".candidate-of-a-dead-run").mkdir(parents=True)
    pipeline.run([GOOD], out)
    assert (out / "current").exists() and published_plans(out) == ["2023年全省卫生健康工作要点"]
    assert not list((out / "releases").glob(".candidate-*"))


@pytest.mark.parametrize(("code", "named"), [("ENOSPC", "no space left on device"), ("EROFS", "read-only file system"),
                                             ("EACCES", "permission denied")])
def test_a_resource_fault_while_publishing_is_named_once_and_the_report_does_not_say_published(tmp_path, code, named):
    """A full disk, a read-only file system, a refused write: injected (CI runs as root)."""
    import dataclasses
    import errno

    out = tmp_path / "out"
    pipeline.run([GOOD], out)
    before = (out / "current").resolve()

    def fault(candidate, out_dir, sources, summary):
        raise OSError(getattr(errno, code), os.strerror(getattr(errno, code)), str(candidate / "quality"))

    steps = dataclasses.replace(pipeline.PLAIN, publish=fault)
    with pytest.raises(pipeline.ResourceFault) as info:
        pipeline.run([GOOD, FIELD / "wuhu-edu-2024.txt"], out, steps=steps)
    assert str(info.value).startswith(f"{named}: ") and str(info.value).endswith("/quality")
    assert (out / "current").resolve() == before  # the previous release is still current, whole
    assert (out / "quality" / "summary.md").read_text(encoding="utf-8").startswith(
        f"> **Nothing was published: {info.value}.**")
    assert not list((out / "releases").glob(".candidate-*"))


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid`, from /proc."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(proc.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_a_killed_run_leaves_no_prefect_server_behind(tmp_path):
    """kill -9 on `yaodian run`: the API server it started goes with it (yaodian.cli.entry)."""
    import signal
    import subprocess
    import sys
    import time

    from yaodian.cli import WATCH_SECONDS

    command = Path(sys.executable).with_name("yaodian")
    cli = subprocess.Popen([str(command), "run", "--input", str(GOOD), "--output", str(tmp_path / "out")],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, servers = time.time() + 120, []
    while time.time() < deadline and not servers and cli.poll() is None:
        servers = [pid for pid in _children(cli.pid)
                   if b"uvicorn" in (Path("/proc") / str(pid) / "cmdline").read_bytes()]
        time.sleep(0.1)
    assert servers, "the run's API server was not seen"
    time.sleep(5 * WATCH_SECONDS)  # the watchdog notes children every WATCH_SECONDS
    cli.send_signal(signal.SIGKILL)
    cli.wait()
    deadline = time.time() + 15
    while time.time() < deadline and any(_alive(pid) for pid in servers):
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in servers)


def test_the_command_names_a_resource_fault_in_one_line_and_exits_1(tmp_path, capsys, monkeypatch):
    from yaodian import cli
    from yaodian.flows import deployment

    def full_disk_flow(*args):
        raise pipeline.ResourceFault("no space left on device: /out/releases/.candidate-x/quality")

    monkeypatch.setattr(deployment, "flow_for", lambda runner, address: full_disk_flow)
    assert cli.main(["run", "--input", str(GOOD), "--output", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == (
        "yaodian: failed: no space left on device: /out/releases/.candidate-x/quality; nothing published, see "
        f"{tmp_path / 'out' / 'quality' / 'summary.md'}\n")
