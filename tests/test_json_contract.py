"""Snapshots of the contracts others build on: the ``sincere.analysis/1`` JSON and the CLI help.

A failing snapshot means a visible change. If it is intended, review the diff, then run
``.venv/bin/pytest tests/test_json_contract.py --snapshot-update`` and commit the new snapshots
(``tests/__snapshots__/``). A change of the JSON *shape* also needs a new ``SCHEMA`` version and
an update of ``docs/json.md``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer.rich_utils
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.json import JSONSnapshotExtension
from typer.testing import CliRunner

import sincere
from sincere.cli import app

ROOT = Path(__file__).parents[1]
FIXTURE = Path("tests/data/contract/coffee.txt")

ENV: dict[str, str | None] = {
    "COLUMNS": "100",
    "LINES": "50",
    "NO_COLOR": "1",
    "TERM": "dumb",
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "SINCERE_DEBUG": None,
}
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def json_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(JSONSnapshotExtension)


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the project root, so ``source.path`` is the relative path of the fixture."""
    monkeypatch.chdir(ROOT)


@pytest.fixture
def stable_help(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typer reads these from the environment at import time: pin them for the help snapshots."""
    monkeypatch.setattr(typer.rich_utils, "MAX_WIDTH", 100, raising=False)
    monkeypatch.setattr(typer.rich_utils, "FORCE_TERMINAL", None, raising=False)


def shape(value: Any) -> Any:
    """Keys and value types, recursively; a list is reduced to its first element's shape."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if value is None:
        return "null"
    return type(value).__name__


def analyze_fixture(*extra: str) -> str:
    result = CliRunner(env=ENV).invoke(
        app, ["analyze", str(FIXTURE), "--format", "json", "--me", "Nora", "-q", *extra]
    )
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def help_text(*args: str) -> str:
    result = CliRunner(env=ENV).invoke(app, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return _ANSI.sub("", result.stdout)


def test_json_contract_fixture_is_small_and_self_contained() -> None:
    path = ROOT / FIXTURE
    assert path.is_file()
    assert len(path.read_text(encoding="utf-8").splitlines()) < 20


@pytest.mark.usefixtures("in_root")
def test_json_contract_shape(json_snapshot: SnapshotAssertion) -> None:
    document = json.loads(analyze_fixture())
    assert document["schema"] == sincere.SCHEMA
    assert json_snapshot == shape(document)


@pytest.mark.usefixtures("in_root")
def test_json_contract_full_output(snapshot: SnapshotAssertion) -> None:
    output = analyze_fixture()
    document = json.loads(output)
    (conversation,) = document["conversations"]
    assert conversation["source"]["path"] == FIXTURE.as_posix()
    assert snapshot == output


@pytest.mark.usefixtures("in_root")
def test_json_contract_output_is_deterministic() -> None:
    assert analyze_fixture() == analyze_fixture()


def test_json_contract_library_matches_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    (conversation,) = sincere.load(FIXTURE)
    document = sincere.report_dict([sincere.analyze(conversation, me="Nora")])
    assert document == json.loads(analyze_fixture())


@pytest.mark.usefixtures("stable_help")
def test_json_contract_cli_help(snapshot: SnapshotAssertion) -> None:
    assert snapshot == help_text()


@pytest.mark.usefixtures("stable_help")
def test_json_contract_analyze_help(snapshot: SnapshotAssertion) -> None:
    assert snapshot == help_text("analyze")
