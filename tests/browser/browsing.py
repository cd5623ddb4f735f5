"""Helpers of the browser tests: a page and what it said (console, errors, dialogs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Watched:
    """A browser page and what it said: console messages, page errors, dialogs."""

    page: Any
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    confirmed: list[str] = field(default_factory=list)


def watch(page: Any) -> Watched:
    watched = Watched(page)
    page.on("console", lambda message: watched.console.append(message.text))
    page.on("pageerror", lambda error: watched.errors.append(str(error)))

    def on_dialog(dialog: Any) -> None:
        # The app asks for confirmation (a confirm dialog) before revoking; any other dialog
        # (an alert, a prompt) can only come from injected script.
        if dialog.type == "confirm":
            watched.confirmed.append(dialog.message)
            dialog.accept()
        else:
            watched.dialogs.append(dialog.message)
            dialog.dismiss()

    page.on("dialog", on_dialog)
    return watched
