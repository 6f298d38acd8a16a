# The project's verbs. Needs only python3 and make; everything else goes into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= data/raw
OUT ?= reports

.PHONY: setup run report test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)  ## create .venv and install the package with its test tools

run: $(STAMP)  ## the main job: load $(DATA), print a summary, write tables and the HTML report to $(OUT)/
	$(BIN)/python -m analysis report $(DATA) --out $(OUT)

test: $(STAMP)  ## every test, notebooks included (nbval compares stored outputs)
	$(BIN)/python -m pytest --nbval -q

lint: $(STAMP)
	$(BIN)/ruff check analysis tests benchmarks
	$(BIN)/ruff format --check analysis tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)  ## speed against baseline libraries, printed as ratios
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(OUT)
