"""Golden renderings of the sample corpus's tables (tests/golden/*.csv).

Long texts are rendered as length + SHA-256 prefix so the files stay reviewable while any
change to a text still shows. Regenerate after an intended change, and review the diff:

    .venv/bin/python tests/golden_tables.py
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"
DIGESTED = {"documents": ("preamble",), "sections": ("intro",), "items": ("text",), "residue": ("text",)}
TABLES = ("sources", "documents", "sections", "items", "residue", "anomalies", "commitments", "plans",
          "commitments_flat")


def digest(value: str | None) -> str:
    if value is None:
        return ""
    return f"{len(value)}:{hashlib.sha256(value.encode('utf-8')).hexdigest()[:12]}"


def render(name: str, table) -> str:
    """One table as golden CSV text."""
    rows = table.to_pylist()
    columns = table.column_names
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([digest(row[c]) if c in DIGESTED.get(name, ()) else row[c] for c in columns])
    return out.getvalue()


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from yaodian import pipeline

    sample = Path(__file__).resolve().parent.parent / "data" / "raw"
    tables = pipeline.tables([sample])
    GOLDEN.mkdir(exist_ok=True)
    for name in TABLES:
        (GOLDEN / f"{name}.csv").write_text(render(name, tables[name]), encoding="utf-8")
        print(f"wrote tests/golden/{name}.csv ({tables[name].num_rows} rows)")


if __name__ == "__main__":
    main()
