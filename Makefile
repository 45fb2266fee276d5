# Two commands matter: `make run` (serve the portal on embedded defaults) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app

.PHONY: run test e2e setup setup-dev translations migrate worker cron lint format clean

$(BIN)/activate: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(BIN)/activate

$(VENV)/.dev: requirements-dev.txt requirements.txt $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.dev

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

test: setup-dev
	$(BIN)/python scripts/ensure_test_tools.py
	$(BIN)/pytest $(PYTEST_ARGS)

# The journeys alone: the portal deployed as separate processes, and the browser tests.
e2e: setup-dev
	$(BIN)/python scripts/ensure_test_tools.py
	$(BIN)/pytest -m "deployed or browser" $(PYTEST_ARGS)

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
