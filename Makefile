# The project's verbs. Needs only python3 and make; everything else goes into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= data/raw
OUT ?= reports

.PHONY: setup run report test lint bench notebooks docs clean fuzz

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)  ## create .venv and install the package with its test tools

run: $(STAMP)  ## the main job: load $(DATA), print a summary, write tables and the HTML report to $(OUT)/
	$(BIN)/python -m analysis report $(DATA) --out $(OUT)

TEST_WORKERS ?= auto
test: $(STAMP)  ## every test, notebooks included (nbval compares stored outputs), on $(TEST_WORKERS) workers (one per core)
	$(BIN)/python -m pytest --nbval -q -n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder

FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)  ## the hostile-input fuzz tests with $(FUZZ_EXAMPLES) random inputs each (a few dozen in `make test`)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_hostile.py -k fuzz -q -p no:randomly --hypothesis-show-statistics

lint: $(STAMP)
	$(BIN)/ruff check analysis tests benchmarks
	$(BIN)/ruff format --check analysis tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)  ## speed against baseline libraries, printed as ratios
	$(BIN)/python benchmarks/run.py

notebooks: $(STAMP)  ## re-execute every notebook in place (after changing the package)
	cd notebooks && for nb in [0-9][0-9]_*.ipynb; do ../$(BIN)/jupyter nbconvert --to notebook --execute --inplace $$nb || exit 1; done
	$(BIN)/python -c "import glob, nbformat as nbf; [nbf.write(nb, p) for p in glob.glob('notebooks/[0-9][0-9]_*.ipynb') for nb in [nbf.read(p, as_version=4)] if [c.metadata.pop('execution', None) for c in nb.cells] is not None]"  # no timestamps

docs: $(STAMP)  ## the README's picture
	$(BIN)/python -c "import matplotlib; matplotlib.use('Agg'); import analysis; from analysis import lengths; c = analysis.load_corpus('data/raw'); lengths.plot_turn_timeline(c, '2022-01-21_blinken_geneva_press-availability').figure.savefig('docs/overview.png', dpi=110)"

clean:
	rm -rf $(VENV) $(OUT)
