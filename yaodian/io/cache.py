"""Per-source extraction cache: a file's result kept by its name, its bytes and the pipeline.

The key is the SHA-256 of the file's provenance name, the SHA-256 of its bytes and the
pipeline's fingerprint (the package version and a hash of every module, rule table and
declaration), so an unchanged file under an unchanged pipeline is never extracted twice,
and any change to a rule invalidates what it could change. Entries are the plain
SourceResult objects pickled one file each (no DataFrames), written atomically; an entry
that cannot be read is treated as missing.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import cache
from importlib import resources
from pathlib import Path

from yaodian import __version__


@cache
def fingerprint() -> str:
    """The pipeline's version for caching: its package version and a hash of its code and data."""
    digest = hashlib.sha256(__version__.encode())
    for package in ("yaodian", "yaodian.schemas"):
        root = Path(str(resources.files(package)))
        for path in sorted(root.rglob("*"), key=lambda p: p.as_posix()):
            if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


class SourceCache:
    """Extraction results in `folder` (None: a cache that keeps nothing)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.hits = 0

    def key(self, name: str, data: bytes) -> str:
        content = hashlib.sha256(data).hexdigest()
        return hashlib.sha256(f"{name}\0{content}\0{fingerprint()}".encode()).hexdigest()

    def get(self, key: str):
        if self.folder is None:
            return None
        try:
            with (self.folder / f"{key}.pickle").open("rb") as stream:
                result = pickle.load(stream)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        self.hits += 1
        return result

    def put(self, key: str, result) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, self.folder / f"{key}.pickle")
