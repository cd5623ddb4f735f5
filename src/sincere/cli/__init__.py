"""The ``sincere`` command line: parse the input, call the library, format the output.

One module per group of commands, all registered on the one Typer ``app`` of :mod:`._app`:
:mod:`.analyze` (``analyze``, ``formats``), :mod:`.settings` (``config``) and :mod:`.journal`
(``import``, ``people``, ``person``, ``log``, ``remind``, ``ledger``, ``export``, ``restore``,
``forget``). The commands only parse their options, call the library and format what it returns.
"""

from __future__ import annotations

from sincere.cli import analyze, card, journal, settings
from sincere.cli._app import EXIT_BAD_INPUT, EXIT_INTERNAL, app, main, reporting_errors
from sincere.cli.analyze import OutputFormat

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INTERNAL",
    "OutputFormat",
    "analyze",
    "app",
    "card",
    "journal",
    "main",
    "reporting_errors",
    "settings",
]
