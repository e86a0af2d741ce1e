# Alongside — the single entry point. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Test workers for pytest-xdist: 2 by default (CI machines have 2 cores); PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
STAMP := $(VENV)/.installed
# USE_UV=0 installs with pip alone.
USE_UV ?= 1
UV_VERSION := 0.13.9

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

# The stamp is written only after the install succeeds, so an interrupted install is redone next time.
$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Alongside needs Python 3.11 or newer; try: make $(MAKECMDGOALS) PYTHON=python3.11")'
	@test -x $(BIN)/pip || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); } \
	  || { rm -rf $(VENV); echo "Could not create $(VENV). On Debian or Ubuntu: sudo apt-get install python3-venv"; exit 1; }
ifeq ($(USE_UV),0)
	$(BIN)/pip install --quiet --disable-pip-version-check --prefer-binary -r requirements-dev.txt
else
	@# uv (from PyPI, pinned) installs the same pinned requirements in ~4 s instead of pip's ~24 s; pip if uv fails.
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION) \
	  && $(BIN)/uv pip install --quiet --python $(PY) -r requirements-dev.txt \
	  || $(BIN)/pip install --quiet --disable-pip-version-check --prefer-binary -r requirements-dev.txt
endif
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install everything

# Compiled catalogues are built from the .po files (not kept in git), with polib: no gettext needed.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
%.mo: %.po $(STAMP)
	@$(PY) scripts/translations.py compile $< $@

translations: $(MO_FILES) ## Compile the translation catalogues (make demo and make test do it)

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --noinput

demo: install translations ## Install, migrate, load the demo, serve on 127.0.0.1:8000 with a worker, print logins
	@bash scripts/serve-demo.sh $(HOST) $(PORT)

demo-code: install ## Print a demo account's current sign-in code: make demo-code EMAIL=admin@riverbend.example
	@$(PY) manage.py demo_code $(EMAIL)

lint: install ## ruff, mypy, template and migration checks, the raw-query guard
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy alongside config
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check
	$(PY) scripts/check_scoped_queries.py
	$(PY) scripts/translations.py check locale/es/LC_MESSAGES/django.po

test: lint translations ## Lint, type checks and the whole suite (set DATABASE_URL/REDIS_URL for PostgreSQL/Redis)
	$(BIN)/pytest -q $(if $(filter-out 0,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS)) $(PYTEST_ARGS)

test-browser: install translations ## Only the browser tests (Debian's chromium), screenshots in test-results/screenshots/
	$(BIN)/pytest -q -m browser tests/browser $(PYTEST_ARGS)

bench: install ## Benchmarks (figures and ratios against a baseline measured in the same run)
	$(PY) bench/run.py

messages: install ## Refresh the Spanish translation catalogue and compile it
	$(PY) scripts/translations.py refresh
	$(MAKE) translations

.PHONY: help install translations migrate demo demo-code lint test test-browser bench messages
