# One command to start the course, one to test it. Works on a fresh Linux machine with python3 >= 3.11.
# The venv is built from the system's /usr/bin/python3 when it is recent enough: the JupyterHub test
# runs each person's server as their own OS user, and they cannot run an interpreter kept under a
# private home (pyenv's, under /root, mode 700). Otherwise from the first python3 on PATH.
PYTHON ?= $(shell /usr/bin/python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
            && echo /usr/bin/python3 || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The JupyterHub proxy, from the npm registry, into the venv (make clean removes it with the venv).
CHP_VERSION := 5.3.0
CHP := $(VENV)/node/node_modules/.bin/configurable-http-proxy
# The suite runs on WORKERS pytest-xdist workers, each file's tests together (tests/conftest.py): two, for CI's two
# cores (`make test WORKERS=1` runs it in one process).
WORKERS ?= 2

.PHONY: lab test test-fast build bench system-deps hub-proxy clean

lab: $(STAMP)                      ## set up and start JupyterLab on module 00
	$(PY) -m course lab

test: $(STAMP) system-deps hub-proxy  ## set up and run the whole test suite
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) -m pytest -q -n $(WORKERS) tests

test-fast: $(STAMP)                ## the suite without the slow end-to-end runs
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) -m pytest -q -n $(WORKERS) -m "not slow" tests

build: $(STAMP)                    ## regenerate modules/ from solutions/ with nbgrader
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) -m course build

bench: $(STAMP) system-deps        ## budgets: notebook run time, judge time, autograde overhead
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) tests/benchmarks/run_all.py

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "python3 >= 3.11 is needed (set PYTHON=...)")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	$(PY) -c 'from course.notebook.lab import install_overrides; install_overrides()'
	touch $(STAMP)

# The judge's sandbox uses bubblewrap; the browser test drives Debian's chromium (no browser is
# downloaded). Both are installed here when we are root on Debian/Ubuntu (CI); elsewhere the judge
# still runs, with reduced isolation and a warning, and the browser test is skipped.
system-deps:
	@missing=""; \
	command -v bwrap >/dev/null 2>&1 || missing="$$missing bubblewrap"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing$$missing (apt-get)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "warning: not installed:$$missing (sudo apt-get install$$missing): bubblewrap is the judge's sandbox, chromium runs the browser test"; fi; \
	fi

# configurable-http-proxy for the JupyterHub test, pinned, into the venv (never at test time).
hub-proxy: $(CHP)

$(CHP): | $(STAMP)
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --prefix $(VENV)/node --no-audit --no-fund --loglevel=error configurable-http-proxy@$(CHP_VERSION); \
	else echo "warning: npm not found: the JupyterHub test needs configurable-http-proxy (install Node.js and npm)"; fi

clean:
	rm -rf $(VENV) build .judge-cache
