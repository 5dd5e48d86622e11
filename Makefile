# The two commands of the README:
#   make run    set up, build the store from the bundled data, and open the dashboard
#   make test   set up (incl. PostgreSQL and Chromium from Debian packages) and run every test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8050

.PHONY: run test venv system-deps load lint bench clean

$(BIN)/sso-tracker: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[test,deploy]'
	touch $@

venv: $(BIN)/sso-tracker

load: venv
	$(BIN)/sso-tracker db upgrade
	$(BIN)/sso-tracker ingest iso-open-data datasets/iso-open-data/
	$(BIN)/sso-tracker import-observations datasets/reference/monograph_itu_ai_focus_groups_2021.csv
	$(BIN)/sso-tracker import-observations --skip-invalid datasets/reference/public_rosters.csv
	$(BIN)/sso-tracker share --body ISO --role secretariat --as-of 2025-08-20 | head -n 12

run: load
	$(BIN)/sso-tracker events --body ISO | tail -n 5
	@echo "Store: data/sso-tracker.sqlite. Dashboard on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/sso-tracker dashboard --host $(HOST) --port $(PORT)

system-deps:
	scripts/system-deps.sh

test: venv system-deps
	scripts/with-postgres.sh $(BIN)/pytest -q

lint: venv
	$(BIN)/ruff check .

bench: venv
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) data/sso-tracker.sqlite*
