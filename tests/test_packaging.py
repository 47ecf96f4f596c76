"""The wheel is what a user or a Dask worker gets: it must hold every stage and run the sample.

An editable install finds modules in the source tree and hides a package missing from the
wheel (the HTML and Word readers once were); so the wheel is built, installed (not editable)
into a fresh virtual environment and run from outside the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw"


def not_source(folder: str, names: list[str]) -> set[str]:
    """What a copy of the checkout leaves out: the environment, outputs and build leftovers."""
    at_root = Path(folder) == ROOT
    return {n for n in names if n.startswith(".") or n == "__pycache__" or n.endswith(".egg-info")
            or (at_root and n in ("output", "build", "dist", "synthetic"))}


def test_the_wheel_holds_every_package_and_runs_the_sample(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=not_source)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp_path / "dist"), str(source)], check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("yaodian-*.whl"))

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # the dependencies come from this environment (no download); yaodian only from the wheel
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    str(wheel)], check=True, capture_output=True)

    modules = [".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
               for p in (ROOT / "yaodian").rglob("*.py") if p.name != "__main__.py"]  # a __main__ runs a command
    probe = ("import importlib, sys, yaodian; "
             f"[importlib.import_module(m) for m in {sorted(modules)!r} + ['yaodian.flows.pipeline']]; "
             "print(yaodian.__file__)")
    where = subprocess.run([python, "-c", probe], capture_output=True, text=True, cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(site), where.stdout
    data = subprocess.run([python, "-c", "from yaodian.rules import script; print(script.to_simplified('國務院辦公廳'))"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert data.stdout.strip() == "国务院办公厅", data.stderr  # rule data beside the code ships too

    env = {**os.environ, "PREFECT_HOME": os.environ.get("PREFECT_HOME", str(ROOT / ".prefect"))}
    run = subprocess.run([env_dir / "bin" / "yaodian", "run", "--input", str(SAMPLE), "--output", "out"],
                         capture_output=True, text=True, cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "quality passed" in run.stdout
    # templates, styles, scripts and fonts beside the code ship too
    pages = tmp_path / "out" / "site"
    assert (pages / "index.html").is_file() and (pages / "assets" / "browse.js").is_file()
    assert (tmp_path / "out" / "quality" / "static" / "vendor" / "webfonts" / "fa-solid-900.woff2").is_file()
    published = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    golden = pd.read_csv(ROOT / "tests" / "golden" / "documents.csv")
    assert published[["doc_id", "body_status"]].values.tolist() == golden[["doc_id", "body_status"]].values.tolist()
