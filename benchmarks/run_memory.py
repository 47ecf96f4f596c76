"""Peak memory of a run, this checkout beside an earlier revision, on one synthetic corpus.

Issue 17 allows a run's peak memory to grow by at most 100 MB over the revision before it
(7ef8209). Each version runs the plain pipeline (yaodian.pipeline.run: read, build,
commitments, validate, publish) on the same corpus of 9 × --size synthetic plans, in a fresh
process, alternately, --repeat times; the figure is the peak resident set (ru_maxrss) of each
run, and the median is compared. The earlier revision's yaodian/ and the folders it installs
as subpackages (flows/, schemas/, expectations/) are taken with `git archive` into a temporary
folder put first on the import path. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/run_memory.py [--baseline 7ef8209] [--size 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
corpus, out = Path(sys.argv[1]), Path(sys.argv[2])
import yaodian
from yaodian import pipeline
t = time.perf_counter(); pipeline.run([corpus], out); wall = time.perf_counter() - t
print("REPORT " + json.dumps({"wall": wall, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                              "code": yaodian.__file__}))
"""


def checkout(revision: str, folder: Path) -> Path:
    """The revision's package and the declarations it reads, unpacked into `folder`."""
    mounted = ("flows", "schemas", "expectations")  # installed as yaodian.<folder> (see setup.py)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "yaodian", *mounted],
                             check=True, capture_output=True)
    folder.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    for name in mounted:
        (folder / "yaodian" / name).symlink_to(folder / name, target_is_directory=True)
    return folder


def measure(code: Path, corpus: Path, out: Path) -> dict:
    """One run of the code at `code` in a fresh process; its report."""
    command = [sys.executable, "-c", f"import sys; sys.path[:0] = [{str(code)!r}]\n" + CHILD, str(corpus), str(out)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=code)
    line = next((x for x in done.stdout.splitlines() if x.startswith("REPORT ")), None)
    if line is None:
        raise RuntimeError(f"run of {code} failed:\n{done.stderr[-3000:]}")
    report = json.loads(line[len("REPORT "):])
    assert report["code"].startswith(str(code)), f"imported {report['code']}, not the code at {code}"
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", default="7ef8209")
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from yaodian import pipeline, synth

    with tempfile.TemporaryDirectory(prefix="yaodian-memory-") as tmp:
        corpus = Path(tmp, "corpus")
        files = synth.write_corpus(pipeline.tables([ROOT / "data" / "raw"]), 9 * args.size, corpus, seed=args.size)
        mb = sum(f.stat().st_size for f in files) / 1e6
        base = checkout(args.baseline, Path(tmp, "baseline"))
        runs: dict[str, list[dict]] = {"baseline": [], "this": []}
        for n in range(args.repeat):
            for name, code in (("baseline", base), ("this", ROOT)):
                runs[name].append(measure(code, corpus, Path(tmp, f"out-{name}-{n}")))
    print(f"corpus: {9 * args.size} synthetic plans, {mb:.1f} MB; {args.repeat} runs each, alternately")
    peaks = {name: statistics.median(r["peak_rss_mb"] for r in reports) for name, reports in runs.items()}
    walls = {name: statistics.median(r["wall"] for r in reports) for name, reports in runs.items()}
    for name, label in (("baseline", args.baseline), ("this", "this checkout")):
        each = ", ".join(f"{r['peak_rss_mb']:.0f}" for r in runs[name])
        print(f"{label:>14}: peak RSS {peaks[name]:7.0f} MB (runs: {each}), wall {walls[name]:.1f} s")
    print(f"peak RSS grows by {peaks['this'] - peaks['baseline']:+.0f} MB")


if __name__ == "__main__":
    main()
