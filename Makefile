# Two commands do everything: `make site` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: site serve test golden clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

site: $(STAMP)  ## build the example site into public/
	$(BIN)/builder build --site . --out public $(if $(BASE_URL),--base-url $(BASE_URL))

serve: $(STAMP)  ## preview the site with live reload
	$(BIN)/builder serve --site .

test: $(STAMP)  ## run every test
	$(BIN)/python -m pytest -q

golden: $(STAMP)  ## regenerate the golden output of the fixture site after an intended change
	$(BIN)/python tests/golden.py

clean:
	rm -rf public .cache
