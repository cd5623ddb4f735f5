"""The ``sincere`` command line, run in-process with Typer's CliRunner."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import sincere
from sincere.analysis.lexicon import available_languages
from sincere.cli import app

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples"
FRIENDS = EXAMPLES / "en_friends.txt"
MENTOR_FR = EXAMPLES / "fr_mentor.txt"

# A plain, uncoloured, wide terminal whatever the environment of the test run.
ENV: dict[str, str | None] = {
    "COLUMNS": "300",
    "NO_COLOR": "1",
    "TERM": "dumb",
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "SINCERE_DEBUG": None,
}

HOSTILE = (
    "Mallory: [bold red]x[/] Could you introduce me to your manager? "
    "[link=http://evil]click here[/link] I would love a quick call next week.\n"
    "Alice: Who is this?\n"
    "Mallory: <script>alert(1)</script> | col | Can you share my post and intro me to "
    "your CEO? Happy to pay a commission.\n"
    "Eve | admin: hello\n"
    "Alice: No thanks.\n"
)


def run(*args: str | Path, input: str | bytes | None = None) -> Result:
    return CliRunner(env=ENV).invoke(app, [str(arg) for arg in args], input=input)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert "Traceback" not in result.output
    return result


def failed(result: Result, *starts: str) -> str:
    """Assert a clean exit 2 with ``Error: `` first on stderr; return stderr."""
    assert result.exit_code == 2, (result.stdout, result.stderr, result.exception)
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.stderr.startswith("Error: "), result.stderr
    for start in starts:
        assert result.stderr.startswith(f"Error: {start}"), result.stderr
    return result.stderr


def report(result: Result) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(ok(result).stdout)
    check_report(document)
    return document


# The sincere.analysis/1 schema, checked at every level.


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_timestamp(value: object) -> None:
    assert value is None or isinstance(value, str)
    if isinstance(value, str):
        datetime.fromisoformat(value)


def check_report(document: dict[str, Any]) -> None:
    assert set(document) == {"schema", "conversations"}
    assert document["schema"] == sincere.SCHEMA == "sincere.analysis/1"
    assert isinstance(document["conversations"], list)
    for conversation in document["conversations"]:
        check_conversation(conversation)


def check_conversation(conversation: dict[str, Any]) -> None:
    assert set(conversation) == {
        "id",
        "title",
        "source",
        "language",
        "started_at",
        "ended_at",
        "message_count",
        "participants",
    }
    assert isinstance(conversation["id"], str) and conversation["id"]
    assert isinstance(conversation["title"], str)
    assert set(conversation["source"]) == {"path", "format"}
    assert isinstance(conversation["source"]["path"], str)
    assert conversation["source"]["format"] in sincere.format_names()
    assert conversation["language"] in available_languages()
    check_timestamp(conversation["started_at"])
    check_timestamp(conversation["ended_at"])
    if conversation["started_at"] is not None:
        assert conversation["started_at"] <= conversation["ended_at"]
    assert is_int(conversation["message_count"]) and conversation["message_count"] > 0
    assert isinstance(conversation["participants"], list) and conversation["participants"]
    for participant in conversation["participants"]:
        check_participant(participant, conversation["message_count"])


def check_participant(participant: dict[str, Any], message_count: int) -> None:
    assert set(participant) == {
        "name",
        "is_me",
        "verdict",
        "interest",
        "pressure",
        "signals",
        "evidence",
        "tips",
    }
    assert isinstance(participant["name"], str) and participant["name"]
    assert isinstance(participant["is_me"], bool)
    assert participant["verdict"] in sincere.VERDICTS
    for score in ("interest", "pressure"):
        assert is_int(participant[score]) and 0 <= participant[score] <= 100
    assert isinstance(participant["signals"], dict)
    for key, value in participant["signals"].items():
        assert isinstance(key, str) and key
        assert is_number(value)
    assert isinstance(participant["evidence"], list)
    for item in participant["evidence"]:
        assert set(item) == {"signal", "message_index", "timestamp", "text"}
        assert isinstance(item["signal"], str) and item["signal"]
        assert is_int(item["message_index"]) and 0 <= item["message_index"] < message_count
        check_timestamp(item["timestamp"])
        assert isinstance(item["text"], str)
    assert isinstance(participant["tips"], list)
    assert all(isinstance(tip, str) and tip for tip in participant["tips"])
    if not participant["is_me"]:
        assert participant["tips"] == []


# analyze: inputs


def test_cli_analyze_file_prints_a_report() -> None:
    result = ok(run("analyze", FRIENDS))
    for name in ("Sam", "Tom", "Jess", "en_friends", "Verdict"):
        assert name in result.stdout
    assert result.stderr == f"Read {FRIENDS} as plain (1 conversation)\n"


def test_cli_analyze_quiet_says_nothing_on_stderr() -> None:
    result = ok(run("analyze", "-q", FRIENDS))
    assert result.stderr == ""
    assert "Sam" in result.stdout


def test_cli_analyze_directory_reads_every_example() -> None:
    files = sorted(EXAMPLES.glob("*.txt"))
    document = report(run("analyze", EXAMPLES, "--format", "json"))
    assert [c["source"]["path"] for c in document["conversations"]] == [str(f) for f in files]
    assert [c["title"] for c in document["conversations"]] == [f.stem for f in files]
    result = ok(run("analyze", EXAMPLES))
    for path in files:
        assert f"Read {path} as plain" in result.stderr
        assert path.stem in result.stdout


def test_cli_analyze_stdin() -> None:
    text = "Alice: Hi Bob, how was your trip?\nBob: Great, thanks for asking! And you?\n"
    document = report(run("analyze", "-", "--format", "json", input=text))
    (conversation,) = document["conversations"]
    assert conversation["source"] == {"path": "<stdin>", "format": "plain"}
    assert conversation["title"] == "stdin"
    assert [p["name"] for p in conversation["participants"]] == ["Alice", "Bob"]


def test_cli_analyze_several_paths_in_order() -> None:
    document = report(run("analyze", MENTOR_FR, FRIENDS, "-f", "json", "-q"))
    assert [c["title"] for c in document["conversations"]] == ["fr_mentor", "en_friends"]


def test_cli_analyze_encoding_option(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Zoé: Ça va ?\nBob: Très bien\n".encode("cp1252"))
    failed(run("analyze", path), f"{path}:1: ")
    document = report(run("analyze", path, "--encoding", "cp1252", "-f", "json"))
    names = [p["name"] for p in document["conversations"][0]["participants"]]
    assert names == ["Zoé", "Bob"]


# analyze: output formats


def test_cli_json_output_validates_against_the_schema() -> None:
    document = report(run("analyze", FRIENDS, "--format", "json", "--me", "Tom"))
    (conversation,) = document["conversations"]
    assert conversation["message_count"] == 25
    assert conversation["started_at"] == "2025-02-09T18:12:00"
    assert conversation["language"] == "en"
    assert {p["name"] for p in conversation["participants"]} == {"Sam", "Tom", "Jess"}
    assert any(p["evidence"] for p in conversation["participants"])


def test_cli_json_output_of_every_example_validates() -> None:
    document = report(run("analyze", EXAMPLES, "-f", "json", "--me", "Tom", "--me", "Léa"))
    assert len(document["conversations"]) == len(list(EXAMPLES.glob("*.txt")))


def test_cli_markdown_output() -> None:
    result = ok(run("analyze", FRIENDS, "--format", "markdown", "--me", "Tom"))
    lines = result.stdout.splitlines()
    assert lines[0] == "## en\\_friends"
    assert "| Participant | Verdict | Interest | Pressure | Talk | Asked | Follow-ups |" in lines
    assert any(line.startswith("| Tom (you) | ") for line in lines)
    assert "- **Tip:**" in result.stdout


def test_cli_short_format_option() -> None:
    assert ok(run("analyze", FRIENDS, "-f", "markdown")).stdout.startswith("## ")


def test_cli_unknown_output_format_is_a_usage_error() -> None:
    result = run("analyze", FRIENDS, "--format", "yaml")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "yaml" in result.output


# analyze: --me, --lang, --from


def test_cli_me_marks_is_me_and_gives_tips() -> None:
    document = report(run("analyze", FRIENDS, "-f", "json", "--me", "Tom"))
    people = {p["name"]: p for p in document["conversations"][0]["participants"]}
    assert people["Tom"]["is_me"] is True
    assert people["Tom"]["tips"]
    assert all(not people[name]["is_me"] and not people[name]["tips"] for name in ("Sam", "Jess"))
    text = ok(run("analyze", FRIENDS, "--me", "Tom"))
    assert "Tom (you)" in text.stdout
    assert "→" in text.stdout
    assert "Warning" not in text.stderr


def test_cli_me_is_case_insensitive() -> None:
    document = report(run("analyze", FRIENDS, "-f", "json", "--me", "tom"))
    assert [p["name"] for p in document["conversations"][0]["participants"] if p["is_me"]] == [
        "Tom"
    ]


def test_cli_me_with_two_aliases(tmp_path: Path) -> None:
    path = tmp_path / "aliases.txt"
    path.write_text(
        "Paul: Hi Zoe, how did the move go?\n"
        "Zoe: Exhausting but done! How are you?\n"
        "Paul M: Good, sorry, switched phones. Need help unpacking?\n"
        "Zoe: That would be lovely, thank you.\n",
        encoding="utf-8",
    )
    result = run("analyze", path, "-f", "json", "--me", "Paul", "--me", "Paul M")
    people = {p["name"]: p for p in report(result)["conversations"][0]["participants"]}
    assert people["Paul"]["is_me"] and people["Paul M"]["is_me"]
    assert not people["Zoe"]["is_me"]
    assert "Warning" not in result.stderr


def test_cli_me_aliases_across_files() -> None:
    result = run("analyze", FRIENDS, MENTOR_FR, "-f", "json", "--me", "Tom", "--me", "Karim")
    people = [p for c in report(result)["conversations"] for p in c["participants"]]
    assert {p["name"] for p in people if p["is_me"]} == {"Tom", "Karim"}
    assert "Warning" not in result.stderr


def test_cli_me_unknown_name_prints_a_warning() -> None:
    result = ok(run("analyze", FRIENDS, "-f", "json", "--me", "Nobody"))
    assert "Warning: --me Nobody matches no participant" in result.stderr
    assert "Jess, Sam, Tom" in result.stderr
    document = json.loads(result.stdout)
    assert not any(p["is_me"] for p in document["conversations"][0]["participants"])


def test_cli_lang_forces_the_language() -> None:
    document = report(run("analyze", FRIENDS, "-f", "json", "--lang", "fr"))
    assert document["conversations"][0]["language"] == "fr"
    document = report(run("analyze", MENTOR_FR, "-f", "json", "--lang", "auto"))
    assert document["conversations"][0]["language"] == "fr"


def test_cli_lang_unknown_is_an_error() -> None:
    stderr = failed(run("analyze", FRIENDS, "--lang", "xx"), "unknown language 'xx'")
    for choice in ("auto", "en", "fr"):
        assert choice in stderr


def test_cli_from_forces_the_format(tmp_path: Path) -> None:
    path = tmp_path / "chat.dat"
    path.write_text("Alice: hi, how are you?\nBob: fine, and you?\n", encoding="utf-8")
    document = report(run("analyze", path, "--from", "plain", "-f", "json"))
    assert document["conversations"][0]["source"]["format"] == "plain"
    document = report(run("analyze", path, "--input-format", "plain", "-f", "json"))
    assert document["conversations"][0]["source"]["format"] == "plain"
    assert "WEBVTT" in failed(run("analyze", path, "--from", "webvtt"), f"{path}:1: ")


def test_cli_from_unknown_lists_the_formats() -> None:
    stderr = failed(run("analyze", FRIENDS, "--from", "nope"), "unknown format 'nope'")
    for name in ("plain", "webvtt", "srt"):
        assert name in stderr
    assert "Hint: " in stderr


# analyze: -o


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_cli_output_option_writes_the_file(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"report.{fmt}"
    result = ok(run("analyze", FRIENDS, "--me", "Tom", "-f", fmt, "-o", target))
    assert result.stdout == ""
    written = target.read_text(encoding="utf-8")
    assert "Jess" in written
    assert "\x1b[" not in written
    if fmt == "json":
        check_report(json.loads(written))
    if fmt == "markdown":
        assert written.startswith("## en\\_friends")


def test_cli_output_long_option(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    ok(run("analyze", FRIENDS, "--format", "json", "--output", target))
    check_report(json.loads(target.read_text(encoding="utf-8")))


# formats, --version, help


def test_cli_formats_lists_every_format() -> None:
    result = ok(run("formats"))
    for name, extension in (("plain", ".txt"), ("webvtt", ".vtt"), ("srt", ".srt")):
        assert name in result.stdout
        assert extension in result.stdout
    assert result.stdout.index("webvtt") < result.stdout.index("plain")


def test_cli_version() -> None:
    result = ok(run("--version"))
    assert result.stdout == f"sincere {sincere.__version__}\n"


def test_cli_help_lists_the_commands() -> None:
    result = ok(run("--help"))
    assert "analyze" in result.stdout
    assert "formats" in result.stdout


# Bad input: exit 2, "Error: <file>[:<line>]: …", never a traceback


def test_cli_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert "empty file" in failed(run("analyze", path), f"{path}: ")


def test_cli_binary_junk(tmp_path: Path) -> None:
    path = tmp_path / "junk.bin"
    path.write_bytes(bytes(range(256)) * 8)
    assert "not a conversation export" in failed(run("analyze", path), f"{path}: ")


def test_cli_binary_junk_with_text_extension(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(b"Alice: hi\n" + bytes(range(256)) * 8)
    assert "NUL" in failed(run("analyze", path), f"{path}:2: ")


def test_cli_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(b"Alice: hi\nBob: hello\nAlice: caf\xe9\n")
    stderr = failed(run("analyze", path), f"{path}:3: ")
    assert "utf-8" in stderr
    assert "Hint: " in stderr and "--encoding" in stderr


def test_cli_huge_single_line(huge_line_file: Path) -> None:
    path = huge_line_file
    assert "longer than" in failed(run("analyze", path), f"{path}:1: ")


def test_cli_nonexistent_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.txt"
    assert "no such file" in failed(run("analyze", path), f"{path}: ")


def test_cli_directory_without_supported_file(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.7")
    stderr = failed(run("analyze", tmp_path), f"{tmp_path}: ")
    assert "no supported file" in stderr
    assert "Hint: " in stderr and ".txt" in stderr


def test_cli_invalid_date_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "dates.txt"
    path.write_text("[2025-01-01 10:00] Alice: hi\n[2025-13-45 10:00] Bob: yo\n", encoding="utf-8")
    assert "2025-13-45" in failed(run("analyze", path), f"{path}:2: ")


def test_cli_error_stops_before_any_report(tmp_path: Path) -> None:
    path = tmp_path / "missing.txt"
    failed(run("analyze", FRIENDS, path, "-q"))


def test_cli_missing_path_argument_is_a_usage_error() -> None:
    result = run("analyze")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# Hostile text is printed, never interpreted


def test_cli_text_output_prints_rich_markup_literally(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    document = report(run("analyze", path, "-f", "json"))
    quoted = [
        e["text"] for p in document["conversations"][0]["participants"] for e in p["evidence"]
    ]
    assert any("[bold red]x[/]" in text for text in quoted), "the fixture must be cited"
    result = ok(run("analyze", path))
    assert "[bold red]x[/]" in result.stdout
    assert "[link=http://evil]click here[/link]" in result.stdout
    assert "<script>alert(1)</script> | col |" in result.stdout
    assert "\x1b" not in result.stdout


def test_cli_text_output_prints_markup_in_a_file_name_literally(tmp_path: Path) -> None:
    path = tmp_path / "[bold red]loud.txt"
    path.write_text("Alice: hi\nBob: hello\n", encoding="utf-8")
    result = ok(run("analyze", path))
    assert "[bold red]loud" in result.stdout
    assert f"Read {path} as plain" in result.stderr


def test_cli_markdown_output_escapes_html_and_pipes(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    result = ok(run("analyze", path, "-f", "markdown"))
    markdown = result.stdout
    assert "<script>" not in markdown
    assert "\\<script\\>" in markdown
    assert "\\| col \\|" in markdown
    assert "\\[link=http://evil\\]" in markdown
    # Table rows keep their 8 column separators: a "|" in a name is escaped.
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    assert any("Eve \\| admin" in row for row in rows)
    for row in rows:
        assert row.replace("\\|", "").count("|") == 8, row


def test_cli_me_without_a_name_is_an_error() -> None:
    stderr = failed(run("analyze", FRIENDS, "--me", " "), "--me needs a name")
    assert "Hint:" in stderr


def test_cli_markdown_keeps_a_hostile_file_name_in_a_code_span(tmp_path: Path) -> None:
    path = tmp_path / "a`<img src=x onerror=alert(1)>`.txt"
    path.write_text("Alice: hi\nBob: hello\n", encoding="utf-8")
    markdown = ok(run("analyze", path, "--format", "markdown", "-q")).stdout
    source = next(line for line in markdown.splitlines() if line.startswith("Source:"))
    assert f"`` {path} ``" in source
