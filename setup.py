"""Package discovery for a tree that installs from four top-level folders.

yaodian/ is the package; flows/, schemas/ and expectations/ stay top-level folders of the
project (the layout the project requires) and install as yaodian.flows, yaodian.schemas and
yaodian.expectations, so an installed yaodian finds them. Every package under each folder
is found, not listed: a new stage subpackage cannot be left out of the wheel
(tests/test_packaging.py builds the wheel and runs it). Everything else is in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

MOUNTED = {"flows": "yaodian.flows", "schemas": "yaodian.schemas", "expectations": "yaodian.expectations"}

# namespace packages too: data folders (site/templates, quality/datadocs/css …) are importable
# folders that setuptools warns about unless they are listed
packages = find_namespace_packages(include=["yaodian", "yaodian.*"], exclude=["*__pycache__*"])
package_dir = {"yaodian": "yaodian"}
for folder, name in MOUNTED.items():
    package_dir[name] = folder
    # data folders without __init__.py (expectations/suites) are packages too, or setuptools warns
    packages += [name] + [f"{name}.{sub}" for sub in find_namespace_packages(folder, exclude=["*__pycache__*"])]

setup(packages=packages, package_dir=package_dir)
