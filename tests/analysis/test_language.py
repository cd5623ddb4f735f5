"""Languages: detection, the ``lang`` override, unknown codes, and languages as data files only."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sincere.analysis import lexicon as lexicon_module
from sincere.analysis.engine import analyze
from sincere.analysis.features import read_message
from sincere.analysis.lexicon import available_languages, detect_language, load_lexicon
from sincere.errors import UsageError
from sincere.model import Conversation

ChatBuilder = Callable[..., Conversation]

FRENCH_CHAT = [
    ("Léa", "coucou ! t'es rentrée de Lisbonne ? c'était comment ?"),
    ("Inès", "trop bien, on a mangé des pastéis tous les jours et il faisait super beau"),
    ("Léa", "j'suis jalouse mdr. on se fait un apéro samedi pour que tu me racontes ?"),
    ("Inès", "carrément, je ramène les photos"),
]
ENGLISH_CHAT = [
    ("Sam", "hey! are you back from Lisbon? how was it?"),
    ("Jess", "amazing, we had pastries every day and the weather was gorgeous"),
    ("Sam", "so jealous lol. drinks on saturday so you can tell me everything?"),
    ("Jess", "deal, I'll bring the photos"),
]


def _texts(turns: list[tuple[str, str]]) -> list[str]:
    return [text for _, text in turns]


def test_language_available_languages_has_french_and_english() -> None:
    languages = available_languages()
    assert {"fr", "en"} <= set(languages)
    assert list(languages) == sorted(languages)


@pytest.mark.parametrize(
    ("turns", "expected"), [(FRENCH_CHAT, "fr"), (ENGLISH_CHAT, "en")], ids=["fr", "en"]
)
def test_language_detects_the_language_of_a_chat(
    turns: list[tuple[str, str]], expected: str
) -> None:
    assert detect_language(_texts(turns)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tu viens ce soir ? on se retrouve au bar en bas de chez moi", "fr"),
        ("are you coming tonight? meet you at the bar downstairs", "en"),
    ],
)
def test_language_detects_a_single_message(text: str, expected: str) -> None:
    assert detect_language([text]) == expected


def test_language_detection_without_text_falls_back_to_default() -> None:
    assert detect_language([]) == "en"
    assert detect_language([], default="fr") == "fr"


@pytest.mark.parametrize(
    ("turns", "expected"), [(FRENCH_CHAT, "fr"), (ENGLISH_CHAT, "en")], ids=["fr", "en"]
)
def test_language_analyze_auto_uses_the_detected_language(
    chat: ChatBuilder, turns: list[tuple[str, str]], expected: str
) -> None:
    assert analyze(chat(turns)).language == expected
    assert analyze(chat(turns), lang="auto").language == expected


def test_language_analyze_lang_override_is_honoured(chat: ChatBuilder) -> None:
    conversation = chat(FRENCH_CHAT)
    as_french = analyze(conversation, lang="fr")
    assert as_french.language == "fr"
    assert as_french.participant("Léa").signals.get("invitation", 0) >= 1
    as_english = analyze(conversation, lang="en")
    assert as_english.language == "en"
    assert "invitation" not in as_english.participant("Léa").signals


def test_language_override_reads_a_message_detection_gets_wrong(chat: ChatBuilder) -> None:
    # "merci !" alone is too short to tell; the owner knows the chat is French.
    conversation = chat([("Ana", "ok"), ("Ben", "merci !")])
    assert analyze(conversation, lang="fr").participant("Ben").signals.get("appreciation") == 1


@pytest.mark.parametrize("code", ["klingon", "de", "EN", ""])
def test_language_unknown_lang_raises_usage_error(chat: ChatBuilder, code: str) -> None:
    with pytest.raises(UsageError) as raised:
        analyze(chat(ENGLISH_CHAT), lang=code)
    assert "en" in raised.value.message and "fr" in raised.value.message


def test_language_load_lexicon_unknown_code_raises_usage_error() -> None:
    with pytest.raises(UsageError) as raised:
        load_lexicon("klingon")
    assert raised.value.hint


# --- a language is only data files ------------------------------------------------------------

MINIMAL_LEXICON = """\
language = "{code}"
name = "Test language"

[words]
first_person = ["ich", "mich", "mir", "mein", "meine"]
second_person = ["du", "dich", "dir", "dein", "deine"]
negations = ["nicht", "kein", "keine", "nie"]
question_starters = ["wie", "was", "wann", "wo", "warum", "kannst", "hast"]
stopwords = ["und", "der", "die", "das", "ein", "eine"]

[cues]
invitation = ["auf ein bier"]
ask_intro = ["stell|stellst *2 mich *4 vor"]
"""

MINIMAL_TIPS = """\
keep_going = "TEST-TIP keep going"
good = "TEST-TIP {questions} question(s), {follow_ups} follow-up(s)"
no_question = "TEST-TIP ask something"
"""

LOCAL_CHAT = [
    ("Ana", "hallo Ben, wie war der Urlaub?"),
    ("Ben", "super, danke! hast du am Freitag Zeit auf ein Bier?"),
    ("Ana", "ja gern"),
]


@pytest.fixture
def language_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """The analysis reads its languages from ``tmp_path`` (empty at first), caches cleared."""
    available_languages.cache_clear()
    load_lexicon.cache_clear()
    try:
        with monkeypatch.context() as patch:
            patch.setattr(lexicon_module, "_package_root", lambda: tmp_path)
            yield tmp_path
    finally:
        available_languages.cache_clear()
        load_lexicon.cache_clear()


def _add_language(root: Path, code: str) -> None:
    folder = root / code
    folder.mkdir()
    (folder / "lexicon.toml").write_text(MINIMAL_LEXICON.format(code=code), encoding="utf-8")
    (folder / "tips.toml").write_text(MINIMAL_TIPS, encoding="utf-8")


@pytest.mark.parametrize(
    "code",
    [
        "de",
        "xx",
    ],
)
def test_language_new_language_is_only_data_files(
    language_folder: Path, chat: ChatBuilder, code: str
) -> None:
    assert available_languages() == ()
    _add_language(language_folder, code)
    (language_folder / "not_a_language").mkdir()  # a folder without lexicon.toml is ignored
    available_languages.cache_clear()
    assert available_languages() == (code,)

    report = analyze(chat(LOCAL_CHAT), me="Ana", lang=code)

    assert report.language == code
    ben = report.participant("Ben")
    assert ben.signals.get("invitation") == 1  # defined only in the temporary lexicon
    assert ben.signals["questions"] == 1
    ana = report.participant("Ana")
    assert ana.tips
    assert all(tip.startswith("TEST-TIP") for tip in ana.tips)


def test_language_new_language_cues_are_read_with_its_word_lists(
    language_folder: Path, chat: ChatBuilder
) -> None:
    _add_language(language_folder, "de")
    available_languages.cache_clear()
    asked = chat([("Ana", "hallo"), ("Ben", "stellst du mich deinem Chef vor?")])
    assert analyze(asked, lang="de").participant("Ben").signals.get("ask_intro") == 1
    told = chat([("Ana", "hallo"), ("Ben", "stell mich bitte deinem Chef vor.")])
    assert analyze(told, lang="de").participant("Ben").signals.get("ask_intro") == 1
    refused = chat([("Ana", "hallo"), ("Ben", "stell mich bloß nicht deinem Chef vor.")])
    assert "ask_intro" not in analyze(refused, lang="de").participant("Ben").signals


def test_language_caches_are_restored_after_a_temporary_language() -> None:
    # Runs after the tests above: the real languages are back.
    assert {"fr", "en"} <= set(available_languages())
    assert load_lexicon("en").language == "en"


def test_language_word_memo_emptied_when_full_reads_on(monkeypatch: pytest.MonkeyPatch) -> None:
    # The memo of word forms is emptied when it is full; a message met at that moment, with
    # words the memo knew and words it did not, is read as a fresh lexicon reads it.
    monkeypatch.setattr(lexicon_module, "_TOKEN_CACHE_SIZE", 5)
    lexicon = dataclasses.replace(load_lexicon("en"))  # a memo of its own
    read_message("I loved the trip to Lisbon", lexicon, frozenset())
    assert len(lexicon.memo.lemma) >= 5
    features = read_message("the trip was great, would you like the photos?", lexicon, frozenset())
    fresh = read_message(
        "the trip was great, would you like the photos?",
        dataclasses.replace(load_lexicon("en")),
        frozenset(),
    )
    assert (features.words, features.content, features.questions) == (
        fresh.words,
        fresh.content,
        fresh.questions,
    )
    assert len(lexicon.memo.lemma) < 12  # emptied, then filled with this message's words only
