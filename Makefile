# One target per habit, used the same way locally and in CI.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Peers for the side-by-side speed benchmark live in their own environment, never in the project's.
PEERS_VENV ?= .venv-peers

.PHONY: demo test lint format typecheck bench bench-peers clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/sincere analyze examples/
	@echo
	@echo "Mirror mode: the same pitch, seen by the one who made it (--me Derek):"
	$(BIN)/sincere analyze examples/en_event_pitch.txt --me Derek --quiet

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

typecheck: $(STAMP)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/quality.py
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/import_speed.py --repeat 1

$(PEERS_VENV)/.installed: pyproject.toml
	@test -x $(PEERS_VENV)/bin/python || $(PYTHON) -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PEERS_VENV)/bin/python -m pip install --quiet torch==2.13.0
	$(PEERS_VENV)/bin/python -m pip install --quiet convokit==5.0.0 whatstk==0.9.1 chat-miner==0.6.0 -e .
	@touch $@

bench-peers: $(PEERS_VENV)/.installed
	$(PEERS_VENV)/bin/python benchmarks/speed.py --peers --json benchmarks/out/speed.json
	$(PEERS_VENV)/bin/python benchmarks/import_speed.py --phases --memory-mb 1024 \
		--json benchmarks/out/import_speed.json

clean:
	rm -rf $(VENV) $(PEERS_VENV) build dist src/*.egg-info .pytest_cache .ruff_cache .mypy_cache
