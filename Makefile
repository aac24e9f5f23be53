# Two commands on a fresh machine: `make run` and `make test`. Each sets itself up (virtualenv,
# package, system libraries for PDFs, database) and re-running them is quick and harmless.

PYTHON ?= python3
VENV ?= .venv
INSTANCE ?= $(CURDIR)/instance
HOST ?= 127.0.0.1
PORT ?= 5000
STAMP := $(VENV)/.installed
# WeasyPrint's Pango, HarfBuzz's subsetter (without it WeasyPrint silently takes a slower path),
# and the font the PDFs name.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core

.PHONY: run test lint format system-deps clean messages compile-messages

run: $(STAMP) system-deps compile-messages
	INTERVIEW_INSTANCE_PATH=$(INSTANCE) $(VENV)/bin/interview init-db
	INTERVIEW_INSTANCE_PATH=$(INSTANCE) $(VENV)/bin/interview serve --host $(HOST) --port $(PORT)

test: $(STAMP) system-deps compile-messages
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

$(STAMP): pyproject.toml setup.py
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Installs the missing libraries when run as root on Debian/Ubuntu; otherwise prints the command.
system-deps:
	@command -v dpkg >/dev/null 2>&1 || { echo "Not Debian/Ubuntu: install Pango, HarfBuzz (with hb-subset) and DejaVu fonts yourself."; exit 0; }; \
	missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done | tr '\n' ' '); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing system packages: $$missing"; \
	    echo "Install them with: sudo apt-get install -y $$missing"; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache

# Translations (README, "Languages"): `make messages` extracts every `_()` string into
# interview/translations/messages.pot and merges it into each language's messages.po, keeping every
# translation (a changed English text comes back marked fuzzy, a new one empty); re-run it after
# merging new strings. `make compile-messages` writes the .mo files (not committed: `make test` and
# `make run` compile them first, and so does the test set-up in tests/conftest.py).
LANGS ?= sl
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l --no-location --sort-output \
	  --msgid-bugs-address= --project=interview --copyright-holder= \
	  -o interview/translations/messages.pot .
	for lang in $(LANGS); do \
	  if [ -f interview/translations/$$lang/LC_MESSAGES/messages.po ]; then \
	    $(VENV)/bin/pybabel update --no-wrap -i interview/translations/messages.pot -d interview/translations -l $$lang; \
	  else \
	    $(VENV)/bin/pybabel init --no-wrap -i interview/translations/messages.pot -d interview/translations -l $$lang; \
	  fi; \
	done

compile-messages: $(STAMP)
	$(VENV)/bin/python -c "from interview.languages import compile_catalogues; compile_catalogues()"
