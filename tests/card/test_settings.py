"""The card's TOML file: where it is, the template, and every check with its message."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest
import vobject

from sincere.card import settings
from sincere.card.model import Card, Photo, Social
from sincere.card.render import vcard3
from sincere.card.settings import card_path, load_card, parse_card, template
from sincere.errors import UsageError

FULL = """\
name = "Zoë Martin-Lévy"
title = "Product designer"
organisation = "Atelier Lévy"
emails = ["zoe@example.org", "zoe.work@example.com"]
phones = ["+33 6 12 34 56 78", "(01) 23.45.67/89"]
website = "https://zoe.example.org"
languages = ["fr", "en", "pt-BR"]
photo = "photo.jpg"
note = \"\"\"Met at the design meetup.
Ask me about type.\"\"\"

[[social]]
label = "LinkedIn"
url = "https://www.linkedin.com/in/zoe"

[[social]]
label = "Mastodon"
url = "http://mastodon.social/@zoe"
"""


def parse(text: str, base: Path = Path(".")) -> Card:
    return parse_card(text, where="card.toml", base=base)


def error_of(text: str, base: Path = Path(".")) -> UsageError:
    with pytest.raises(UsageError) as caught:
        parse(text, base)
    return caught.value


# Where the file is


def test_card_path_is_beside_the_config_file(isolated_config: Path) -> None:
    assert card_path() == isolated_config.parent / "card.toml"


def test_card_path_follows_sincere_card(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SINCERE_CARD", str(tmp_path / "elsewhere.toml"))
    assert card_path() == tmp_path / "elsewhere.toml"


def test_load_card_reads_the_default_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, jpeg_bytes: bytes
) -> None:
    (tmp_path / "my-card.toml").write_text(FULL, encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(jpeg_bytes)
    monkeypatch.setenv("SINCERE_CARD", str(tmp_path / "my-card.toml"))
    assert load_card().name == "Zoë Martin-Lévy"
    assert load_card(tmp_path / "my-card.toml") == load_card()


def test_load_card_without_a_file_says_how_to_create_it(isolated_config: Path) -> None:
    with pytest.raises(UsageError) as caught:
        load_card()
    assert str(caught.value) == f"{isolated_config.parent / 'card.toml'}: no card yet"
    assert caught.value.hint == "run 'sincere card edit'"


def test_load_card_refuses_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "card.toml"
    path.write_bytes(b'name = "Zo\xeb"\n')
    with pytest.raises(UsageError, match=r"card\.toml: not UTF-8"):
        load_card(path)


# Parsing


def test_full_card_parses(tmp_path: Path, jpeg_bytes: bytes) -> None:
    (tmp_path / "photo.jpg").write_bytes(jpeg_bytes)
    assert parse(FULL, tmp_path) == Card(
        name="Zoë Martin-Lévy",
        title="Product designer",
        organisation="Atelier Lévy",
        emails=("zoe@example.org", "zoe.work@example.com"),
        phones=("+33 6 12 34 56 78", "(01) 23.45.67/89"),
        website="https://zoe.example.org",
        social=(
            Social("LinkedIn", "https://www.linkedin.com/in/zoe"),
            Social("Mastodon", "http://mastodon.social/@zoe"),
        ),
        photo=Photo(jpeg_bytes, "image/jpeg"),
        note="Met at the design meetup.\nAsk me about type.",
        languages=("fr", "en", "pt-BR"),
    )


def test_a_loaded_card_renders(tmp_path: Path, jpeg_bytes: bytes) -> None:
    (tmp_path / "photo.jpg").write_bytes(jpeg_bytes)
    parsed = vobject.readOne(vcard3(parse(FULL, tmp_path)))
    assert parsed.fn.value == "Zoë Martin-Lévy"
    assert parsed.photo.value == jpeg_bytes


def test_values_are_stripped_and_empty_ones_left_out() -> None:
    card = parse('name = "  Zoë  "\ntitle = " "\nemails = ["", " zoe@example.org "]\nphoto = ""')
    assert card == Card(name="Zoë", emails=("zoe@example.org",))


# The template


def test_template_needs_only_a_name() -> None:
    text = template()
    assert error_of(text).message == "card.toml: name: your name is required"
    assert parse(text.replace('name = ""', 'name = "Zoë Martin-Lévy"', 1)) == Card(
        name="Zoë Martin-Lévy"
    )


def test_template_mentions_every_field() -> None:
    text = template()
    assert set(settings.KEYS) == {field.name for field in dataclasses.fields(Card)}
    for key in settings.KEYS:
        assert f"\n{key} = " in text or f"\n# {key} = " in text or f"[[{key}]]" in text, key
    for key in settings.SOCIAL_KEYS:
        assert f"# {key} = " in text


def test_template_examples_are_valid_once_uncommented(tmp_path: Path, png_bytes: bytes) -> None:
    (tmp_path / "photo.jpg").write_bytes(png_bytes)
    lines = []
    for line in template().splitlines():
        if line.startswith(("# [[social]]", "# label =", "# url =")):
            line = line[2:]
        lines.append(line)
    text = "\n".join(lines).replace('name = ""', 'name = "Zoë"', 1)
    text = text.replace('photo = ""', 'photo = "photo.jpg"')
    card = parse(text, tmp_path)
    assert [item.label for item in card.social] == ["LinkedIn", "Mastodon"]
    assert card.photo == Photo(png_bytes, "image/png")


# Checks: each error is one line naming the file and the field


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "   "', "name: your name is required"),
        ("title = 'x'", "name: your name is required"),
        ("name = 42", "name: must be a string in quotes, not a number"),
        ('name = "Zoë\\nMartin"', "name: must be on one line"),
        ('name = "Z"\nemails = "zoe@example.org"', 'emails: must be a list, like emails = ["…"]'),
        ('name = "Z"\nemails = ["zoe.example.org"]', "emails[1]: 'zoe.example.org' is not an"),
        ('name = "Z"\nemails = ["a@b.c", "zoe@localhost"]', "emails[2]: 'zoe@localhost' is not"),
        ('name = "Z"\nemails = ["zo e@example.org"]', "emails[1]: 'zo e@example.org' is not"),
        ('name = "Z"\nphones = ["12345"]', "phones[1]: '12345' has fewer than 6 digits"),
        ('name = "Z"\nphones = ["+33 6 12 34 56 78 ext 12"]', "phones[1]: '+33 6 12 34 56 78 ext"),
        (
            'name = "Z"\nphones = [33612345678]',
            "phones[1]: must be a string in quotes, not a number",
        ),
        ('name = "Z"\nwebsite = "example.org"', "website: 'example.org' must be a web address"),
        ('name = "Z"\nwebsite = "javascript:alert(1)"', "website: 'javascript:alert(1)' must be"),
        ('name = "Z"\nwebsite = "https://"', "website: 'https://' must be a web address"),
        ('name = "Z"\nlanguages = ["french!"]', "languages[1]: 'french!' is not a language tag"),
        ('name = "Z"\nlanguages = ["fr", "e"]', "languages[2]: 'e' is not a language tag"),
        ('name = "Z"\nnote = "' + "x" * 1001 + '"', "note: 1001 characters; a note holds 1000"),
        ('name = "Z"\nsocial = "https://x.org"', "social: must be [[social]] tables"),
        ('name = "Z"\n[[social]]\nurl = "https://x.org"', "social[1].label: is required"),
        ('name = "Z"\n[[social]]\nlabel = "X"', "social[1].url: is required"),
        ('name = "Z"\n[[social]]\nlabel = "X"\nurl = "x.org"', "social[1].url: 'x.org' must be"),
        (
            'name = "Z"\n[[social]]\nlabel = "X"\nurl = "https://x.org"\nhandle = "@z"',
            "social[1].handle: unknown key; the known keys are label, url",
        ),
        (
            'name = "Z"\norganization = "Acme"',
            "organization: unknown key; the known keys are name, title, organisation, emails, "
            "phones, website, social, photo, note, languages",
        ),
    ],
)
def test_each_mistake_has_a_one_line_message_naming_the_field(text: str, message: str) -> None:
    error = error_of(text)
    assert str(error).startswith(f"card.toml: {message}"), str(error)
    assert "\n" not in str(error)
    assert error.hint


def test_toml_syntax_errors_give_the_line() -> None:
    error = error_of('name = "Zoë"\ntitle = \n')
    assert str(error).startswith("card.toml: not valid TOML: ")
    assert "line 2" in str(error) and "\n" not in str(error)


def test_template_has_no_unknown_keys() -> None:
    assert set(tomllib.loads(template())) <= set(settings.KEYS)


# The photo


def test_photo_png_is_read_relative_to_the_file(tmp_path: Path, png_bytes: bytes) -> None:
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "me.png").write_bytes(png_bytes)
    card = parse('name = "Z"\nphoto = "pics/me.png"', tmp_path)
    assert card.photo == Photo(png_bytes, "image/png")


def test_photo_absolute_path(tmp_path: Path, jpeg_bytes: bytes) -> None:
    (tmp_path / "me.jpg").write_bytes(jpeg_bytes)
    card = parse(f'name = "Z"\nphoto = {str(tmp_path / "me.jpg")!r}', Path("/nonexistent"))
    assert card.photo == Photo(jpeg_bytes, "image/jpeg")


def test_photo_must_be_jpeg_or_png(tmp_path: Path) -> None:
    (tmp_path / "me.gif").write_bytes(b"GIF89a" + bytes(100))
    error = error_of('name = "Z"\nphoto = "me.gif"', tmp_path)
    assert str(error) == "card.toml: photo: 'me.gif' is neither a JPEG nor a PNG image"


def test_photo_size_limit(tmp_path: Path, jpeg_bytes: bytes) -> None:
    limit = settings.PHOTO_LIMIT
    assert limit == 512 * 1024
    (tmp_path / "ok.jpg").write_bytes(jpeg_bytes + bytes(limit - len(jpeg_bytes)))
    card = parse('name = "Z"\nphoto = "ok.jpg"', tmp_path)
    assert card.photo is not None and len(card.photo.data) == limit
    (tmp_path / "big.jpg").write_bytes(jpeg_bytes + bytes(limit + 1 - len(jpeg_bytes)))
    error = error_of('name = "Z"\nphoto = "big.jpg"', tmp_path)
    assert str(error) == "card.toml: photo: 'big.jpg' is larger than 512 KiB; use a smaller one"


def test_photo_missing(tmp_path: Path) -> None:
    error = error_of('name = "Z"\nphoto = "nowhere.jpg"', tmp_path)
    assert str(error).startswith("card.toml: photo: cannot read 'nowhere.jpg' (")
