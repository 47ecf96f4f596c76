"""Extraction throughput of the commitments stage, one core, in MB of UTF-8 text per second.

The sample corpus's item texts (cleaned, as the stage sees them) are repeated until they
reach --mb megabytes (20 by default), then extracted item by item as the pipeline does.
For scale it also times the scan alone (yaodian.commitments.lexicon.hits: no reading of hits), the
limit extraction can approach, and the same expression run by plain `finditer`, which
tries every branch at every position. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/commitments_throughput.py [--mb 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from yaodian import pipeline
from yaodian.commitments.extract import extract
from yaodian.commitments.lexicon import hits, scanner

ROOT = Path(__file__).resolve().parent.parent


def corpus(megabytes: float) -> tuple[list[str], int]:
    """Item texts of the sample repeated to at least `megabytes` MB; and their size in bytes."""
    tables = pipeline.tables([ROOT / "data" / "raw"])
    texts = tables["items"].column("text").to_pylist()
    size = sum(len(t.encode("utf-8")) for t in texts)
    copies = int(megabytes * 1e6 // size) + 1
    return texts * copies, size * copies


def timed(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts, size = corpus(args.mb)
    year = 2026
    extract(texts[0], year)  # compile the scanner outside the timing
    rows = sum(len(extract(t, year)) for t in texts[: len(texts) // 10])
    seconds = timed(lambda: [extract(t, year) for t in texts], args.repeat)
    scan = timed(lambda: [sum(1 for _ in hits(t)) for t in texts], args.repeat)
    pattern = scanner()
    plain = timed(lambda: [sum(1 for _ in pattern.finditer(t)) for t in texts], 1)
    mb = size / 1e6
    print(f"text: {mb:.1f} MB of UTF-8 in {len(texts)} items ({rows} rows in the first tenth)")
    print(f"extract (scan + read + group): {seconds:6.2f} s  {mb / seconds:5.1f} MB/s  (median of {args.repeat})")
    print(f"scan only (lexicon.hits):      {scan:6.2f} s  {mb / scan:5.1f} MB/s")
    print(f"same expression by finditer:   {plain:6.2f} s  {mb / plain:5.1f} MB/s  (no jump to first characters)")


if __name__ == "__main__":
    main()
