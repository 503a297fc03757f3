# AKMN Learn — `make run` to try it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
IS_ROOT := $(shell [ "$$(id -u)" = "0" ] && echo yes)
# Debian packages: WeasyPrint (Pango, HarfBuzz subsetting), Noto fonts for every script.
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-noto-cjk poppler-utils
TEST_DEBS := $(RUN_DEBS) chromium
# The benchmarks drive the server with wrk.
BENCH_DEBS := $(RUN_DEBS) wrk
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_WORKERS ?= 2
# Production needs PUBLIC_BASE_URL (config.py); the local targets default it to this machine.
migrate load serve: export PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
run: export AKMN_ENV := development

.PHONY: run serve install install-dev system-deps system-deps-test system-deps-bench secret \
        translations fonts extract-messages migrate load test test-js-deps lint bench bench-smoke \
        clean security

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

install: $(STAMP)
install-dev: $(DEV_STAMP)

define install_debs
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$(IS_ROOT)" = "yes" ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Please install these Debian packages (as root):$$missing"; \
	  fi; \
	fi
endef

system-deps:
	$(call install_debs,$(RUN_DEBS))

system-deps-test:
	$(call install_debs,$(TEST_DEBS))

secret:
	@mkdir -p instance
	@[ -s instance/secret_key ] || ($(BIN)/python -c "import secrets; print(secrets.token_hex(32))" > instance/secret_key && chmod 600 instance/secret_key && echo "Created instance/secret_key")

# The app compiles the complete catalogues itself at start-up (into instance/translations,
# see app/i18n.py); this target checks that every catalogue compiles and keeps .mo files
# beside the .po for tools that look there.
translations: $(STAMP)
	@if ls app/translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
	  $(BIN)/pybabel compile -f -d app/translations 2>&1 | grep -v '^compiling' || true; fi

# Self-hosted Noto subsets (WOFF2) and css/fonts.css: committed; rebuilt only when missing or
# older than the Debian fonts they come from (fonts-noto-core, fonts-noto-cjk).
fonts: $(STAMP)
	$(BIN)/python -m app.webfonts

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k _n --ignore-dirs ".*" \
		-o app/translations/messages.pot .
	$(BIN)/pybabel update -N -i app/translations/messages.pot -d app/translations

migrate: $(STAMP) secret
	$(FLASK) db upgrade

load: migrate translations
	@if $(FLASK) courses --help >/dev/null 2>&1; then $(FLASK) courses import courses/; fi
	$(FLASK) certificates prepare-fonts
	$(FLASK) demo load

run: system-deps $(STAMP) secret fonts load
	@echo "AKMN Learn on http://$(HOST):$(PORT)/ — demo accounts: learner|trainer|organiser|admin@demo.test / akmn-demo"
	AKMN_ENV=development FLASK_RUN_HOST=$(HOST) FLASK_RUN_PORT=$(PORT) $(FLASK) run --host $(HOST) --port $(PORT)

serve: $(STAMP) secret migrate translations
	$(BIN)/gunicorn --workers 2 --bind $(HOST):$(PORT) wsgi:app

lint: $(DEV_STAMP)
	$(BIN)/ruff check .

# axe-core (accessibility checks in the browser tests), pinned in tests/e2e/package-lock.json.
# Without npm the browser tests still run and report the accessibility checks as skipped.
E2E := tests/e2e
test-js-deps:
	@if [ -f $(E2E)/node_modules/.package-lock.json ] && \
	    [ ! $(E2E)/package-lock.json -nt $(E2E)/node_modules/.package-lock.json ]; then :; \
	elif command -v npm >/dev/null 2>&1; then \
	  (cd $(E2E) && npm ci --silent --no-audit --no-fund); \
	else echo "npm not found: the browser tests will skip the axe-core accessibility checks"; fi

test: system-deps-test $(DEV_STAMP) translations fonts test-js-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile

system-deps-bench:
	$(call install_debs,$(BENCH_DEBS))

# Benchmarks (not tests). BENCH_DATABASE_URL=postgresql://… adds a run on a fresh PostgreSQL
# database (created and dropped); BENCH_ARGS="--seconds 10" etc. `make bench-smoke` runs the
# whole harness on a tiny dataset, one second per page, without targets: CI runs it so that a
# change that breaks the benchmark fails there.
bench: system-deps-bench $(DEV_STAMP) translations
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-smoke: system-deps-bench $(DEV_STAMP) translations
	$(BIN)/python bench/run.py --smoke $(BENCH_ARGS)

# Wapiti and sqlmap against a throwaway local instance on 127.0.0.1 (slow: not in CI). They
# live in their own venv (their pins clash with the app's). Reports: security/reports/.
SEC_VENV := security/.venv
$(SEC_VENV)/.installed:
	$(PYTHON) -m venv $(SEC_VENV)
	$(SEC_VENV)/bin/pip install --quiet "wapiti3>=3.2" "sqlmap>=1.8"
	touch $@

security: $(STAMP) translations $(SEC_VENV)/.installed
	$(BIN)/python security/scan.py --tools $(SEC_VENV)/bin $(SECURITY_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache $(E2E)/node_modules $(E2E)/artifacts
