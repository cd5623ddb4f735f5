"""A phrase matcher over word sequences, indexed by first word so most words cost one lookup.

Patterns come from the lexicon files (see ``lang/en/lexicon.toml`` for the syntax). Each word of a
pattern matches the surface form or the lemma of a message word; ``*N`` skips up to N words; ``#``
matches a number; a leading ``^`` anchors the pattern at the start of the sentence. Pronouns and
other function words match by surface form only: lemmatizers fold "mon", "ton" and "votre" into
one lemma, and whose number or card it is matters here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sincere.analysis.text import tokenize

#: An element is a set of accepted words, or an int: a gap of at most that many words.
Element = frozenset[str] | int

NUMBER = "#"
_DEFAULT_GAP = 3
_MAX_GAP = 6


@dataclass(frozen=True, slots=True)
class Pattern:
    signal: str
    source: str
    elements: tuple[Element, ...]
    anchored: bool = False


def compile_pattern(
    signal: str,
    source: str,
    lemma: Callable[[str], str],
    surface_only: frozenset[str] = frozenset(),
) -> Pattern:
    """Turn ``"could|can you *2 introduce me"`` into elements."""

    def forms(token: str) -> set[str]:
        return {token} if token in surface_only else {token, lemma(token)}

    elements: list[Element] = []
    pieces = source.split()
    anchored = bool(pieces) and pieces[0] == "^"
    if anchored:
        pieces = pieces[1:]
    for piece in pieces:
        if piece.startswith("*"):
            size = int(piece[1:]) if len(piece) > 1 else _DEFAULT_GAP
            if not 1 <= size <= _MAX_GAP:
                raise ValueError(f"gap out of range in pattern {source!r}")
            elements.append(size)
        elif piece == NUMBER:
            elements.append(frozenset({NUMBER}))
        elif "|" in piece:
            accepted: set[str] = set()
            for option in piece.split("|"):
                if option == NUMBER:
                    accepted.add(NUMBER)
                    continue
                tokens = tokenize(option)
                if len(tokens) != 1:
                    raise ValueError(f"alternative {option!r} must be one word in {source!r}")
                accepted.update(forms(tokens[0]))
            elements.append(frozenset(accepted))
        else:
            for token in tokenize(piece):
                elements.append(frozenset(forms(token)))
    while elements and isinstance(elements[-1], int):
        elements.pop()
    if not elements or isinstance(elements[0], int):
        raise ValueError(f"pattern {source!r} must start with a word")
    return Pattern(signal, source, tuple(elements), anchored)


def _match_rest(
    elements: tuple[Element, ...], k: int, surfaces: list[str], lemmas: list[str], j: int
) -> int:
    """End position of a match of ``elements[k:]`` starting at word ``j``, or -1."""
    n = len(surfaces)
    while k < len(elements):
        element = elements[k]
        if isinstance(element, int):
            for skip in range(element + 1):
                if j + skip > n:
                    break
                end = _match_rest(elements, k + 1, surfaces, lemmas, j + skip)
                if end >= 0:
                    return end
            return -1
        if j >= n:
            return -1
        word = surfaces[j]
        if not (word in element or lemmas[j] in element or (NUMBER in element and word.isdigit())):
            return -1
        j += 1
        k += 1
    return j


class PhraseMatcher:
    """Finds every pattern occurrence in a sentence's words."""

    def __init__(
        self,
        patterns: Iterable[tuple[str, str]],
        lemma: Callable[[str], str],
        surface_only: frozenset[str] = frozenset(),
    ) -> None:
        self.patterns = [
            compile_pattern(signal, source, lemma, surface_only) for signal, source in patterns
        ]
        self._by_first: dict[str, list[Pattern]] = {}
        self._numeric: list[Pattern] = []
        for pattern in self.patterns:
            first = pattern.elements[0]
            assert isinstance(first, frozenset)
            for word in first:
                if word == NUMBER:
                    self._numeric.append(pattern)
                else:
                    self._by_first.setdefault(word, []).append(pattern)
        self.signals = frozenset(pattern.signal for pattern in self.patterns)

    def find(self, surfaces: list[str], lemmas: list[str]) -> list[tuple[str, int, int]]:
        """``(signal, start, end)`` for each match; one match per signal and start word."""
        found: list[tuple[str, int, int]] = []
        by_first = self._by_first
        for i, word in enumerate(surfaces):
            candidates = by_first.get(word)
            lemma = lemmas[i]
            if lemma != word:
                more = by_first.get(lemma)
                if more:
                    candidates = more if not candidates else candidates + more
            if self._numeric and word.isdigit():
                candidates = (candidates or []) + self._numeric
            if not candidates:
                continue
            seen: set[str] = set()
            for pattern in candidates:
                if pattern.signal in seen or (pattern.anchored and i):
                    continue
                end = _match_rest(pattern.elements, 1, surfaces, lemmas, i + 1)
                if end >= 0:
                    seen.add(pattern.signal)
                    found.append((pattern.signal, i, end))
        return found
