PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/referral-desk --demo

test: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run
	@echo "\nsync through a bad network, longer randomised run:"
	RD_FAULT_EXAMPLES=40 $(BIN)/pytest -q tests/test_sync_faults.py -k bad_network

clean:
	rm -rf $(VENV) .pytest_cache build dist
