# VeiligNet: `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
# The demo runs without two-factor so the demo accounts work at once; production requires it (README).
RUN_ENV := VEILIGNET_REQUIRE_2FA=0

.PHONY: install run test lint browser-deps demo bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	@touch $(STAMP)

# Debian's chromium for the Playwright tests (no browser download: the network is closed at run time).
browser-deps:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "chromium ontbreekt: installeren uit Debian"; \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

run: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_demo --if-empty
	@# a django-tasks worker beside the server (background jobs, e.g. screening reports imported in bulk)
	$(RUN_ENV) $(PY) manage.py db_worker & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check veilignet tests bench

test: install browser-deps lint
	$(PY) -m pytest

bench: install
	@echo "Zie bench/README.md: elk script draait los, bv. $(PY) bench/report_throughput.py"

clean:
	rm -rf $(VENV) var
