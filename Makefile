# One command to start the course, one to test it. Works on a fresh Linux machine with python3 >= 3.11.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: lab test test-fast build bench system-deps clean

lab: $(STAMP)                      ## set up and start JupyterLab on module 00
	$(PY) -m course lab

test: $(STAMP) system-deps         ## set up and run the whole test suite
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) -m pytest -q tests

test-fast: $(STAMP)                ## the suite without the slow end-to-end runs
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) -m pytest -q -m "not slow" tests

build: $(STAMP)                    ## regenerate modules/ from solutions/ with nbgrader
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) -m course build

bench: $(STAMP) system-deps        ## budgets: notebook run time, judge time, autograde overhead
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) tests/benchmarks/run_all.py

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "python3 >= 3.11 is needed (set PYTHON=...)")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	$(PY) -c 'from course.lab import install_overrides; install_overrides()'
	touch $(STAMP)

# The judge's sandbox uses bubblewrap. Installed here when we are root on Debian/Ubuntu (CI);
# elsewhere the judge still runs, with reduced isolation and a warning.
system-deps:
	@command -v bwrap >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null; \
	  else echo "warning: bubblewrap (bwrap) not found: install it for the judge's sandbox (sudo apt-get install bubblewrap)"; fi; }

clean:
	rm -rf $(VENV) build .judge-cache
