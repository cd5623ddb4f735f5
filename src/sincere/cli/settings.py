"""``sincere config``: show and change the settings file."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from sincere import config
from sincere.cli._app import app, reporting_errors, stderr

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
        stderr().print(f"Set {key} = {shown} in {config.path()}", markup=False)


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
        stderr().print(f"{'Removed' if removed else 'Was not set:'} {key}", markup=False)


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
