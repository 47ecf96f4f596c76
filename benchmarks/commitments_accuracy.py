"""Precision, recall and F1 of the commitments table on the labelled development set.

Runs the plain pipeline on the sample corpus (or --input), scores the `commitments`
rows of every labelled item (tests/commitments_dev/*.yaml) per field, and lists each
row that differs. Prints figures; asserts nothing (tests/test_commitments.py does).

    .venv/bin/python benchmarks/commitments_accuracy.py [--labels DIR] [--input PATH]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tools/ is a folder of the checkout, not of the installed package

from tools.evaluate import differences, load_labels, score  # noqa: E402
from yaodian import pipeline  # noqa: E402


def predicted_rows(inputs: list[Path]) -> dict[tuple[str, int], list[dict]]:
    """The commitments table of a plain run, grouped by (doc_id, item_no)."""
    tables = pipeline.tables(inputs)
    grouped = defaultdict(list)
    for row in tables["commitments"].to_pylist():
        grouped[(row["doc_id"], row["item_no"])].append(row)
    return grouped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=ROOT / "tests" / "commitments_dev")
    parser.add_argument("--input", type=Path, action="append", default=None)
    args = parser.parse_args()
    gold = load_labels(args.labels)
    predicted = predicted_rows(args.input or [ROOT / "data" / "raw"])
    documents = sorted({doc for doc, _ in gold})
    print(f"development set: {len(documents)} documents, {len(gold)} items, "
          f"{sum(map(len, gold.values()))} labelled commitments")
    print(f"{'field':<12}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}{'F1':>7}")
    for field, s in score(gold, predicted).items():
        print(f"{field:<12}{s['tp']:>5}{s['fp']:>5}{s['fn']:>5}{s['precision']:>11.3f}{s['recall']:>8.3f}{s['f1']:>7.3f}")
    for kind, (doc, item), values in differences(gold, predicted):
        print(f"  {kind:<7} {doc} item {item}: {values}")


if __name__ == "__main__":
    main()
