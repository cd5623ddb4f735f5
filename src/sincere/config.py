"""The user's settings: one TOML file in the platform's config directory.

Where it is: ``$SINCERE_CONFIG`` when set, else ``config.toml`` in platformdirs' user config
directory for ``sincere`` (``~/.config/sincere`` on Linux, ``~/Library/Application Support/sincere``
on macOS, ``%APPDATA%\\sincere`` on Windows). It is created on the first ``sincere config set``.

Known keys and their types are listed in :data:`KEYS`; unknown keys are refused so a typo does not
silently do nothing. Example::

    me = ["Paul", "Paul Martin", "+33 6 12 34 56 78"]
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
import tomli_w

from sincere.errors import UsageError

ENV_PATH = "SINCERE_CONFIG"


@dataclass(frozen=True, slots=True)
class Key:
    """A setting: its name, whether it holds a list of strings, and what it is for."""

    name: str
    many: bool
    help: str


#: Every setting sincere reads.
KEYS: dict[str, Key] = {
    key.name: key
    for key in (
        Key("me", True, "your names, aliases and phone numbers in conversations (as --me)"),
        Key("card_threshold", False, "the trust (0-100) a person needs to receive your card"),
        Key(
            "public_url",
            False,
            "where 'sincere serve --public' is reached, e.g. https://card.example.org",
        ),
        Key(
            "alias_domain",
            False,
            "a catch-all email domain: each recipient's card gets its own address",
        ),
        Key(
            "extension_digits",
            False,
            "give each recipient's card its own phone extension of this many digits",
        ),
    )
}


def path() -> Path:
    """Where the config file is (it may not exist yet)."""
    override = os.environ.get(ENV_PATH)
    if override:
        return Path(override)
    return platformdirs.user_config_path("sincere", appauthor=False) / "config.toml"


def load() -> dict[str, Any]:
    """The settings, or an empty mapping when there is no config file yet."""
    where = path()
    try:
        with open(where, "rb") as stream:
            return tomllib.load(stream)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as error:
        raise UsageError(
            f"{where}: not valid TOML ({error})", hint="fix or delete the config file"
        ) from None
    except OSError as error:
        raise UsageError(f"{where}: cannot read the config file ({error.strerror})") from None


def _key(name: str) -> Key:
    try:
        return KEYS[name]
    except KeyError:
        raise UsageError(
            f"unknown setting {name!r}; settings: {', '.join(KEYS)}",
            hint="run 'sincere config show' to see them",
        ) from None


def get(name: str) -> Any:
    """One setting's value, or ``None`` when it is not set."""
    _key(name)
    return load().get(name)


def set_value(name: str, values: list[str]) -> Any:
    """Set ``name`` to ``values`` (a list, or its single value) and save; returns the value."""
    key = _key(name)
    cleaned = [value.strip() for value in values if value.strip()]
    if not cleaned:
        raise UsageError(f"'{name}' needs a value", hint=f"e.g. sincere config set {name} Paul")
    if not key.many and len(cleaned) > 1:
        raise UsageError(f"'{name}' takes one value, not {len(cleaned)}")
    settings = load()
    settings[name] = cleaned if key.many else cleaned[0]
    _save(settings)
    return settings[name]


def unset(name: str) -> bool:
    """Remove a setting; returns whether it was set."""
    _key(name)
    settings = load()
    if name not in settings:
        return False
    del settings[name]
    _save(settings)
    return True


def _save(settings: dict[str, Any]) -> None:
    where = path()
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        temporary = where.with_name(where.name + ".tmp")
        # The file names the owner's phone numbers: readable by the owner only.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            tomli_w.dump(settings, stream)
        os.replace(temporary, where)
    except OSError as error:
        raise UsageError(f"{where}: cannot write the config file ({error.strerror})") from None
