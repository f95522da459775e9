# Newsroom: set-up, run and check. Needs GNU make and bash; finds a Python >= 3.12 itself
# (scripts/find-python.sh). `make help` lists the targets.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# Overridable on the command line, e.g. `make serve PORT=9000`, `make test ARGS="-k feed"`.
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 8000
ARGS ?=
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/newsroom

PY := $(VENV)/bin/python
RUFF := $(VENV)/bin/ruff

# Requirements are installed again only when the requirements files' contents change:
# the stamp's name carries a checksum of them.
REQUIREMENTS := $(sort $(wildcard requirements*.txt))
REQ_SUM := $(shell cat $(REQUIREMENTS) /dev/null | cksum | cut -d' ' -f1)
STAMP := $(VENV)/.installed-$(REQ_SUM)

export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Tests and tooling run on the test settings, whatever the caller's shell has set
# (pytest-django lets DJANGO_SETTINGS_MODULE from the environment win over pyproject.toml),
# never in local or debug mode, and without .env (NEWSROOM_ENV_FILE empty: see
# newsroom/env.py). DATABASE_URL is left alone: that is how test-postgres (or a caller)
# picks the database.
TEST_ENV := env -u NEWSROOM_LOCAL -u DJANGO_DEBUG NEWSROOM_ENV_FILE= DJANGO_SETTINGS_MODULE=newsroom.settings_test

# Production-like: no local/debug relaxations, no .env, a fresh random key, a real host name.
DEPLOY_ENV := env -u NEWSROOM_LOCAL -u DJANGO_DEBUG -u SECURE_SSL_REDIRECT -u BEHIND_PROXY \
	-u SECURE_HSTS_SECONDS -u SERVE_MEDIA -u DJANGO_CSRF_TRUSTED_ORIGINS NEWSROOM_ENV_FILE= \
	DJANGO_SETTINGS_MODULE=newsroom.settings DJANGO_ALLOWED_HOSTS=example.org

.PHONY: help venv serve test test-postgres test-browser lint format migrations-check \
	check-deploy bench drill drill-faults vnu lighthouse clean distclean

help:
	@echo "Newsroom"
	@echo "  make serve             set up and run the site on http://$(HOST):$(PORT)/ (demo data, local mode)"
	@echo "  make test              run the whole test suite on SQLite   (ARGS=\"-k name\" passes options to pytest)"
	@echo "  make test-postgres     run the suite on PostgreSQL          (POSTGRES_URL=$(POSTGRES_URL))"
	@echo "  make test-browser      run only the real-browser tests (-m browser)"
	@echo "  make lint              ruff check + ruff format --check"
	@echo "  make format            ruff check --fix + ruff format (rewrites files)"
	@echo "  make migrations-check  fail if models have changes without a migration"
	@echo "  make check-deploy      manage.py check --deploy with production-like settings"
	@echo "  make bench             run the benchmark (bench/run.sh; quick: ARGS=\"--only throughput --dbs sqlite --sizes 1000 --keep-db\")"
	@echo "  make drill             load drill: 200 readers + 4 editors for 60 s on :8107; zero 5xx, zero lost edits"
	@echo "  make drill-faults      fault drills: Redis stopped, worker killed, read-only media (ARGS=--postgres: PG restart)"
	@echo "  make vnu               install the Nu HTML checker (npm vnu-jar $(VNU_VERSION), in $(NPM_TOOLS)/; runs on Debian's Java)"
	@echo "  make lighthouse        Lighthouse scores of the demo site's public pages (ARGS=--readme records them in README.md)"
	@echo "  make clean             remove caches and build output (keeps .venv, db.sqlite3, media/)"
	@echo "  make distclean         clean, and remove $(VENV) too"

# --- Virtual environment -------------------------------------------------------------

$(PY):
	@py="$$(scripts/find-python.sh)"; \
	echo "==> Creating $(VENV) with $$py ($$("$$py" --version 2>&1))"; \
	if [ -f "$(VENV)/pyvenv.cfg" ]; then \
		"$$py" -m venv --clear "$(VENV)"; \
	else \
		"$$py" -m venv "$(VENV)"; \
	fi

$(STAMP): | $(PY)
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
		echo "$(VENV) runs $$($(PY) --version 2>&1); Newsroom needs Python >= 3.12." >&2; \
		echo "Remove it (make distclean) and run make again." >&2; exit 1; }
	@echo "==> Installing requirements-dev.txt into $(VENV) (a minute or two the first time)"
	@rm -f "$(VENV)"/.installed-*
	@$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch "$@"

venv: $(STAMP)

# --- Run -------------------------------------------------------------------------------

# Local mode (NEWSROOM_LOCAL=1): a generated secret key in var/, plain http, media served
# by the app; DEBUG stays off. manage.py and gunicorn read .env themselves (newsroom/env.py);
# anything already set in the environment or on the make command line wins over it. The
# site is served on HOST:PORT (GUNICORN_BIND is emptied), and SITE_URL defaults to it.
serve: venv
	@export DJANGO_SETTINGS_MODULE=newsroom.settings NEWSROOM_LOCAL=1 GUNICORN_BIND=; \
	echo "==> Applying migrations"; \
	$(PY) manage.py migrate --noinput; \
	echo "==> Loading demo content"; \
	$(PY) manage.py seed_demo; \
	echo "==> Collecting static files"; \
	$(PY) manage.py collectstatic --noinput --verbosity 0; \
	urls="$$($(PY) manage.py shell --no-imports -c "from django.conf import settings; from django.urls import reverse; \
		print(settings.SITE_URL, reverse('admin:index'))" | tail -n 1)"; \
	echo; \
	echo "  Site:  $${urls%% *}/"; \
	echo "  Admin: $${urls%% *}$${urls#* }"; \
	echo "  (Ctrl-C stops the server)"; \
	echo; \
	exec $(VENV)/bin/gunicorn -c gunicorn.conf.py $(ARGS) newsroom.wsgi:application

# --- Tests -----------------------------------------------------------------------------

test: venv
	@$(TEST_ENV) $(PY) -m pytest $(ARGS)

test-postgres: venv
	@echo "==> Test suite on $(POSTGRES_URL)"
	@$(TEST_ENV) DATABASE_URL="$(POSTGRES_URL)" $(PY) -m pytest $(ARGS)

# Only the browser tests; here a missing Chromium is a failure, not a skip (`make test` skips
# them and says so). Screenshots land in test-artifacts/screenshots/.
test-browser: venv
	@$(TEST_ENV) NEWSROOM_BROWSER_TESTS=require $(PY) -m pytest -m browser $(ARGS)

# --- Checks ----------------------------------------------------------------------------

lint: venv
	@rc=0; \
	echo "==> ruff check"; $(RUFF) check . || rc=1; \
	echo "==> ruff format --check"; $(RUFF) format --check . || rc=1; \
	exit "$$rc"

# Formats even when some lint errors need a human; exits non-zero if any remain.
format: venv
	@rc=0; $(RUFF) check --fix . || rc=1; $(RUFF) format .; exit "$$rc"

migrations-check: venv
	@$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

# Any warning fails, except check ids listed here on purpose (none: the production settings
# are clean, HSTS preload directive included; see newsroom/settings/security.py).
DEPLOY_ALLOWED_CHECKS ?=

check-deploy: venv
	@out="$$($(DEPLOY_ENV) DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(PY) manage.py check --deploy 2>&1)" || { printf '%s\n' "$$out"; exit 1; }; \
	printf '%s\n' "$$out"; \
	unexpected="$$(printf '%s\n' "$$out" | grep -oE '\([a-z_]+\.[A-Z][0-9]+\)' | tr -d '()' | sort -u \
		| grep -vxF -e '(none allowed)' $(foreach c,$(DEPLOY_ALLOWED_CHECKS),-e $(c)) || true)"; \
	if [ -n "$$unexpected" ]; then \
		echo "check --deploy: not allowed: $$(echo $$unexpected) (allowed: $(or $(DEPLOY_ALLOWED_CHECKS),none))" >&2; exit 1; \
	fi

# Reliability drills (bench/drill_*.py, docs/operations.md): loopback only, bounded in time,
# PostgreSQL database nr_drill and Redis db 7; figures go to bench/results/drill-*.json.
drill: venv
	@$(PY) -m bench.drill_load $(ARGS)

drill-faults: venv
	@$(PY) -m bench.drill_faults $(ARGS)

bench: venv
	@VENV="$(VENV)" bash bench/run.sh $(ARGS)

# --- Tools from npm --------------------------------------------------------------------

# The Nu HTML checker that tests/newsroom/test_valid_html.py runs on every public page kind.
# Its install script would download a Java of its own: skipped, Debian's default-jre-headless runs it.
# Each tool has a folder of its own: npm removes from a folder what it was not asked for.
VNU_VERSION ?= 26.9.27
LIGHTHOUSE_VERSION ?= 13.5.0
NPM_TOOLS ?= var/npm

vnu:
	@grep -qs '"version": "$(VNU_VERSION)"' $(NPM_TOOLS)/vnu/node_modules/vnu-jar/package.json \
		|| npm install --prefix $(NPM_TOOLS)/vnu --no-save --no-audit --no-fund --ignore-scripts vnu-jar@$(VNU_VERSION)
	@echo "Nu HTML checker: $(NPM_TOOLS)/vnu/node_modules/vnu-jar/build/dist/vnu.jar ($(VNU_VERSION))"

# Lighthouse (mobile) on the demo site's home, an article, a section, a tag and search results, on
# Debian's Chromium (scripts/lighthouse.py); ARGS=--readme writes the scores into README.md.
lighthouse: venv
	@grep -qs '"version": "$(LIGHTHOUSE_VERSION)"' $(NPM_TOOLS)/lighthouse/node_modules/lighthouse/package.json \
		|| npm install --prefix $(NPM_TOOLS)/lighthouse --no-save --no-audit --no-fund --ignore-scripts \
			lighthouse@$(LIGHTHOUSE_VERSION)
	@$(PY) scripts/lighthouse.py $(ARGS)

# --- Housekeeping ----------------------------------------------------------------------

# Keeps the database (db.sqlite3), uploaded media and var/secret_key: they are data.
clean:
	rm -rf .pytest_cache .ruff_cache staticfiles var/cache var/test-media test-artifacts
	find . \( -name .git -o -name .venv -o -name node_modules \) -prune -o \
		-name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf "$(VENV)"
