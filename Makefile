PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DESK := $(VENV)/.installed-desk

.PHONY: run test bench fuzz ergonomics trial wheelhouse clean

# After installing, the package's bytecode, as pip writes it for what it installs (an editable install gets
# none, and PYTHONDONTWRITEBYTECODE=1 machines never write it): the desk then starts without compiling itself.
# The tests install the desk, the server's parts and the test tools; `make run` the desk alone, as a
# workstation does (the server's parts are the `server` extra).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/python -m compileall -q referral_desk
	touch $(STAMP)

$(DESK): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	$(BIN)/python -m compileall -q referral_desk
	touch $(DESK)

run: $(DESK)
	$(BIN)/referral-desk --demo

test: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run
	@echo "\nkey -> its screen on the terminal, the year store (issue 25):"
	$(BIN)/python -m benchmarks.key_latency --store benchmarks/out/year.sqlite3
	@echo "\nan idle desk on the year store (issue 28):"
	$(BIN)/python -m benchmarks.idle_bench --store benchmarks/out/year.sqlite3
	@echo "\na shift from 08:00 to past midnight at 200x, a second desk booking through a local server (issue 28):"
	$(BIN)/python -m benchmarks.soak --speed 200
	@echo "\nsync through a bad network, longer randomised run:"
	RD_FAULT_EXAMPLES=40 $(BIN)/pytest -q tests/test_sync_faults.py -k bad_network
	@echo "\nthe server's OpenAPI document under Schemathesis:"
	$(MAKE) fuzz

# The ten commonest desk questions in a real terminal (tmux), keystrokes counted at 120x40 and 80x24.
ergonomics: $(STAMP)
	$(BIN)/python -m tests.ergonomics

# An attacker and a bad day against a real server process (issue 22): hostile tokens, a restore between two
# desks' edits, a damaged backup, a 200-specialty month; on SQLite and PostgreSQL. `make test` runs a short form.
trial: $(STAMP)
	$(BIN)/python -m tests.trial

# Schemathesis against the server's own /openapi.json for RD_FUZZ_SECONDS (default 120).
fuzz: $(STAMP)
	$(BIN)/pip install --quiet -e ".[fuzz]"
	$(BIN)/python -m benchmarks.fuzz

# Every wheel the server and the desk need, for a machine without a package index (README: Install the
# central server). WHEELHOUSE=DIR writes elsewhere; an existing folder is added to, never emptied.
WHEELHOUSE ?= wheelhouse
wheelhouse: $(STAMP)
	$(BIN)/pip wheel --quiet --wheel-dir $(WHEELHOUSE) ".[server]"
	@echo "$(WHEELHOUSE)/: $$(ls $(WHEELHOUSE) | wc -l) wheels; on the server: pip install --no-index --find-links $(WHEELHOUSE) 'referral-desk[server]'; on a desk: ... referral-desk"

clean:
	rm -rf $(VENV) .pytest_cache build dist
