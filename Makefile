# VinhDanh: the README's commands. Only Python 3.11 is needed for `make run`.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test check bench setup demo messages extract-messages clean-db help

help:
	@echo "make run    - install, migrate, load presets and demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test   - install dev tools and run the whole suite (incl. the missing-migration check)"
	@echo "make check  - ruff lint + format check, and Django's deploy checks under production settings"
	@echo "make bench  - print benchmark figures (name value unit)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet ".[dev]"
	@touch $@

# Extract new strings into the Vietnamese catalogue (needs GNU gettext; developers only).
extract-messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l vi --no-wrap --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=test-artifacts

messages: $(VENV)/.installed
	$(BIN)/python scripts/compile_messages.py

setup: $(VENV)/.installed messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_presets
	$(BIN)/python manage.py load_demo

run: setup
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

PYTEST_ARGS ?= -n 2
test: $(VENV)/.installed-dev messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_ENV=production DEBUG=false SECRET_KEY=check-only-$$(date +%s)-a-long-random-looking-secret-key-value \
	ALLOWED_HOSTS=vinhdanh.example.vn $(BIN)/python manage.py check --deploy --fail-level WARNING

BENCH_DATABASE_URL ?= sqlite:////tmp/vinhdanh-bench.sqlite3
bench: $(VENV)/.installed-dev messages
	rm -f /tmp/vinhdanh-bench.sqlite3
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py migrate --noinput -v 0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py bench

clean-db:
	rm -f db.sqlite3
