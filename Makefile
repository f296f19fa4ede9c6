# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
DATA   ?= data
PORT   ?= 8000
export WASIT_DATA_DIR ?= $(abspath $(DATA))

.PHONY: demo demo-reset test test-faults test-sqlite test-postgres test-browser lint typecheck check-migrations install install-test docs-events

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Wasit needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -e '.[test,dev]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## demo: install, prepare the SQLite database, load the Muscat talks, serve on 127.0.0.1
demo: install
	$(VENV)/bin/wasit demo --port $(PORT)

## demo-reset: forget the demo data and start over
demo-reset:
	rm -rf -- "$(WASIT_DATA_DIR)"
	$(MAKE) demo

## test: install the test tools and run the whole suite (SQLite, then PostgreSQL)
test: install-test lint typecheck check-migrations test-sqlite test-postgres

# Parallel across the machine's cores (pytest-xdist); TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
export TEST_WORKERS

test-sqlite: install-test
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadgroup --ignore=tests/faults -m "not fuzz_in_postgres_phase"

## test-faults: kill -9 twenty times on SQLite and PostgreSQL, restart PostgreSQL under load
test-faults: install-test
	WASIT_FAULT_REPORT=$${WASIT_FAULT_REPORT:-/dev/null} $(VENV)/bin/pytest -s -p no:cacheprovider tests/faults

# PostgreSQL at WASIT_TEST_POSTGRES_URL (default: the local server). Without a
# server the run says so and skips; under CI=true a missing server fails.
test-postgres: install-test
	$(PY) -m tests.postgres_suite

lint: install-test
	$(VENV)/bin/ruff check wasit tests bench
	$(VENV)/bin/lint-imports

typecheck: install-test
	$(VENV)/bin/mypy wasit

check-migrations: install-test
	WASIT_DATA_DIR=$$(mktemp -d) $(PY) -m django makemigrations --check --dry-run --settings=tests.settings

docs-events: install-test
	$(PY) -m wasit.audit.docs > docs/events.md
