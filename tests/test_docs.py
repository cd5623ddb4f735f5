"""The documentation keeps up with the code: commands, options, signals, formats, links."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer.main

from sincere.analysis.lexicon import CUE_SIGNALS
from sincere.cli import OutputFormat, app
from sincere.importers.registry import IMPORTERS

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
CLI_DOC = DOCS / "cli.md"
ANALYSIS_DOC = DOCS / "analysis.md"

#: Signals the engine adds to the lexicon's cue signals (in ``signals`` or ``evidence``).
ENGINE_SIGNALS = (
    "follow_up_question",
    "question",
    "help_granted",
    "resurfaced_with_ask",
    "disclaimed_pitch",
    "longest_turn",
    "self_talk",
    "ask_advice_casual",
    "network_probe_casual",
)

#: Documents written later by someone else: links to them may dangle until they land.
PENDING = {ANALYSIS_DOC}


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def commands() -> list[tuple[str, Any]]:
    """``(command path, click command)`` for the app and each of its subcommands, nested ones
    (``sincere config set``) included."""
    root = typer.main.get_command(app)
    found: list[tuple[str, Any]] = []

    def walk(path: str, command: Any) -> None:
        found.append((path, command))
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(f"{path} {name}", sub)

    walk("sincere", root)
    return found


def params(command: Any, name: str) -> list[Any]:
    """Every parameter of a click command, the automatic ``--help`` included."""
    context = command.context_class(command, info_name=name)
    return list(command.get_params(context))


def option_cases() -> list[tuple[str, str]]:
    cases: list[tuple[str, str]] = []
    for path, command in commands():
        for param in params(command, path):
            if param.param_type_name == "option":
                cases.extend((path, opt) for opt in (*param.opts, *param.secondary_opts))
    return cases


def slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    text = heading.strip().lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6} (.+)$", read(path), re.MULTILINE)}


# The command line


def test_docs_cli_exists_and_lists_every_command() -> None:
    text = read(CLI_DOC)
    subcommands = [path for path, _ in commands() if path.count(" ") == 1]
    assert subcommands == [
        "sincere analyze",
        "sincere card",
        "sincere config",
        "sincere export",
        "sincere forget",
        "sincere formats",
        "sincere import",
        "sincere ledger",
        "sincere log",
        "sincere people",
        "sincere person",
        "sincere remind",
        "sincere restore",
        "sincere serve",
    ]
    for path in subcommands:
        assert f"## `{path}`" in text, path
    for path, _ in commands():
        if path.count(" ") == 2:
            assert path in text, path


@pytest.mark.parametrize(("command", "option"), option_cases(), ids=lambda value: value)
def test_docs_cli_documents_every_option(command: str, option: str) -> None:
    assert re.search(rf"`{re.escape(option)}[ `]", read(CLI_DOC)), f"{command} {option}"


def test_docs_cli_documents_every_argument() -> None:
    text = read(CLI_DOC)
    for path, command in commands():
        for param in params(command, path):
            if param.param_type_name == "argument":
                shown = param.name.upper() + ("..." if param.nargs == -1 else "")
                assert f"`{shown}`" in text, f"{path} {param.name}"


def test_docs_cli_documents_every_output_format() -> None:
    text = read(CLI_DOC)
    for fmt in OutputFormat:
        assert f"`{fmt.value}`" in text


def test_docs_cli_option_walk_finds_the_known_options() -> None:
    """Guards the introspection itself: an empty walk would make the test above vacuous."""
    found = {option for _, option in option_cases()}
    assert {"--version", "--help", "--me", "--lang", "--format", "-f", "--from"} <= found
    assert {"--input-format", "--encoding", "--output", "-o", "--quiet", "-q"} <= found


# The analysis


def signal_names() -> list[str]:
    return sorted({*CUE_SIGNALS, *ENGINE_SIGNALS})


@pytest.mark.skipif(not ANALYSIS_DOC.exists(), reason="docs/analysis.md is not written yet")
@pytest.mark.parametrize("signal", signal_names())
def test_docs_analysis_documents_every_signal(signal: str) -> None:
    assert re.search(rf"(?<![\w]){re.escape(signal)}(?![\w])", read(ANALYSIS_DOC)), signal


# Formats


@pytest.mark.parametrize("name", list(IMPORTERS))
def test_docs_every_format_has_a_page(name: str) -> None:
    page = DOCS / "formats" / f"{name}.md"
    assert page.is_file(), page
    assert f"(`{name}`)" in read(page).splitlines()[0]
    assert f"formats/{name}.md" in read(DOCS / "index.md")


# Index, links, README, licence


def test_docs_index_links_every_document() -> None:
    index = read(DOCS / "index.md")
    for name in ("cli.md", "json.md", "library.md", "errors.md", "analysis.md"):
        assert f"]({name})" in index, name
    for page in sorted((DOCS / "formats").glob("*.md")):
        assert f"](formats/{page.name})" in index, page.name


def markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]


@pytest.mark.parametrize("path", markdown_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_docs_relative_links_resolve(path: Path) -> None:
    text = re.sub(r"```.*?```", "", read(path), flags=re.DOTALL)
    for match in re.finditer(r"\]\(([^)\s]+)\)", text):
        target = match.group(1)
        if re.match(r"[a-z]+:", target):
            continue
        file_part, _, anchor = target.partition("#")
        resolved = (path.parent / file_part).resolve() if file_part else path
        if resolved in PENDING and not resolved.exists():
            continue
        assert resolved.exists(), f"{path.name}: broken link {target}"
        if anchor and resolved.suffix == ".md":
            assert anchor in anchors(resolved), f"{path.name}: no heading for {target}"


def test_docs_readme_starts_with_the_two_commands() -> None:
    lines = read(ROOT / "README.md").splitlines()
    if lines[0].startswith("# "):
        lines = lines[1:]
    assert lines[:4] == ["```", "make demo", "make test", "```"]


def test_docs_licence_is_mit() -> None:
    licence = read(ROOT / "LICENSE")
    assert licence.startswith("MIT License")
    assert "Copyright (c) 2026 The sincere developers" in licence
