# Frontdesk — developer commands. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432
PYTEST_ARGS ?=
# Each suite appends one line (passed, failed, skipped and why) here; `make test` prints them last.
TEST_REPORT := $(CURDIR)/$(VENV)/test-report.txt

.PHONY: run demo test test-deps test-sqlite test-postgres lint fix install dev messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	PYTHONWARNINGS=ignore $(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.installed
	PYTHONWARNINGS=ignore $(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
dev: $(VENV)/.dev-installed

run: install  ## start Frontdesk on SQLite in ./var (web + worker)
	$(BIN)/frontdesk serve $(ARGS)

demo: install  ## the same, with a realistic demo data set loaded first
	$(BIN)/frontdesk serve --demo $(ARGS)

lint: dev  ## ruff, mypy, migrations and import direction
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy frontdesk
	FRONTDESK_DATA_DIR=$$(mktemp -d) $(BIN)/frontdesk makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/python tools/check_sizes.py

fix: dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test-deps:  ## Chromium, Dovecot, ClamAV, gettext, PostgreSQL client: installed as root, else named
	@bash tools/test_deps.sh
	@mkdir -p $(VENV) && rm -f $(TEST_REPORT)

test-sqlite: dev
	env -u DATABASE_URL FRONTDESK_DATA_DIR=$$(mktemp -d) FRONTDESK_TEST_REPORT=$(TEST_REPORT) \
		$(BIN)/pytest -q -n 2 $(PYTEST_ARGS)

test-postgres: dev  ## a fresh database per run
	DATABASE_URL=$(PG_URL)/frontdesk_$$$$ FRONTDESK_DATA_DIR=$$(mktemp -d) \
		FRONTDESK_TEST_REPORT=$(TEST_REPORT) $(BIN)/pytest -q -n 2 --create-db $(PYTEST_ARGS)

test: test-deps lint test-sqlite test-postgres  ## everything CI runs
	@echo "make test: lint clean; the suites ran on both databases:"
	@cat $(TEST_REPORT)

messages: install  ## refresh translation catalogs after changing strings
	cd frontdesk && ../$(BIN)/frontdesk makemessages -l tr -l lv -l sk -l sl --no-obsolete --ignore 'tests/*'
	cd frontdesk && ../$(BIN)/frontdesk compilemessages

.PHONY: mail-servers
mail-servers:  ## install Dovecot for the email tests (each test run starts its own on loopback)
	@if [ ! -x /usr/sbin/dovecot ] || [ ! -x /usr/lib/dovecot/lmtp ]; then \
		if [ "$$(id -u)" = "0" ]; then apt-get install -y dovecot-imapd dovecot-lmtpd; \
		else sudo apt-get install -y dovecot-imapd dovecot-lmtpd; fi; \
	fi
	@echo "Dovecot: $$(/usr/sbin/dovecot --version)"
	@echo "Nothing keeps running: the email tests start a private Dovecot (IMAP) and an"
	@echo "aiosmtpd sink on free loopback ports in a temp dir and stop them afterwards"
	@echo "(frontdesk/inbox/tests/mailservers.py). Without Dovecot they skip, except under CI=true."

.PHONY: bench bench-small bench-email bench-sla
BENCH_TICKETS ?= 1000000
BENCH_DB ?= sqlite

bench: install  ## benchmark at BENCH_TICKETS (1000000) on BENCH_DB (sqlite|postgres); see bench/README.md
	BENCH_TICKETS=$(BENCH_TICKETS) BENCH_DB=$(BENCH_DB) $(BIN)/python -m bench.run

bench-email: dev  ## email ingestion, messages/s on SQLite and PostgreSQL (target 200/s)
	BENCH_DB=sqlite $(BIN)/python -m bench.email
	BENCH_DB=postgres BENCH_PG_URL=$(PG_URL) $(BIN)/python -m bench.email

BENCH_SLA_LAYOUT ?= time
bench-sla: install  ## one SLA sweep over BENCH_TICKETS open tickets, 1 % due (BENCH_DB, BENCH_SLA_LAYOUT=time|spread)
	BENCH_SLA_TICKETS=$(BENCH_TICKETS) BENCH_DB=$(BENCH_DB) BENCH_SLA_LAYOUT=$(BENCH_SLA_LAYOUT) $(BIN)/python -m bench.sla_sweep

bench-small: install  ## the same at 10,000 tickets: a quick look in under a minute
	BENCH_TICKETS=10000 BENCH_DB=$(BENCH_DB) $(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) build *.egg-info
