"""Table declarations: one YAML file per published table, and their loader.

Each declares the table's fields (name, type, required, allowed values, ranges,
patterns, description in English and Chinese), its primary and foreign keys. Everything
else is generated from them by one small mapper per target: the pyarrow schema
(yaodian.release.arrow), the data package entry and the data dictionary
(yaodian.release.package), and the Great Expectations suites (yaodian.quality.suites).
Installed as the package `yaodian.schemas`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

# The tables the pipeline builds from its inputs, and after them the analysis tables a release
# derives from those (yaodian.release.analysis); TABLES, all of them, is what a release publishes.
PIPELINE_TABLES = ("sources", "documents", "sections", "items", "residue", "anomalies", "commitments")
TABLES = (*PIPELINE_TABLES, "plans", "commitments_flat")


@cache
def declaration(table: str) -> dict:
    """The parsed YAML declaration of `table`."""
    text = resources.files("yaodian.schemas").joinpath(f"{table}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)
