# okconf: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
# Fail a recipe when any command of a pipe fails (`pybabel … | tail` must not hide an error).
.SHELLFLAGS := -eu -o pipefail -c
# The newest Python >= 3.11 on the PATH (PYTHON=... overrides); empty when none fits.
PYTHON_CANDIDATES := python3.14 python3.13 python3.12 python3.11 python3
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for p in $(PYTHON_CANDIDATES); do \
  command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  2>/dev/null && { echo $$p; break; }; done)
endif
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(PY) -m flask --app okconf
PORT ?= 5000
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench install install-dev browser pg-client vendor translations extract-messages views-index migration clean

$(VENV)/bin/python:
	@[ -n "$(PYTHON)" ] || { echo "okconf needs Python 3.11 or newer; none of $(PYTHON_CANDIDATES) on the PATH is. Install one, or say which: make $(MAKECMDGOALS) PYTHON=/path/to/python3.12"; exit 1; }
	@command -v $(PYTHON) >/dev/null || { echo "PYTHON=$(PYTHON) was not found"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "PYTHON=$(PYTHON) is older than 3.11, which okconf needs"; exit 1; }
	@echo "Creating $(VENV) with $$($(PYTHON) -c 'import sys; print(sys.executable, sys.version.split()[0])')"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Install the app with its development tools (what the tests need).
$(STAMP): setup.cfg pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP)

install: $(STAMP) translations vendor

# Front-end libraries from the npm registry (pinned in package-lock.json), copied into
# okconf/static/vendor/ so the app serves them itself: nothing is fetched at run time.
# jsQR decodes QR codes at the check-in desk; tom-select makes long selects searchable.
# Without npm the pages still work: the scanner then needs a browser with BarcodeDetector and
# the selects stay native.
VENDOR := okconf/static/vendor
VENDOR_FILES := node_modules/jsqr/dist/jsQR.js node_modules/tom-select/dist/js/tom-select.complete.min.js
vendor:
	@if ! ls $(VENDOR_FILES) >/dev/null 2>&1 && ! command -v npm >/dev/null; then \
	  echo "npm is missing: no jsQR or tom-select (the scanner needs BarcodeDetector, selects stay native)"; \
	  exit 0; fi; \
	ls $(VENDOR_FILES) >/dev/null 2>&1 || npm ci --no-audit --no-fund --silent; \
	mkdir -p $(VENDOR)/jsqr $(VENDOR)/tom-select; \
	cp node_modules/jsqr/dist/jsQR.js node_modules/jsqr/LICENSE $(VENDOR)/jsqr/; \
	cp node_modules/tom-select/dist/js/tom-select.complete.min.js \
	  node_modules/tom-select/dist/css/tom-select.min.css node_modules/tom-select/LICENSE $(VENDOR)/tom-select/

translations: | $(STAMP)
	$(VENV)/bin/pybabel compile --use-fuzzy -d okconf/translations --statistics 2>&1 | tail -n 2

# The features' routes, menus and template globals that the app reads when it starts, written
# from the views (okconf/lazyviews.py): after adding or changing a route.
views-index: | $(STAMP)
	$(PY) -m okconf.viewsindex

extract-messages: | $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 -o okconf/translations/messages.pot --no-location --sort-output .
	$(VENV)/bin/pybabel update -i okconf/translations/messages.pot -d okconf/translations --no-fuzzy-matching --ignore-obsolete


# Serve the demo on http://127.0.0.1:$(PORT) with a SQLite database in instance/: a development
# server, so an http BASE_URL is allowed, and the links in mails point at the port it serves.
run: export OKCONF_ALLOW_HTTP_BASE_URL = true
run: export OKCONF_BASE_URL ?= http://127.0.0.1:$(PORT)
run: install
	$(FLASK) db upgrade
	$(FLASK) okconf demo --if-empty
	@echo ""
	@echo "okconf runs on http://127.0.0.1:$(PORT)  (Ctrl-C stops it; links in mails: $(OKCONF_BASE_URL))"
	@echo "Staff sign-ins: admin@example.org / demo-admin-2011, organiser@example.org / demo-organiser-2011,"
	@echo "                reviewer@example.org / demo-reviewer-2011, reader@example.org / demo-reader-2011"
	@echo ""
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Browser tests need Debian's Chromium and axe-core from the npm registry; never a browser download.
# Tests of the PDFs (badges, certificates, reports) read their text with poppler's pdftotext.
browser:
	@if [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null; then \
	  echo "Installing Debian's chromium and poppler-utils for the browser and PDF tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver poppler-utils >/dev/null; \
	fi
	@[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --silent

# The backup tests on PostgreSQL run pg_dump and pg_restore: Debian's client when missing.
pg-client:
	@if [ -n "$${OKCONF_TEST_DATABASE_URL:-}" ] && ! command -v pg_dump >/dev/null; then \
	  echo "Installing Debian's postgresql-client for the backup tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql-client >/dev/null; \
	fi

# The whole suite: SQLite always, PostgreSQL too when OKCONF_TEST_DATABASE_URL is set.
# Two workers (pytest-xdist); each gets its own PostgreSQL database. PYTEST_ARGS=-n0 runs serially.
PYTEST_ARGS ?= -n 2
test: install browser pg-client
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
