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

.PHONY: lab test bench setup clean app

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

## app: set up and serve the course as an app (lessons without code, your progress) on http://127.0.0.1:$(APP_PORT)/
APP_PORT ?= 8866
APP_ARGS ?=
app: $(STAMP)
	$(BIN)/python -m microneedling.app --port $(APP_PORT) $(APP_ARGS)

## test: set up and run the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## bench: notebook execution times, import time, widget latencies; the app's answer recording and first widget
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/bench_app.py

clean:
	rm -rf build .pytest_cache
