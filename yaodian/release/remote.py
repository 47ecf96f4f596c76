"""Releases in object storage: built and validated in a local folder, then uploaded, then pointed to.

An object store has no symbolic links and no renames, so a release published to a URL is

    <url>/releases/<id>/...        the release's files, uploaded first
    <url>/current.json             {"release": <id>, "path": "releases/<id>/"}, written last, in one PUT
    <url>/quality/, <url>/quarantine/   the last run's report

A reader (an analyst, a Dask worker) reads current.json, then the release it names. A run
that dies before writing current.json leaves every reader on the previous release.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from yaodian.io import storage
from yaodian.release import releases

POINTER = "current.json"
REPORT = ("quality", "quarantine")


def current_id(url: str) -> str | None:
    """The id of the release current at `url`, if any."""
    pointer = storage.join(url, POINTER)
    if not storage.exists(pointer):
        return None
    return json.loads(storage.read_bytes(pointer))["release"]


@contextlib.contextmanager
def working_folder(location: storage.Location):
    """A local folder to publish into: the folder itself, or for a URL a mirror that is
    uploaded when the block ends (the report always, a new release only when published)."""
    if not storage.is_remote(location):
        yield Path(location)
        return
    url = str(location)
    with tempfile.TemporaryDirectory(prefix="yaodian-remote-") as tmp:
        local = Path(tmp)
        previous = _mirror_current(url, local)
        try:
            yield local
        finally:
            for name in REPORT:  # the last run's report, published or not
                storage.remove(storage.join(url, name))
                if (local / name).is_dir():
                    storage.upload(local / name, storage.join(url, name))
        published = releases.current(local)
        if published is not None and published.name != previous:
            storage.upload(published, storage.join(url, releases.RELEASES, published.name))
            storage.write_text(storage.join(url, POINTER), json.dumps(
                {"release": published.name, "path": f"{releases.RELEASES}/{published.name}/", "previous": previous}))


def _mirror_current(url: str, local: Path) -> str | None:
    """Bring the current release's commitments into `local` (for CHANGES.md and the id); its id."""
    previous = current_id(url)
    if previous is not None:
        folder = local / releases.RELEASES / previous
        storage.download(storage.join(url, releases.RELEASES, previous, "commitments.parquet"),
                         folder / "commitments.parquet")
        os.symlink(f"{releases.RELEASES}/{previous}", local / releases.CURRENT)
    return previous
