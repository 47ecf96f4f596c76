"""CPU time per MB of the commitments stage, this checkout beside an earlier revision, in one run.

Issues set their budgets relative to the stage as it was (issue 16, targets: within 1.3× of
3e56292, the last revision before the target grammar; issue 17, activity: within 1.5× of the
revision before it). Absolute MB/s on shared machines swings by 2×, so both versions are
timed side by side, alternately, on the same texts, in fresh processes, and the ratio of their
CPU times (time.process_time, median of --repeat) is what the budget is about.

The texts are the items of the sample corpus and of the field tuning sets (dev, targets,
genre), cleaned as the stage sees them, repeated to --mb megabytes. The earlier revision is
taken with `git archive` into a temporary folder and put first on the import path. Prints
figures; asserts nothing.

    .venv/bin/python benchmarks/commitments_cpu.py [--baseline 3e56292] [--mb 5] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from yaodian import pipeline

ROOT = Path(__file__).resolve().parent.parent
FIELD_SETS = ("dev", "targets", "genre")

CHILD = r"""
import json, sys, time
texts = json.load(open(sys.argv[1], encoding="utf-8"))
import yaodian
from yaodian.commitments.extract import extract
for text in texts:  # compile the rule tables outside the timing (the scanners per first character are
    extract(text, 2026)  # compiled as their characters are met): a once-per-process cost, not per MB
t = time.process_time()
rows = sum(len(extract(text, 2026)) for text in texts)
print(json.dumps({"cpu": time.process_time() - t, "rows": rows, "module": yaodian.__file__}))
"""


def corpus(megabytes: float) -> tuple[list[str], int]:
    """Item texts of the sample and the field tuning sets, repeated to at least `megabytes` MB."""
    field = [path for name in FIELD_SETS for path in sorted((ROOT / "tests" / "field" / name).glob("*.txt"))]
    inputs = [ROOT / "data" / "raw", *field]
    texts = [t for t in pipeline.tables(inputs)["items"].column("text").to_pylist() if t]
    size = sum(len(t.encode("utf-8")) for t in texts)
    copies = int(megabytes * 1e6 // size) + 1
    return texts * copies, size * copies


def checkout(revision: str, folder: Path) -> None:
    """The package of `revision`, unpacked into `folder` (no worktree, nothing left in the repo)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "yaodian"], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)


def timed(path: Path | None, texts_file: Path) -> dict:
    env_path = [str(path)] if path else []
    command = [sys.executable, "-c", f"import sys; sys.path[:0] = {env_path!r}\n" + CHILD, str(texts_file)]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="3e56292")
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts, size = corpus(args.mb)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        checkout(args.baseline, folder)
        texts_file = folder / "texts.json"
        texts_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        runs: dict[str, list[dict]] = {"baseline": [], "current": []}
        for _ in range(args.repeat):  # alternate, so that a busy spell of the machine hits both
            runs["baseline"].append(timed(folder, texts_file))
            runs["current"].append(timed(None, texts_file))
    mb = size / 1e6
    print(f"text: {mb:.1f} MB of UTF-8 in {len(texts)} item texts; baseline {args.baseline}")
    cpu = {}
    for name, results in runs.items():
        cpu[name] = statistics.median(r["cpu"] for r in results)
        print(f"{name:8} {cpu[name]:6.2f} s CPU  {cpu[name] / mb * 1000:6.1f} ms/MB  {mb / cpu[name]:5.1f} MB/s  "
              f"{results[0]['rows']} rows  ({results[0]['module']})")
    print(f"current / baseline CPU per MB: {cpu['current'] / cpu['baseline']:.2f}×  (median of {args.repeat} each)")


if __name__ == "__main__":
    main()
