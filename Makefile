# Two commands do all set-up on a fresh machine (Python 3.11+ and make are all it needs):
#   make        create .venv if missing, install, build every edition into _build/html/
#   make test   the same set-up, then every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: all build print-packages test constraints update serve lint clean system-packages site-tools checks-messages bench-check bench-status bench-build bench-history bench-integrity bench-workspace bench-team bench-real bench-publish

all: build

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)

# Installs exactly the versions of constraints.txt (see its first lines).
$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

# Take new releases on purpose: the newest versions pyproject.toml allows, in a scratch
# environment, written to constraints.txt. Then run 'make test' and commit the file.
constraints:
	rm -rf .venv-constraints && $(PYTHON) -m venv .venv-constraints
	.venv-constraints/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	{ sed -n '1,4p' constraints.txt; .venv-constraints/bin/python -m pip freeze --exclude-editable | grep -v '^#'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt && rm -rf .venv-constraints

build: $(STAMP) print-packages
	$(BIN)/editions build

# The print-ready PDFs need Pango (WeasyPrint shapes text with it) and the editions' fonts for
# Arabic (Amiri) and Latin and Cyrillic (DejaVu). Installed where we may (Debian, as root);
# elsewhere the build says the PDFs were left out and why.
print-packages:
	@missing=""; \
	ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	fc-list 2>/dev/null | grep -qi 'amiri' || missing="$$missing fonts-hosny-amiri"; \
	fc-list 2>/dev/null | grep -qi 'DejaVuSerif' || missing="$$missing fonts-dejavu-core fonts-dejavu-extra"; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing$$missing for the print-ready PDFs"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) || \
	      echo "Could not install$$missing: the build leaves the PDFs out"; \
	  else echo "Not installable here:$$missing; the build leaves the PDFs out"; fi; \
	fi

# The tests use GNU gettext's msgfmt (every catalog must pass msgfmt --check), Debian's
# chromium (the site and the workspace in a real browser), Java (the Nu Html Checker), npm
# (the site tools below) and PostgreSQL (the workspace on it; the test starts its own
# server on loopback). Install them where we may (Debian, as root); elsewhere the tests that need them say
# why they are skipped. (Slim Debian images lack the man folder Java's packages write into.)
system-packages:
	@missing=""; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	ls /usr/share/java/epubcheck.jar >/dev/null 2>&1 || missing="$$missing epubcheck"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing$$missing for the tests"; \
	    mkdir -p /usr/share/man/man1; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) || \
	      echo "Could not install$$missing: the tests that need them will be skipped"; \
	  else echo "Not installable here:$$missing; the tests that need them will be skipped"; fi; \
	fi

# axe-core and the Nu Html Checker (vnu-jar), pinned in tests/site-tools/package-lock.json, for
# tests/test_reader_site.py. npm ci runs only when the lock file is newer than what it installed
# (npm writes node_modules/.package-lock.json). --ignore-scripts: vnu-jar's install script would
# download a Java runtime from GitHub; the machine's Java runs vnu.jar instead.
SITE_TOOLS       := tests/site-tools
SITE_TOOLS_STAMP := $(SITE_TOOLS)/node_modules/.package-lock.json

$(SITE_TOOLS_STAMP): $(SITE_TOOLS)/package-lock.json | system-packages
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "npm is missing: the reader-site tests that need axe-core and vnu-jar will be skipped"; \
	elif (cd $(SITE_TOOLS) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
	        --fetch-retries=1); then \
	  touch $@; \
	else echo "Could not install axe-core and vnu-jar from the npm registry: the reader-site tests that need them will be skipped"; fi

site-tools: $(SITE_TOOLS_STAMP)

test: $(STAMP) system-packages print-packages site-tools
	$(BIN)/python -m pytest

update: $(STAMP)
	$(BIN)/editions update

serve: $(STAMP)
	$(BIN)/editions serve

lint: $(STAMP)
	$(BIN)/ruff check editions tests benchmarks

clean:
	rm -rf _build

# The checks' messages are gettext templates marked where they are made (msg(...), N_(...)):
# extract them and merge them into each language's editions/checks/locale/<lang>/LC_MESSAGES/
# checks.po, then translate what is new (tests/test_check_messages.py fails until it is).
CHECKS_POT := editions/checks/locale/checks.pot
checks-messages: $(STAMP)
	$(BIN)/pybabel extract --no-default-keywords -k msg -k N_ -k plural_msg:2,3 -k N_plural:1,2 --no-location --sort-output \
	  -w 100 -o $(CHECKS_POT) editions/checks editions/catalogs/validity.py
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -w 100 -D checks \
	  -d editions/checks/locale -i $(CHECKS_POT)
	rm -f $(CHECKS_POT)

# Benchmarks print figures; they are not tests. They need translate-toolkit for the comparison.
bench-check: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[bench]'
	$(BIN)/python benchmarks/check_benchmark.py

bench-status: $(STAMP)
	$(BIN)/python benchmarks/status_benchmark.py

bench-build: $(STAMP)
	$(BIN)/python benchmarks/build_benchmark.py

# What reads the git history (progress chart, sitemap dates), after thousands of saves.
bench-history: $(STAMP)
	$(BIN)/python benchmarks/history_benchmark.py

# The catalog-integrity tests, run long (cycles, races, kills): prints what was lost (0).
bench-integrity: $(STAMP) system-packages
	$(BIN)/python benchmarks/integrity_stress.py

# The workspace over HTTP: open a 300-segment statement and save one, among 1,600 catalogs.
bench-workspace: $(STAMP)
	$(BIN)/python benchmarks/workspace_benchmark.py

# A team under load: 50 volunteers for 60 s against 2 server processes, SQLite then a
# throwaway PostgreSQL, loopback only: lost updates (0), msgfmt, save latency.
bench-team: $(STAMP) system-packages
	$(BIN)/python benchmarks/team_load.py

# Errors per check id on real, reviewed translations (python-docs-es, calibre's manual), and
# the speed of a cold `editions check -l es` against translate-toolkit's pofilter.
bench-real: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[bench]'
	$(BIN)/python benchmarks/real_corpora.py

# From a reviewer's accept to the new text in the served folder (the workspace's own rebuild
# and deploy), on a copy of the real project, loopback only: prints the seconds (target < 30).
bench-publish: $(STAMP)
	$(BIN)/python benchmarks/accept_to_served.py
