"""Build: paragraphs → drafts of documents, sections and items → the plan tables.

Two entries, one per file and one across files:

    segment(name, blocks, residue) -> Segmented     (segment.py) one file's TOC entries,
                                                    outlines and bodies as drafts
    reconcile(list[Segmented]) -> Tables            (reconcile.py) drafts of every file linked
                                                    (outline ↔ body ↔ TOC, duplicates set aside)
                                                    into rows of documents, sections, items,
                                                    residue and anomalies
    titles.py                                       title, issuer and year of a plan
    identity.py                                     copies of one plan kept once; look-alikes noted
    families.py                                     which files must be reconciled together: the
                                                    corpus cut into batches assembled alone
    units.py                                        an item's responsible units (labelled, or a
                                                    task table's cell of unit names)

Takes from yaodian.ingest the blocks and residue of each file; hands on the Tables rows
(plain dicts, keys = schema field names) to yaodian.commitments and the release.
"""

from __future__ import annotations

from yaodian.build.reconcile import Tables, reconcile
from yaodian.build.segment import Segmented, segment

__all__ = ["Segmented", "Tables", "reconcile", "segment"]
