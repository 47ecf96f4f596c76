"""Reading and extracting one plan per input format and layout, and a huge single line.

The sample's complete plans are re-rendered (yaodian.synth.render) as plain text, as a
hard-wrapped official document with page numbers, as a saved web page and as a Word file
with automatic numbering; each rendering goes through read → clean → segment → assemble
(`sources.process_bytes` + `pipeline.assemble`) --repeat times, and the best time is kept.
Then one item written on a single line of --line-mb megabytes, no full stop. Prints
figures; asserts nothing.

    .venv/bin/python benchmarks/input_formats.py [--repeat 3] [--line-mb 1]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from yaodian import pipeline, sources
from yaodian.synth import render
from yaodian.synth.render import Layout

ROOT = Path(__file__).resolve().parent.parent
WRAPPED = Layout(full_width=True, indent="　　", wrap=66, page_numbers="— {n} —", official=True)


def renderings(plans: list[render.Plan]) -> dict[str, list[bytes]]:
    return {
        "text (plain)": [render.render(p).encode("utf-8") for p in plans],
        "text (wrapped, GB18030)": [render.render(p, WRAPPED).encode("gb18030") for p in plans],
        "html": [render.html_page(render.render(p), p.title).encode("utf-8") for p in plans],
        "docx (Word numbering)": [render.docx_plan(p) for p in plans],
    }


def best(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return min(times)


def extract_all(files: list[bytes]) -> None:
    pipeline.assemble([sources.process_bytes(data, f"plan{k}") for k, data in enumerate(files)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--line-mb", type=float, default=1.0)
    args = parser.parse_args()
    sample = pipeline.tables([ROOT / "data" / "raw"])
    plans = render.plans_from_tables(sample)
    print(f"{len(plans)} plans, best of {args.repeat}")
    print(f"{'format':26} {'MB':>6} {'s':>7} {'ms/plan':>8} {'MB/s':>6}")
    for name, files in renderings(plans).items():
        size = sum(map(len, files)) / 1e6
        seconds = best(lambda files=files: extract_all(files), args.repeat)
        print(f"{name:26} {size:6.2f} {seconds:7.3f} {1000 * seconds / len(files):8.1f} {size / seconds:6.2f}")
    unit = "加强学习,每月开展1次学习"
    line = "某局2026年工作要点\n一、加强学习\n1." + unit * int(args.line_mb * 1e6 / len(unit.encode())) + "\n"
    data = line.encode("utf-8")
    seconds = best(lambda: extract_all([data]), 1)
    print(f"one line of {len(data) / 1e6:.2f} MB ({len(line):,} characters): {seconds:.2f} s, "
          f"{len(data) / 1e6 / seconds:.2f} MB/s")


if __name__ == "__main__":
    main()
