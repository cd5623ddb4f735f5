"""The public API of the ``sincere`` package: what it exports and that it works end to end."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import sincere

EXAMPLES = Path(__file__).parents[1] / "examples"

PUBLIC = [
    "Conversation",
    "ConversationAnalysis",
    "EncodingError",
    "Evidence",
    "InputError",
    "InputTooLargeError",
    "Message",
    "ParseError",
    "Participant",
    "ParticipantAnalysis",
    "SCHEMA",
    "SincereError",
    "Source",
    "UnknownFormatError",
    "UsageError",
    "VERDICTS",
    "Verdict",
    "__version__",
    "analyze",
    "format_names",
    "load",
    "report_dict",
]


def test_public_api_all_is_pinned() -> None:
    assert sorted(sincere.__all__) == PUBLIC
    assert len(set(sincere.__all__)) == len(sincere.__all__)


def test_public_api_every_name_exists() -> None:
    for name in sincere.__all__:
        assert hasattr(sincere, name), name


def test_public_api_star_import_gives_exactly_all() -> None:
    namespace: dict[str, object] = {}
    exec("from sincere import *", namespace)
    assert sorted(key for key in namespace if key != "__builtins__") == PUBLIC


def test_public_api_constants() -> None:
    assert sincere.SCHEMA == "sincere.analysis/1"
    assert sincere.VERDICTS == ("genuine", "neutral", "self_centred", "transactional")
    assert isinstance(sincere.__version__, str) and sincere.__version__.count(".") >= 2
    assert {"plain", "webvtt", "srt"} <= set(sincere.format_names())


def test_public_api_error_tree() -> None:
    for name in ("InputError", "UsageError"):
        assert issubclass(getattr(sincere, name), sincere.SincereError)
    for name in ("UnknownFormatError", "EncodingError", "InputTooLargeError", "ParseError"):
        assert issubclass(getattr(sincere, name), sincere.InputError)
    assert issubclass(sincere.SincereError, Exception)


def test_public_api_load_and_analyze_round_trip() -> None:
    path = EXAMPLES / "en_friends.txt"
    conversations = sincere.load(path)
    assert len(conversations) == 1
    conversation = conversations[0]
    assert isinstance(conversation, sincere.Conversation)
    assert isinstance(conversation.source, sincere.Source)
    assert conversation.source == sincere.Source(str(path), "plain")
    assert all(isinstance(m, sincere.Message) for m in conversation.messages)
    assert all(isinstance(p, sincere.Participant) for p in conversation.participants)

    analysis = sincere.analyze(conversation, me="Tom")
    assert isinstance(analysis, sincere.ConversationAnalysis)
    assert analysis.conversation is conversation
    assert analysis.language == "en"
    assert analysis.message_count == len(conversation.messages)
    assert [p.name for p in analysis.participants] == ["Sam", "Tom", "Jess"]
    tom = analysis.participant("Tom")
    assert isinstance(tom, sincere.ParticipantAnalysis)
    assert tom.is_me and tom.tips
    assert tom.verdict in sincere.VERDICTS
    assert all(
        isinstance(item, sincere.Evidence) for p in analysis.participants for item in p.evidence
    )

    document = sincere.report_dict([analysis])
    assert document["schema"] == sincere.SCHEMA
    assert document["conversations"][0]["participants"][1]["name"] == "Tom"


def test_public_api_load_accepts_several_paths_and_a_directory() -> None:
    files: list[str | Path] = [EXAMPLES / "fr_mentor.txt", str(EXAMPLES / "en_mentor.txt")]
    assert [c.title for c in sincere.load(files)] == ["fr_mentor", "en_mentor"]
    assert len(sincere.load(EXAMPLES)) == len(list(EXAMPLES.glob("*.txt")))


def test_public_api_analyze_language_and_aliases() -> None:
    (conversation,) = sincere.load(EXAMPLES / "fr_mentor.txt")
    analysis = sincere.analyze(conversation, me=["karim", "K."], lang="fr")
    assert analysis.language == "fr"
    assert [p.name for p in analysis.participants if p.is_me] == ["Karim"]


def test_public_api_py_typed_is_shipped() -> None:
    marker = resources.files("sincere").joinpath("py.typed")
    assert marker.is_file()
