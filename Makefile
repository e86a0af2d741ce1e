# Alongside — the single entry point. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(BIN)/activate

install: $(BIN)/activate ## Create .venv and install everything

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --noinput

demo: install ## Install, migrate, load the demo, serve on 127.0.0.1:8000 with a worker, print logins
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py demo_load
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

test: lint ## Lint, type checks and the whole suite (set DATABASE_URL/REDIS_URL for PostgreSQL/Redis)
	$(BIN)/pytest -q

bench: install ## Benchmarks (figures and ratios against a baseline measured in the same run)
	$(PY) bench/run.py

messages: install ## Refresh the Spanish translation catalogue and compile it
	$(PY) manage.py makemessages -l es --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

.PHONY: help install migrate demo demo-code lint test bench messages
