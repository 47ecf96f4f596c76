"""yaodian on the field sets: real published plans labelled from the spec before any run.

Prints, per plan and in total, whether it came out as a plan at all, whether title, issuer,
year and the item count are right, and commitments precision, recall and F1 (rows compared
per plan on the spec's scored fields). `--details` lists every missed and extra row and the
metadata read: use it on the tuning sets (dev, targets: plans dense in quantitative targets)
only; the holdout set is for measuring, not tuning. `--set all-tuning` sums dev, targets and genre.
`independent` and `blind` (issue 16: plans dense in targets) were each measured blind once, then
used for tuning; their READMEs give both figures.

    .venv/bin/python benchmarks/field_accuracy.py [--set dev|targets|genre|all-tuning|independent|blind|holdout] [--details]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tools/ is a folder of the checkout, not of the installed package

from tools import field  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sets = ("dev", "targets", "genre", "all-tuning", "independent", "blind", "fresh", "holdout")
    parser.add_argument("--set", default="dev", choices=sets)
    parser.add_argument("--details", action="store_true")
    args = parser.parse_args()
    sets = ("dev", "targets", "genre") if args.set == "all-tuning" else (args.set,)
    outcomes = [field.evaluate(plan) for name in sets for plan in field.load(ROOT / "tests" / "field" / name)]
    print(f"{'plan':32} {'docs':>4} {'title':>5} {'issuer':>6} {'year':>4} {'items':>5} {'tp':>3} {'fp':>3} {'fn':>3}")
    total = Counter()
    for o in outcomes:
        m = {k: "ok" if v else "—" for k, v in o.matches.items()}
        print(f"{o.plan.id:32} {len(o.documents):>4} {m['title']:>5} {m['issuer']:>6} {m['year']:>4} "
              f"{m['n_items']:>5} {o.counts['tp']:>3} {o.counts['fp']:>3} {o.counts['fn']:>3}")
        total += o.counts
        if args.details:
            doc = o.chosen or {}
            print(f"    read: {doc.get('title')!r} | {doc.get('issuer')!r} | {doc.get('plan_year')} | "
                  f"{sum(d['n_items'] for d in o.documents)} items; labels: {o.plan.title!r} | {o.plan.issuer!r} | "
                  f"{o.plan.year} | {o.plan.n_items} items")
            for kind, values in field.differences(o):
                print(f"    {kind:7} {values}")
    n = len(outcomes)
    precision, recall, f1 = field.f1(total)
    vanished = sum(not o.documents and o.plan.n_items > 0 for o in outcomes)
    metadata = sum(all(o.matches[k] for k in field.METADATA) for o in outcomes)
    print(f"\n{args.set}: {n} plans, {vanished} gave no document; metadata right (title, issuer, year) for "
          f"{metadata}/{n} ({metadata / n:.0%}); " + ", ".join(
              f"{k} {sum(o.matches[k] for o in outcomes)}/{n}" for k in (*field.METADATA, "n_items")))
    print(f"commitments: tp {total['tp']}, fp {total['fp']}, fn {total['fn']}; precision {precision:.3f}, "
          f"recall {recall:.3f}, F1 {f1:.3f}")
    judged = [a for o in outcomes for a in o.activities]
    right = sum(a[2] for a in judged)
    print(f"activity: {right}/{len(judged)} right on the matching rows ({right / max(len(judged), 1):.3f})")
    if args.details:
        for label, found, ok, clause in judged:
            if not ok:
                print(f"    activity {label!r} ≠ {found!r} in {clause!r}")


if __name__ == "__main__":
    main()
