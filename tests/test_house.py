"""The house: stage subpackages that import only downwards and say what they hold.

The floors are the pipeline's shape: shared data at the bottom, the stages over it, the
per-source unit and the one composition above them, the commands on top. A module may
import from its own unit or a lower floor, never from the same floor or above, so a
stage cannot reach into a later one and the sequence stays in yaodian.pipeline.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "yaodian"
FLOORS = (
    {"rules", "schemas", "io"},                          # shared data, storage
    {"ingest", "commitments", "quality", "release", "site"},  # stages that need no other stage
    {"build", "synth"},                                  # stages over ingest
    {"sources", "progress"},                             # the per-source unit, what a run says
    {"fragments"},                                       # batches of sources assembled and written
    {"pipeline"},                                        # the one composition
    {"explain", "flows"},                                # one file explained; the Prefect flow
    {"cli"},                                             # the commands
)
MAX_LOOSE_MODULES = 8


def unit(module: str) -> str | None:
    """The house unit of a dotted module: yaodian.build.segment → build; yaodian itself → None."""
    parts = module.split(".")
    return parts[1] if parts[0] == "yaodian" and len(parts) > 1 and parts[1] != "__version__" else None


def floor(name: str) -> int:
    return next(i for i, units in enumerate(FLOORS) if name in units)


def modules() -> list[tuple[str, Path]]:
    found = [(".".join(p.relative_to(ROOT).with_suffix("").parts), p) for p in sorted(PACKAGE.rglob("*.py"))
             if p != PACKAGE / "__init__.py"]
    flows = sorted((ROOT / "flows").rglob("*.py"))  # installed as yaodian.flows
    found += [("yaodian." + ".".join(p.relative_to(ROOT).with_suffix("").parts), p) for p in flows]
    return found


def imported(path: Path, module: str) -> set[str]:
    """Units of yaodian a module imports (at the top or inside a function)."""
    units = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "yaodian":
            names = [f"{node.module}.{a.name}" for a in node.names] if node.module == "yaodian" else [node.module]
            units |= {u for u in map(unit, names) if u}
        elif isinstance(node, ast.Import):
            units |= {u for u in (unit(a.name) for a in node.names) if u}
    return units - {unit(module)}


@pytest.mark.parametrize(("module", "path"), modules(), ids=[m for m, _ in modules()])
def test_imports_go_only_downwards(module, path):
    here = floor(unit(module))
    upward = {u: floor(u) for u in imported(path, module) if floor(u) >= here}
    assert not upward, f"{module} (floor {here}) imports from floor(s) at or above it: {upward}"


def test_every_unit_has_a_floor():
    units = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
             if (p.suffix == ".py" or (p / "__init__.py").is_file()) and p.name != "__init__.py"}
    assert units | {"schemas", "flows"} == set().union(*FLOORS)


def test_few_modules_stay_loose():
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(loose) <= MAX_LOOSE_MODULES, loose


@pytest.mark.parametrize("package", sorted(p.parent for p in PACKAGE.glob("*/**/__init__.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_each_package_names_what_it_holds(package):
    """Its docstring is the map a newcomer reads: every module and sub-folder is named in it."""
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
    held = [p.stem for p in package.glob("*.py") if p.name != "__init__.py"]
    held += [p.name for p in package.iterdir() if (p / "__init__.py").is_file()]
    missing = [name for name in held if name not in doc]
    assert not missing, f"{package.relative_to(ROOT)}/__init__.py does not name {missing}"


def test_the_readme_layout_names_every_package():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Project layout"):]
    packages = [p.parent.name for p in PACKAGE.glob("*/__init__.py")]
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert not [name for name in packages + loose if name not in layout]
