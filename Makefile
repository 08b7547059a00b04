# Every target installs into a local .venv first, so a fresh machine needs only
# Python 3.11+ and make. Re-installs when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test check lint typecheck imports fmt bench fuzz soak clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## make run: migrate the embedded SQLite database, create the demo org, print
## the SCIM base URL, a SCIM token and the GraphQL URL, and serve on :8000.
run: install
	$(BIN)/provisor migrate
	$(BIN)/provisor demo
	$(BIN)/provisor serve --host 127.0.0.1 --port 8000

## make test: the whole suite (SQLite always; PostgreSQL when
## PROVISOR_TEST_DATABASE_URL is set).
test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests bench migrations

typecheck: install
	$(BIN)/mypy

imports: install
	$(BIN)/lint-imports

check: lint typecheck imports test

fmt: install
	$(BIN)/ruff check --fix src tests bench migrations
	$(BIN)/ruff format src tests bench migrations

bench: install
	$(BIN)/python -m bench

fuzz: install
	$(BIN)/python -m tests.fuzz.live

soak: install
	$(BIN)/python -m bench.soak

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache provisor.db provisor.db-*
