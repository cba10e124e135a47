# One entry point for people and CI. `make test` sets everything up on a fresh clone and runs
# the checks (.ci/run, what CI runs, adds two portreg commands on the bundled registry);
# `make check` sets up and checks the bundled registry.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: setup check test lint format typecheck pytest hooks docs bench fuzz clean

# pyproject.toml's requires-python (a test keeps them equal). Checked first: an older pip
# would otherwise backtrack through every release for minutes before giving up.
PYTHON_MIN := 3.11

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; need = tuple(int(n) for n in "$(PYTHON_MIN)".split(".")); sys.exit(0 if sys.version_info[:2] >= need else f"portreg needs Python $(PYTHON_MIN) or newer, but $(PYTHON) is {sys.version.split()[0]}: install one and run make PYTHON=python$(PYTHON_MIN) (or newer)")'
	@echo "setup: creating $(VENV) with $$($(PYTHON) --version)"
	@$(PYTHON) -m venv $(VENV)
	@echo "setup: installing portreg and its development tools into $(VENV) (20-30 s; longer on a busy machine)"
	@bash -c 'set -o pipefail; $(BIN)/python -m pip install --disable-pip-version-check \
		--progress-bar off -e ".[dev]" 2>&1 | grep --line-buffered -E "^(Collecting|Successfully|ERROR)" \
		| cut -c1-100' || { echo "setup: pip failed; see why with $(BIN)/python -m pip install -e '.[dev]'" >&2; exit 1; }
	@touch $(STAMP)
	@echo "setup: done"

setup: $(STAMP)

check: setup
	@status=0; $(BIN)/portreg check || status=$$?; \
	echo "portreg is installed in $(VENV): run $(BIN)/portreg, or . $(BIN)/activate and then portreg"; \
	exit $$status

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

# Regenerate what is generated from the code: docs/rules.md, the JSON Schema, the core schema
# (portreg/loading/core_schema.py), and the output of every example in README.md and docs/*.md
# (tests/doc_examples.py; `make test` fails when stale).
docs: setup
	$(BIN)/python -m portreg.rules_doc > docs/rules.md
	$(BIN)/portreg schema > docs/registry.schema.json
	$(BIN)/python tests/doc_examples.py
	$(BIN)/python -m portreg.loading.core_schema_gen --write

# The fuzzing harness at full size (docs/reliability.md): 10,000 examples in-process and 300
# as real processes; prints the counts of runs, internal errors, hangs and wrong exit codes.
fuzz: setup
	FUZZ_PROFILE=fuzz $(BIN)/pytest -p no:cacheprovider -s -q tests/fuzz_subprocess.py tests/test_fuzz.py

bench: setup
	$(BIN)/python benchmarks/run.py --output benchmarks/results.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov
