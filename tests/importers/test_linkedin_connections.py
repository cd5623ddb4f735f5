"""The LinkedIn Connections.csv importer: contacts, preamble, dates, sniffing, fuzzing, CLI."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sincere.cli import app
from sincere.errors import InputError, InputTooLargeError, ParseError
from sincere.importers import linkedin_connections, registry
from sincere.model import Contact

DATA = Path(__file__).parents[1] / "data"
HERE = DATA / "linkedin-connections"
SHARED = Path(__file__).parents[3] / "shared" / "exports"
FIXTURES = sorted(HERE.glob("*.csv"))
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
PREAMBLE = 'Notes:\n"Some e-mail addresses may be missing,\nas members choose to share them."\n\n'


def as_rows(contacts: list[Contact]) -> list[list[Any]]:
    """The shape of the ``*.expected.json`` files beside the fixtures."""
    return [
        [
            c.name,
            list(c.ids),
            c.organisation,
            c.position,
            c.connected_on.isoformat() if c.connected_on else None,
        ]
        for c in contacts
    ]


def read(data: bytes | str, path: str = "Connections.csv") -> list[Contact]:
    raw = data.encode() if isinstance(data, str) else data
    found = list(linkedin_connections.parse(io.BytesIO(raw), path))
    assert all(isinstance(item, Contact) for item in found)
    return [item for item in found if isinstance(item, Contact)]


# Fixtures


def test_linkedin_connections_fixtures_cover_every_variant() -> None:
    assert {p.stem for p in FIXTURES} >= {"with_preamble", "without_preamble", "old_no_url"}
    assert all(p.with_suffix(".expected.json").is_file() for p in FIXTURES)
    assert (HERE / "with_preamble.csv").read_text(encoding="utf-8").startswith('Notes:\n"')
    assert (HERE / "without_preamble.csv").read_bytes().startswith(HEADER.encode() + b"\r\n")


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_linkedin_connections_fixture_matches_expected(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    loaded = registry.load_file(path)
    assert loaded.format == "linkedin-connections"
    assert loaded.conversations == []
    assert {"contacts": as_rows(loaded.contacts)} == expected


# The shared export (hand-checked: three connections after the Notes: preamble)


def test_linkedin_connections_shared_export_loads() -> None:
    path = SHARED / "linkedin" / "Connections.csv"
    if not path.is_file():
        pytest.skip(f"shared sample {path} is not available")
    loaded = registry.load_file(path)
    assert loaded.format == "linkedin-connections"
    assert loaded.conversations == []
    assert as_rows(loaded.contacts) == [
        [
            "Rami Example",
            ["linkedin:https://www.linkedin.com/in/rami-example"],
            "Careem",
            "Engineering Manager",
            "2023-03-15",
        ],
        [
            "Noor Example",
            ["linkedin:https://www.linkedin.com/in/noor-example", "email:noor@example.com"],
            "Careem Networks FZ-LLC",
            "Technical Recruiter",
            "2024-01-02",
        ],
        [
            "Omar Example",
            ["linkedin:https://www.linkedin.com/in/omar-example"],
            "Talabat",
            "Backend Engineer",
            "2022-02-20",
        ],
    ]


# Sniffing


def other_formats_files() -> list[Path]:
    found = [
        p
        for p in sorted(DATA.rglob("*"))
        if p.is_file()
        and p.parent.name != "linkedin-connections"
        and not p.name.endswith(".expected.json")
    ]
    if SHARED.is_dir():
        found += [
            p for p in sorted(SHARED.rglob("*")) if p.is_file() and p.name != "Connections.csv"
        ]
    return found


def mine() -> list[Path]:
    shared = SHARED / "linkedin" / "Connections.csv"
    return [*FIXTURES, *([shared] if shared.is_file() else [])]


def head(path: Path) -> bytes:
    with path.open("rb") as stream:
        return stream.read(registry.HEAD_BYTES)


@pytest.mark.parametrize("path", mine(), ids=lambda p: p.name)
def test_linkedin_connections_sniff_claims_its_files_before_any_other_format(path: Path) -> None:
    assert linkedin_connections.sniff(head(path))
    assert registry.recognise(head(path)) is registry.get("linkedin-connections")


@pytest.mark.parametrize("path", other_formats_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_linkedin_connections_sniff_rejects_other_formats(path: Path) -> None:
    assert not linkedin_connections.sniff(head(path))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (HEADER.encode(), True),
        ((PREAMBLE + HEADER + "\n").encode(), True),
        (("\ufeff" + PREAMBLE + HEADER).encode(), True),
        (b'"First Name","Last Name","Connected On"\n', True),
        ((HEADER + "\n").encode("utf-16"), True),
        (b"Notes:\nsomething else entirely\n", False),
        (b"First Name,Last Name,E-mail Address,Mobile Phone\n", False),  # an address book
        (b"Alice: First Name,Last Name,Connected On\n", False),
        (b"", False),
        (b"\x00\x01", False),
    ],
)
def test_linkedin_connections_sniff_cases(data: bytes, expected: bool) -> None:
    assert linkedin_connections.sniff(data) is expected


# Values


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12 Mar 2024", date(2024, 3, 12)),
        ("2 Jan 2019", date(2019, 1, 2)),
        ("12 March 2024", date(2024, 3, 12)),
        ("05 Sept 2023", date(2023, 9, 5)),
        ("12-Mar-2024", date(2024, 3, 12)),
        ("Mar 12, 2024", date(2024, 3, 12)),
        ("March 12 2024", date(2024, 3, 12)),
        ("2024-03-12", date(2024, 3, 12)),
        ("03/12/2024", date(2024, 3, 12)),
        ("25/12/2020", date(2020, 12, 25)),
        ("3/12/24", date(2024, 3, 12)),
        ("", None),
        ("   ", None),
    ],
)
def test_linkedin_connections_connected_on_forms(value: str, expected: date | None) -> None:
    assert linkedin_connections.parse_connected_on(value, "c.csv", 5) == expected


@pytest.mark.parametrize("value", ["31 Feb 2024", "12 Foo 2024", "yesterday", "13/13/2024"])
def test_linkedin_connections_bad_date_names_the_line(value: str) -> None:
    data = PREAMBLE + HEADER + f"\nAna,Silva,,,,,12 Mar 2024\nBen,Ode,,,,,{value}\n"
    with pytest.raises(ParseError, match="Connected On") as caught:
        read(data, "dates.csv")
    assert (caught.value.path, caught.value.line) == ("dates.csv", 7)
    assert caught.value.hint and "12 Mar 2024" in caught.value.hint


def test_linkedin_connections_rows_without_name_use_url_or_are_skipped() -> None:
    data = HEADER + "\n,,https://www.linkedin.com/in/hidden,,,,01 Jan 2020\n,,,,,,02 Jan 2020\n"
    (contact,) = read(data)
    assert contact.name == "https://www.linkedin.com/in/hidden"
    assert contact.ids == ("linkedin:https://www.linkedin.com/in/hidden",)


def test_linkedin_connections_reordered_columns_and_email_lower_cased() -> None:
    data = "Connected On,Email Address,Last Name,First Name\n1 Feb 2021,A.B@Example.ORG,Bo,Al\n"
    (contact,) = read(data)
    assert contact == Contact("Al Bo", ("email:a.b@example.org",), "", "", date(2021, 2, 1))


def test_linkedin_connections_header_only_gives_no_contact() -> None:
    assert read(PREAMBLE + HEADER + "\n") == []


# Bad input


@pytest.mark.parametrize(
    ("data", "line"),
    [
        ("Name,Phone\nAna,123\n", 1),
        ("\n\nAlice: hello\n", 3),
        ("Notes:\n" + "\n".join(f'"note {n}"' for n in range(30)) + "\n" + HEADER + "\n", 21),
    ],
)
def test_linkedin_connections_missing_header_names_the_line(data: str, line: int) -> None:
    with pytest.raises(ParseError, match=r"not a LinkedIn Connections\.csv") as caught:
        read(data, "contacts.csv")
    assert (caught.value.path, caught.value.line) == ("contacts.csv", line)
    assert caught.value.hint and HEADER in caught.value.hint


@pytest.mark.parametrize("data", [b"", b"\n\n", b'Notes:\n"only notes"\n\n'])
def test_linkedin_connections_no_header_at_all(data: bytes) -> None:
    with pytest.raises(ParseError, match="header") as caught:
        read(data, "empty.csv")
    assert caught.value.path == "empty.csv"


def test_linkedin_connections_unknown_encoding_and_latin1_option() -> None:
    data = (HEADER + "\nZoë,Lefèvre,,,Café Ltd,Chef,1 Jan 2020\n").encode("latin-1")
    with pytest.raises(InputError):
        read(data, "latin.csv")
    found = list(linkedin_connections.parse(io.BytesIO(data), "l.csv", encoding="latin-1"))
    assert isinstance(found[0], Contact) and found[0].name == "Zoë Lefèvre"


# Fuzzing: only InputError (naming the path) or contacts


def only_input_errors(data: bytes, path: str = "fuzz.csv") -> None:
    linkedin_connections.sniff(data)
    try:
        for item in linkedin_connections.parse(io.BytesIO(data), path):
            assert isinstance(item, Contact)
    except InputError as error:
        assert error.path == path


CELLS = st.sampled_from(["", "Ana", "12 Mar 2024", "2024-02-30", "13/45/99", '"', "Notes:"]) | (
    st.text(max_size=12)
)


@settings(max_examples=300, deadline=None)
@given(
    preamble=st.booleans(),
    rows=st.lists(st.lists(CELLS, max_size=9), max_size=8),
)
def test_linkedin_connections_random_rows_raise_only_input_errors(
    preamble: bool, rows: list[list[str]]
) -> None:
    lines = [HEADER] + [",".join(cells) for cells in rows]
    only_input_errors(((PREAMBLE if preamble else "") + "\n".join(lines)).encode())


@settings(max_examples=300, deadline=None)
@given(
    start=st.sampled_from([b"", b"Notes:\n", (PREAMBLE + HEADER + "\n").encode()]),
    data=st.binary(max_size=400),
)
def test_linkedin_connections_random_bytes_raise_only_input_errors(
    start: bytes, data: bytes
) -> None:
    only_input_errors(start + data)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_linkedin_connections_every_truncation_raises_only_input_errors(path: Path) -> None:
    data = path.read_bytes()
    for cut in range(len(data) + 1):
        only_input_errors(data[:cut])


@settings(max_examples=100, deadline=None)
@given(
    fixture=st.sampled_from(FIXTURES),
    codec=st.sampled_from(["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-32", "utf-8-sig"]),
    option=st.sampled_from(["utf-8", "latin-1", "utf-16", "utf-32-be"]),
)
def test_linkedin_connections_mixed_encodings_raise_only_input_errors(
    fixture: Path, codec: str, option: str
) -> None:
    data = fixture.read_text(encoding="utf-8").encode(codec, errors="replace")
    linkedin_connections.sniff(data)
    try:
        list(linkedin_connections.parse(io.BytesIO(data), "enc.csv", encoding=option))
    except InputError as error:
        assert error.path == "enc.csv"


@pytest.fixture(scope="module")
def huge_line() -> bytes:
    """A Connections.csv whose one row is 11 MB long (built once)."""
    return (PREAMBLE + HEADER + "\nAna,Silva,,,," + "x" * 11_000_000 + ",1 Jan 2020\n").encode()


def test_linkedin_connections_huge_line_is_too_large(huge_line: bytes) -> None:
    with pytest.raises(InputTooLargeError) as caught:
        read(huge_line, "huge.csv")
    assert (caught.value.path, caught.value.line) == ("huge.csv", 6)


def test_linkedin_connections_huge_preamble_value_is_a_parse_error() -> None:
    notes = "\n".join(["a very long note line"] * 20_000)
    with pytest.raises(ParseError, match="field larger") as caught:
        read('Notes:\n"' + notes + '"\n\n' + HEADER + "\n", "notes.csv")
    assert caught.value.line == 2


def error_lines(stderr: str) -> list[str]:
    """The non-blank lines of the CLI's stderr (a progress display may leave blank ones)."""
    return [line for line in stderr.splitlines() if line.strip()]


# Through the CLI


def test_linkedin_connections_cli_analyze_exits_zero_and_reports_contacts() -> None:
    path = HERE / "with_preamble.csv"
    result = CliRunner().invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert f"Read {path} as linkedin-connections (0 conversations, 3 contacts)" in result.stderr
    json.loads(result.stdout)


def test_linkedin_connections_cli_bad_input_exits_two(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(PREAMBLE + HEADER + "\nAna,Silva,,,,,someday\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(path)])
    assert result.exit_code == 2
    lines = error_lines(result.stderr)
    assert lines[0] == f"Error: {path}:6: unrecognised Connected On date 'someday'"
    assert lines[1:] == ["Hint: LinkedIn writes dates like '12 Mar 2024'"]
    assert "Traceback" not in result.output
