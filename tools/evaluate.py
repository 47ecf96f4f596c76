"""Score extracted commitments against hand labels, as the spec scores them.

A commitment is found when a row of the same item has all scored fields equal; order
inside an item does not matter and a duplicate row is a false positive, so each item
is compared as a multiset. Rows that only carry `regularity` are not scored. Per-field
scores compare the multiset of (document, item, value) for each field's non-empty values.

Labels are YAML files, one per document (see tests/commitments_dev/README.md).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

from yaodian.commitments.extract import SCORED, is_scored

FIELDS = {"commitment": SCORED, "period": ("period",), "count": ("count_min", "count_max"),
          "unit": ("unit",), "deadline": ("deadline",)}

Key = tuple[str, int]  # (doc_id, item_no)


def load_labels(folder: Path) -> dict[Key, list[dict]]:
    """Labelled rows per (doc_id, item_no); every labelled item is present, maybe empty."""
    labels: dict[Key, list[dict]] = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item_no, rows in data["items"].items():
            labels[(data["doc_id"], int(item_no))] = [_normal(row) for row in rows or []]
    return labels


def _normal(row: dict) -> dict:
    """Numbers as floats, dates as strings: labels and table rows compare alike."""
    out = {}
    for name in SCORED:
        value = row.get(name)
        out[name] = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else (
            None if value is None else str(value))
    return out


def scored(rows: list[dict]) -> list[dict]:
    """The rows the spec scores: those with at least one scored field set."""
    return [_normal(r) for r in rows if is_scored(r)]


def score(gold: dict[Key, list[dict]], predicted: dict[Key, list[dict]]) -> dict[str, dict]:
    """tp, fp, fn, precision, recall and F1 per field, over the labelled items only."""
    result = {}
    for field, names in FIELDS.items():
        tp = fp = fn = 0
        for key, rows in gold.items():
            want = _values(rows, names)
            got = _values(scored(predicted.get(key, [])), names)
            hit = sum((want & got).values())
            tp, fp, fn = tp + hit, fp + sum(got.values()) - hit, fn + sum(want.values()) - hit
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[field] = {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}
    return result


def _values(rows: list[dict], names: tuple[str, ...]) -> Counter:
    values = (tuple(row[n] for n in names) for row in rows)
    return Counter(v for v in values if any(x is not None for x in v))


def differences(gold: dict[Key, list[dict]], predicted: dict[Key, list[dict]]) -> list[tuple[str, Key, tuple]]:
    """("missed" | "extra", item, scored fields) for every row that does not match."""
    found = []
    for key, rows in sorted(gold.items()):
        want, got = _values(rows, SCORED), _values(scored(predicted.get(key, [])), SCORED)
        found += [("missed", key, v) for v in sorted((want - got).elements(), key=repr)]
        found += [("extra", key, v) for v in sorted((got - want).elements(), key=repr)]
    return found
