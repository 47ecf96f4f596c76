"""Inputs read from and releases published to S3, against a local S3-compatible server
(moto in server mode on loopback), started and stopped by the tests."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import SAMPLE

BUCKET = "yaodian-test"


@pytest.fixture(scope="module")
def s3():
    """A moto S3 server on 127.0.0.1 with the sample corpus under s3://yaodian-test/raw/."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    patch = pytest.MonkeyPatch()
    for key, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1",
                       "AWS_ENDPOINT_URL": f"http://{host}:{port}"}.items():
        patch.setenv(key, value)
    import boto3

    client = boto3.client("s3")
    client.create_bucket(Bucket=BUCKET)
    for path in sorted(SAMPLE.iterdir()):
        client.upload_file(str(path), BUCKET, f"raw/{path.name}")
    yield client
    patch.undo()
    server.stop()


def read_release(url: str) -> tuple[str, pd.DataFrame]:
    import fsspec

    with fsspec.open(f"{url}/current.json", "rb") as stream:
        pointer = json.load(stream)
    return pointer["release"], pd.read_parquet(f"{url}/{pointer['path']}items.parquet")


def test_a_release_published_to_s3_from_s3_inputs_is_the_local_one(s3, tmp_path):
    from test_release import release_files

    from yaodian import pipeline
    from yaodian.release import releases

    local = pipeline.run([SAMPLE], tmp_path / "local")
    remote = pipeline.run([f"s3://{BUCKET}/raw"], f"s3://{BUCKET}/out")
    assert remote["release"] == local["release"]
    rid, items = read_release(f"s3://{BUCKET}/out")
    assert rid == local["release"] and len(items) == 216
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix=f"out/releases/{rid}/")["Contents"]
    uploaded = {o["Key"].removeprefix(f"out/releases/{rid}/") for o in listed}
    assert set(release_files(releases.current(tmp_path / "local"))) <= uploaded
    report = s3.get_object(Bucket=BUCKET, Key="out/quality/summary.md")["Body"].read().decode("utf-8")
    assert "quality passed" in report


def test_a_second_release_says_what_changed_and_the_pointer_moves_last(s3):
    from yaodian import pipeline

    url = f"s3://{BUCKET}/moving"
    first = pipeline.run([f"s3://{BUCKET}/raw"], url)["release"]
    second = pipeline.run([f"s3://{BUCKET}/raw/webpage_4docs_2026.txt"], url)["release"]
    rid, items = read_release(url)
    assert rid == second != first
    changes = s3.get_object(Bucket=BUCKET, Key=f"moving/releases/{second}/CHANGES.md")["Body"].read().decode()
    assert f"Since release {first}:" in changes
    assert s3.list_objects_v2(Bucket=BUCKET, Prefix=f"moving/releases/{first}/")["KeyCount"] > 0  # kept


@pytest.mark.usefixtures("prefect_server")
def test_the_cli_runs_the_flow_from_and_to_s3(s3, capsys):
    from yaodian.cli import main

    assert main(["run", "--input", f"s3://{BUCKET}/raw", "--output", f"s3://{BUCKET}/cli"]) == 0
    printed = capsys.readouterr().out
    assert f"s3://{BUCKET}/cli/current.json" in printed
    rid, items = read_release(f"s3://{BUCKET}/cli")
    assert len(items) == 216 and rid in printed
