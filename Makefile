# crimestats: `make demo` and `make test` are the two entry points; both install first.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
STAMP := $(VENV)/.installed-stamp
export UV_COMPILE_BYTECODE := 1
export UV_LINK_MODE := copy

.PHONY: install demo test check lint format pytest lock bench clean airflow browser

install: $(STAMP)

# Re-runs only when the dependency declarations change; otherwise `make install` is a no-op.
$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || python3 -m venv $(VENV)
	@test -x $(UV) || $(PY) -m pip install --quiet --disable-pip-version-check uv
	$(UV) pip install --python $(PY) --quiet -c requirements.lock -e '.[airflow,dev]'
	@touch $(STAMP)

# Pin every transitive dependency so a fresh clone resolves the same set (needs the venv's uv).
lock:
	@test -x $(UV) || (python3 -m venv $(VENV) && $(PY) -m pip install --quiet uv)
	$(UV) pip compile pyproject.toml --extra airflow --extra postgres --extra dev --python-version 3.11 \
		--quiet --no-header -o requirements.lock

demo: install
	$(VENV)/bin/crimestats demo

check: install
	$(VENV)/bin/ruff check pipeline dags tests bench
	$(VENV)/bin/ruff format --check pipeline dags tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/sqlfluff lint sql

format: install
	$(VENV)/bin/ruff check --fix pipeline dags tests bench
	$(VENV)/bin/ruff format pipeline dags tests bench
	$(VENV)/bin/sqlfluff fix sql

pytest: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Headless Chromium for the report's browser test, and a CJK font so the screenshot shows the
# Chinese labels (Debian's packages; root or sudo needed once).
BROWSER_PACKAGES := chromium fonts-wqy-zenhei
browser:
	@(command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi wqy) || \
		( (apt-get update -qq || sudo apt-get update -qq) && \
		  (apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null || \
		   sudo apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null) )

test: check browser pytest

# A local Airflow UI on this project's DAGs: http://127.0.0.1:8080 (login printed at start-up).
# Small-machine settings: 2 parallel tasks. State lives in .airflow/, data in data/.
AIRFLOW_ENV := PATH=$(CURDIR)/$(VENV)/bin:$$PATH AIRFLOW_HOME=$(CURDIR)/.airflow \
	AIRFLOW__CORE__DAGS_FOLDER=$(CURDIR)/dags \
	AIRFLOW__CORE__LOAD_EXAMPLES=False AIRFLOW__CORE__PARALLELISM=2 \
	AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG=2 AIRFLOW__API__HOST=127.0.0.1 \
	CRIMESTATS_DB=$(CURDIR)/data/warehouse.duckdb CRIMESTATS_ARCHIVE=$(CURDIR)/data/raw
airflow: install
	@mkdir -p .airflow data
	$(AIRFLOW_ENV) $(VENV)/bin/airflow db migrate >/dev/null
	$(AIRFLOW_ENV) $(VENV)/bin/airflow pools set crimestats_warehouse 1 "crimestats warehouse writer" >/dev/null
	$(AIRFLOW_ENV) exec $(VENV)/bin/airflow standalone

bench: install
	for f in bench/*.py; do $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
