"""One run at a time per output folder.

Two runs writing one `--output` would each take the other's candidate for a killed run's
leftover and delete it. So a run holds an exclusive lock on `DIR/.yaodian.lock` from before
Prefect starts until it ends; a second run fails at once (exit 2), naming the holder (process,
host, start time) from the lock file. The lock is an flock: the kernel drops it when its process
ends, killed or not, so a dead run never blocks the next one, and a candidate found while
holding the lock can only be a dead run's. Object-store outputs (s3://) have no such lock.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from yaodian.io import storage

LOCK_NAME = ".yaodian.lock"
_held: dict[str, int] = {}  # lock file → how many times this process holds it (the CLI, then the run)


class OutputBusy(RuntimeError):
    """Another live run holds the output folder."""


@contextmanager
def output_lock(out_dir: Path | str) -> Iterator[None]:
    """Hold the output folder for this run; OutputBusy when another run holds it. Re-entrant
    within one process (the CLI takes it before Prefect starts, the run again inside)."""
    if storage.is_remote(out_dir):
        yield
        return
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    path = str((Path(out_dir) / LOCK_NAME).resolve())
    if path in _held:
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 4096).decode("utf-8", "replace")
        os.close(fd)
        raise OutputBusy(f"{out_dir} is being written by another run ({_described(holder)}); "
                         "wait for it to end, or choose another --output") from None
    os.ftruncate(fd, 0)
    os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                             "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}).encode())
    _held[path] = fd
    try:
        yield
    finally:
        del _held[path]
        os.ftruncate(fd, 0)  # a lock file names its holder only while held
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _described(holder: str) -> str:
    try:
        info = json.loads(holder)
        return f"process {info['pid']} on {info['host']}, started {info['started']}"
    except (ValueError, KeyError, TypeError):
        return "a process that has not written its name yet"
