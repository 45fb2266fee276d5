# Two commands matter: `make run` (serve the portal on embedded defaults) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app

.PHONY: run test e2e bench lock setup setup-dev translations migrate worker cron lint format clean

# Installs only what the lock files name, each file checked against its SHA-256 (security.md:
# a changed or substituted package fails the install). `make lock` regenerates them after a change to
# requirements*.txt.
$(BIN)/activate: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	touch $(BIN)/activate

$(VENV)/.dev: requirements-dev.lock $(BIN)/activate
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	touch $(VENV)/.dev

LOCK := $(BIN)/uv pip compile --quiet --generate-hashes --universal --python-version 3.11

lock: $(BIN)/activate
	$(BIN)/pip install --quiet uv==0.13.9
	$(LOCK) requirements.txt -o requirements.lock
	$(LOCK) requirements-dev.txt -o requirements-dev.lock

setup: $(BIN)/activate translations

setup-dev: $(VENV)/.dev translations

translations: $(BIN)/activate
	$(BIN)/pybabel compile -d dsar/translations >/dev/null

migrate: setup
	$(FLASK) db upgrade

run: setup
	$(FLASK) dsar init
	$(FLASK) run --host 127.0.0.1 --port 5000 --no-reload --with-threads

worker: setup
	$(FLASK) dsar worker

cron: setup
	$(FLASK) dsar cron

# The tests without the journeys run in two processes (pytest-xdist, a file per worker at a time, so a
# file's tests keep their order); then the journeys, one at a time: side by side they starve each
# other on two cores. JOURNEYS narrows them (CI's SQLite pass: the browser tests, not the deployed
# ones). Exit code 5 is pytest's "no test selected", when PYTEST_ARGS picks tests of one kind only.
JOURNEYS ?= deployed or browser
test: setup-dev
	$(BIN)/python scripts/ensure_test_tools.py
	$(BIN)/pytest -n 2 --dist loadfile -m "not deployed and not browser" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(BIN)/pytest -m "$(JOURNEYS)" $(PYTEST_ARGS) || [ $$? -eq 5 ]

# The journeys alone: the portal deployed as separate processes, and the browser tests.
e2e: setup-dev
	$(BIN)/python scripts/ensure_test_tools.py
	$(BIN)/pytest -m "deployed or browser" $(PYTEST_ARGS)

# Every benchmark at 100,000 and 1,000,000 cases and one table of goals against same-run baselines
# (hours); SMALL=1 runs them at 10,000 cases. BENCH_PG_URL adds PostgreSQL (the database is emptied).
bench: setup-dev
	$(BIN)/python bench/run_all.py

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

extract-messages: setup-dev
	$(BIN)/pybabel extract -F babel.cfg -k _l -o dsar/translations/messages.pot .
	$(BIN)/pybabel update -i dsar/translations/messages.pot -d dsar/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
