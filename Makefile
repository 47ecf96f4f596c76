# make run  — set up .venv if needed and run the pipeline on the sample corpus (data/raw → output/)
# make test — set up .venv if needed (and Debian's chromium, for the site's browser tests) and run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test clean browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# setuptools advises, on every editable install, to mind same-named folders: not a fault here
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/yaodian run

test: $(STAMP) browser
	$(BIN)/python -m pytest

# the site's tests open it in headless Chromium: Debian's package, installed when missing
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the site's browser tests"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1; } || \
	  echo "warning: chromium could not be installed (apt-get needs root); the browser tests will be skipped"; }

clean:
	rm -rf $(VENV) .prefect output/* output/.cache output/.current.tmp
