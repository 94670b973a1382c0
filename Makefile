# The course's commands. Each bootstraps .venv when missing (and reinstalls only when pyproject.toml changes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
LAB_PORT ?= 8888
LAB_ARGS ?=
ROOT_FLAG := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)
PYTEST_ARGS ?=
# The venv's tools first on PATH: nbgrader's gradebook runs `alembic` as a command (Formgrader fails without it).
export PATH := $(CURDIR)/$(BIN):$(PATH)
# The course's own Jupyter settings (jupyter/README.md): trainee view = trainee + common, instructor view = common.
JUPYTER_DIR := $(CURDIR)/jupyter
TRAINEE_CONFIG := $(JUPYTER_DIR)/trainee:$(JUPYTER_DIR)/common
INSTRUCTOR_CONFIG := $(JUPYTER_DIR)/common
LAB_SERVER_ARGS = --ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) --ServerApp.root_dir=$(CURDIR) \
	--LabApp.app_settings_dir=$(JUPYTER_DIR)/lab-settings \
	--LabApp.default_url=/lab/tree/notebooks/00_welcome.ipynb $(ROOT_FLAG) $(LAB_ARGS)

.PHONY: lab instructor test bench setup update trainee-copy clean app hub hub-stop report bench-cohort

## setup: development install (the course package plus the test tools)
setup: $(TEST_STAMP)

# The trainee install: the course package and its dependencies, no test tools.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(TEST_STAMP)

## lab: set up and open the course in JupyterLab (the welcome notebook), as a trainee sees it
lab: $(STAMP)
	@echo "Starting JupyterLab on http://127.0.0.1:$(LAB_PORT) - open the URL with its token printed below"
	JUPYTER_CONFIG_PATH=$(TRAINEE_CONFIG)$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH} \
		$(BIN)/jupyter lab $(LAB_SERVER_ARGS)

## instructor: the same course with nbgrader's tools (Formgrader, Create Assignment, Validate, Assignments)
instructor: $(STAMP)
	@echo "Starting JupyterLab (instructor view) on http://127.0.0.1:$(LAB_PORT) - Nbgrader menu -> Formgrader"
	JUPYTER_CONFIG_PATH=$(INSTRUCTOR_CONFIG)$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH} \
		$(BIN)/jupyter lab $(LAB_SERVER_ARGS)

## update: take the latest course version; lessons you changed that the update also changes are kept as copies
update: $(STAMP)
	$(BIN)/python -m microneedling.update

## app: set up and serve the course as an app (lessons without code, your progress) on http://127.0.0.1:$(APP_PORT)/
APP_PORT ?= 8866
APP_ARGS ?=
app: $(STAMP)
	$(BIN)/python -m microneedling.app --port $(APP_PORT) $(APP_ARGS)

## test: set up and run the whole test suite
test: $(TEST_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## bench: browser and notebook timings, import time, widget latencies; the app's answer recording and first widget;
## grading a 100-trainee cohort from recorded answers against stock execution-based nbgrader; then bench-cohort
bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/bench_app.py
	$(BIN)/python benchmarks/grading.py
	$(BIN)/python benchmarks/bench_cohort.py $(BENCH_COHORT_ARGS)

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
bench-cohort: $(TEST_STAMP)
	$(BIN)/python benchmarks/bench_cohort.py $(BENCH_COHORT_ARGS)

## trainee-copy: build or update the trainee copy of the course (no source/, so no keys) in build/trainee-course
TRAINEE_COPY ?= build/trainee-course
trainee-copy: $(STAMP)
	$(BIN)/python -m microneedling.distribution $(TRAINEE_COPY)

clean:
	rm -rf build .pytest_cache
