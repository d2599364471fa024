# One command to set up and build, one to set up and test. Works on a fresh Debian/Ubuntu machine.
PYTHON ?= python3
VENV := .venv
SCORM ?= 1.2

.PHONY: build test setup setup-test preview bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

setup-test: $(VENV)/.installed-test node_modules/.package-lock.json
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Install Chromium first: sudo apt-get install -y chromium" >&2; exit 1; fi; }

build: setup
	$(VENV)/bin/scorm-builder build --scorm $(SCORM)

preview: setup
	$(VENV)/bin/scorm-builder preview

test: setup-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest -n auto

bench: setup-test
	$(VENV)/bin/python bench/run.py

clean:
	rm -rf dist $(VENV) node_modules
