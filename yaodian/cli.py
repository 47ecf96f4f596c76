"""`yaodian run`: run the Prefect flow on files or folders and publish the tables;
`yaodian validate`: re-check published tables and rewrite their quality report;
`yaodian explain`: what each stage made of one file.

Prefect runs on its embedded default: an ephemeral API server with SQLite, its home
(PREFECT_HOME) inside the project, telemetry off. Nothing touches the user's home and
nothing needs starting by hand. Exit codes: EXIT_CODES, the one table the README and
`--help` show.
"""

from __future__ import annotations

import argparse
import os
import select
import signal
import sys
import time
from pathlib import Path

from yaodian.explain import STAGES
from yaodian.flows import CRON, RUNNERS, TIMEZONE
from yaodian.io import storage
from yaodian.release.write import PARTITION_ROWS

# The exit codes of every command, as the README's table and `--help` give them.
EXIT_CODES = {
    0: "published: warnings, withheld plans, quarantined rows and unread files are reported, not fatal",
    1: "nothing published: a release-level quality failure (or with --strict any critical one), "
       "no readable input, or a resource fault",
    2: "a usage or input error found before the run starts (a missing path, a bad option)",
}
PROJECT_ROOT = Path(__file__).resolve().parent.parent
WATCH_SECONDS = 0.2  # how often the watchdog notes the command's children
END_GRACE_SECONDS = 3.0  # how long they have to end on SIGTERM before SIGKILL
DEFAULT_INPUT = PROJECT_ROOT / "data" / "raw"


def project_home() -> Path:
    """The source checkout when running from one, else the working directory."""
    return PROJECT_ROOT if (PROJECT_ROOT / "pyproject.toml").is_file() else Path.cwd()


def configure_prefect(home: Path, verbose: bool = False) -> None:
    """Prefect settings for a self-contained local run; explicit user settings win."""
    os.environ.setdefault("PREFECT_HOME", str(home / ".prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    # without --verbose Prefect stays quiet: a failure is the one line yaodian prints, not its traceback
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "CRITICAL")


def location(text: str) -> Path | str:
    """A command-line location: a URL (s3://bucket/prefix) as written, anything else a Path."""
    return text if storage.is_remote(text) else Path(text)


def exit_codes_text() -> str:
    return "exit codes:\n" + "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES.items())


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="yaodian", description=__doc__.split("\n")[0], epilog=exit_codes_text(),
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the pipeline and publish the tables", epilog=exit_codes_text(),
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("--input", action="append", type=location, metavar="PATH",
                     help=f"a file, a folder of files or an s3://bucket/prefix (repeatable; default: {DEFAULT_INPUT})")
    run.add_argument("--output", type=location, default=Path("output"), metavar="DIR",
                     help="where releases are published: a folder or an s3://bucket/prefix (default: output/)")
    run.add_argument("--partition-rows", type=int, default=PARTITION_ROWS, metavar="N",
                     help=f"write a table of more than N rows as a folder of Parquet parts (default: {PARTITION_ROWS:,})")
    run.add_argument("--strict", action="store_true",
                     help="publish nothing when any critical check fails (default: set the failing rows or plans "
                          "aside and publish the rest)")
    run.add_argument("--verbose", action="store_true", help="show Prefect's own log lines")
    for command in (run, serve := sub.add_parser("serve", help="serve the flow as a scheduled Prefect deployment")):
        command.add_argument("--runner", choices=RUNNERS, default="default",
                             help="where per-source work runs: threads (default) or a Dask cluster")
        command.add_argument("--dask-address", metavar="ADDRESS",
                             help="an existing Dask scheduler (default with --runner dask: a local cluster)")
    serve.add_argument("--input", action="append", type=location, metavar="PATH", help="as for run")
    serve.add_argument("--output", type=location, default=Path("output"), metavar="DIR", help="as for run")
    serve.add_argument("--cron", default=CRON, help=f'the schedule (default: "{CRON}", Mondays 06:00)')
    serve.add_argument("--timezone", default=TIMEZONE, help=f"the schedule's time zone (default: {TIMEZONE})")
    synth = sub.add_parser("synth", help="write a synthetic corpus recombined from the sample's plans")
    synth.add_argument("--docs", type=int, required=True, metavar="N", help="how many plans to write")
    synth.add_argument("--output", type=Path, default=Path("synthetic"), metavar="DIR",
                       help="where the files go (default: synthetic/)")
    synth.add_argument("--seed", type=int, default=0, help="the same seed gives the same corpus (default: 0)")
    synth.add_argument("--source", action="append", type=Path, metavar="PATH",
                       help=f"the plans to recombine (default: {DEFAULT_INPUT})")
    synth.add_argument("--shape", metavar="SxI",
                       help="every plan's sections x items per section, e.g. 6x4 or 0x20 (default: each plan "
                            "takes the shape of a source plan)")
    synth.add_argument("--formats", default="txt", metavar="LIST",
                       help="what files are saved as, drawn per file: txt, html, docx (default: txt)")
    explain = sub.add_parser("explain", help="show what each stage made of one file, in order")
    explain.add_argument("file", type=Path, metavar="FILE", help="a plan: text, a saved web page or a Word file")
    explain.add_argument("--stage", choices=STAGES, default=STAGES[-1],
                         help=f"stop after this stage (default: {STAGES[-1]}; in order: {', '.join(STAGES)})")
    check = sub.add_parser("validate", help="re-check published tables; write DIR/quality/ and DIR/quarantine/")
    check.add_argument("dir", type=Path, nargs="?", default=Path("output"), metavar="DIR",
                       help="folder of published tables (default: output/)")
    return p


def entry() -> int:
    """The `yaodian` command: `main`, with whatever the run starts ended when it dies."""
    _end_children_with_this_process()
    return main()


def _end_children_with_this_process() -> None:
    """When this process dies, however (kill -9 included), end the processes it started, such as
    Prefect's ephemeral API server, which would otherwise outlive it.

    A forked watchdog waits on a pipe whose only write end this process holds, noting this
    process's children (from /proc) every WATCH_SECONDS; when the read returns, this process is gone,
    and the watchdog terminates the children it noted. Process groups are left as they are, so
    Ctrl-C still reaches the run. Linux only (/proc); only the console command does this, not
    `main` called from Python (tests, notebooks)."""
    if not Path("/proc/self/stat").exists():
        return
    parent = os.getpid()
    read_end, write_end = os.pipe()  # not inherited by what this process starts (PEP 446)
    if os.fork() != 0:
        os.close(read_end)
        return
    os.close(write_end)
    os.setsid()  # out of the caller's terminal group: Ctrl-C there is the run's, not the watchdog's
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):  # hold no caller's pipe open
        os.dup2(devnull, fd)
    children: set[int] = set()
    while not select.select([read_end], [], [], WATCH_SECONDS)[0]:
        children |= _children_of(parent) - {os.getpid()}  # not the watchdog itself
    for sig in (signal.SIGTERM, signal.SIGKILL):  # asked to end, then made to after a grace period
        for pid in children:
            try:
                os.kill(pid, sig)
            except OSError:
                pass  # ended already
        time.sleep(END_GRACE_SECONDS if sig == signal.SIGTERM else 0)
    os._exit(0)


def _children_of(pid: int) -> set[int]:
    """The processes whose parent is `pid`, from /proc."""
    found = set()
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="utf-8", errors="replace") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.add(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "validate":
        return validate(args.dir)
    if args.command == "synth":
        return write_synthetic(args)
    if args.command == "explain":
        return explain_file(args.file, args.stage)
    inputs = args.input or [DEFAULT_INPUT]
    configure_prefect(project_home(), getattr(args, "verbose", False))
    if args.command == "serve":
        return serve(args, inputs)
    started = time.perf_counter()
    from yaodian.sources import InputError

    try:  # before Prefect and the pipeline are imported: a wrong path is told in a second
        preflight(inputs, args.output)
    except InputError as error:
        print(f"yaodian: error: {error}", file=sys.stderr)
        return 2
    from yaodian.flows.deployment import flow_for
    from yaodian.pipeline import PipelineError, QualityFailure, ResourceFault
    from yaodian.release import OutputBusy, output_lock

    try:
        with output_lock(args.output):  # taken before Prefect starts
            summary = flow_for(args.runner, args.dask_address)(inputs, args.output, args.partition_rows, args.strict)
    except OutputBusy as error:
        print(f"yaodian: error: {error}", file=sys.stderr)
        return 2
    except QualityFailure as error:
        print(f"yaodian: failed: {error}, see {storage.join(str(args.output), 'quality', 'summary.md')}", file=sys.stderr)
        return 1
    except InputError as error:
        print(f"yaodian: error: {error}", file=sys.stderr)
        return 2
    except ResourceFault as error:
        print(f"yaodian: failed: {error}; nothing published, see "
              f"{storage.join(str(args.output), 'quality', 'summary.md')}", file=sys.stderr)
        return 1
    except PipelineError as error:
        print(f"yaodian: failed: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - one line for the user, not a traceback
        print(f"yaodian: failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    total = time.perf_counter() - started
    rows = summary["rows"]
    print(f"done: {rows['documents']} documents, {rows['sections']} sections, {rows['items']} items "
          f"({summary['items_with_body']} with body), {rows['residue']} residue rows, "
          f"{rows['anomalies']} anomalies, {rows['commitments']} commitment rows → {args.output}")
    if summary["unreadable"]:
        print(f"      {len(summary['unreadable'])} file(s) not read: {', '.join(summary['unreadable'])}")
    if summary["withheld"]:
        print(f"      {len(summary['withheld'])} plan(s) withheld by the quality checks: {', '.join(summary['withheld'])}")
    print(f"{summary['quality']} → {storage.join(str(args.output), 'quality', 'summary.md')}")
    current = "current.json" if storage.is_remote(args.output) else "current"
    print(f"release {summary['release']}: {storage.join(str(args.output), current)} "
          f"(past releases in {storage.join(str(args.output), 'releases')})")
    print(f"time: {total:.1f} s = Prefect start-up {total - summary['pipeline_seconds']:.1f} s "
          f"+ pipeline {summary['pipeline_seconds']:.1f} s")
    return 0


def preflight(inputs: list[Path | str], output: Path | str) -> None:
    """Usage and input errors found before Prefect starts (exit 2 at once, not after its start-up):
    inputs that name no file, an output that is a file or cannot be made a folder."""
    from yaodian.sources import InputError, discover

    discover(inputs)
    if storage.is_remote(output):
        return
    output = Path(output)
    if output.exists() and not output.is_dir():
        raise InputError(f"--output {output}: is a file, not a folder")
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"--output {output}: cannot be made a folder: {error.strerror or error}") from error
    if not os.access(output, os.W_OK):
        raise InputError(f"--output {output}: not writable")


def _absolute(where: Path | str) -> Path | str:
    return where if storage.is_remote(where) else Path(where).resolve()


def serve(args: argparse.Namespace, inputs: list[Path | str]) -> int:
    """Serve the scheduled deployment until interrupted (runs appear in the Prefect UI)."""
    from prefect import serve as prefect_serve

    from yaodian.flows.deployment import deployment

    print(f"serving {args.cron!r} ({args.timezone}) on {', '.join(map(str, inputs))} → {args.output}; Ctrl-C stops")
    prefect_serve(deployment([_absolute(p) for p in inputs], _absolute(args.output), args.cron, args.timezone,
                             args.runner, args.dask_address))
    return 0


def write_synthetic(args: argparse.Namespace) -> int:
    from yaodian import pipeline, synth

    formats = tuple(f.strip() for f in args.formats.split(","))
    unknown = sorted(set(formats) - set(synth.FORMATS))
    if unknown:
        print(f"yaodian: error: synth: unknown format(s) {', '.join(unknown)}; known: {', '.join(synth.FORMATS)}",
              file=sys.stderr)
        return 2
    try:
        shape = synth.parse_shape(args.shape) if args.shape else None
        files = synth.write_corpus(pipeline.tables(args.source or [DEFAULT_INPUT]), args.docs, args.output,
                                   args.seed, shape, formats)
    except ValueError as error:
        print(f"yaodian: error: synth: {error}", file=sys.stderr)
        return 2
    size = sum(f.stat().st_size for f in files)
    print(f"synth: {args.docs} plans in {len(files)} files, {size / 1e6:.1f} MB → {args.output}")
    return 0


def explain_file(path: Path, stage: str) -> int:
    """Print what each stage made of the file at `path`, up to `stage`."""
    from yaodian.explain import explain

    try:
        data = path.read_bytes()
    except OSError as error:
        print(f"yaodian: error: {path}: {error.strerror or error}", file=sys.stderr)
        return 2
    for line in explain(data, path.name, stage):
        print(line)
    return 0


def validate(folder: Path) -> int:
    """Validate the tables published in `folder`: 0 when none fails a critical check, else 1."""
    from yaodian import quality
    from yaodian.quality.report import headline
    from yaodian.quality.validate import QualityError

    try:
        result = quality.check(folder, folder)
    except QualityError as error:
        print(f"yaodian: error: {error}", file=sys.stderr)
        return 2
    print(f"{headline(result)} → {folder / quality.QUALITY / 'summary.md'}")
    for r in result.failed:
        print(f"  {r.severity:8}  {r.check}: {r.unexpected_count if r.unexpected_count is not None else '—'} "
              f"failing row(s); {r.why}")
    return 0 if result.publishable else 1


if __name__ == "__main__":
    sys.exit(main())
