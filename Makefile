# The two commands of the quick start: `make demo` and `make test`.
# Both create .venv when missing and install the project into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck pytest system clean robustness

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(DEVSTAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP) $@

# System packages: fonts for Cyrillic and Hangul in PDF briefs. Installed only
# when missing, so the target is cheap on a machine that already has them.
system:
	@sh scripts/system-deps.sh

demo: $(STAMP) system
	$(BIN)/axiswatch demo --no-serve

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests benchmarks

typecheck: $(DEVSTAMP)
	$(BIN)/mypy

pytest: $(DEVSTAMP) system
	$(BIN)/pytest

test: lint typecheck pytest

# The long form of the robustness suite (the short form runs inside `make test`): more hypothesis
# examples, 200 kill -9 trials, then the figures (inputs fuzzed, crashes, kill trials survived).
robustness: $(DEVSTAMP)
	AXISWATCH_ROBUSTNESS=long $(BIN)/pytest tests/robustness -m "not slow or slow" --timeout 3600
	$(BIN)/axiswatch bench robustness --fuzz 200 --kills 100 --seed 1 --clients 50 --load-seconds 60

clean:
	rm -rf $(VENV) axiswatch-demo *.duckdb
