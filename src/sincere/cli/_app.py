"""The command line's frame: the Typer app, its global options, and the one place errors are
printed.

Every command runs inside :func:`reporting_errors`, which turns a
:class:`~sincere.errors.SincereError` into ``Error: message`` (plus a hint) on stderr and exit
status 2 — never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console

from sincere import __version__
from sincere.errors import SincereError

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


def stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def reporting_errors() -> Iterator[None]:
    """Print sincere's errors as one line (and a hint) and exit non-zero, without a traceback."""
    try:
        yield
    except SincereError as error:
        console = stderr()
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
        console = stderr()
        console.print(f"Error: internal error: {type(error).__name__}: {error}", markup=False)
        console.print("Hint: set SINCERE_DEBUG=1 to see the traceback, and report it", markup=False)
        raise typer.Exit(EXIT_INTERNAL) from None


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


def main() -> None:
    """Console-script entry point."""
    app()
