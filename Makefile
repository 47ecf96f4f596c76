# make run  — set up .venv if needed and run the pipeline on the sample corpus (data/raw → output/)
# make test — set up .venv if needed and run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/yaodian run

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .prefect output/* output/.cache output/.current.tmp
