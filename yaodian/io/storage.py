"""Locations: a local path or an object-store URL (s3://bucket/prefix, any fsspec protocol).

Inputs may live in object storage so that a cluster's workers read them where they are;
releases may be published there so that workers and analysts read the same one. Local
paths stay `Path`s and never touch fsspec.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

Location = Path | str


def is_remote(location: Location) -> bool:
    """Whether `location` is a URL of a remote file system (s3://…), not a local path."""
    text = str(location)
    return "://" in text and not text.startswith("file://")


def join(location: str, *parts: str) -> str:
    """A URL with path parts appended."""
    return "/".join([location.rstrip("/"), *parts])


def filesystem(url: str):
    """(fsspec file system, path within it) of a URL."""
    import fsspec

    return fsspec.core.url_to_fs(url)


def list_files(url: str) -> list[tuple[str, str]]:
    """(URL, name relative to `url`) of every object under `url`, in name order."""
    fs, root = filesystem(url)
    protocol = url.split("://", 1)[0]
    if fs.isfile(root):
        return [(url, PurePosixPath(root).name)]
    found = sorted(fs.find(root))
    return [(f"{protocol}://{path}", PurePosixPath(path).relative_to(root).as_posix()) for path in found]


def read_bytes(url: str) -> bytes:
    fs, path = filesystem(url)
    return fs.cat_file(path)


def exists(url: str) -> bool:
    fs, path = filesystem(url)
    return fs.exists(path)


def upload(folder: Path, url: str) -> None:
    """Copy a local folder's files under `url` (same relative paths)."""
    fs, root = filesystem(url)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        fs.put_file(str(path), f"{root.rstrip('/')}/{path.relative_to(folder).as_posix()}")


def remove(url: str) -> None:
    fs, path = filesystem(url)
    if fs.exists(path):
        fs.rm(path, recursive=True)


def write_text(url: str, text: str) -> None:
    fs, path = filesystem(url)
    fs.pipe_file(path, text.encode("utf-8"))


def download(url: str, target: Path) -> None:
    fs, path = filesystem(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    fs.get_file(path, str(target))
