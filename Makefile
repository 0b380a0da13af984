# nqpf: two commands for a newcomer.
#   make demo   set up .venv, install nqpf, run the baseline scenario, print a summary
#   make test   set up .venv, install nqpf with test extras, run the test suite
# Python 3.11 (the project's version; newer 3.x also works).

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3; do \
            if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then echo $$p; break; fi; done)

.PHONY: demo test test-fast ui bench venv clean

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
	  echo "error: no Python >= 3.11 found on PATH (tried python3.11, python3.12, python3.13, python3)." >&2; \
	  echo "       install Python 3.11 (e.g. 'pyenv install 3.11' or 'apt-get install python3.11 python3.11-venv')." >&2; \
	  exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e ".[test,dask]"
	@touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/nqpf run scenarios/baseline.toml --out out/baseline --summary

test: $(STAMP)
	$(PY) -m playwright --version >/dev/null
	$(PY) -m pytest -q

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow and not browser"

ui: $(STAMP)
	$(VENV)/bin/nqpf ui $(if $(PORT),--port $(PORT))

bench: $(STAMP)
	$(PY) benchmarks/run_benchmarks.py

clean:
	rm -rf $(VENV) out .pytest_cache
