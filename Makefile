# Entry points for newcomers and CI. Everything runs from a project-local virtual environment (.venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_VENV := .bench-venv
BENCH_STAMP := $(BENCH_VENV)/.installed

.PHONY: run serve test test-fast protos bench bench-concurrency bench-cluster clean cluster cluster-down

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

## The whole test suite (lint and type check included), as CI runs it.
test: $(STAMP)
	scripts/ensure-chromium
	scripts/ensure-helm
	scripts/ensure-haproxy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

## The quick loop while working (under two minutes on 2 cores): lint, then the suite without the PostgreSQL (pg),
## browser (ui) and slow tests -- SQLite services over REST and gRPC, the client, magics, widgets, the extension.
test-fast: $(STAMP)
	scripts/ensure-helm
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not pg and not ui and not slow"

## A local cluster of real processes (.cluster/): REPLICAS backend replicas on one PostgreSQL database and moto's
## S3, behind HAProxy on one port (REST and gRPC); prints the URL for MODELDB_URL. HAProxy is installed on demand.
## Kept data and a fixed port: CLUSTER_ARGS="--data ~/modeldb-team --port 8080" (scripts/cluster up --help).
REPLICAS ?= 3
CLUSTER_ARGS ?=
cluster: $(STAMP)
	scripts/ensure-haproxy
	scripts/cluster up --replicas $(REPLICAS) $(CLUSTER_ARGS)

## Stops the local cluster and drops its database.
cluster-down:
	scripts/cluster down

## Regenerate the committed Python code from backend/protos.
protos: $(STAMP)
	$(BIN)/python backend/scripts/generate_protos.py

## MLflow for the benchmark, in its own environment (never in .venv).
$(BENCH_STAMP): bench/requirements-mlflow.txt
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -r bench/requirements-mlflow.txt
	touch $(BENCH_STAMP)

## Side-by-side benchmark against MLflow (writes bench/results/latest.*); e.g. BENCH_ARGS="--runs 10 --w2-runs 1000".
bench: $(STAMP) $(BENCH_STAMP)
	$(BIN)/python bench/vs_mlflow.py $(BENCH_ARGS)

## Concurrent small writes (8 and 32 writers) against serve --workers 1 / N and MLflow's server, on PostgreSQL
## (writes bench/results/concurrency.*); e.g. CONCURRENCY_ARGS="--duration 3 --writers 8".
bench-concurrency: $(STAMP) $(BENCH_STAMP)
	$(BIN)/python bench/concurrency.py $(CONCURRENCY_ARGS)

## Logging and querying through 1, 2 and 3 replicas behind HAProxy (scripts/cluster), CPU per component
## (writes bench/results/cluster_scaling.*); e.g. CLUSTER_BENCH_ARGS="--duration 4 --warmup 1 --runs 200".
bench-cluster: $(STAMP)
	scripts/ensure-haproxy
	$(BIN)/python bench/cluster_scaling.py $(CLUSTER_BENCH_ARGS)

clean:
	rm -rf $(VENV) $(BENCH_VENV) .pytest_cache .ruff_cache .mypy_cache
