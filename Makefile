# The two commands of the README, and what they need. Each target installs what it uses (idempotent).
VENV   := .venv
PY     := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run test lint setup up clean

run: setup  ## the main job: simulators + contract checks, reports in reports/
	$(VENV)/bin/golive run

test: setup lint  ## the checks below, the harness's own tests on 2 workers, then the whole-catalogue selftest
	$(PY) -m pytest -n 2 -q -p no:randomly -m "not catalogue"
	$(PY) -m pytest -q -p no:randomly -p no:xdist -m catalogue

lint: setup  ## ruff (lint + format), mypy and the import layers on golive/ and simulators/: zero findings
	$(VENV)/bin/ruff check golive simulators
	$(VENV)/bin/ruff format --check golive simulators
	$(VENV)/bin/mypy golive simulators
	$(VENV)/bin/lint-imports

up: setup  ## start every simulator on loopback until Ctrl-C
	$(VENV)/bin/golive up

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) node_modules reports/contracts reports/wiremock
