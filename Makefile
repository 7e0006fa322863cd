# Every target does its own set-up, so each works on a fresh clone.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export CHECKPOINT_DISABLE := 1
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: venv synth test cdktf-synth docs bench venv-cdktn test-cdktn clean

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

# The HTML API reference from the docstrings (pdoc) into build/docs/ (gitignored); open build/docs/index.html.
# PDOC_ALLOW_EXEC: importing the library starts the jsii kernel (node), which pdoc blocks by default.
docs: venv
	$(PY) -m pip install --quiet -e '.[test,docs]'
	rm -rf build/docs
	PDOC_ALLOW_EXEC=1 $(PY) -m pdoc --docformat restructuredtext --output-directory build/docs \
		sagemaker_tf sagemaker_tf.testing sagemaker_tf.cli
	test -s build/docs/sagemaker_tf.html && test -s build/docs/sagemaker_tf/cli/review.html

bench: venv
	$(PY) bench/report.py

# CDK Terrain (cdktn) in a venv of its own: cdktn and cdktf cannot share an app, and cdktn needs constructs<10.8.
CDKTN_PINS := cdktn==0.24.0 cdktn-provider-aws==25.8.1 cdktn-provider-docker==16.1.0 constructs==10.7.2 pytest==9.2.0
venv-cdktn:
	test -x .venv-cdktn/bin/python || $(PYTHON) -m venv .venv-cdktn
	.venv-cdktn/bin/python -m pip install --quiet $(CDKTN_PINS)
	.venv-cdktn/bin/python -m pip install --quiet --no-deps -e .

# The fast provider import for cdktn (its own tests; the suite's conftest needs cdktf).
test-cdktn: venv-cdktn
	.venv-cdktn/bin/python -m pytest --noconftest tests/test_fast_import_cdktn.py
	.venv-cdktn/bin/python -m pytest --noconftest tests/test_fast_import.py -k "every_generated or submodule_list"

clean:
	rm -rf $(VENV) .venv-cdktn cdktf.out node_modules
