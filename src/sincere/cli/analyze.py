"""``sincere analyze`` and ``sincere formats``: read conversations, print the analysis."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from sincere import config
from sincere._progress import Reporter
from sincere.cli._app import app, reporting_errors, stderr
from sincere.errors import UsageError

if TYPE_CHECKING:
    from sincere.analysis.result import ConversationAnalysis
    from sincere.importers.registry import Loaded

# The analysis, the importers and the renderers are imported inside the commands, so that every
# other command of the CLI starts without loading them.


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def _check_language(lang: str) -> str:
    from sincere.analysis.lexicon import available_languages

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
        aliases = me if me else configured_me()
        notes = stderr()
        from sincere.analysis.engine import analyze
        from sincere.importers.registry import load_all

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


def configured_me() -> list[str] | None:
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
    from sincere.render import to_json
    from sincere.render.markdown import render_markdown
    from sincere.render.terminal import print_analyses

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
    from sincere.importers.registry import IMPORTERS, reads_trees

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
