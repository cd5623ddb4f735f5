"""Tokenization and lemmatization shared by the lexicon compiler and the analysis pass."""

from __future__ import annotations

import re
from collections.abc import Callable

import simplemma

# Words (letters and digits), and sentence terminators. Apostrophes and hyphens split words, so
# "qu'en" gives "qu" + "en" and "don't" gives "don" + "t"; the lexicons are written that way too.
TOKEN = re.compile(r"[^\W_]+|[?!.…]+|\n")

#: Tokens that end a sentence.
TERMINATORS = frozenset("?!.…\n")


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens and terminators of ``text``."""
    return TOKEN.findall(text.lower())


_SENTENCE_END = re.compile(r"([?!.…\n]+)")
_WORD = re.compile(r"[^\W_]+")
_ASCII_SENTENCE_END = re.compile(r"([?!.\n]+)")
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def split_sentences(text: str) -> list[tuple[list[str], str]]:
    """``(lowercase words, terminator)`` for each sentence of ``text`` that has words.

    Words are runs of letters and digits (apostrophes, hyphens and other punctuation split
    them). The terminator is the run of ``?!.…`` and line breaks that ends the sentence ("" at
    the end of the text).

    >>> split_sentences("Salut ! T'as vu ça ?\nOui")
    [(['salut'], '!'), (['t', 'as', 'vu', 'ça'], '?\n'), (['oui'], '')]
    """
    lowered = text.lower()
    # Plain-ASCII text (most English chats) takes simpler character classes, which match faster.
    if lowered.isascii():
        parts = _ASCII_SENTENCE_END.split(lowered)
        find_words = _ASCII_WORD.findall
    else:
        parts = _SENTENCE_END.split(lowered)
        find_words = _WORD.findall
    sentences = []
    for position in range(0, len(parts), 2):
        words = find_words(parts[position])
        if words:
            end = parts[position + 1] if position + 1 < len(parts) else ""
            sentences.append((words, end))
    return sentences


#: Evidence quotes are cut to this many characters.
EVIDENCE_CHARS = 280


def quote(text: str) -> str:
    """A message text as evidence: whitespace collapsed, long texts cut with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= EVIDENCE_CHARS else flat[: EVIDENCE_CHARS - 1].rstrip() + "…"


def lemmatizer(language: str) -> Callable[[str], str]:
    """A memoized lemmatizer for one language (simplemma; unknown words stay as they are).

    A language simplemma does not know gets no lemmatization: its data files then list the word
    forms themselves.
    """
    cache: dict[str, str] = {}
    try:
        simplemma.lemmatize("a", lang=language)
        known = True
    except ValueError:
        known = False

    def lemma(token: str) -> str:
        found = cache.get(token)
        if found is None:
            if token.isdigit() or not known:
                found = token
            else:
                found = simplemma.lemmatize(token, lang=language).lower()
            if len(cache) < 500_000:
                cache[token] = found
        return found

    return lemma
