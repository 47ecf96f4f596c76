"""Scale benchmark: the pipeline at 1×, 10× and 100× the sample corpus (synthetic plans).

For each size it writes a synthetic corpus of 9 × size plans (`yaodian synth`) and runs,
each in a fresh process so that peak memory is the run's own:

- plain: the stages as plain calls (yaodian.pipeline.run);
- flow:  the Prefect flow, default runner (the ephemeral API server is started first and
         its start-up reported on its own line);
- dask:  the Prefect flow on a local Dask cluster of worker processes (the cluster's
         start-up reported on its own line).

Importing Great Expectations (~4 s, once per process) is done before timing and reported
on its own line too. Prints wall time, throughput, peak memory (RSS) and flow / plain.

    .venv/bin/python benchmarks/scale.py [--sizes 1 10 100] [--workers 4]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import contextlib, io, json, resource, sys, time
from pathlib import Path
mode, corpus, out, workers = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
from yaodian.cli import configure_prefect, project_home
configure_prefect(project_home())
t = time.perf_counter(); import great_expectations; ge = time.perf_counter() - t
report = {"ge_import": ge}
if mode == "plain":
    from yaodian import pipeline
    t = time.perf_counter(); pipeline.run([corpus], out); report["wall"] = time.perf_counter() - t
else:
    from prefect import get_client
    from yaodian.flows.deployment import flow_for
    t = time.perf_counter()
    with get_client(sync_client=True) as client:
        client.api_healthcheck()
        api_url = str(client.api_url)
    report["prefect_startup"] = time.perf_counter() - t
    address = None
    if mode == "dask":
        import os
        from distributed import LocalCluster
        os.environ["PREFECT_API_URL"] = api_url  # the workers report to this run's API server
        t = time.perf_counter()
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        report["dask_startup"] = time.perf_counter() - t
        address = cluster.scheduler_address
    flow = flow_for("dask" if mode == "dask" else "default", address)
    t = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        flow([corpus], out)
    report["wall"] = time.perf_counter() - t
report["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("REPORT " + json.dumps(report))
"""


def measure(mode: str, corpus: Path, out: Path, workers: int) -> dict:
    """One run in a fresh process; its report."""
    env = dict(os.environ, PREFECT_LOGGING_LEVEL="ERROR")
    done = subprocess.run([sys.executable, "-c", CHILD, mode, str(corpus), str(out), str(workers)],
                          capture_output=True, text=True, cwd=ROOT, env=env)
    line = next((x for x in done.stdout.splitlines() if x.startswith("REPORT ")), None)
    if line is None:
        raise RuntimeError(f"{mode} run failed:\n{done.stderr[-3000:]}")
    return json.loads(line[len("REPORT "):])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--workers", type=int, default=4, help="Dask worker processes")
    args = parser.parse_args()
    from yaodian import pipeline, synth

    sample = pipeline.tables([ROOT / "data" / "raw"])
    rows = []
    with tempfile.TemporaryDirectory(prefix="yaodian-scale-") as tmp:
        for size in args.sizes:
            corpus = Path(tmp, f"corpus-{size}")
            files = synth.write_corpus(sample, 9 * size, corpus, seed=size)
            mb = sum(f.stat().st_size for f in files) / 1e6
            runs = {mode: measure(mode, corpus, Path(tmp, f"out-{size}-{mode}"), args.workers)
                    for mode in ("plain", "flow", "dask")}
            rows.append((size, 9 * size, mb, runs))
    print_table(rows, args.workers)


def print_table(rows: list, workers: int) -> None:
    def span(key: str, mode: str) -> str:
        values = [r[mode][key] for *_, r in rows]
        return f"{min(values):.1f}–{max(values):.1f} s"

    print(f"Great Expectations import: {span('ge_import', 'plain')} per process (excluded)")
    print(f"Prefect API server start-up: {span('prefect_startup', 'flow')} (excluded)")
    print(f"Dask local cluster start-up ({workers} worker processes): {span('dask_startup', 'dask')} (excluded)")
    print(f"{'size':>5} {'plans':>6} {'MB':>6} | {'plain s':>8} {'MB/s':>6} {'RSS MB':>7} | {'flow s':>7} {'RSS MB':>7} "
          f"{'flow/plain':>10} | {'dask s':>7} {'dask/plain':>10}")
    for size, plans, mb, r in rows:
        plain, flow, dask = r["plain"], r["flow"], r["dask"]
        print(f"{size:>4}× {plans:>6} {mb:>6.1f} | {plain['wall']:>8.1f} {mb / plain['wall']:>6.2f} "
              f"{plain['peak_rss_mb']:>7.0f} | {flow['wall']:>7.1f} {flow['peak_rss_mb']:>7.0f} "
              f"{flow['wall'] / plain['wall']:>10.2f} | {dask['wall']:>7.1f} {dask['wall'] / plain['wall']:>10.2f}")


if __name__ == "__main__":
    main()
