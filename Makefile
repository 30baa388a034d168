# opslake — the two commands: `make demo` and `make test`. Each installs what it needs first.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
NODE_STAMP := node_modules/.opslake-installed
PY_STAMP := $(VENV)/.opslake-installed
CHECKOV_VENV := .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.opslake-installed
# Node 24 (Lambda's nodejs24.x) from the npm registry, for the bundle test; the tools run on Node 20.
NODE24 := test/infra/node24
NODE24_STAMP := $(NODE24)/node_modules/.opslake-installed
OPSLAKE := node functions/cli/opslake.mjs
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

help:
	@echo "make demo   install everything, then run the pipeline end to end on generated data"
	@echo "make test   install everything, then run every check (typecheck, lint, tests, dbt, cdk synth, cfn-lint, checkov)"

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Every Python package is pinned with its hashes: pip refuses anything else (--require-hashes), and
# --no-deps because the locks already list every dependency.
PIP_INSTALL = pip install --quiet --disable-pip-version-check --require-hashes --no-deps

# The dev venv: the transform runtime (transforms/requirements.txt) plus test tools. Rebuilt from
# scratch when a lock changes, so a removed package does not linger.
$(PY_STAMP): transforms/requirements.txt requirements-dev.txt
	rm -rf $(VENV) && python3 -m venv $(VENV)
	$(VENV)/bin/$(PIP_INSTALL) -r requirements-dev.txt
	touch $@

# The CLI bundle (functions/cli/dist/): opslake starts from it while its sources are unchanged.
cli-bundle: $(NODE_STAMP)
	node functions/cli/bundle.mjs

# Debian's Chromium for the browser tests (dashboard, report PDF) and pdftotext, when missing.
system-deps:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null || { apt-get update && apt-get install -y chromium poppler-utils; }

$(CHECKOV_STAMP): requirements-checkov.txt
	rm -rf $(CHECKOV_VENV) && python3 -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/$(PIP_INSTALL) -r requirements-checkov.txt
	touch $@

$(NODE24_STAMP): $(NODE24)/package.json $(NODE24)/package-lock.json
	npm ci --prefix $(NODE24) --no-audit --no-fund --loglevel=error
	touch $@

deps: $(NODE_STAMP) $(PY_STAMP) $(CHECKOV_STAMP) $(NODE24_STAMP) cli-bundle system-deps

demo: deps
	$(OPSLAKE) demo

# After `cdk synth`, the template (cdk.out/Opslake.template.json) goes through cfn-lint and checkov,
# both pinned in their venvs; .cfnlintrc.yaml and .checkov.yaml list each skipped check with its reason.
test: deps
	npx tsc --noEmit
	npx biome check .
	npx vitest run --project unit
	npx vitest run --project integration
	npx cdk synth --quiet > /dev/null
	$(VENV)/bin/cfn-lint --config-file .cfnlintrc.yaml
	$(CHECKOV_VENV)/bin/checkov --config-file .checkov.yaml

# Re-lock the Python packages after editing an .in file: requirements-dev.in (runtime + test tools)
# is resolved first, then the runtime lock is constrained to the same versions, so the transform
# task and the tests run the same dbt. Existing pins are kept unless a change needs them to move.
PIP_COMPILE = /tmp/opslake-piptools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links
requirements:
	[ -x /tmp/opslake-piptools/bin/pip-compile ] || { python3 -m venv /tmp/opslake-piptools && /tmp/opslake-piptools/bin/pip install --quiet pip-tools==7.6.2; }
	$(PIP_COMPILE) --output-file=requirements-dev.txt requirements-dev.in
	$(PIP_COMPILE) --constraint=requirements-dev.txt --output-file=transforms/requirements.txt transforms/requirements.in
	$(PIP_COMPILE) --output-file=requirements-checkov.txt requirements-checkov.in

clean:
	rm -rf .opslake cdk.out transforms/target transforms/logs functions/cli/dist

.PHONY: help deps system-deps cli-bundle demo test requirements clean
