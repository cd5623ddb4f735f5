"""Tokenization and lemmatization shared by the lexicon compiler and the analysis pass."""

from __future__ import annotations

import re
from collections.abc import Callable

import simplemma

# Words (letters and digits), and sentence terminators. Apostrophes and hyphens split words, so
# "qu'en" gives "qu" + "en" and "don't" gives "don" + "t"; the lexicons are written that way too.
TOKEN = re.compile(r"[^\W_]+|[?!.…]+|\n")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})

#: Tokens that end a sentence.
TERMINATORS = frozenset("?!.…\n")


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens and terminators of ``text``."""
    return TOKEN.findall(text.lower().translate(_APOSTROPHES))


def is_terminator(token: str) -> bool:
    return token[0] in TERMINATORS


def lemmatizer(language: str) -> Callable[[str], str]:
    """A memoized lemmatizer for one language (simplemma; unknown words stay as they are)."""
    cache: dict[str, str] = {}

    def lemma(token: str) -> str:
        found = cache.get(token)
        if found is None:
            found = token if token.isdigit() else simplemma.lemmatize(token, lang=language).lower()
            if len(cache) < 500_000:
                cache[token] = found
        return found

    return lemma
