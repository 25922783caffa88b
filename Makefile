# Two commands do all set-up on a fresh machine (Python 3.11+ and make are all it needs):
#   make        create .venv if missing, install, build every edition into _build/html/
#   make test   the same set-up, then every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: all build test update serve lint clean gettext bench-check

all: build

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

build: $(STAMP)
	$(BIN)/editions build

# GNU gettext's msgfmt checks every catalog in the tests; install it where we may (Debian, root).
gettext:
	@command -v msgfmt >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing GNU gettext (msgfmt) for the catalog tests"; \
	    (apt-get update -qq && apt-get install -y -qq gettext >/dev/null) || \
	      echo "Could not install gettext: the msgfmt tests will be skipped"; \
	  else echo "msgfmt not found and not installable here: the msgfmt tests will be skipped"; fi; }

test: $(STAMP) gettext
	$(BIN)/python -m pytest

update: $(STAMP)
	$(BIN)/editions update

serve: $(STAMP)
	$(BIN)/editions serve

lint: $(STAMP)
	$(BIN)/ruff check editions tests benchmarks

clean:
	rm -rf _build

# Benchmarks print figures; they are not tests. They need translate-toolkit for the comparison.
bench-check: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python benchmarks/check_benchmark.py
