"""prefect-dask's task runner, with its worker processes pointed at this run's Prefect API.

Without a Prefect server configured (PREFECT_API_URL unset), a run uses an ephemeral API
server started in-process. Dask workers are other processes: each would start an
ephemeral server of its own (seconds each, and its task runs recorded nowhere useful).
So the runner exports the API address the flow run is using before the cluster starts,
and restores the environment afterwards. With a configured server it changes nothing.
"""

from __future__ import annotations

import os

from prefect.client.orchestration import get_client
from prefect_dask import DaskTaskRunner


class SharedApiDaskTaskRunner(DaskTaskRunner):
    def __enter__(self):
        self._exported = not os.environ.get("PREFECT_API_URL")
        if self._exported:
            with get_client(sync_client=True) as client:
                os.environ["PREFECT_API_URL"] = str(client.api_url).rstrip("/")
        return super().__enter__()

    def __exit__(self, *args) -> None:
        try:
            super().__exit__(*args)
        finally:
            if self._exported:
                os.environ.pop("PREFECT_API_URL", None)
