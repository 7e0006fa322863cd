# Every target does its own set-up, so each works on a fresh clone.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export CHECKPOINT_DISABLE := 1
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
# CDK Terrain (cdktn) gets its own venv: the two families cannot share one app, and one venv per family keeps
# each test run on exactly one of them.
VENV_CDKTN := .venv-cdktn
PY_CDKTN := $(VENV_CDKTN)/bin/python

.PHONY: venv venv-cdktn synth typecheck lint test test-cdktn cdktf-synth docs bench bench-cdktn clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(PY_CDKTN):
	$(PYTHON) -m venv $(VENV_CDKTN)
	$(PY_CDKTN) -m pip install --quiet --upgrade pip

# The package on cdktf (the default family) and its test extras (a no-op when nothing changed).
venv: $(PY)
	$(PY) -m pip install --quiet -e '.[cdktf,test]'

# The package on cdktn and its test extras, in .venv-cdktn.
venv-cdktn: $(PY_CDKTN)
	$(PY_CDKTN) -m pip install --quiet -e '.[cdktn,test]'

# Synthesize the complete example app into cdktf.out/ (what the root cdktf.json runs).
synth: venv
	$(PY) examples/production/main.py

# mypy --strict over the package ([tool.mypy] in pyproject.toml); its cache is .mypy_cache/ (gitignored), so a
# rerun only checks what changed (the first run reads the provider bindings' stubs and takes minutes).
typecheck: venv
	$(PY) -m mypy --strict --cache-dir .mypy_cache sagemaker_tf/

# ruff (pinned in the test extras, configured in pyproject.toml): the lint rules, then the format check.
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The whole test suite on cdktf, in two pytest-xdist workers (PYTEST_WORKERS=1 for one worker).
PYTEST_WORKERS ?= 2
test: venv
	$(PY) -m pytest -n $(PYTEST_WORKERS)

# The same test files on cdktn (SAGEMAKER_TF_FRAMEWORK makes the choice explicit, see sagemaker_tf/_framework.py).
test-cdktn: venv-cdktn
	SAGEMAKER_TF_FRAMEWORK=cdktn $(PY_CDKTN) -m pytest -n $(PYTEST_WORKERS)

# The same synth through the cdktf CLI (installs cdktf-cli@0.21.0 locally with npm).
cdktf-synth: venv
	test -x node_modules/.bin/cdktf || npm install --no-audit --no-fund --silent
	node_modules/.bin/cdktf synth

# The HTML API reference from the docstrings (pdoc) into build/docs/ (gitignored); open build/docs/index.html.
# PDOC_ALLOW_EXEC: importing the library starts the jsii kernel (node), which pdoc blocks by default.
docs: venv
	$(PY) -m pip install --quiet -e '.[cdktf,test,docs]'
	rm -rf build/docs
	PDOC_ALLOW_EXEC=1 $(PY) -m pdoc --docformat restructuredtext --output-directory build/docs \
		sagemaker_tf sagemaker_tf.testing sagemaker_tf.cli
	test -s build/docs/sagemaker_tf.html && test -s build/docs/sagemaker_tf/cli/review.html

bench: venv
	$(PY) bench/report.py

# End-to-end synth of the production app on cdktn.
bench-cdktn: venv-cdktn
	SAGEMAKER_TF_FRAMEWORK=cdktn $(PY_CDKTN) bench/synth.py

clean:
	rm -rf $(VENV) $(VENV_CDKTN) cdktf.out node_modules
