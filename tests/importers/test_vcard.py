"""vCard contact files: contacts with their identities, and bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sincere.cli import app
from sincere.errors import InputError, ParseError
from sincere.importers import registry, vcard
from sincere.model import Contact

DATA = Path(__file__).parents[1] / "data"
FILE = DATA / "vcard" / "contacts.vcf"


def read(data: bytes, path: str = "contacts.vcf") -> list[Contact]:
    found = list(vcard.parse(io.BytesIO(data), path))
    assert all(isinstance(item, Contact) for item in found)
    return found  # type: ignore[return-value]


def test_vcard_reads_versions_2_3_and_4_with_identities() -> None:
    loaded = registry.load_file(FILE)
    assert (loaded.format, loaded.conversations) == ("vcard", [])
    claire, tom, linh = loaded.contacts
    assert claire == Contact(
        "Claire Dubois",
        (
            "phone:+33612345678",
            "email:claire.dubois@example.org",
            "linkedin:https://www.linkedin.com/in/claire-dubois-example",
        ),
        organisation="Atelier Lumière",
        position="Designer",
    )
    assert tom.ids == ("phone:+4915123456789", "email:tom@example.com", "telegram:tombecker")
    assert (linh.name, linh.ids) == ("Linh Nguyen", ("phone:0612345679",))


def test_vcard_sniffing_is_specific() -> None:
    assert vcard.sniff(FILE.read_bytes())
    assert vcard.sniff(b"\xef\xbb\xbf\r\nbegin:vcard\r\n")
    for other in DATA.glob("*/*"):
        if other.is_file() and other.parent.name != "vcard":
            assert not vcard.sniff(other.read_bytes()[:65536]), other


@pytest.mark.parametrize(
    ("data", "match", "line"),
    [
        (b"BEGIN:VCARD\nFN:A\n", "no END:VCARD", 1),
        (b"hello\n", "not a vCard line", 1),
        (b"BEGIN:VCARD\nFN:A\nBEGIN:VCARD\n", "starts before", 3),
        (b"BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n", "no contact", None),
    ],
)
def test_vcard_bad_input_names_the_line(data: bytes, match: str, line: int | None) -> None:
    with pytest.raises(ParseError, match=match) as info:
        read(data)
    assert (info.value.path, info.value.line) == ("contacts.vcf", line)


def test_vcard_contacts_through_the_cli() -> None:
    result = CliRunner().invoke(app, ["analyze", str(FILE), "--format", "json"])
    assert result.exit_code == 0
    assert "(0 conversations, 3 contacts)" in result.stderr


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                b"BEGIN:VCARD\n",
                b"END:VCARD\n",
                b"FN:",
                b"TEL:+33 6 12",
                b"N:;;;\n",
                b"\xff",
                b"EMAIL:a@b\n",
                b"VERSION:4.0\n",
                b":",
                b";",
                b"\n",
                b"\x00",
                b"=\n",
                b"BEGIN:",
            ]
        ),
        max_size=30,
    ).map(b"".join)
    | st.binary(max_size=200)
)
def test_vcard_fuzz_yields_contacts_or_input_errors(data: bytes) -> None:
    try:
        read(data)
    except InputError as error:
        assert error.path == "contacts.vcf"
