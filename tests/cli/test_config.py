"""``sincere config``, the owner's aliases, and the progress bars of the command line."""

from __future__ import annotations

import io
import json
import os
import stat
import tomllib
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from sincere import _progress, config
from sincere.cli import app
from sincere.errors import UsageError
from sincere.importers import registry
from sincere.model import Participant
from sincere.owner import Aliases

DATA = Path(__file__).parents[1] / "data"


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    return result.exit_code, result.stdout, result.stderr


# The config file


def test_config_set_writes_toml_readable_by_the_owner_only(isolated_config: Path) -> None:
    code, _, err = run("config", "set", "me", "Paul", "Paul Martin", "+33 6 12 34 56 78")
    assert code == 0
    assert str(isolated_config) in err
    with open(isolated_config, "rb") as stream:
        assert tomllib.load(stream) == {"me": ["Paul", "Paul Martin", "+33 6 12 34 56 78"]}
    assert stat.S_IMODE(os.stat(isolated_config).st_mode) == 0o600


def test_config_get_prints_one_item_per_line() -> None:
    run("config", "set", "me", "Paul", "Paul Martin")
    code, out, _ = run("config", "get", "me")
    assert (code, out) == (0, "Paul\nPaul Martin\n")


def test_config_get_unset_key_exits_1() -> None:
    code, out, _ = run("config", "get", "me")
    assert (code, out) == (1, "")


def test_config_unset_removes_the_setting(isolated_config: Path) -> None:
    run("config", "set", "me", "Paul")
    code, _, err = run("config", "unset", "me")
    assert code == 0 and "Removed me" in err
    assert config.get("me") is None
    assert run("config", "unset", "me")[2].startswith("Was not set")


def test_config_show_lists_every_setting_and_the_path(isolated_config: Path) -> None:
    run("config", "set", "me", "Paul")
    code, out, _ = run("config", "show")
    assert code == 0
    assert "me" in out and "Paul" in out
    assert isolated_config.name in out


def test_config_path_prints_the_file(isolated_config: Path) -> None:
    assert run("config", "path")[1].strip() == str(isolated_config)


def test_config_unknown_key_lists_the_known_ones() -> None:
    code, _, err = run("config", "set", "colour", "blue")
    assert code == 2
    assert err.startswith("Error: unknown setting 'colour'; settings: me")


def test_config_set_needs_a_value() -> None:
    code, _, err = run("config", "set", "me", "  ")
    assert code == 2 and "needs a value" in err


def test_config_broken_file_is_a_clear_error(isolated_config: Path) -> None:
    isolated_config.write_text("me = [", encoding="utf-8")
    with pytest.raises(UsageError, match="not valid TOML"):
        config.load()
    code, _, err = run("analyze", DATA / "plain" / "french.txt")
    assert code == 2 and "not valid TOML" in err


def test_config_default_path_is_in_the_platform_config_dir(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(config.ENV_PATH)
    assert config.path().name == "config.toml"
    assert config.path().parent.name == "sincere"


# The owner


def test_config_me_is_used_when_no_me_option_is_given() -> None:
    path = DATA / "whatsapp" / "edited_and_phone.txt"
    run("config", "set", "me", "Paul")
    code, out, _ = run("analyze", path, "--format", "json", "--quiet")
    assert code == 0
    people = json.loads(out)["conversations"][0]["participants"]
    assert [p["name"] for p in people if p["is_me"]] == ["Paul"]
    assert next(p for p in people if p["is_me"])["tips"]


def test_me_option_wins_over_the_config() -> None:
    path = DATA / "whatsapp" / "edited_and_phone.txt"
    run("config", "set", "me", "Paul")
    code, out, _ = run("analyze", path, "--format", "json", "--quiet", "--me", "0612345678")
    assert code == 0
    people = json.loads(out)["conversations"][0]["participants"]
    assert [p["name"] for p in people if p["is_me"]] == ["+33 6 12 34 56 78"]


@pytest.mark.parametrize(
    ("alias", "participant", "expected"),
    [
        ("paul martin", Participant("Paul  Martin"), True),
        ("Zoé", Participant("ZOÉ"), True),
        ("Paul", Participant("Paul Martin"), False),
        ("+33 6 12 34 56 78", Participant("\u202a+33 6 12 34 56 78\u202c"), True),
        ("06 12 34 56 78", Participant("Claire", ids=("phone:+33612345678",)), True),
        ("06 12 34 56 79", Participant("Claire", ids=("phone:+33612345678",)), False),
        ("Paul@Example.org", Participant("P", ids=("email:paul@example.org",)), True),
        ("12", Participant("12"), True),
        ("Paul", Participant("Someone", is_me=True), True),
    ],
)
def test_owner_aliases_match(alias: str, participant: Participant, expected: bool) -> None:
    assert Aliases.of([alias]).match(participant) is expected


def test_owner_no_alias_matches_only_marked_participants() -> None:
    assert not Aliases.of(None).match(Participant("Paul"))
    assert Aliases.of(None).match(Participant("Paul", is_me=True))


# Progress bars


def test_progress_hidden_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    line = "01/02/2024, 10:00 - Ana: " + "word " * 30 + "\n"
    path.write_text(line * 60_000, encoding="utf-8")  # about 9 MB
    code, _, err = run("analyze", path, "--format", "json")
    assert code == 0
    assert err.splitlines() == [f"Read {path} as whatsapp (1 conversation)"]


def test_progress_shows_reading_and_analysing_on_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    line = "01/02/2024, 10:00 - Ana: hello there\n"  # 37 bytes
    path.write_text(line * 120_000, encoding="utf-8")
    assert path.stat().st_size > _progress.SHOW_FROM_BYTES
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=100)
    with _progress.Reporter(console, enabled=True) as reporter:
        (conversation,) = registry.load_file(path, on_read=reporter.reading).conversations
        watched = reporter.watch(conversation)
        assert list(watched.messages) == list(conversation.messages)
    shown = stream.getvalue()
    assert "Reading big.txt" in shown
    assert "Analysing big" in shown


def test_progress_disabled_when_quiet() -> None:
    console = Console(file=io.StringIO(), force_terminal=True)
    reporter = _progress.Reporter(console, enabled=False)
    assert not reporter.enabled


def test_progress_over_many_files_on_a_terminal() -> None:
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=100)
    with _progress.Reporter(console, enabled=True) as reporter:
        assert reporter.files(_progress.SHOW_FROM_FILES - 1) is None
        bar = reporter.files(250)
        for _ in range(250):
            reporter.advance(bar)
    assert "Importing 250 files" in stream.getvalue()
