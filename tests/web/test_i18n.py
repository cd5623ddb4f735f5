"""The web app's languages: the catalogs are complete, the browser's choice is read right, and
dates and numbers follow the language."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import cast, get_args

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from sincere.errors import InputError, UsageError
from sincere.importers.registry import load_stream
from sincere.journal.events import AskKind, Exchange
from sincere.journal.remind import reminders
from sincere.journal.trust import ask_words, describe_duration, trust
from sincere.phrase import Param, Phrase, phrase
from sincere.store.imports import ImportReport, summary
from sincere.web import i18n

WEB = Path(i18n.__file__).parent
#: The messages are extracted from the whole package: the web app's own, and the core's words
#: that it says (``phrase`` and ``plural_phrase``), as docs/web.md's ``pybabel extract`` does.
PACKAGE = WEB.parent
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "phrase": None,
    "plural_phrase": (1, 2),
}


def extracted() -> list[str | tuple[str, ...]]:
    with open(WEB / "babel.cfg", encoding="utf-8") as config:
        methods, options = parse_mapping_cfg(config)
    return [
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(PACKAGE), methods, options_map=options, keywords=KEYWORDS
        )
    ]


def messages_in_code() -> set[str]:
    return {message[0] if isinstance(message, tuple) else message for message in extracted()}


def catalog(lang: str) -> dict[str, object]:
    with open(WEB / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as stream:
        return {
            (m.id[0] if isinstance(m.id, tuple) else m.id): m.string
            for m in read_po(stream)
            if m.id
        }


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)[sd]", text))


def test_i18n_every_message_is_in_both_catalogs_and_translated_in_french() -> None:
    used = messages_in_code()
    assert len(used) > 100  # the extraction itself works
    for lang in i18n.LANGUAGES:
        assert used <= set(catalog(lang)), (lang, sorted(used - set(catalog(lang))))
    french = catalog("fr")
    for message in used:
        translated = french[message]
        forms = translated if isinstance(translated, tuple) else (translated,)
        assert all(forms), message
        for form in forms:
            assert placeholders(form) == placeholders(message), message


def test_i18n_catalogs_hold_no_stale_message() -> None:
    used = messages_in_code()
    for lang in i18n.LANGUAGES:
        assert set(catalog(lang)) <= used, (lang, sorted(set(catalog(lang)) - used))


@pytest.mark.parametrize(
    ("header", "cookie", "chosen"),
    [
        ("", None, "en"),
        ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", None, "fr"),
        ("de-DE,de;q=0.9,en;q=0.5,fr;q=0.4", None, "en"),
        ("de-DE,fr;q=0.3", None, "fr"),
        ("en;q=0.2,fr;q=0.8", None, "fr"),
        ("fr;q=0", None, "en"),
        ("fr;q=abc", None, "en"),
        ("en", "fr", "fr"),
        ("fr", "xx", "fr"),
    ],
)
def test_i18n_negotiates_the_language(header: str, cookie: str | None, chosen: str) -> None:
    assert i18n.negotiate(header, cookie) == chosen


def test_i18n_dates_and_numbers_follow_the_language() -> None:
    with i18n.using("fr"):
        assert i18n.day(date(2026, 3, 12)) == "12 mars 2026"
        assert i18n.number(12345.5, 1) == "12\u202f345,5"
        assert i18n.signed(-2.5) == "-2,5"
        assert i18n.gettext("People") == "Contacts"
        assert i18n.ngettext("%(num)d day", "%(num)d days", 2) == "%(num)d jours"
    with i18n.using("en"):
        assert i18n.day(datetime(2026, 3, 12, 18, 2)) == "Mar 12, 2026"
        assert i18n.number(12345.5, 1) == "12,345.5"
        assert i18n.signed(4) == "+4.0"
        assert i18n.gettext("People") == "People"
    assert i18n.day(None) == "—" and i18n.moment(None) == "—" and i18n.number(None) == "—"
    with i18n.using("xx"):
        assert i18n.current() == "en"


# The core's words


def core_phrases() -> list[Phrase]:
    """Trust reasons, reminders, import summaries and errors the core says about a varied
    history: every kind of exchange, asks of every kind, bursts, silences, fading."""
    start = datetime(2024, 1, 1, 9, 0)

    def at(days: float) -> datetime:
        return start + timedelta(days=days)

    warm = Exchange(at(0), "conversation", "genuine", interest=80, owner_asks=1)
    history = [
        warm,
        Exchange(at(0.5), "conversation", "genuine", interest=40, owner_gave=True, label="Maya"),
        Exchange(at(3), "entry", entry="met", label="lunch"),
        Exchange(at(4), "entry", entry="met"),
        Exchange(at(5), "entry", entry="helped-me", label="moving"),
        Exchange(at(6), "entry", entry="i-helped"),
        Exchange(at(7), "conversation", "genuine", interest=90, gave_unasked=True),
        Exchange(at(40), "conversation", "self_centred", pressure=30, label="WhatsApp: Maya"),
        Exchange(at(300), "conversation", "transactional", pressure=90, asks=get_args(AskKind)),
        Exchange(at(300.01), "conversation", "transactional", pitches=3),
        Exchange(at(301), "conversation", "neutral", pitches=1, asks=("money",)),
        Exchange(at(302), "conversation", "transactional"),
        Exchange(at(700), "conversation", "neutral", pitches=2),
        Exchange(at(700.5), "conversation", "neutral", pitches=2),
        Exchange(at(1100), "conversation", "transactional"),
        Exchange(at(1500), "entry", entry="asked-me"),
    ]
    found: list[Phrase] = []
    for end in range(1, len(history) + 1):
        for now in (history[end - 1].at, at(2000)):
            result = trust(history[:end], now=now)
            found += [c.reason for c in result.contributions if isinstance(c.reason, Phrase)]
    back = at(500)
    histories = {
        "Maya": history[:7],
        "Léa": [Exchange(at(day), "entry", entry="helped-me") for day in (1, 2)],
        "Karim": [warm, history[2], history[4], history[10], history[11]],
        "Zoé": [warm, Exchange(at(1), "entry", entry="met"), Exchange(at(2), "entry", entry="met")],
        "Tom": [warm, Exchange(at(1), "entry", entry="met")],
        "Pat": [warm, Exchange(back, "conversation", "neutral", pitches=1)],
        "Sam": [warm, Exchange(back, "conversation", "transactional")],
    }
    lists = reminders(histories, now=at(600))
    found += [r.reason for r in (*lists.help_back, *lists.losing_touch, *lists.resurfacing)]
    found += [describe_duration(days * 86400) for days in (0.2, 3, 20, 100, 365, 800)]
    report = ImportReport("chat.txt", "whatsapp", 2, 1, 1234, 5, 1, 3, 1, 0)
    found += [summary(report), summary(ImportReport("chat.txt", "whatsapp", 1))]
    for error in (
        InputError(phrase("no such file"), path="chat.txt", line=2),
        UsageError(phrase("cannot merge a person with themselves")),
    ):
        found.append(cast(Phrase, str(error)))
    assert all(isinstance(item, Phrase) for item in found)
    return found


def templates(said: Param) -> set[str]:
    """The messages of a phrase and of the phrases in it."""
    if isinstance(said, Phrase):
        return {said.template}.union(*(templates(value) for value in said.params.values()))
    if isinstance(said, tuple):
        return set().union(*(templates(item) for item in said))
    return set()


def has_a_date(said: Param) -> bool:
    if isinstance(said, Phrase):
        return any(has_a_date(value) for value in said.params.values())
    if isinstance(said, tuple):
        return any(has_a_date(item) for item in said)
    return isinstance(said, date)


def test_i18n_says_the_cores_words_in_french_and_as_the_core_does_in_english() -> None:
    phrases = core_phrases()
    assert len(set().union(*(templates(item) for item in phrases))) > 60
    for item in phrases:
        with i18n.using("en"):
            english = i18n.say(item)
        with i18n.using("fr"):
            french = i18n.say(item)
        if not has_a_date(item):  # dates are the app's own: "Mar 12, 2026"
            assert english == item, item
        assert french != item and "%(" not in french, (item, french)
    with i18n.using("fr"):
        assert i18n.say(describe_duration(3 * 7 * 86400)) == "3 semaines"
        assert i18n.say(describe_duration(86400 * 400)) == "13 mois"
        assert i18n.say(describe_duration(86400 * 365)) == "1 an"
        assert i18n.say(describe_duration(60)) == "1 minute"
        assert i18n.say(ask_words("intro")) == "une mise en relation"
        assert i18n.say("plain words") == "plain words" and i18n.say(None) == ""


def import_error(data: bytes, path: str, format: str | None = None) -> InputError:
    with pytest.raises(InputError) as caught:
        load_stream(io.BytesIO(data), path, format=format)
    return caught.value


def test_i18n_says_format_specific_import_errors_in_french() -> None:
    """An export's own errors (a Slack day file, a Telegram message…) are phrases too: English
    as ever on the command line, French in the web app, the file's words shown as they are."""
    day_file = import_error(b'[{"text": "hi"}]', "general/2024-01-02.json", "slack")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as written:
        written.writestr("users.json", "{}")
        written.writestr("channels.json", "[]")
    workspace = import_error(archive.getvalue(), "slack.zip")
    chat = b'{"name": "Ana", "messages": [{"id": 7, "type": "message", "date": "yesterday"}]}'
    telegram = import_error(chat, "result.json", "telegram")
    assert str(day_file) == (
        "general/2024-01-02.json: not a Slack day file (a JSON list of messages with 'ts') nor a "
        "workspace export"
    )
    assert (
        str(workspace)
        == "slack.zip!users.json: expected a JSON list in users.json, found an object"
    )
    assert str(telegram) == "result.json: chat 'Ana', message 7: invalid date 'yesterday'"
    with i18n.using("fr"):
        assert i18n.say(str(day_file)) == (
            "general/2024-01-02.json : ni un fichier de jour Slack (une liste JSON de messages "
            "avec « ts »), ni un export d'espace de travail"
        )
        assert i18n.say(day_file.hint).startswith("passez le dossier ou le .zip exporté par Slack")
        assert i18n.say(str(workspace)) == (
            "slack.zip!users.json : users.json devrait contenir une liste JSON, pas un objet"
        )
        assert i18n.say(str(telegram)) == (
            "result.json : la discussion 'Ana', message 7 : date non valide 'yesterday'"
        )
        assert i18n.say(telegram.hint).startswith("exportez avec Telegram Desktop : ")
    with i18n.using("en"):
        for error in (day_file, workspace, telegram):
            assert i18n.say(str(error)) == str(error) and i18n.say(error.hint) == error.hint


def test_i18n_core_messages_use_named_text_placeholders() -> None:
    """The web app fills a phrase's placeholders with text ("1 234", "12 mars 2026")."""
    with open(WEB / "babel.cfg", encoding="utf-8") as config:
        methods, options = parse_mapping_cfg(config)
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PACKAGE),
        methods,
        options_map=options,
        keywords={"phrase": None, "plural_phrase": (1, 2)},
    ):
        for form in message if isinstance(message, tuple) else (message,):
            assert set(re.findall(r"%\(\w+\)(.)", form)) <= {"s"}, form


@pytest.mark.parametrize(
    ("lang", "ranks"),
    [
        ("en", ["1st", "2nd", "3rd", "4th", "11th", "12th", "22nd"]),
        ("fr", ["1er", "2e", "3e", "4e", "11e", "12e", "22e"]),
    ],
)
def test_i18n_ranks_follow_the_language(lang: str, ranks: list[str]) -> None:
    with i18n.using(lang):
        assert [i18n.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 22)] == ranks
