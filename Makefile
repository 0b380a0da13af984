# nqpf: two commands for a newcomer.
#   make demo   set up .venv, install nqpf, run the baseline scenario, print a summary
#   make test   set up .venv, install nqpf with test, cluster and compiled-kernel extras, run the tests
# Python >= 3.12: the newest of python3.13 / python3.12 found on PATH or under pyenv.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
STAMP_TEST := $(VENV)/.installed-test
PYENV_ROOT ?= $(HOME)/.pyenv
PYTHON ?= $(shell for p in python3.13 python3.12 $(wildcard $(PYENV_ROOT)/versions/3.13*/bin/python3.13) \
            $(wildcard $(PYENV_ROOT)/versions/3.12*/bin/python3.12) python3; do \
            if $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
            echo $$p; break; fi; done)

.PHONY: demo test test-fast lint mutations ui bench venv clean

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
	  echo "error: no Python >= 3.12 found (tried python3.13, python3.12 on PATH and under $(PYENV_ROOT)/versions)." >&2; \
	  echo "       install one (e.g. 'pyenv install 3.13' or 'apt-get install python3.12 python3.12-venv'), or pass PYTHON=/path/to/python3.12." >&2; \
	  exit 1; fi
	@echo "using $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# the runtime only (make demo, make ui)
$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e .
	@touch $(STAMP)

# the runtime plus the test, cluster and compiled-kernel extras (make test)
$(STAMP_TEST): $(STAMP)
	$(PY) -m pip install --quiet -e ".[test,dask,fast]"
	@touch $(STAMP_TEST)

venv: $(STAMP_TEST)

demo: $(STAMP)
	$(VENV)/bin/nqpf run scenarios/baseline.toml --out out/baseline --summary

test: $(STAMP_TEST) lint
	$(PY) -m playwright --version >/dev/null
	$(PY) -m pytest -q

# code checks: ruff (lint and format) and the layer contracts of pyproject.toml (import-linter)
lint: $(STAMP_TEST)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

test-fast: $(STAMP_TEST)
	$(PY) -m pytest -q -m "not slow and not browser"

# hand mutations of the engine that the fast suite must catch (tools/mutations.py)
mutations: $(STAMP_TEST)
	$(PY) tools/mutations.py

ui: $(STAMP)
	$(VENV)/bin/nqpf ui $(if $(PORT),--port $(PORT))

bench: $(STAMP_TEST)
	$(PY) benchmarks/run_benchmarks.py

clean:
	rm -rf $(VENV) out .pytest_cache
