"""Tokenization and lemmatization shared by the lexicon compiler and the analysis pass."""

from __future__ import annotations

import re
import string
from collections.abc import Callable

import simplemma

# Words (letters and digits), and sentence terminators. Apostrophes and hyphens split words, so
# "qu'en" gives "qu" + "en" and "don't" gives "don" + "t"; the lexicons are written that way too.
TOKEN = re.compile(r"[^\W_]+|[?!.…]+|\n")


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens and terminators of ``text``."""
    return TOKEN.findall(text.lower())


# A terminator is a run of ?!.… and line breaks, possibly with other punctuation or spaces in
# between ("?! \n", "?) …"): those are left out of the terminator.
_SENTENCE_END = re.compile(r"([?!.…\n](?:[\W_]*[?!.…\n])?)")
_WORD = re.compile(r"[^\W_]+")
_NOT_TERMINATOR = re.compile(r"[^?!.…\n]+")
# Plain-ASCII text (most English chats) takes a faster road, all in C but for one step per
# line: one bytes.translate lowercases it, turns every punctuation mark but the terminators (and
# every control character but tabs and line feeds) into a space, and each of ?!. into a
# character str.splitlines breaks lines at (the ASCII file, group and record separators);
# splitlines then cuts the sentences, each line ending with its terminator, and str.split
# the words, those separators being whitespace to it.
_ASCII_SEPARATORS = "".join(char for char in string.punctuation if char not in "?!.") + "".join(
    chr(code) for code in (*range(32), 127) if chr(code) not in " \t\n"
)
_ASCII_TABLE = bytes.maketrans(
    _ASCII_SEPARATORS.encode() + string.ascii_uppercase.encode() + b"?!.",
    b" " * len(_ASCII_SEPARATORS) + string.ascii_lowercase.encode() + b"\x1c\x1d\x1e",
)
_ASCII_TERMINATORS = {"\x1c": "?", "\x1d": "!", "\x1e": ".", "\n": "\n"}


def split_sentences(text: str) -> list[tuple[list[str], str]]:
    """``(lowercase words, terminator)`` for each sentence of ``text`` that has words.

    Words are runs of letters and digits (apostrophes, hyphens and other punctuation split
    them). The terminator is the run of ``?!.…`` and line breaks that ends the sentence, other
    punctuation and spaces left out ("" at the end of the text).

    >>> split_sentences("Salut ! T'as vu ça ?\nOui")
    [(['salut'], '!'), (['t', 'as', 'vu', 'ça'], '?\n'), (['oui'], '')]
    """
    return _split_ascii(text) if text.isascii() else _split_general(text.lower())


def _split_general(lowered: str) -> list[tuple[list[str], str]]:
    parts = _SENTENCE_END.split(lowered)
    sentences = []
    for position in range(0, len(parts), 2):
        words = _WORD.findall(parts[position])
        if words:
            end = _NOT_TERMINATOR.sub("", parts[position + 1]) if position + 1 < len(parts) else ""
            sentences.append((words, end))
    return sentences


def _split_ascii(text: str) -> list[tuple[list[str], str]]:
    sentences: list[tuple[list[str], str]] = []
    terminator = _ASCII_TERMINATORS.get
    for line in text.encode().translate(_ASCII_TABLE).decode().splitlines(keepends=True):
        words = line.split()
        if words:
            sentences.append((words, terminator(line[-1], "")))
        elif sentences:
            # A line of its own terminator only ("?!", "...") goes on the sentence's run.
            end = terminator(line[-1])
            if end:
                words, run = sentences[-1]
                sentences[-1] = (words, run + end)
    return sentences


#: Evidence quotes are cut to this many characters.
EVIDENCE_CHARS = 280


def quote(text: str) -> str:
    """A message text as evidence: whitespace collapsed, long texts cut with an ellipsis."""
    # Most texts have nothing to collapse: printable (no line break, tab or other space than
    # " "), no double space, nothing around.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        flat = text
    else:
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
