"""The scheduled deployment registers with its schedule; prefect.yaml declares the same one;
the Dask runner gives the same release as the default one."""

from __future__ import annotations

import pytest
import yaml
from conftest import ROOT, SAMPLE

pytestmark = pytest.mark.usefixtures("prefect_server")


def test_the_deployment_registers_with_its_schedule(tmp_path):
    from prefect import get_client

    from yaodian.flows.deployment import deployment

    deployment_id = deployment([SAMPLE], tmp_path / "out", cron="0 6 * * 1").apply()
    with get_client(sync_client=True) as client:
        registered = client.read_deployment(deployment_id)
    assert registered.name == "yaodian-weekly"
    [schedule] = [s.schedule for s in registered.schedules]
    assert (schedule.cron, schedule.timezone) == ("0 6 * * 1", "Asia/Shanghai")
    assert registered.parameters == {"inputs": [str(SAMPLE)], "output": str(tmp_path / "out")}


def test_prefect_yaml_declares_the_same_deployment():
    from yaodian.flows import CRON, NAME, TIMEZONE

    [declared] = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))["deployments"]
    assert declared["name"] == NAME
    assert declared["schedules"] == [{"cron": CRON, "timezone": TIMEZONE}]
    module, function = declared["entrypoint"].split(":")
    assert (ROOT / module).is_file() and f"def {function}(" in (ROOT / module).read_text(encoding="utf-8")
    assert set(declared["parameters"]) == {"inputs", "output"}


def test_a_local_dask_cluster_gives_the_same_release(tmp_path):
    from test_release import release_files

    from yaodian.flows.deployment import flow_for
    from yaodian.release import releases

    default = flow_for("default")([SAMPLE], tmp_path / "default")
    dask = flow_for("dask", dask_workers=2)([SAMPLE], tmp_path / "dask")
    assert dask["release"] == default["release"]
    assert release_files(releases.current(tmp_path / "dask")) == release_files(releases.current(tmp_path / "default"))
