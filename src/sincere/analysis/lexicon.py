"""Per-language resources, loaded from data files and compiled for fast matching.

Each language is a folder ``lang/<code>/`` holding ``lexicon.toml`` (word lists and cue phrases),
``topics.toml`` (topic vocabularies) and ``tips.toml`` (mirror-mode tips). Adding a language means
adding such a folder: nothing in the code names a language.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import simplemma

from sincere.analysis.matcher import PhraseMatcher
from sincere.analysis.text import lemmatizer, tokenize
from sincere.errors import UsageError

#: Every cue signal a lexicon may define, and whether a preceding negation cancels it.
CUE_SIGNALS: dict[str, bool] = {
    "pitch": True,
    "ask_favour": True,
    "ask_advice": True,
    "ask_review": True,
    "ask_intro": True,
    "network_probe": True,
    "ask_referral": True,
    "ask_share": True,
    "ask_call": True,
    "ask_money": True,
    "ask_free": True,
    "status_probe": True,
    "contact_harvest": True,
    "commission": True,
    "quid_pro_quo": True,
    "job_search": True,
    "self_need": True,
    "dismiss_need": False,
    "disclaimer": False,
    "softener": False,
    "opinion_ask": False,
    "care": False,
    "empathy": True,
    "invitation": True,
    "help_offer": True,
    "appreciation": True,
    "decline": True,
}

WORD_LISTS = (
    "first_person",
    "second_person",
    "first_plural",
    "negations",
    "post_negations",
    "question_starters",
    "backchannels",
    "stopwords",
    "surface_only",
)

TOPIC_KINDS = ("offwork", "work")
_TOKEN_CACHE_SIZE = 500_000


@dataclass(slots=True)
class WordMemo:
    """What the analysis knows about each word form met so far, so that a message is read with
    a few set operations rather than word by word. Bounded: emptied when full.

    A message costs one lookup per word in the large table (``lemma``); the other tables are
    small enough to stay in the processor's cache.
    """

    #: Lemmas that are not content words (stopwords, numbers, one or two letters).
    stopwords: frozenset[str] = frozenset()
    #: word form -> lemma, for every form met.
    lemma: dict[str, str] = field(default_factory=dict)
    #: word form -> topic, for forms that belong to a topic.
    topic: dict[str, str] = field(default_factory=dict)
    #: The keys of ``topic``, as a set (intersecting two sets walks the smaller one).
    topic_forms: set[str] = field(default_factory=set)
    #: The lemmas met so far that are not content words: ``set(lemmas) - not_content`` is a
    #: message's content words.
    not_content: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.not_content.update(self.stopwords)

    def forget_if_full(self) -> None:
        if len(self.lemma) >= _TOKEN_CACHE_SIZE:
            self.lemma.clear()
            self.topic.clear()
            self.topic_forms.clear()
            self.not_content.clear()
            self.not_content.update(self.stopwords)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the analysis needs to read one language."""

    language: str
    name: str
    lemma: Callable[[str], str]
    first_person: frozenset[str]
    second_person: frozenset[str]
    negations: frozenset[str]
    #: Negations that follow what they negate ("je comprends rien", "besoin de rien").
    post_negations: frozenset[str]
    question_starters: frozenset[str]
    backchannels: frozenset[str]
    stopwords: frozenset[str]
    cues: PhraseMatcher
    negatable: frozenset[str]
    topic_of: dict[str, str]
    topic_kind: dict[str, str]
    tips: dict[str, str]
    memo: WordMemo = field(init=False)
    #: First- and second-person words together (one pass over a message finds both).
    pronouns: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "memo", WordMemo(self.stopwords))
        object.__setattr__(self, "pronouns", self.first_person | self.second_person)

    def learn(self, words: Iterable[str]) -> None:
        """Fill :attr:`memo` for those of ``words`` not met yet (lemma, content, topic): all of
        them are in it afterwards, even when it was full and had to be emptied first."""
        memo = self.memo
        memo.forget_if_full()
        for word in set(words).difference(memo.lemma):
            lemma = self.lemma(word)
            memo.lemma[word] = lemma
            if len(lemma) <= 2 or lemma.isdigit():
                memo.not_content.add(lemma)
            topic = self.topic_of.get(lemma) or self.topic_of.get(word)
            if topic is not None:
                memo.topic[word] = topic
                memo.topic_forms.add(word)


def _package_root() -> Any:
    return resources.files("sincere.analysis").joinpath("lang")


@cache
def available_languages() -> tuple[str, ...]:
    """Codes of the languages that have a complete set of data files."""
    root = _package_root()
    found = []
    for entry in root.iterdir():
        if entry.is_dir() and entry.joinpath("lexicon.toml").is_file():
            found.append(entry.name)
    return tuple(sorted(found))


def _read_toml(language: str, filename: str) -> dict[str, Any]:
    entry = _package_root().joinpath(language, filename)
    if not entry.is_file():
        return {}
    return tomllib.loads(entry.read_text(encoding="utf-8"))


@cache
def load_lexicon(language: str) -> Lexicon:
    """Load and compile the resources of ``language`` (cached)."""
    if language not in available_languages():
        raise UsageError(
            f"unknown language {language!r}; available: {', '.join(available_languages())}",
            hint="use --lang auto to detect it",
        )
    data = _read_toml(language, "lexicon.toml")
    words = data.get("words", {})
    lemma = lemmatizer(language)

    def word_set(key: str, *, with_lemmas: bool = False) -> frozenset[str]:
        items = {token for word in words.get(key, []) for token in tokenize(word)}
        if with_lemmas:
            items |= {lemma(item) for item in items}
        return frozenset(items)

    cues = data.get("cues", {})
    unknown = set(cues) - set(CUE_SIGNALS)
    if unknown:
        raise ValueError(f"lexicon {language}: unknown cue signals {sorted(unknown)}")
    surface_only = (
        word_set("first_person")
        | word_set("second_person")
        | word_set("first_plural")
        | word_set("negations")
        | word_set("surface_only")
    )
    stopwords = word_set("stopwords", with_lemmas=True)
    matcher = PhraseMatcher(
        ((signal, pattern) for signal, patterns in cues.items() for pattern in patterns),
        lemma,
        surface_only,
        common=stopwords | word_set("question_starters") | word_set("backchannels"),
        negations=word_set("negations"),
    )
    topic_of: dict[str, str] = {}
    topic_kind: dict[str, str] = {}
    for topic, spec in _read_toml(language, "topics.toml").items():
        kind = spec.get("kind", "offwork")
        if kind not in TOPIC_KINDS:
            raise ValueError(f"topics {language}/{topic}: kind must be one of {TOPIC_KINDS}")
        topic_kind[topic] = kind
        for word in spec.get("words", []):
            for token in tokenize(word):
                topic_of.setdefault(token, topic)
                topic_of.setdefault(lemma(token), topic)
    return Lexicon(
        language=language,
        name=data.get("name", language),
        lemma=lemma,
        first_person=word_set("first_person"),
        second_person=word_set("second_person"),
        negations=word_set("negations"),
        post_negations=word_set("post_negations"),
        question_starters=word_set("question_starters"),
        backchannels=word_set("backchannels"),
        stopwords=stopwords,
        cues=matcher,
        negatable=frozenset(signal for signal, negatable in CUE_SIGNALS.items() if negatable),
        topic_of=topic_of,
        topic_kind=topic_kind,
        tips={key: str(value) for key, value in _read_toml(language, "tips.toml").items()},
    )


def detect_language(texts: Iterable[str], *, default: str = "en", budget: int = 120) -> str:
    """The most likely available language of a conversation.

    Counts, over the first ``budget`` words, the words found in each language's stopword list
    (its most frequent words, from its data files); a clear winner decides. When the vote is
    too thin or too close, simplemma's detector decides between the available languages.
    """
    languages = available_languages()
    if not languages:
        return default
    words: list[str] = []
    sample: list[str] = []
    for text in texts:
        sample.append(text)
        words.extend(tokenize(text))
        if len(words) >= budget:
            break
    if not words:
        return default
    votes = {code: sum(map(load_lexicon(code).stopwords.__contains__, words)) for code in languages}
    ranked = sorted(votes.items(), key=lambda item: -item[1])
    best, top = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if top >= 3 and top >= 1.5 * runner_up:
        return best
    guesses = simplemma.langdetect(" ".join(sample)[:2000], lang=languages)
    guess, score = guesses[0]
    return guess if guess in languages and score > 0 else default
