# One task runner: CI runs `make test`, exactly as the README says.
PY      ?= python3
VENV    ?= .venv
BIN      = $(VENV)/bin
STAMP    = $(VENV)/.installed

.PHONY: demo test lint types pytest quality bench clean

# Create the virtual environment from the hash-pinned lock file, then install newsledger itself.
$(STAMP): requirements.lock pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/newsledger demo

test: lint types pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

types: $(STAMP)
	$(BIN)/mypy

# The store tests also run against PostgreSQL when NEWSLEDGER_TEST_PG is set
# (CI: postgresql+psycopg://postgres@127.0.0.1:5432/test).
pytest: $(STAMP)
	$(BIN)/pytest

# Scores on ../shared/datasets must not drop below quality/floors.json.
quality: $(STAMP)
	$(BIN)/python scripts/quality_gate.py

bench: $(STAMP)
	$(BIN)/python bench/bench_analyze.py --write

clean:
	rm -rf $(VENV) newsledger-demo.db newsledger-demo.db-wal newsledger-demo.db-shm
