# The course's commands. Each bootstraps .venv when missing (and reinstalls only when pyproject.toml changes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LAB_PORT ?= 8888
LAB_ARGS ?=
ROOT_FLAG := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)
PYTEST_ARGS ?=
# The venv's tools first on PATH: nbgrader's gradebook runs `alembic` as a command (Formgrader fails without it).
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: lab test bench setup clean hub hub-stop report bench-cohort

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

## lab: set up and open the course in JupyterLab (the welcome notebook)
lab: $(STAMP)
	@echo "Starting JupyterLab on http://127.0.0.1:$(LAB_PORT) - open the URL with its token printed below"
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) \
		--ServerApp.root_dir=$(CURDIR) --LabApp.default_url=/lab/tree/notebooks/00_welcome.ipynb \
		$(ROOT_FLAG) $(LAB_ARGS)

## test: set up and run the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## bench: notebook execution times, import time, widget latencies
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py
	@echo "Cohort scale (500 trainees x every quiz on PostgreSQL, long): make bench-cohort"

## hub: the cohort deployment on this machine (root): JupyterHub + nbgrader exchange + PostgreSQL gradebook
HUB_ROOT ?= /srv/microneedling-hub
HUB_PORT ?= 8000
hub: $(STAMP)
	$(BIN)/python deploy/hub.py start --root $(HUB_ROOT) --port $(HUB_PORT)

hub-stop: $(STAMP)
	$(BIN)/python deploy/hub.py stop --root $(HUB_ROOT)

## report: the instructor's cohort report (HTML) from a course's gradebook; COURSE=<course folder>
COURSE ?= .
REPORT_ARGS ?=
report: $(STAMP)
	$(BIN)/python -m microneedling.cohort.report --course $(COURSE) --out build/cohort-report.html $(REPORT_ARGS)

## bench-cohort: 50 -> 500 trainees x every quiz: collect, autograde (parallel vs stock serial), report on PostgreSQL
BENCH_COHORT_ARGS ?=
bench-cohort: $(STAMP)
	$(BIN)/python benchmarks/bench_cohort.py $(BENCH_COHORT_ARGS)

clean:
	rm -rf build .pytest_cache
