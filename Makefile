# okconf: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
# Fail a recipe when any command of a pipe fails (`pybabel … | tail` must not hide an error).
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(PY) -m flask --app okconf
PORT ?= 5000
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench install install-dev browser vendor translations extract-messages migration clean

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found); set PYTHON=…"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Install the app with its development tools (what the tests need).
$(STAMP): setup.cfg pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP)

install: $(STAMP) translations vendor

translations: | $(STAMP)
	$(VENV)/bin/pybabel compile --use-fuzzy -d okconf/translations --statistics 2>&1 | tail -n 2

extract-messages: | $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 -o okconf/translations/messages.pot --no-location --sort-output .
	$(VENV)/bin/pybabel update -i okconf/translations/messages.pot -d okconf/translations --no-fuzzy-matching --ignore-obsolete

# Front-end libraries from the npm registry (versions pinned in package-lock.json), copied into
# okconf/static/vendor/ so that every page is served locally; nothing is fetched at run time.
VENDOR := okconf/static/vendor
vendor:
	@[ -f node_modules/tom-select/dist/js/tom-select.complete.min.js ] || npm ci --no-audit --no-fund --silent
	@mkdir -p $(VENDOR)/tom-select
	@cp node_modules/tom-select/dist/js/tom-select.complete.min.js node_modules/tom-select/dist/css/tom-select.min.css node_modules/tom-select/LICENSE $(VENDOR)/tom-select/

# Serve the demo on http://127.0.0.1:$(PORT) with a SQLite database in instance/.
run: install
	$(FLASK) db upgrade
	$(FLASK) okconf demo --if-empty
	@echo ""
	@echo "okconf runs on http://127.0.0.1:$(PORT)  (Ctrl-C stops it)"
	@echo "Staff sign-ins: admin@example.org / demo-admin-2011, organiser@example.org / demo-organiser-2011,"
	@echo "                reviewer@example.org / demo-reviewer-2011, reader@example.org / demo-reader-2011"
	@echo ""
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Browser tests need Debian's Chromium and axe-core from the npm registry; never a browser download.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi
	@[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --silent

# The whole suite: SQLite always, PostgreSQL too when OKCONF_TEST_DATABASE_URL is set.
# Two workers (pytest-xdist); each gets its own PostgreSQL database. PYTEST_ARGS=-n0 runs serially.
PYTEST_ARGS ?= -n 2
test: install browser
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check okconf tests benchmarks

format: $(STAMP)
	$(VENV)/bin/ruff format okconf tests benchmarks
	$(VENV)/bin/ruff check --fix .

bench: install
	$(PY) -m benchmarks $(BENCH_ARGS)

# After changing models: write a migration, then read and commit it.
migration: install
	$(FLASK) db migrate -m "$(or $(MSG),schema change)"

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
