# The two commands a newcomer needs: `make demo` and `make test`. Both install what they need first.
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
DEMO_DIR ?= $(CURDIR)/.data/demo
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup demo test test-spatialite test-postgis lint typecheck migrations-check bench clean messages

setup:
	@bash scripts/setup.sh

demo: setup
	$(BIN)/jingtu demo --data-dir "$(DEMO_DIR)" --port $(PORT)

lint: setup
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: setup
	$(BIN)/mypy

migrations-check: setup
	JINGTU_DATA_DIR=$$(mktemp -d) $(PY) -m django makemigrations --check --dry-run --settings=jingtu.project.settings

test-spatialite: setup
	env -u DATABASE_URL $(BIN)/pytest -q -p no:cacheprovider -m "not browser"
	env -u DATABASE_URL $(BIN)/pytest -q -p no:cacheprovider -m browser tests/browser

test-postgis: setup
	DATABASE_URL=$$(bash scripts/postgis.sh) $(BIN)/pytest -q -p no:cacheprovider -m "not browser"
	DATABASE_URL=$$(bash scripts/postgis.sh) $(BIN)/pytest -q -p no:cacheprovider -m browser tests/browser

test: lint typecheck migrations-check test-spatialite test-postgis

bench: setup
	$(PY) bench/run_all.py

messages: setup
	cd src/jingtu && ../../$(PY) -m django makemessages -l zh_Hans -l en --settings=jingtu.project.settings --ignore "engines/*"
	cd src/jingtu && ../../$(PY) -m django compilemessages --settings=jingtu.project.settings

clean:
	rm -rf $(VENV) .data
