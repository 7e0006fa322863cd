# Every target does its own set-up, so each works on a fresh clone.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export CHECKPOINT_DISABLE := 1
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: venv synth test cdktf-synth bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The package and its test extras (a no-op when nothing changed).
venv: $(PY)
	$(PY) -m pip install --quiet -e '.[test]'

# Synthesize the complete example app into cdktf.out/ (what the root cdktf.json runs).
synth: venv
	$(PY) examples/production/main.py

# The whole test suite, one process.
test: venv
	$(PY) -m pytest

# The same synth through the cdktf CLI (installs cdktf-cli@0.21.0 locally with npm).
cdktf-synth: venv
	test -x node_modules/.bin/cdktf || npm install --no-audit --no-fund --silent
	node_modules/.bin/cdktf synth

bench: venv
	$(PY) bench/report.py

clean:
	rm -rf $(VENV) cdktf.out node_modules
