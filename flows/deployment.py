"""The scheduled deployment of the yaodian flow, and the task runners it can use.

`yaodian serve` serves the deployment built here; prefect.yaml declares the same one for
users who run a Prefect server and workers (a test keeps the two in step). The default
runner runs the per-source tasks in threads; `dask` runs them on a Dask cluster through
prefect-dask: a local cluster of worker processes unless an address is given.
"""

from __future__ import annotations

from pathlib import Path

from prefect.schedules import Cron

from yaodian.flows import CRON, NAME, RUNNERS, TIMEZONE
from yaodian.flows.pipeline import yaodian_flow


def flow_for(runner: str = "default", dask_address: str | None = None, dask_workers: int | None = None):
    """The yaodian flow with the task runner asked for."""
    if runner == "default":
        return yaodian_flow
    if runner != "dask":
        raise ValueError(f"runner {runner!r} is not one of {RUNNERS}")
    from yaodian.flows.dask import SharedApiDaskTaskRunner

    if dask_address:
        return yaodian_flow.with_options(task_runner=SharedApiDaskTaskRunner(address=dask_address))
    cluster = {"processes": True, "threads_per_worker": 1, "dashboard_address": None}
    if dask_workers:
        cluster["n_workers"] = dask_workers
    return yaodian_flow.with_options(task_runner=SharedApiDaskTaskRunner(cluster_kwargs=cluster))


def deployment(inputs: list[Path], output: Path, cron: str = CRON, timezone: str = TIMEZONE,
               runner: str = "default", dask_address: str | None = None):
    """The deployment of the flow on `inputs` → `output`, on a cron schedule in `timezone`."""
    return flow_for(runner, dask_address).to_deployment(
        name=NAME,
        schedules=[Cron(cron, timezone=timezone)],
        parameters={"inputs": [str(p) for p in inputs], "output": str(output)},
        description="Extract, validate and publish the work plans in `inputs` as a release in `output`.",
        tags=["yaodian"],
    )
