"""Wall time of `yaodian run` on the sample corpus, split into Prefect start-up and the
pipeline, beside the same stages called as plain functions. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/run_time.py [--repeat N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw"


def plain_stages() -> dict[str, float]:
    from yaodian import pipeline, sources
    from yaodian.release import releases

    timings, t = {}, time.perf_counter()
    files = sources.discover([SAMPLE])
    results = [sources.process_source(p, n) for p, n in files]
    timings["read+clean+segment"] = time.perf_counter() - t
    t = time.perf_counter()
    tables = pipeline.assemble(results)
    timings["reconcile+schema"] = time.perf_counter() - t
    t = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        releases.prepare(tables, Path(out))
    timings["write release"] = time.perf_counter() - t
    return timings


def cli_run() -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as out:
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "yaodian.cli", "run", "--output", out],
                              capture_output=True, text=True, check=True, cwd=ROOT)
        wall = time.perf_counter() - t
    startup, pipeline_s = map(float, re.search(r"start-up ([\d.]+) s \+ pipeline ([\d.]+) s", done.stdout).groups())
    return wall, startup, pipeline_s


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--repeat", type=int, default=3)
    repeat = args.parse_args().repeat
    size = sum(p.stat().st_size for p in SAMPLE.glob("*.txt"))
    plain_stages()  # warm imports
    runs = [plain_stages() for _ in range(repeat)]
    print(f"sample corpus: {size / 1e6:.3f} MB")
    for stage in runs[0]:
        print(f"plain  {stage:<20} {statistics.median(r[stage] for r in runs):7.3f} s")
    total = statistics.median(sum(r.values()) for r in runs)
    print(f"plain  {'total':<20} {total:7.3f} s  ({size / 1e6 / total:.2f} MB/s)")
    cli = [cli_run() for _ in range(repeat)]
    for label, i in (("wall (process)", 0), ("Prefect start-up", 1), ("pipeline in flow", 2)):
        values = [c[i] for c in cli]
        print(f"yaodian run  {label:<18} median {statistics.median(values):6.2f} s  "
              f"(min {min(values):.2f}, max {max(values):.2f})")


if __name__ == "__main__":
    main()
