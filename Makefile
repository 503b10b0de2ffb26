# intelgraph: the two commands are `make up` (run the explorer) and `make test` (run the suite).
# Every target is safe to re-run. Neo4j: the project's local server (.neo4j/, `intelgraph db ...`)
# unless NEO4J_URI points at another one (Docker, Aura, a cluster).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
UV_VERSION ?= 0.13.9
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# API worker processes (`intelgraph serve --workers`), each warm before it takes traffic.
WORKERS ?= $(shell nproc 2>/dev/null || echo 1)
PYTEST_ARGS ?=

.PHONY: help venv install up serve test lint bench down clean distclean sysdeps

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found: intelgraph needs Python 3.11 (or run with PYTHON=/path/to/python3.11)" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { echo "error: $(PYTHON) is not Python 3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

venv: $(BIN)/python  ## Create the Python 3.11 virtualenv (.venv)

# Installs exactly the hash-pinned lock (dev extras included: one venv for running and testing),
# then the project itself, editable, without letting it pull anything unpinned. The lock is complete,
# so --no-deps: it holds pyicu-wheels (ICU built in) where followthemoney asks for pyicu, which only
# comes as source needing a compiler and libicu-dev (pyproject.toml).
$(STAMP): $(BIN)/python requirements-dev.lock pyproject.toml
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --require-hashes -r requirements-dev.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e . --no-deps
	@touch $@

install: $(STAMP)  ## Install the pinned dependencies and intelgraph into .venv

up: install  ## Start Neo4j (unless NEO4J_URI), apply the schema, import seeds/, serve on http://127.0.0.1:8000
	@if [ -z "$${NEO4J_URI:-}" ]; then $(BIN)/intelgraph db start; else echo "NEO4J_URI is set: using $$NEO4J_URI"; fi
	$(BIN)/intelgraph db init
	@if $(BIN)/intelgraph import --help >/dev/null 2>&1; then \
		$(BIN)/intelgraph import seeds/; \
	else echo "(no \`intelgraph import\` command yet: seeds/ not imported)"; fi
	@$(MAKE) --no-print-directory serve

serve: install  ## Serve the API (foreground); does nothing if it already answers on HOST:PORT
	@if $(BIN)/python -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
		"http://$(HOST):$(PORT)/health" 2>/dev/null; then \
		echo "intelgraph is already serving on http://$(HOST):$(PORT)/ (docs: /docs, readiness: /ready)"; \
	else \
		echo ""; \
		echo "  Open http://$(HOST):$(PORT)/        the explorer"; \
		echo "       http://$(HOST):$(PORT)/docs    the API (OpenAPI)"; \
		echo "       http://$(HOST):$(PORT)/ready   readiness (200 when Neo4j and its schema are ready)"; \
		echo "  Ctrl-C stops the API; \`make down\` stops Neo4j."; \
		echo ""; \
		$(BIN)/intelgraph serve --host $(HOST) --port $(PORT) --workers $(WORKERS); \
	fi

# pytest exit code 5 means "no tests collected": not a failure for an empty suite.
test: install sysdeps  ## Run the whole suite (a throwaway Neo4j on free ports is started and stopped by the tests)
	$(BIN)/pytest $(PYTEST_ARGS) || { rc=$$?; [ $$rc -eq 5 ] && echo "(no tests collected)" || exit $$rc; }

lint: install  ## ruff on everything, mypy --strict on app and importers
	$(BIN)/ruff check app importers tests bench
	$(BIN)/mypy

bench: install  ## Run every bench/bench_*.py script (each reports ratios against its baseline)
	@shopt -s nullglob; scripts=(bench/bench_*.py); \
	if [ $${#scripts[@]} -eq 0 ]; then echo "(no benchmarks in bench/)"; fi; \
	for script in "$${scripts[@]}"; do echo "== $$script"; $(BIN)/python "$$script"; done

down:  ## Stop the local Neo4j (data kept in .neo4j/)
	@if [ -n "$${NEO4J_URI:-}" ]; then echo "NEO4J_URI is set: nothing local to stop"; \
	elif [ -x $(BIN)/intelgraph ]; then $(BIN)/intelgraph db stop; \
	else echo "no .venv: nothing to stop"; fi

clean:  ## Remove caches and build leftovers (keeps .venv, the graph in .neo4j/ and the shared jar cache)
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist test-artifacts *.egg-info
	find . -path ./.venv -prune -o -name __pycache__ -type d -print0 | xargs -0 rm -rf

distclean: down clean  ## Also delete .venv and the local graph (.neo4j/); the jar cache in ~/.cache/intelgraph stays
	rm -rf $(VENV) .neo4j

# The browser tests (tests/e2e) drive Debian's Chromium; never a browser downloaded by a test tool.
sysdeps:  ## Install Debian's chromium for the browser tests when it is missing (needs root; else they skip)
	@if [ -x /usr/bin/chromium ]; then echo "chromium: present (/usr/bin/chromium)"; \
	elif [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium for the browser tests (tests/e2e)"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "chromium is missing and cannot be installed here (not root, or no apt-get):" \
		"the browser tests (tests/e2e) will be skipped; install it with: sudo apt-get install chromium"; fi
