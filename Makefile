# opslake — the two commands: `make demo` and `make test`. Each installs what it needs first.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
NODE_STAMP := node_modules/.opslake-installed
PY_STAMP := $(VENV)/.opslake-installed
OPSLAKE := node functions/cli/opslake.mjs
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

help:
	@echo "make demo   install everything, then run the pipeline end to end on generated data"
	@echo "make test   install everything, then run every check (typecheck, lint, tests, dbt, cdk synth)"

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(PY_STAMP): transforms/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r transforms/requirements.txt
	touch $@

# The CLI bundle (functions/cli/dist/): opslake starts from it while its sources are unchanged.
cli-bundle: $(NODE_STAMP)
	node functions/cli/bundle.mjs

# Debian's Chromium for the browser tests (dashboard, report PDF) and pdftotext, when missing.
system-deps:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null || { apt-get update && apt-get install -y chromium poppler-utils; }

deps: $(NODE_STAMP) $(PY_STAMP) cli-bundle system-deps

demo: deps
	$(OPSLAKE) demo

test: deps
	npx tsc --noEmit
	npx biome check .
	npx vitest run --project unit
	npx vitest run --project integration
	npx cdk synth --quiet > /dev/null

# Re-pin the Python tools after editing transforms/requirements.in.
requirements:
	rm -rf /tmp/opslake-requirements && python3 -m venv /tmp/opslake-requirements
	/tmp/opslake-requirements/bin/pip install --quiet -r transforms/requirements.in
	{ head -2 transforms/requirements.txt; /tmp/opslake-requirements/bin/pip freeze; } > transforms/requirements.txt.new
	mv transforms/requirements.txt.new transforms/requirements.txt

clean:
	rm -rf .opslake cdk.out transforms/target transforms/logs functions/cli/dist

.PHONY: help deps system-deps cli-bundle demo test requirements clean
