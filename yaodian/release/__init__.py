"""Release: typed tables → files → a validated release switched to at once.

Entries, in the order the pipeline calls them:

    prepare(parts, out_dir, partition_rows) -> Path   a candidate folder, written part by part
                                                      (fragments, or tables in memory: Held)
    publish(candidate, out_dir, sources: pa.Table, quality: dict) -> str   the release id
    abandon(candidate)                                                      whatever is left of it
    working_folder(output) -> Path                    a local folder for a folder or an s3:// URL
    output_lock(output)                               one run at a time per output (OutputBusy)

    arrow.py      the declarations (schemas/) as pyarrow schemas; rows typed by them
    write.py      Parquet (parts past N rows), CSV and Excel CSV files of one table, piece by piece
    package.py    datapackage.json and the data dictionary, from the declarations
    analysis.py   the analysis tables (plans, commitments_flat), derived when a release is written
    changes.py    CHANGES.md: commitments added, removed and changed since the last release
    releases.py   candidate → releases/<id>, `current` switched in one rename
    remote.py     the same in object storage: upload, then current.json in one PUT
    lock.py       the output folder's lock: one run at a time, released when its process ends
    __main__.py   `python -m yaodian.release` refreshes schemas/DATA_DICTIONARY.md

Takes the tables from the pipeline; yaodian.quality validates the candidate in between.
"""

from __future__ import annotations

from yaodian.release.lock import OutputBusy, output_lock
from yaodian.release.releases import Held, abandon, prepare, publish, release_id
from yaodian.release.remote import working_folder

__all__ = ["Held", "OutputBusy", "abandon", "output_lock", "prepare", "publish", "release_id", "working_folder"]
