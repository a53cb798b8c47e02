# Entry points for newcomers and CI. Everything runs from a project-local virtual environment (.venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run serve test protos clean

$(STAMP): pyproject.toml backend/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ./backend -e ".[test]"
	touch $(STAMP)

## The main job: JupyterLab with the ModelDB extension on the embedded default (SQLite + artifacts in $MODELDB_HOME).
run: $(STAMP)
	scripts/run-lab

## The standalone tracking server (REST + gRPC) on the embedded default.
serve: $(STAMP)
	$(BIN)/modeldb-backend serve

## The whole test suite (lint included), as CI runs it.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

## Regenerate the committed Python code from backend/protos.
protos: $(STAMP)
	$(BIN)/python backend/scripts/generate_protos.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
