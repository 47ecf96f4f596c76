"""Shared fixtures. Prefect's home stays inside the project; one test server per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("PREFECT_HOME", str(ROOT / ".prefect"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

SAMPLE = ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def sample_tables():
    """The sample corpus run through the plain pipeline (no Prefect), once per session."""
    from yaodian import pipeline

    return pipeline.tables([SAMPLE])


@pytest.fixture(scope="session")
def prefect_server():
    """One ephemeral Prefect API server for the whole session (it costs ~10-25 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The sample corpus published once by the plain pipeline; the output folder. Copy it
    before changing anything."""
    from yaodian import pipeline

    out = tmp_path_factory.mktemp("published") / "output"
    pipeline.run([SAMPLE], out)
    return out


def corrupt_assembly(monkeypatch, corrupt) -> None:
    """Every later run assembles its tables afresh (no fragment of an earlier run is reused),
    then `corrupt`s them."""
    from yaodian import fragments

    assembled = fragments.assemble
    monkeypatch.setattr(fragments, "assemble", lambda results: corrupt(assembled(results)))
    monkeypatch.setattr(fragments, "FRAGMENT", "fragment.corrupted.json")
