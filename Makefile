# Two commands for a newcomer: `make run` and `make test`. Only Python 3.11+ and make needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: run test lint serve gazetteer bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,learn]'
	touch $(STAMP) $@

run: $(STAMP)
	$(BIN)/eventdata run --raw raw --curated curated
	@echo
	@echo 'Try:  $(BIN)/eventdata query "SELECT event_date, sub_event_type, location, actor1, fatalities FROM events ORDER BY event_date"'

test: $(DEVSTAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(DEVSTAMP)
	$(BIN)/ruff check .

serve: $(STAMP)
	$(BIN)/eventdata serve

gazetteer: $(STAMP)
	$(BIN)/eventdata gazetteer build

docs: $(STAMP)
	$(BIN)/eventdata docs

bench: $(DEVSTAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) curated/releases curated/latest.json curated/eventdata.duckdb .pytest_cache
