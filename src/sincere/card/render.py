"""Every rendering of the card, from one model: vCard 3.0, vCard 4.0, jCard, a QR code (SVG and
PNG) and a self-contained HTML page.

Each function is pure (no I/O, no clock, no randomness): the same card and marks always give the
same bytes, so a recipient's copy can be rebuilt and compared, and tests can pin the output.

With ``marks`` (a recipient's copy) every rendering carries them: the vCards and the jCard hold
the UID, the recipient's link as ``URL`` and ``SOURCE``, the email alias as the preferred
``EMAIL`` and the phone extension on the first phone; the HTML page shows the alias and the
extension, links to the recipient's vCard and shows the QR code of their link. Without marks
(the owner's own preview) there is none of that.

Choices, documented in ``docs/card.md``:

- ``N`` is split simply: the last word of the name is the family name, the words before it the
  given name; a one-word name is a given name.
- A social link is written twice: as ``X-SOCIALPROFILE;TYPE=<label>`` (3.0, what Apple Contacts
  reads) or ``SOCIALPROFILE;SERVICE-TYPE=<label>`` (4.0, RFC 9554), and as a plain
  ``URL;TYPE=<label>`` that every importer keeps.
- The phone extension is ``,123`` (a dialling pause, then the digits) in vCard 3.0, which is how
  iOS and Android write and keep an extension, and ``;ext=123`` in vCard 4.0's ``tel:`` URIs
  (RFC 3966).
- vCard 3.0 has no ``LANG``: the languages are written as ``X-LANG`` properties (kept by
  vCard-aware tools, ignored by phones) rather than mixed into the note.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

import segno

from sincere.card.model import Card, Marks, Photo, Social

PRODID = "-//sincere//card//EN"
#: RFC 6350 §3.2: lines SHOULD NOT be longer than 75 octets, excluding the line break.
LINE_OCTETS = 75
CRLF = "\r\n"

#: How a property's value is written. ``text`` is backslash-escaped; the others are written as
#: they are (after removing control characters): ``uri``, ``language-tag``, ``binary`` (3.0's
#: base64 photo) and ``phone`` (3.0's TEL, a phone-number value that is not escaped).
Kind = Literal["text", "uri", "language-tag", "binary", "phone"]
Params = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class _Property:
    """One content line before serialisation; a tuple value is structured (``N``)."""

    name: str
    value: str | tuple[str, ...]
    kind: Kind = "text"
    params: Params = ()


# Cleaning: text can come from anywhere, and a stray line break would start a new property.

#: C0 controls but tab and line feed, DEL and C1 controls: never meaningful in a card.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029]")


def _clean_text(value: str) -> str:
    """Multi-line text: every line break becomes ``\\n``, other controls go."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))


def _clean_word(value: str) -> str:
    """A URI, an address or a tag: one word (inner spaces become %20), no control character."""
    return re.sub(r"[\s\x00-\x1f\x7f-\x9f]+", " ", value).strip().replace(" ", "%20")


def _one_line(value: str) -> str:
    """A phone number or a label: one line, single spaces."""
    return " ".join(_clean_text(value).split())


# vCard text


def _escape(value: str) -> str:
    """RFC 6350 §3.4 / RFC 2426 §4: backslash, comma, semicolon and newline are escaped."""
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _param_value(value: str) -> str:
    # A double quote cannot appear in a parameter value at all; ',;:' need quoting.
    cleaned = _CONTROLS.sub("", value).replace('"', "").replace("\n", " ")
    return f'"{cleaned}"' if any(char in cleaned for char in ",;:") else cleaned


def _content_line(prop: _Property) -> str:
    params = "".join(
        f";{name}={','.join(_param_value(value) for value in values)}"
        for name, values in prop.params
    )
    if isinstance(prop.value, tuple):
        value = ";".join(_escape(component) for component in prop.value)
    elif prop.kind == "text":
        value = _escape(prop.value)
    else:
        value = prop.value
    return f"{prop.name}{params}:{value}"


#: An escape pair is kept whole when folding, so no reader ever sees half of one.
_TOKENS = re.compile(r"\\.|.", re.DOTALL)


def _fold(line: str) -> str:
    """RFC 6350 §3.2: at most 75 octets of UTF-8 a line, the break never inside a character;
    a continuation line starts with a space, which counts."""
    if line.isascii() and "\\" not in line:
        # The fast path for long base64 photos: one octet a character.
        first, rest = line[:LINE_OCTETS], line[LINE_OCTETS:]
        step = LINE_OCTETS - 1
        return CRLF.join([first, *(" " + rest[at : at + step] for at in range(0, len(rest), step))])
    lines: list[str] = []
    current: list[str] = []
    size = 0
    for token in _TOKENS.findall(line):
        octets = len(token.encode("utf-8"))
        if size + octets > LINE_OCTETS:
            lines.append("".join(current))
            current, size = [" "], 1
        current.append(token)
        size += octets
    lines.append("".join(current))
    return CRLF.join(lines)


def _serialise(properties: Iterable[_Property]) -> str:
    lines = ["BEGIN:VCARD", *(_fold(_content_line(prop)) for prop in properties), "END:VCARD"]
    return CRLF.join(lines) + CRLF


# The pieces both versions share


def family_and_given(name: str) -> tuple[str, str]:
    """The ``N`` components of ``name``: the last word is the family name, the words before it
    the given name. A one-word name is a given name (what phones show first)."""
    words = _clean_text(name).split()
    if len(words) < 2:
        return "", " ".join(words)
    return words[-1], " ".join(words[:-1])


def _emails(card: Card, marks: Marks | None) -> list[tuple[str, bool]]:
    """``(address, preferred)``: the recipient's alias first and preferred, so that what they
    write goes through it; else the owner's first address is preferred."""
    alias = [marks.email] if marks and marks.email else []
    addresses = [cleaned for cleaned in map(_clean_word, [*alias, *card.emails]) if cleaned]
    return [(address, index == 0) for index, address in enumerate(addresses)]


def _phones(card: Card, marks: Marks | None) -> list[tuple[str, str]]:
    """``(number, extension)``: the recipient's extension goes on the first phone only."""
    extension = re.sub(r"\D", "", marks.phone_extension) if marks else ""
    numbers = [number for number in (_one_line(raw) for raw in card.phones) if number]
    return [(number, extension if index == 0 else "") for index, number in enumerate(numbers)]


def _phone_types(number: str) -> tuple[str, ...]:
    """``cell`` and ``voice`` for a mobile number, ``voice`` otherwise (and when unsure: a
    landline labelled "mobile" misleads more than a mobile labelled "phone")."""
    import phonenumbers  # a large package: loaded only when a card has a phone

    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return ("voice",)
    if phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE:
        return ("cell", "voice")
    return ("voice",)


def _tel_uri(number: str, extension: str) -> str | None:
    """RFC 3966 ``tel:+33612345678;ext=123`` for an international number; ``None`` for a local
    one, which a ``tel:`` URI cannot carry without a phone context we do not know."""
    digits = re.sub(r"\D", "", number)
    if not number.startswith("+") or not digits:
        return None
    return f"tel:+{digits}" + (f";ext={extension}" if extension else "")


def _dial_string(number: str, extension: str) -> str:
    """The number as phones dial it: an extension after a pause (``,``)."""
    return f"{number},{extension}" if extension else number


def _social_type(social: Social) -> str:
    """The label as a TYPE token: ``LinkedIn`` → ``linkedin``, ``X (Twitter)`` → ``x-twitter``."""
    token = re.sub(r"[^a-z0-9]+", "-", social.label.lower()).strip("-")
    return token or "profile"


def _image_subtype(photo: Photo) -> str:
    subtype = photo.media_type.rpartition("/")[2]
    return re.sub(r"[^A-Za-z0-9.+-]", "", subtype) or "jpeg"


def _data_uri(photo: Photo) -> str:
    encoded = base64.b64encode(photo.data).decode("ascii")
    return f"data:image/{_image_subtype(photo).lower()};base64,{encoded}"


def _identity(card: Card) -> list[_Property]:
    """FN, N, ORG and TITLE: the same in both versions."""
    properties = [
        _Property("FN", _clean_text(card.name)),
        _Property("N", (*family_and_given(card.name), "", "", "")),
    ]
    if card.organisation:
        properties.append(_Property("ORG", _clean_text(card.organisation)))
    if card.title:
        properties.append(_Property("TITLE", _clean_text(card.title)))
    return properties


def _marks_properties(
    marks: Marks | None, *, uid_kind: Kind, uid_params: Params
) -> list[_Property]:
    if marks is None:
        return []
    properties = [_Property("UID", _clean_text(marks.uid), uid_kind, uid_params)]
    url = _clean_word(marks.url)
    if url:
        # URL survives an import into every contacts app; SOURCE says where the card lives.
        properties += [_Property("URL", url, "uri"), _Property("SOURCE", url, "uri")]
    return properties


# vCard 3.0


def _properties3(card: Card, marks: Marks | None) -> list[_Property]:
    properties = [_Property("VERSION", "3.0"), _Property("PRODID", PRODID)]
    properties += _identity(card)
    for address, preferred in _emails(card, marks):
        email_types = ("INTERNET", "PREF") if preferred else ("INTERNET",)
        properties.append(_Property("EMAIL", address, "text", (("TYPE", email_types),)))
    for index, (number, extension) in enumerate(_phones(card, marks)):
        types = tuple(kind.upper() for kind in _phone_types(number))
        types += ("PREF",) if index == 0 else ()
        value = _dial_string(number, extension)
        properties.append(_Property("TEL", value, "phone", (("TYPE", types),)))
    if card.website:
        properties.append(_Property("URL", _clean_word(card.website), "uri"))
    for social in card.social:
        url, kind = _clean_word(social.url), (("TYPE", (_social_type(social),)),)
        properties += [
            _Property("X-SOCIALPROFILE", url, "uri", kind),
            _Property("URL", url, "uri", kind),
        ]
    if card.photo is not None:
        encoded = base64.b64encode(card.photo.data).decode("ascii")
        params = (("ENCODING", ("b",)), ("TYPE", (_image_subtype(card.photo).upper(),)))
        properties.append(_Property("PHOTO", encoded, "binary", params))
    if card.note:
        properties.append(_Property("NOTE", _clean_text(card.note)))
    properties += [_Property("X-LANG", _clean_word(tag), "language-tag") for tag in card.languages]
    return properties + _marks_properties(marks, uid_kind="text", uid_params=())


def vcard3(card: Card, marks: Marks | None = None) -> str:
    """The card as vCard 3.0 (RFC 2426): what phones and Apple Contacts import. CRLF line ends,
    lines folded at 75 octets, UTF-8 text, the photo embedded in base64."""
    return _serialise(_properties3(card, marks))


# vCard 4.0 and jCard


def _pref(index: int) -> Params:
    return (("PREF", (str(index + 1),)),)


def _properties4(card: Card, marks: Marks | None) -> list[_Property]:
    properties = [_Property("VERSION", "4.0"), _Property("PRODID", PRODID)]
    properties += _identity(card)
    for address, preferred in _emails(card, marks):
        properties.append(_Property("EMAIL", address, "text", _pref(0) if preferred else ()))
    for index, (number, extension) in enumerate(_phones(card, marks)):
        params: Params = (("TYPE", _phone_types(number)), *(_pref(0) if index == 0 else ()))
        uri = _tel_uri(number, extension)
        if uri is None:
            value = _dial_string(number, extension)
            properties.append(_Property("TEL", value, "text", (("VALUE", ("text",)), *params)))
        else:
            properties.append(_Property("TEL", uri, "uri", (("VALUE", ("uri",)), *params)))
    if card.website:
        properties.append(_Property("URL", _clean_word(card.website), "uri"))
    for social in card.social:
        url = _clean_word(social.url)
        service = (("SERVICE-TYPE", (_one_line(social.label) or "profile",)),)
        properties += [
            _Property("SOCIALPROFILE", url, "uri", service),
            _Property("URL", url, "uri", (("TYPE", (_social_type(social),)),)),
        ]
    if card.photo is not None:
        properties.append(_Property("PHOTO", _data_uri(card.photo), "uri"))
    if card.note:
        properties.append(_Property("NOTE", _clean_text(card.note)))
    properties += [
        _Property("LANG", _clean_word(tag), "language-tag", _pref(index))
        for index, tag in enumerate(card.languages)
    ]
    # RFC 6350 §6.7.6: UID is a URI by default (ours is urn:uuid:…); anything else is text.
    uid_is_uri = marks is not None and ":" in marks.uid
    uid_kind: Kind = "uri" if uid_is_uri else "text"
    uid_params: Params = () if uid_is_uri else (("VALUE", ("text",)),)
    return properties + _marks_properties(marks, uid_kind=uid_kind, uid_params=uid_params)


def vcard4(card: Card, marks: Marks | None = None) -> str:
    """The card as vCard 4.0 (RFC 6350): phones as ``tel:`` URIs, the photo as a ``data:`` URI,
    the languages as ``LANG`` in order of preference."""
    return _serialise(_properties4(card, marks))


def _jcard_property(prop: _Property) -> list[Any]:
    # RFC 7095 §3.3: the value type is the third element, so VALUE is not a parameter there.
    params = {
        name.lower(): values[0] if len(values) == 1 else list(values)
        for name, values in prop.params
        if name != "VALUE"
    }
    value = list(prop.value) if isinstance(prop.value, tuple) else prop.value
    return [prop.name.lower(), params, prop.kind, value]


def jcard(card: Card, marks: Marks | None = None) -> list[Any]:
    """The card as jCard (RFC 7095): ``["vcard", [[name, params, type, value], ...]]``, with the
    same properties and values as :func:`vcard4`."""
    return ["vcard", [_jcard_property(prop) for prop in _properties4(card, marks)]]


# QR code


def _qr(text: str) -> segno.QRCode:
    # Level M (15 % of the symbol can be lost) and no boost: the same text, the same symbol.
    return segno.make(text, error="m", boost_error=False, micro=False)


def _svg(text: str, *, standalone: bool, title: str) -> str:
    code = _qr(text)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=standalone,
        omitsize=True,  # a viewBox, so that CSS can scale it
        border=4,
        title=title,
        dark="#000",
        light="#fff",  # a white ground: a dark page would make it unreadable
    )
    svg = out.getvalue().decode("utf-8").strip()
    if standalone:
        # A file opened on its own gets a sensible size too (8 px a module).
        side = code.symbol_size(scale=8, border=4)[0]
        svg = svg.replace("<svg ", f'<svg width="{side}" height="{side}" ', 1)
    return svg


def qr_svg(text: str) -> str:
    """A QR code of ``text`` as an SVG document (no XML declaration, which browsers accept both
    inline and as a file). Raises :class:`ValueError` if the text is too long for a QR code."""
    return _svg(text, standalone=True, title="QR code")


def qr_png(text: str, scale: int = 8) -> bytes:
    """A QR code of ``text`` as PNG bytes, ``scale`` pixels a module."""
    if scale < 1:
        raise ValueError(f"scale must be at least 1, not {scale}")
    out = io.BytesIO()
    _qr(text).save(out, kind="png", scale=scale, border=4, dark="#000", light="#fff")
    return out.getvalue()


# The HTML page

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "email": "Email",
        "phone": "Phone",
        "website": "Website",
        "profiles": "Elsewhere",
        "languages": "Speaks",
        "add": "Add to contacts",
        "qr": "Scan to open this card on a phone",
        "qr_title": "QR code of this card's link",
        "photo": "Photo of {name}",
        "extension": "ext. {extension}",
        "notice": "This card was shared with you personally; please don't pass it on.",
    },
    "fr": {
        "email": "E-mail",
        "phone": "Téléphone",
        "website": "Site web",
        "profiles": "Ailleurs",
        "languages": "Parle",
        "add": "Ajouter aux contacts",
        "qr": "Scannez pour ouvrir cette carte sur un téléphone",
        "qr_title": "Code QR du lien de cette carte",
        "photo": "Photo de {name}",
        "extension": "poste {extension}",
        "notice": (
            "Cette carte vous a été confiée personnellement ; merci de ne pas la transmettre."
        ),
    },
}

#: Languages named in themselves, as language pickers do; other tags are shown as they are.
_ENDONYMS = {
    "ar": "العربية",
    "br": "Brezhoneg",
    "ca": "Català",
    "cs": "Čeština",
    "da": "Dansk",
    "de": "Deutsch",
    "el": "Ελληνικά",
    "en": "English",
    "es": "Español",
    "eu": "Euskara",
    "fi": "Suomi",
    "fr": "Français",
    "he": "עברית",
    "hi": "हिन्दी",
    "it": "Italiano",
    "ja": "日本語",
    "ko": "한국어",
    "nl": "Nederlands",
    "no": "Norsk",
    "pl": "Polski",
    "pt": "Português",
    "ro": "Română",
    "ru": "Русский",
    "sv": "Svenska",
    "tr": "Türkçe",
    "uk": "Українська",
    "vi": "Tiếng Việt",
    "zh": "中文",
}

_PHOTO_TYPES = ("image/jpeg", "image/png")

_CSS = """\
:root{color-scheme:light dark;--ink:#1d1d1f;--muted:#5b5b66;--paper:#fff;--ground:#eef0f3;\
--accent:#0b57d0;--on-accent:#fff}
@media (prefers-color-scheme:dark){:root{--ink:#ececf1;--muted:#a3a3ad;--paper:#1f1f24;\
--ground:#121214;--accent:#8ab4f8;--on-accent:#0b1a33}}
*{box-sizing:border-box}
body{margin:0;background:var(--ground);color:var(--ink);\
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{display:grid;place-items:center;min-height:100vh;padding:1rem}
.card{width:100%;max-width:34rem;background:var(--paper);border-radius:1rem;padding:1.5rem;\
box-shadow:0 1px 3px rgba(0,0,0,.12),0 8px 24px rgba(0,0,0,.08)}
header{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
.photo{width:6rem;height:6rem;border-radius:50%;object-fit:cover}
h1{margin:0;font-size:1.6rem;line-height:1.2;overflow-wrap:anywhere}
.role{margin:.25rem 0 0;color:var(--muted)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:1.25rem 0}
dt{grid-column:1;color:var(--muted)}
dd{grid-column:2;margin:0;overflow-wrap:anywhere}
a{color:var(--accent)}
.note{white-space:pre-line;overflow-wrap:anywhere}
.actions{margin:1.25rem 0 0}
.add{display:inline-block;padding:.6rem 1.1rem;border-radius:.5rem;background:var(--accent);\
color:var(--on-accent);font-weight:600;text-decoration:none}
.qr{margin:1.25rem 0 0;text-align:center}
.qr svg{width:10rem;max-width:100%;height:auto}
.qr figcaption{font-size:.85rem;color:var(--muted)}
.notice{margin:1.25rem 0 0;font-size:.85rem;color:var(--muted)}
@media (max-width:30rem){dl{grid-template-columns:1fr}dt,dd{grid-column:1}dd+dt{margin-top:.5rem}}
@media print{:root{--ink:#000;--muted:#000;--paper:#fff;--ground:#fff;--accent:#000}
body{background:#fff;color:#000}main{display:block;min-height:0;padding:0}
.card{max-width:none;box-shadow:none;border:1px solid #000}
.actions{display:none}a{text-decoration:none}
.social a::after{content:" (" attr(href) ")";font-size:.85em}}
"""

#: The hash of the page's one style sheet, as a CSP source.
STYLE_HASH = f"'sha256-{base64.b64encode(hashlib.sha256(_CSS.encode()).digest()).decode()}'"

#: The page allows its own style sheet, data: images, and nothing else: no script can run.
_CSP = (
    f"default-src 'none'; style-src {STYLE_HASH}; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)

_SAFE_VCF_SCHEMES = ("http", "https", "data")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _page_lang(lang: str) -> str:
    primary = lang.split("-")[0].strip().lower()
    return primary if primary in _WORDS else "en"


def _web_link(url: str, label: str, css_class: str = "") -> str:
    """A link for http(s) URLs only: a ``javascript:`` URL from a card is shown, not linked."""
    cleaned = _clean_word(url)
    if not cleaned:
        return ""
    classes = f' class="{css_class}"' if css_class else ""
    if not re.match(r"https?://", cleaned, re.IGNORECASE):
        return f'<span{classes} dir="auto">{_e(label)}</span>'
    attributes = f'{classes} href="{_e(cleaned)}" rel="me noopener noreferrer" dir="auto"'
    return f"<a{attributes}>{_e(label)}</a>"


def _rows(label: str, values: Sequence[str], css_class: str = "") -> list[str]:
    values = [value for value in values if value]
    if not values:
        return []
    classes = f' class="{css_class}"' if css_class else ""
    return [f"<dt>{_e(label)}</dt>", *(f"<dd{classes}>{value}</dd>" for value in values)]


def _email_links(card: Card, marks: Marks | None) -> list[str]:
    return [
        f'<a class="u-email" href="mailto:{_e(quote(address, safe="@+"))}">{_e(address)}</a>'
        for address, _ in _emails(card, marks)
    ]


def _phone_links(card: Card, marks: Marks | None, words: dict[str, str]) -> list[str]:
    links = []
    for number, extension in _phones(card, marks):
        dial = ("+" if number.startswith("+") else "") + re.sub(r"\D", "", number)
        shown = number + (" " + words["extension"].format(extension=extension) if extension else "")
        # A pause before the extension: what the phone apps of iOS and Android dial.
        href = f"tel:{dial}" + (f",{extension}" if extension else "")
        links.append(f'<a class="p-tel" href="{_e(href)}">{_e(shown)}</a>')
    return links


def _language_names(card: Card) -> list[str]:
    names = []
    for tag in card.languages:
        name = _ENDONYMS.get(tag.split("-")[0].lower(), tag)
        names.append(f'<span lang="{_e(_clean_word(tag))}" dir="auto">{_e(name)}</span>')
    return [", ".join(names)] if names else []


def _header(card: Card, words: dict[str, str]) -> str:
    parts = ["<header>"]
    if card.photo is not None and card.photo.media_type in _PHOTO_TYPES:
        alt = words["photo"].format(name=card.name)
        parts.append(
            f'<img class="u-photo photo" src="{_e(_data_uri(card.photo))}" alt="{_e(alt)}" '
            'width="96" height="96">'
        )
    parts.append("<div>")
    parts.append(f'<h1 class="p-name" dir="auto">{_e(card.name)}</h1>')
    if card.title:
        parts.append(f'<p class="p-job-title role" dir="auto">{_e(card.title)}</p>')
    if card.organisation:
        parts.append(f'<p class="p-org role" dir="auto">{_e(card.organisation)}</p>')
    parts += ["</div>", "</header>"]
    return "\n".join(parts)


def _details(card: Card, marks: Marks | None, words: dict[str, str]) -> str:
    rows = [
        *_rows(words["email"], _email_links(card, marks)),
        *_rows(words["phone"], _phone_links(card, marks, words)),
        *_rows(words["website"], [_web_link(card.website, card.website, "u-url")]),
        *_rows(
            words["profiles"],
            [_web_link(item.url, item.label, "u-url") for item in card.social],
            "social",
        ),
        *_rows(words["languages"], _language_names(card)),
    ]
    return "\n".join(["<dl>", *rows, "</dl>"]) if rows else ""


def _vcf_href(vcf_url: str) -> str:
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", vcf_url)
    if scheme and scheme.group(1).lower() not in _SAFE_VCF_SCHEMES:
        raise ValueError(f"vcf_url must be relative, http(s) or data:, not {scheme.group(1)}:")
    return _e(vcf_url)


def _qr_figure(marks: Marks | None, words: dict[str, str]) -> str:
    if marks is None or not marks.url:
        return ""
    svg = _svg(_clean_word(marks.url), standalone=False, title=words["qr_title"])
    return f'<figure class="qr">\n{svg}\n<figcaption>{_e(words["qr"])}</figcaption>\n</figure>'


def html_page(
    card: Card, marks: Marks | None = None, *, vcf_url: str = "card.vcf", lang: str = "en"
) -> str:
    """The card as one self-contained HTML page: inline CSS, no script, font or external image
    (the photo is a ``data:`` URI), responsive and printable, with an "Add to contacts" link to
    ``vcf_url`` and, for a recipient, the QR code of their link. ``lang`` is ``en`` or ``fr``
    (anything else falls back to English). Every value from the card is HTML-escaped.

    Raises :class:`ValueError` if ``vcf_url`` has a scheme other than http, https or data.
    """
    code = _page_lang(lang)
    words = _WORDS[code]
    href = _vcf_href(vcf_url)
    body = [
        _header(card, words),
        _details(card, marks, words),
        f'<p class="p-note note" dir="auto">{_e(_clean_text(card.note))}</p>' if card.note else "",
        f'<p class="actions"><a class="add" href="{href}" download type="text/vcard">'
        f"{_e(words['add'])}</a></p>",
        _qr_figure(marks, words),
        f'<data class="u-uid" value="{_e(marks.uid)}"></data>' if marks else "",
        f'<p class="notice">{_e(words["notice"])}</p>',
    ]
    page = [
        "<!doctype html>",
        f'<html lang="{code}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(_CSP)}">',
        # The page's address holds the recipient's token: never send it to the sites linked.
        '<meta name="referrer" content="no-referrer">',
        '<meta name="robots" content="noindex, nofollow">',
        f"<title>{_e(card.name)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        '<article class="card h-card">',
        *(part for part in body if part),
        "</article>",
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(page) + "\n"


__all__ = [
    "PRODID",
    "family_and_given",
    "html_page",
    "jcard",
    "qr_png",
    "qr_svg",
    "vcard3",
    "vcard4",
]
