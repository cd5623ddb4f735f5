"""The card's renderings: vCard 3.0 and 4.0 read back by vobject, jCard, QR codes, the HTML page."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import struct
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from sincere.card import render
from sincere.card.model import Card, Marks, Photo, Social
from sincere.card.render import (
    family_and_given,
    html_page,
    jcard,
    qr_png,
    qr_svg,
    vcard3,
    vcard4,
)

# Reading back with vobject


def raw_lines(text: str) -> list[tuple[str, list[list[str]], str]]:
    """``(name, params, value)`` of each content line, unfolded by vobject but not decoded.

    vobject's high-level reader applies its text rules to every property and keeps only what
    comes before the first unescaped comma, which cuts vCard 3.0's ``TEL:…,042`` (a phone-number
    value, not text) and vCard 4.0's ``PHOTO:data:…;base64,…`` (a URI): those are read raw.
    """
    lines = vobject.base.getLogicalLines(io.StringIO(text), allowQP=False)
    parsed = [vobject.base.parseLine(line, number) for line, number in lines]
    return [(name.upper(), params, value) for name, params, value, _group in parsed]


def raw_values(text: str, name: str) -> list[str]:
    return [value for line_name, _params, value in raw_lines(text) if line_name == name]


def read_back(text: str, version: int) -> dict[str, Any]:
    """The fields of a vCard as vobject reads them."""
    parsed = vobject.readOne(text)

    def values(name: str) -> list[Any]:
        return [line.value for line in parsed.contents.get(name, [])]

    def typed(name: str, param: str) -> list[tuple[str, list[str]]]:
        return [(line.value, line.params.get(param, [])) for line in parsed.contents.get(name, [])]

    fields: dict[str, Any] = {
        "version": parsed.version.value,
        "fn": parsed.fn.value,
        "n": (parsed.n.value.family, parsed.n.value.given),
        "org": values("org"),
        "title": values("title"),
        "emails": values("email"),
        "urls": values("url"),
        "note": values("note"),
        "uid": values("uid"),
        "source": values("source"),
    }
    if version == 3:
        fields["tels"] = raw_values(text, "TEL")
        fields["photo"] = parsed.photo.value if "photo" in parsed.contents else None
        fields["languages"] = values("x-lang")
        fields["social"] = typed("x-socialprofile", "TYPE")
    else:
        fields["tels"] = values("tel")
        photos = raw_values(text, "PHOTO")
        fields["photo"] = base64.b64decode(photos[0].partition(",")[2]) if photos else None
        fields["languages"] = values("lang")
        fields["social"] = typed("socialprofile", "SERVICE-TYPE")
    return fields


def expected(card: Card, marks: Marks | None, version: int) -> dict[str, Any]:
    """What a card with these marks must read back as."""
    extension = marks.phone_extension if marks else ""
    tels = []
    for index, number in enumerate(card.phones):
        ext = extension if index == 0 else ""
        if version == 4 and number.startswith("+"):
            tels.append("tel:+" + re.sub(r"\D", "", number) + (f";ext={ext}" if ext else ""))
        else:
            tels.append(number + (f",{ext}" if ext else ""))
    slug = {3: lambda s: re.sub(r"[^a-z0-9]+", "-", s.label.lower()).strip("-"), 4: None}[version]
    return {
        "version": f"{version}.0",
        "fn": card.name,
        "n": family_and_given(card.name),
        "org": [[card.organisation]] if card.organisation else [],
        "title": [card.title] if card.title else [],
        "emails": ([marks.email] if marks and marks.email else []) + list(card.emails),
        "urls": (
            ([card.website] if card.website else [])
            + [item.url for item in card.social]
            + ([marks.url] if marks and marks.url else [])
        ),
        "note": [card.note] if card.note else [],
        "uid": [marks.uid] if marks else [],
        "source": [marks.url] if marks and marks.url else [],
        "tels": tels,
        "photo": card.photo.data if card.photo else None,
        "languages": list(card.languages),
        "social": [(item.url, [slug(item) if slug else item.label]) for item in card.social],
    }


HARD_CARD = Card(
    name='Jean-Luc, "JL"; O\'Brien\\Test',
    title="A\\B, C; D\nE",
    organisation="Comma, Inc; Semi\\colon",
    emails=("jl@example.org",),
    phones=("01 23 45 67 89",),
    note="x" * 300 + "\n" + "ü€😀" * 80 + "\\n not a newline, ; and ,",
    languages=("en",),
)


def cards(jpeg: bytes, png: bytes) -> dict[str, Card]:
    """Minimal, full with photo, non-ASCII, escapes and a note long enough to fold."""
    full = Card(
        name="Zoë Martin-Lévy",
        title="Head of Design, Europe; Paris",
        organisation="Atelier Lévy",
        emails=("zoe@example.org", "zoe.work@example.com"),
        phones=("+33 6 12 34 56 78", "01 23 45 67 89"),
        website="https://zoe.example.org",
        social=(Social("LinkedIn", "https://www.linkedin.com/in/zoe"),),
        photo=Photo(jpeg, "image/jpeg"),
        note="Ask me about type.\nSecond line ☕",
        languages=("fr", "en"),
    )
    return {
        "minimal": Card(name="Zoë Martin-Lévy"),
        "one word": Card(name="Madonna"),
        "full, JPEG": full,
        "full, PNG": replace(full, photo=Photo(png, "image/png"), phones=("01 23 45 67 89",)),
        "escapes": HARD_CARD,
        "CJK, long note": Card(name="李小龍 Bruce", note="長い" * 200),
    }


MARKS = [
    None,
    Marks(uid="urn:uuid:1b4e28ba-2fa1-41d2-883f-0016d3cca427"),
    Marks(
        uid="urn:uuid:1b4e28ba-2fa1-41d2-883f-0016d3cca427",
        url="https://card.example.org/c/AbCdEfGhIjKlMnOpQrSt",
        email="card-k7m2p9qx@example.net",
        phone_extension="042",
    ),
]


def physical_lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", ""), "a bare line feed or carriage return"
    return text[:-2].split("\r\n")


# vCard 3.0 and 4.0


@pytest.mark.parametrize("marks", MARKS, ids=["no marks", "uid only", "all marks"])
@pytest.mark.parametrize(
    "which", ["minimal", "one word", "full, JPEG", "full, PNG", "escapes", "CJK, long note"]
)
@pytest.mark.parametrize(("version", "write"), [(3, vcard3), (4, vcard4)], ids=["3.0", "4.0"])
def test_vcard_round_trips_through_vobject(
    which: str,
    marks: Marks | None,
    version: int,
    write: Any,
    jpeg_bytes: bytes,
    png_bytes: bytes,
) -> None:
    card = cards(jpeg_bytes, png_bytes)[which]
    text = write(card, marks)
    assert read_back(text, version) == expected(card, marks, version)
    assert all(len(line.encode()) <= 75 for line in physical_lines(text))


def test_vcard3_full_card_reads_as_expected(full_card: Card, recipient_marks: Marks) -> None:
    text = vcard3(full_card, recipient_marks)
    lines = physical_lines(text)
    assert lines[:3] == ["BEGIN:VCARD", "VERSION:3.0", "PRODID:-//sincere//card//EN"]
    assert lines[-1] == "END:VCARD"
    assert "N:Martin-Lévy;Zoë;;;" in lines
    assert "ORG:Atelier Lévy\\\\Co" in lines
    assert "TITLE:Head of Design\\, Europe\\; Paris" in lines
    # The alias is the preferred address, so that what the recipient writes goes through it.
    assert "EMAIL;TYPE=INTERNET,PREF:card-k7m2p9qx@example.net" in lines
    assert "EMAIL;TYPE=INTERNET:zoe@example.org" in lines
    # A French mobile is a cell phone; the extension follows a dialling pause.
    assert "TEL;TYPE=CELL,VOICE,PREF:+33 6 12 34 56 78,042" in lines
    assert "TEL;TYPE=VOICE:01 23 45 67 89" in lines
    assert "X-SOCIALPROFILE;TYPE=linkedin:https://www.linkedin.com/in/zoe" in lines
    assert "URL;TYPE=linkedin:https://www.linkedin.com/in/zoe" in lines
    assert any(line.startswith("PHOTO;ENCODING=b;TYPE=JPEG:/9j/") for line in lines)
    assert [line for line in lines if line.startswith("X-LANG")] == [
        "X-LANG:fr",
        "X-LANG:en",
        "X-LANG:pt-BR",
    ]
    assert "UID:urn:uuid:1b4e28ba-2fa1-41d2-883f-0016d3cca427" in lines
    assert "SOURCE:https://card.example.org/c/AbCdEfGhIjKlMnOpQrSt" in lines
    assert not [line for line in lines if line.startswith("REV")]


def test_vcard4_full_card_reads_as_expected(
    full_card: Card, recipient_marks: Marks, jpeg_bytes: bytes
) -> None:
    text = vcard4(full_card, recipient_marks)
    unfolded = text.replace("\r\n ", "").split("\r\n")
    assert unfolded[1] == "VERSION:4.0"
    assert "EMAIL;PREF=1:card-k7m2p9qx@example.net" in unfolded
    assert "TEL;VALUE=uri;TYPE=cell,voice;PREF=1:tel:+33612345678;ext=042" in unfolded
    # A local number cannot be a tel: URI without a phone context: it stays text.
    assert "TEL;VALUE=text;TYPE=voice:01 23 45 67 89" in unfolded
    assert "SOCIALPROFILE;SERVICE-TYPE=LinkedIn:https://www.linkedin.com/in/zoe" in unfolded
    assert "URL;TYPE=linkedin:https://www.linkedin.com/in/zoe" in unfolded
    photo = next(line for line in unfolded if line.startswith("PHOTO:"))
    assert photo == "PHOTO:data:image/jpeg;base64," + base64.b64encode(jpeg_bytes).decode()
    assert [line for line in unfolded if line.startswith("LANG")] == [
        "LANG;PREF=1:fr",
        "LANG;PREF=2:en",
        "LANG;PREF=3:pt-BR",
    ]
    assert "UID:urn:uuid:1b4e28ba-2fa1-41d2-883f-0016d3cca427" in unfolded


def test_vcard_without_marks_carries_none(full_card: Card) -> None:
    for text in (vcard3(full_card), vcard4(full_card)):
        assert "UID" not in text and "SOURCE" not in text and "card-" not in text
        assert ",042" not in text and "ext=" not in text
    assert "EMAIL;TYPE=INTERNET,PREF:zoe@example.org" in vcard3(full_card)


def test_vcard_a_uid_that_is_not_a_uri_is_text_in_4_0(minimal_card: Card) -> None:
    text = vcard4(minimal_card, Marks(uid="plain-uid, with comma"))
    assert "UID;VALUE=text:plain-uid\\, with comma" in text.split("\r\n")
    assert jcard(minimal_card, Marks(uid="x"))[1][-1] == ["uid", {}, "text", "x"]


def test_vcard_is_deterministic(full_card: Card, recipient_marks: Marks) -> None:
    assert vcard3(full_card, recipient_marks) == vcard3(full_card, recipient_marks)
    assert vcard4(full_card, recipient_marks) == vcard4(full_card, recipient_marks)


def test_vcard_folding_never_splits_a_character_or_an_escape() -> None:
    card = Card(name="Zoë", note=("é😀\\;," * 40) + "a" * 200)
    for text in (vcard3(card), vcard4(card)):
        lines = physical_lines(text)
        assert any(line.startswith(" ") for line in lines), "the note must fold"
        for line in lines:
            assert len(line.encode()) <= 75
            # A line never ends in the middle of an escape pair.
            assert len(line) - len(line.rstrip("\\")) in (0, 2, 4, 6)
        unfolded = text.replace("\r\n ", "")
        assert "NOTE:" + ("é😀\\\\\\;\\," * 40) + "a" * 200 in unfolded


def test_vcard_long_photo_lines_fold_at_75_octets(full_card: Card) -> None:
    lines = physical_lines(vcard3(full_card))
    photo = next(i for i, line in enumerate(lines) if line.startswith("PHOTO"))
    assert len(lines[photo].encode()) == 75
    assert all(len(line) == 75 for line in lines[photo + 1 : photo + 5])


def test_vcard_control_characters_cannot_inject_properties() -> None:
    card = Card(
        name="Eve\r\nUID:urn:uuid:forged",
        emails=("eve@example.org\r\nEMAIL:forged@example.org",),
        website="https://example.org/\nNOTE:forged",
        note="bell\x07 and\r\nline\rbreaks\u2028too",
    )
    for text in (vcard3(card), vcard4(card)):
        names = [line.split(":")[0].split(";")[0] for line in physical_lines(text)]
        assert "UID" not in names and names.count("EMAIL") == 1 and names.count("NOTE") == 1
        parsed = vobject.readOne(text)
        assert parsed.note.value == "bell and\nline\nbreaks\ntoo"
        assert parsed.fn.value == "Eve\nUID:urn:uuid:forged"


def test_family_and_given_splits_on_the_last_word() -> None:
    assert family_and_given("Zoë Martin-Lévy") == ("Martin-Lévy", "Zoë")
    assert family_and_given("Jean Paul  Sartre") == ("Sartre", "Jean Paul")
    assert family_and_given("Madonna") == ("", "Madonna")
    assert family_and_given("  ") == ("", "")


def test_vcard_mobile_detection_labels_phones() -> None:
    card = Card(name="A B", phones=("+33 1 23 45 67 89", "+49 151 23456789", "12345678"))
    lines = physical_lines(vcard3(card))
    assert "TEL;TYPE=VOICE,PREF:+33 1 23 45 67 89" in lines
    assert "TEL;TYPE=CELL,VOICE:+49 151 23456789" in lines
    assert "TEL;TYPE=VOICE:12345678" in lines


def test_vcard_marks_extension_without_phone_is_dropped(minimal_card: Card) -> None:
    text = vcard3(minimal_card, Marks(uid="urn:uuid:x", phone_extension="123"))
    assert "TEL" not in text and "123" not in text


#: Printable text: no control characters, surrogates or line/paragraph separators, but emoji,
#: combining marks and the characters vCard escapes.
PRINTABLE = st.lists(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"))
    | st.sampled_from(["\\", ",", ";", ":", "\\n", "😀", "👩‍💻", "é"]),
    max_size=60,
).map("".join)
MULTILINE = st.lists(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"))
    | st.sampled_from(["\n", "\\", ",", ";", "😀"]),
    max_size=300,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(
    name=PRINTABLE.filter(lambda text: text.strip() != ""),
    title=PRINTABLE,
    organisation=PRINTABLE,
    note=MULTILINE,
)
def test_vcard_round_trip_holds_for_any_printable_text(
    name: str, title: str, organisation: str, note: str
) -> None:
    card = Card(name=name, title=title, organisation=organisation, note=note)
    marks = Marks(uid="urn:uuid:1b4e28ba-2fa1-41d2-883f-0016d3cca427")
    for version, write in ((3, vcard3), (4, vcard4)):
        text = write(card, marks)
        assert all(len(line.encode()) <= 75 for line in physical_lines(text))
        fields = read_back(text, version)
        assert fields["fn"] == name
        assert fields["n"] == family_and_given(name)
        assert fields["org"] == ([[organisation]] if organisation else [])
        assert fields["title"] == ([title] if title else [])
        assert fields["note"] == ([note] if note else [])


# jCard


def unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def test_jcard_follows_rfc_7095_and_matches_vcard4(full_card: Card, recipient_marks: Marks) -> None:
    document = jcard(full_card, recipient_marks)
    assert json.loads(json.dumps(document)) == document
    assert document[0] == "vcard" and isinstance(document[1], list)
    properties = document[1]
    for prop in properties:
        assert len(prop) == 4
        name, params, kind, _value = prop
        assert name == name.lower() and isinstance(params, dict)
        assert kind in ("text", "uri", "language-tag")
        assert all(key == key.lower() and key != "value" for key in params)
    assert properties[0] == ["version", {}, "text", "4.0"]
    # One jCard property per vCard 4.0 content line, in the same order, with the same value.
    lines = vcard4(full_card, recipient_marks).replace("\r\n ", "").split("\r\n")[1:-2]
    assert len(lines) == len(properties)
    for line, (name, _params, kind, value) in zip(lines, properties, strict=True):
        head, _, raw = line.partition(":")
        assert head.split(";")[0].lower() == name
        if isinstance(value, list):
            assert [unescape(part) for part in re.split(r"(?<!\\);", raw)] == value
        else:
            assert (unescape(raw) if kind == "text" else raw) == value
    by_name = {prop[0]: prop for prop in reversed(properties)}
    assert by_name["n"] == ["n", {}, "text", ["Martin-Lévy", "Zoë", "", "", ""]]
    assert by_name["tel"] == [
        "tel",
        {"type": ["cell", "voice"], "pref": "1"},
        "uri",
        "tel:+33612345678;ext=042",
    ]
    assert by_name["lang"] == ["lang", {"pref": "1"}, "language-tag", "fr"]
    assert by_name["uid"] == ["uid", {}, "uri", recipient_marks.uid]
    assert by_name["note"][3] == full_card.note


def test_jcard_minimal(minimal_card: Card) -> None:
    assert jcard(minimal_card) == [
        "vcard",
        [
            ["version", {}, "text", "4.0"],
            ["prodid", {}, "text", "-//sincere//card//EN"],
            ["fn", {}, "text", "Zoë Martin-Lévy"],
            ["n", {}, "text", ["Martin-Lévy", "Zoë", "", "", ""]],
        ],
    ]


# QR codes

URL = "https://card.example.org/c/AbCdEfGhIjKlMnOpQrSt"


def test_qr_svg_is_a_well_formed_svg_document() -> None:
    svg = qr_svg(URL)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}title") is not None
    assert root.get("viewBox") and root.get("width") == root.get("height")
    assert not svg.startswith("<?xml")
    assert qr_svg(URL) == svg
    assert qr_svg(URL + "x") != svg


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_qr_png_has_the_signature_and_a_sensible_size() -> None:
    width, height = png_size(qr_png(URL))
    # Version 1 is 21 modules, plus a 4-module quiet zone each side, 8 pixels a module.
    assert width == height and width % 8 == 0 and 29 * 8 <= width <= 80 * 8
    assert png_size(qr_png(URL, scale=2))[0] * 4 == width
    assert qr_png(URL) == qr_png(URL)


def test_qr_errors() -> None:
    with pytest.raises(ValueError):
        qr_png(URL, scale=0)
    with pytest.raises(ValueError):
        qr_svg("x" * 5000)


def test_qr_of_a_whole_vcard_for_the_preview() -> None:
    card = Card(name="Zoë Martin-Lévy", emails=("zoe@example.org",), phones=("+33 6 12 34 56 78",))
    ET.fromstring(qr_svg(vcard3(card)))
    png_size(qr_png(vcard3(card)))


# The HTML page


class Page(HTMLParser):
    """Every start tag and its attributes."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


HOSTILE_CARD = Card(
    name='<script>alert("x")</script> & "Quotes" \'too\'',
    title='"><img src=x onerror=alert(1)>',
    organisation="Tom & Jerry <Ltd>",
    emails=('eve"@example.org',),
    phones=("+33 6 12 34 56 78",),
    website="javascript:alert(1)",
    social=(
        Social("<b>LinkedIn</b>", 'https://example.org/"onmouseover="alert(1)'),
        Social("Evil", "data:text/html,<script>alert(1)</script>"),
    ),
    photo=Photo(b"\xff\xd8\xff" + bytes(300), "image/jpeg"),
    note="</p><script>alert(2)</script>\nline two",
    languages=("fr", "<x>"),
)


def test_html_escapes_hostile_text(recipient_marks: Marks) -> None:
    page = html_page(HOSTILE_CARD, recipient_marks, vcf_url='card.vcf?x="><script>')
    assert "<script" not in page.lower()
    assert "<img src=x" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Quotes&quot;" in page
    assert "Tom &amp; Jerry &lt;Ltd&gt;" in page
    tags = Page(page).tags
    assert not [tag for tag, _ in tags if tag in ("script", "iframe", "object", "embed", "link")]
    for tag, attrs in tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        href = attrs.get("href") or ""
        assert not href.lower().startswith(("javascript:", "data:text")), href


def test_html_attributes_are_all_quoted(full_card: Card, recipient_marks: Marks) -> None:
    for page in (html_page(full_card, recipient_marks), html_page(HOSTILE_CARD, recipient_marks)):
        for tag in re.findall(r"<[a-zA-Z][^>]*>", page):
            assert not re.search(r'=(?!"")', re.sub(r'"[^"]*"', '""', tag)), tag


def test_html_loads_nothing_from_outside(full_card: Card, recipient_marks: Marks) -> None:
    page = html_page(full_card, recipient_marks)
    own_links = {full_card.website, *(item.url for item in full_card.social)}
    for tag, attrs in Page(page).tags:
        if "src" in attrs:
            assert (attrs["src"] or "").startswith("data:image/"), (tag, attrs)
        href = attrs.get("href")
        if href and re.match(r"https?:", href):
            assert tag == "a" and href in own_links, (tag, href)
    assert "<script" not in page and "@import" not in page and "url(" not in page
    assert "@font-face" not in page
    assert len(re.findall(r"<style>", page)) == 1 and " style=" not in page


def test_html_content_security_policy_allows_its_style_and_no_script(full_card: Card) -> None:
    page = html_page(full_card)
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL)
    assert style is not None
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    csp = next(
        attrs["content"]
        for tag, attrs in Page(page).tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp is not None
    assert "default-src 'none'" in csp and f"style-src 'sha256-{digest}'" in csp
    assert "script-src" not in csp  # default-src 'none' forbids scripts


def test_html_page_structure(full_card: Card, recipient_marks: Marks) -> None:
    page = html_page(full_card, recipient_marks, vcf_url="/c/AbCd/card.vcf")
    assert page.startswith('<!doctype html>\n<html lang="en">')
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<meta name="referrer" content="no-referrer">' in page
    assert (
        '<a class="add" href="/c/AbCd/card.vcf" download type="text/vcard">Add to contacts</a>'
        in page
    )
    assert "@media print" in page and "@media (max-width" in page
    assert "This card was shared with you personally; please don&#x27;t pass it on." in page
    images = [attrs for tag, attrs in Page(page).tags if tag == "img"]
    assert len(images) == 1 and images[0]["alt"] == "Photo of Zoë Martin-Lévy"
    assert (images[0]["src"] or "").startswith("data:image/jpeg;base64,/9j/")
    # The recipient's marks: their alias, their extension, their UID, their link's QR code.
    assert "mailto:card-k7m2p9qx@example.net" in page
    assert "+33 6 12 34 56 78 ext. 042" in page and 'href="tel:+33612345678,042"' in page
    assert f'value="{recipient_marks.uid}"' in page
    assert page.count("<svg") == 1 and "<title>QR code of this card" in page
    assert '<h1 class="p-name" dir="auto">Zoë Martin-Lévy</h1>' in page
    assert '<span lang="fr" dir="auto">Français</span>' in page


def test_html_in_french() -> None:
    card = Card(name="Zoë Martin-Lévy", phones=("+33 6 12 34 56 78",))
    page = html_page(card, Marks(uid="urn:uuid:x", phone_extension="042"), lang="fr")
    assert '<html lang="fr">' in page
    assert (
        "Cette carte vous a été confiée personnellement ; merci de ne pas la transmettre." in page
    )
    assert "Ajouter aux contacts" in page and "poste 042" in page
    assert '<html lang="fr">' in html_page(card, lang="fr-CA")
    assert '<html lang="en">' in html_page(card, lang="de")


def test_html_qr_only_with_a_link(full_card: Card) -> None:
    assert "<svg" not in html_page(full_card)
    assert "<svg" not in html_page(full_card, Marks(uid="urn:uuid:x"))
    page = html_page(full_card, Marks(uid="urn:uuid:x", url=URL))
    svg = re.search(r"<svg.*?</svg>", page, re.DOTALL)
    assert svg is not None and 'xmlns="http' not in svg.group(0)
    ET.fromstring(svg.group(0))


def test_html_without_marks_and_minimal(minimal_card: Card) -> None:
    page = html_page(minimal_card)
    assert "<dl>" not in page and "<img" not in page and "u-uid" not in page
    assert "Add to contacts" in page


def test_html_photo_only_jpeg_or_png(minimal_card: Card, png_bytes: bytes) -> None:
    png = html_page(replace(minimal_card, photo=Photo(png_bytes, "image/png")))
    assert 'src="data:image/png;base64,' in png
    svg = html_page(replace(minimal_card, photo=Photo(b"<svg/>", "image/svg+xml")))
    assert "<img" not in svg


@pytest.mark.parametrize("url", ["javascript:alert(1)", "vbscript:x", "JAVASCRIPT:x"])
def test_html_refuses_a_dangerous_vcf_url(minimal_card: Card, url: str) -> None:
    with pytest.raises(ValueError, match="vcf_url"):
        html_page(minimal_card, vcf_url=url)


def test_html_accepts_a_data_vcf_url_for_the_preview(minimal_card: Card) -> None:
    data = "data:text/vcard;base64," + base64.b64encode(vcard3(minimal_card).encode()).decode()
    assert f'href="{data}" download' in html_page(minimal_card, vcf_url=data)


def test_html_is_deterministic(full_card: Card, recipient_marks: Marks) -> None:
    assert html_page(full_card, recipient_marks) == html_page(full_card, recipient_marks)


def test_render_api_is_exactly_the_documented_one() -> None:
    assert set(render.__all__) == {
        "PRODID",
        "family_and_given",
        "html_page",
        "jcard",
        "qr_png",
        "qr_svg",
        "vcard3",
        "vcard4",
    }
