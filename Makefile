# Two commands for a newcomer: `make report` (build the HTML reports) and `make test`.
# Each bootstraps .venv from the pinned versions in requirements.lock, with every extra
# (the dev extra pulls maps, forecast, reports and build). `make test-fast` is the quick loop:
# everything but the notebook, browser and other slow tests (marked in tests/conftest.py).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: report test test-fast lint data bench wheel clean

$(STAMP): pyproject.toml setup.py requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required (found %s)" % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	@# a plain `jupyter nbconvert` from this environment uses the offline template (no CDN)
	@mkdir -p $(VENV)/etc/jupyter
	ln -sf $(CURDIR)/jupyter_nbconvert_config.py $(VENV)/etc/jupyter/jupyter_nbconvert_config.py
	@touch $@

report: $(STAMP)
	$(PY) -m analysis report

test: $(STAMP)
	$(PY) -m pytest -n 2

test-fast: $(STAMP)
	$(PY) -m pytest -n 2 --dist worksteal -m "not slow"

lint: $(STAMP)
	$(PY) -m ruff check .

# Rebuild every derived table in data/ from the raw snapshots and curated tables.
data: $(STAMP)
	$(PY) scripts/build_data.py

# Static PNGs of the participation map and the regional chart for the README (docs/img/).
.PHONY: figures
figures: $(STAMP)
	$(PY) scripts/readme_figures.py
	$(PY) scripts/readme_status.py

bench: $(STAMP)
	$(PY) benchmarks/names.py
	$(PY) benchmarks/report.py
	$(PY) benchmarks/timeline.py
	$(PY) benchmarks/untc.py

# A wheel in dist/ that carries data/ and notebooks/ (see setup.py); offline, with the
# setuptools of the dev extra.
wheel: $(STAMP)
	rm -rf dist build
	$(PY) -m pip wheel --no-deps --no-build-isolation -w dist .

clean:
	rm -rf $(VENV) reports .pytest_cache dist build *.egg-info
