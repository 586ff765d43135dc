# The two commands of the README, and what they need. Each target installs what it uses (idempotent).
VENV   := .venv
PY     := $(VENV)/bin/python
PYTHON ?= python3

# Python caches compiled (and pytest assertion-rewritten) modules in __pycache__, which git ignores. A machine that
# sets PYTHONDONTWRITEBYTECODE would have every one of the hundreds of Python processes `make test` starts (CLI runs,
# suite runs of the selftest) compile them again: about 0.8 s of CPU each.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test test-main test-catalogue lint setup up clean

run: setup  ## the main job: simulators + contract checks, reports in reports/
	$(VENV)/bin/golive run

# The two sessions run one after the other. Side by side (make -j3 with lint) was tried and measured: no faster on 2
# cores (21 min 39 s on a clean clone, 2026-12-02; every part is CPU-bound), and a browser check missed its deadline.
test: setup lint  ## lint, the harness's own tests on 2 workers, then the whole-catalogue selftest
	$(MAKE) --no-print-directory test-main
	$(MAKE) --no-print-directory test-catalogue

test-main: setup  ## the harness's own tests on 2 workers (all but the catalogue selftest)
	$(PY) -m pytest -n 2 -q -p no:randomly -m "not catalogue"

test-catalogue: setup  ## the tests that read the one whole-catalogue selftest run (no xdist: it is made once)
	$(PY) -m pytest -q -p no:randomly -p no:xdist -p no:cacheprovider -m catalogue

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
