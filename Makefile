# One entry point for people and CI. `make test` sets everything up on a fresh clone and runs
# every check CI runs; `make check` sets up and checks the bundled registry.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: setup check test lint format typecheck pytest hooks docs bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

check: setup
	$(BIN)/portreg check

test: setup lint typecheck pytest hooks

lint: setup
	$(BIN)/ruff check portreg tests benchmarks
	$(BIN)/ruff format --check portreg tests benchmarks

format: setup
	$(BIN)/ruff format portreg tests benchmarks
	$(BIN)/ruff check --fix portreg tests benchmarks

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest --cov --cov-report=term

# The project's own registry and docs, checked by its own hooks.
hooks: setup
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

# Regenerate what is generated from the code (docs/rules.md, the JSON Schema, the core schema).
docs: setup
	$(BIN)/python -m portreg.rules_doc > docs/rules.md
	$(BIN)/portreg schema > docs/registry.schema.json
	$(BIN)/python -m portreg.core_schema_gen --write

bench: setup
	$(BIN)/python benchmarks/run.py --output benchmarks/results.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov
