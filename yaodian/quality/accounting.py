"""Line accounting: every input line is in a table's line range or in residue.

Computed from the published tables alone (sources.n_lines gives each file's length), so
anyone can re-check a release without the pipeline.
"""

from __future__ import annotations

import pyarrow as pa

RANGED = ("documents", "sections", "items")


def unaccounted_lines(tables: dict[str, pa.Table]) -> list[tuple[str, int]]:
    """(file, line) of every line of a read file that no table row accounts for."""
    covered: dict[str, set[int]] = {}
    for name in RANGED:
        for row in tables[name].select(["source_file", "line_start", "line_end"]).to_pylist():
            if None not in row.values():
                covered.setdefault(row["source_file"], set()).update(range(row["line_start"], row["line_end"] + 1))
    for row in tables["residue"].select(["source_file", "line_no"]).to_pylist():
        covered.setdefault(row["source_file"], set()).add(row["line_no"])
    missing = []
    for src in tables["sources"].to_pylist():
        if src["n_lines"] is None:
            continue
        seen = covered.get(src["source_file"], set())
        missing += [(src["source_file"], n) for n in range(1, src["n_lines"] + 1) if n not in seen]
    return missing
