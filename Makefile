# Two commands set up everything on a fresh machine:
#   make run   - venv, install, translations, migrate, demo data, serve on 127.0.0.1:8000
#   make test  - venv, install, translations, the whole test suite
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
SEED ?= 2026
PYTEST_ARGS ?= -n auto

.PHONY: run test venv messages makemessages migrate seed serve worker lint check clean bench bench-pages bench-maths

run: venv messages migrate seed serve

# Two sessions: the PostgreSQL concurrency tests are transactional and leave the test
# database flushed when they end, while the browser journeys seed a database of their own
# once per session; in one session on PostgreSQL the journeys would find it empty.
test: venv messages
	$(PY) -m pytest $(PYTEST_ARGS) --ignore=tests/browser
	$(PY) -m pytest $(PYTEST_ARGS) tests/browser

venv: $(STAMP)

$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=python3"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# Compile the translation catalogues (.po -> .mo) with Babel: no system gettext needed.
LOCALE_APPS := portal home innovations judging

messages: venv
	@for app in $(LOCALE_APPS); do \
	  if [ -d $$app/locale ]; then $(VENV)/bin/pybabel compile --domain django --directory $$app/locale || exit 1; fi; \
	done
	@# The admin in Indonesian: what Wagtail's id_ID catalogue lacks (portal/wagtail_i18n).
	$(VENV)/bin/pybabel compile --domain django --directory portal/wagtail_i18n/locale
	$(VENV)/bin/pybabel compile --domain djangojs --directory portal/wagtail_i18n/locale

# Extract new strings (needs GNU gettext: apt-get install gettext).
makemessages: venv
	@for app in $(LOCALE_APPS); do \
	  mkdir -p $$app/locale; \
	  (cd $$app && ../$(PY) ../manage.py makemessages --locale id --locale en --no-obsolete) || exit 1; \
	done

migrate: venv
	$(PY) manage.py migrate --noinput

seed: venv
	$(PY) manage.py seed_demo --seed $(SEED)

# The task worker (background jobs, e-mail, Wagtail's index updates) runs beside the
# server; Ctrl-C (or the server stopping) stops both. Production runs
# `manage.py db_worker` as its own process (README, Production).
serve: venv
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: venv
	$(PY) manage.py db_worker

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

check: venv
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Judging at national size on PostgreSQL (DATABASE_URL), each figure beside its floor;
# writes bench/results/<date>.json. SIZE=XS (smoke), S (default) or L (1,000,000 values).
SIZE ?= S
bench: venv
	@test -n "$$DATABASE_URL" || echo "DATABASE_URL is not set: benchmarking SQLite in memory (issue 15's figures are PostgreSQL's)"
	$(PY) manage.py bench_judging --size $(SIZE)

# The public pages under gunicorn (2 workers) and wrk (16 clients), beside a bare view and
# base.html alone; writes bench/results/<date>-pages.json. Point DATABASE_URL at
# PostgreSQL; INNOVATIONS=N seeds that many first (issue 15 measures 10000).
INNOVATIONS ?= 0
bench-pages: venv
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/1} $(PY) manage.py bench_pages --innovations $(INNOVATIONS)

# The judging maths alone (no database).
bench-maths: venv
	$(PY) -m judging.maths.bench

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
