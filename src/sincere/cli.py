"""The ``sincere`` command line: parse the input, call the library, format the output.

Every command runs inside :func:`reporting_errors`, the one place that turns a
:class:`~sincere.errors.SincereError` into ``Error: message`` (plus a hint) on stderr and exit
status 2 — never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from sincere import __version__, config
from sincere._progress import Reporter
from sincere.analysis.engine import analyze
from sincere.analysis.lexicon import available_languages
from sincere.analysis.result import ConversationAnalysis
from sincere.errors import SincereError, UsageError
from sincere.importers.registry import IMPORTERS, Loaded, load_all, reads_trees
from sincere.render import to_json
from sincere.render.markdown import render_markdown
from sincere.render.terminal import print_analyses

app = typer.Typer(
    name="sincere",
    help="Tell genuine interest from transactional pressure in your own conversations. "
    "Everything stays on your machine.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

#: Exit status for bad input or bad options (as for a usage error).
EXIT_BAD_INPUT = 2
#: Exit status for an unexpected internal failure.
EXIT_INTERNAL = 1


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def reporting_errors() -> Iterator[None]:
    """Print sincere's errors as one line (and a hint) and exit non-zero, without a traceback."""
    try:
        yield
    except SincereError as error:
        console = _stderr()
        console.print(f"Error: {error}", markup=False)
        if error.hint:
            console.print(f"Hint: {error.hint}", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as error:
        if os.environ.get("SINCERE_DEBUG"):
            raise
        console = _stderr()
        console.print(f"Error: internal error: {type(error).__name__}: {error}", markup=False)
        console.print("Hint: set SINCERE_DEBUG=1 to see the traceback, and report it", markup=False)
        raise typer.Exit(EXIT_INTERNAL) from None


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sincere {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """sincere reads your own conversations and tells who is genuinely interested in you."""


def _check_language(lang: str) -> str:
    choices = ("auto", *available_languages())
    if lang not in choices:
        raise UsageError(f"unknown language {lang!r}; choose one of: {', '.join(choices)}")
    return lang


@app.command("analyze")
def analyze_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, directories (every supported file inside) or - for standard input.",
            show_default=False,
        ),
    ],
    me: Annotated[
        list[str] | None,
        typer.Option(
            "--me",
            help="Your name in the conversation (repeat for aliases); you get mirror-mode tips.",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str, typer.Option("--lang", help="Conversation language: auto, or a code such as fr, en.")
    ] = "auto",
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.text,
    input_format: Annotated[
        str | None,
        typer.Option(
            "--from",
            "--input-format",
            help="Read the input as this format instead of detecting it (see 'sincere formats').",
            show_default=False,
        ),
    ] = None,
    encoding: Annotated[
        str, typer.Option("--encoding", help="Text encoding of the input files.")
    ] = "utf-8",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report to this file instead of stdout.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Do not say which format each file was read as.")
    ] = False,
) -> None:
    """Analyze conversations: per participant, interest, pressure, a verdict and the evidence."""
    with reporting_errors():
        _check_language(lang)
        if me is not None and not any(alias.strip() for alias in me):
            raise UsageError("--me needs a name", hint='e.g. --me "Paul" --me "Paul Martin"')
        aliases = me if me else _configured_me()
        notes = _stderr()
        analyses: list[ConversationAnalysis] = []
        with Reporter(notes, enabled=not quiet) as progress:
            for loaded in load_all(
                paths, format=input_format, encoding=encoding, on_read=progress.reading
            ):
                if loaded.skipped:
                    notes.print(
                        f"Skipped {loaded.path}: {loaded.skipped}", markup=False, style="dim"
                    )
                elif not quiet:
                    notes.print(
                        f"Read {loaded.path} as {loaded.format} ({_counts(loaded)})",
                        markup=False,
                        style="dim",
                    )
                analyses.extend(
                    analyze(progress.watch(c), me=aliases, lang=lang) for c in loaded.conversations
                )
        if me and not any(p.is_me for a in analyses for p in a.participants):
            names = sorted({p.name for a in analyses for p in a.participants})
            notes.print(
                f"Warning: --me {', '.join(me)} matches no participant "
                f"(participants: {', '.join(names[:10])}{'…' if len(names) > 10 else ''})",
                markup=False,
            )
        _emit(analyses, output_format, output)


def _configured_me() -> list[str] | None:
    value = config.get("me")
    if value is None:
        return None
    return [value] if isinstance(value, str) else [str(item) for item in value]


def _counts(loaded: Loaded) -> str:
    count = len(loaded.conversations)
    said = f"{count} conversation{'s' if count != 1 else ''}"
    if loaded.contacts:
        said += f", {len(loaded.contacts)} contact{'s' if len(loaded.contacts) != 1 else ''}"
    return said


def _emit(analyses: list[ConversationAnalysis], fmt: OutputFormat, output: Path | None) -> None:
    if fmt is OutputFormat.json:
        text = to_json(analyses)
    elif fmt is OutputFormat.markdown:
        text = render_markdown(analyses)
    else:
        text = ""
    if output is not None:
        if fmt is OutputFormat.text:
            with open(output, "w", encoding="utf-8") as stream:
                print_analyses(analyses, Console(file=stream, width=100, color_system=None))
        else:
            output.write_text(text, encoding="utf-8")
        return
    if fmt is OutputFormat.text:
        print_analyses(analyses, Console(highlight=False))
    else:
        sys.stdout.write(text)


@app.command("formats")
def formats_command() -> None:
    """List the conversation formats sincere reads, in the order they are detected."""
    table = Table(show_edge=False, header_style="bold")
    table.add_column("Name")
    table.add_column("Extensions")
    table.add_column("What it reads")
    for importer in IMPORTERS.values():
        described = importer.description
        aliases = getattr(importer, "aliases", ())
        if aliases:
            described += f" (also --from {', '.join(aliases)})"
        if reads_trees(importer) and "folder" not in described:
            described += "; also a .zip or folder holding the export"
        table.add_row(importer.name, " ".join(importer.extensions), described)
    Console(highlight=False).print(table)


config_app = typer.Typer(
    help="Show and change your settings (kept in a TOML file in your config directory).",
    no_args_is_help=True,
)
app.add_typer(config_app, name="config")


@config_app.command("set")
def config_set(
    key: Annotated[str, typer.Argument(help="The setting, e.g. me.", show_default=False)],
    values: Annotated[
        list[str],
        typer.Argument(
            help="Its value (several for a list, e.g. your aliases).", show_default=False
        ),
    ],
) -> None:
    """Set a setting, e.g. sincere config set me "Paul" "Paul Martin" "+33 6 12 34 56 78"."""
    with reporting_errors():
        value = config.set_value(key, values)
        shown = ", ".join(value) if isinstance(value, list) else value
        _stderr().print(f"Set {key} = {shown} in {config.path()}", markup=False)


@config_app.command("get")
def config_get(
    key: Annotated[str, typer.Argument(help="The setting, e.g. me.", show_default=False)],
) -> None:
    """Print a setting's value (one line per item of a list); exit 1 when it is not set."""
    with reporting_errors():
        value = config.get(key)
        if value is None:
            raise typer.Exit(1)
        for item in value if isinstance(value, list) else [value]:
            typer.echo(item)


@config_app.command("unset")
def config_unset(
    key: Annotated[str, typer.Argument(help="The setting, e.g. me.", show_default=False)],
) -> None:
    """Remove a setting."""
    with reporting_errors():
        removed = config.unset(key)
        _stderr().print(f"{'Removed' if removed else 'Was not set:'} {key}", markup=False)


@config_app.command("show")
def config_show() -> None:
    """Show every setting, its value and what it is for, and where the file is."""
    with reporting_errors():
        settings = config.load()
        table = Table(title=f"Settings ({config.path()})", title_justify="left")
        table.add_column("Setting")
        table.add_column("Value")
        table.add_column("What it is for")
        for key in config.KEYS.values():
            value = settings.get(key.name)
            shown = ", ".join(value) if isinstance(value, list) else (value or "")
            table.add_row(key.name, shown or "(not set)", key.help)
        Console(highlight=False).print(table)


@config_app.command("path")
def config_path() -> None:
    """Print where the config file is (it may not exist yet)."""
    typer.echo(str(config.path()))


def main() -> None:
    """Console-script entry point."""
    app()
