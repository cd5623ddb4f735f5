"""A phrase matcher over word sequences, indexed by first word so most words cost one lookup.

Patterns come from the lexicon files (see ``lang/en/lexicon.toml`` for the syntax). Each word of a
pattern matches the surface form or the lemma of a message word; ``*N`` skips up to N words; ``#``
matches a number; a leading ``^`` anchors the pattern at the start of the sentence and a trailing
``$`` at its end; a final ``?`` makes it match in questions only ("how are you ?", so that the
answer "she is fine" is not read as care), which also spares statements the work of trying it.
Pronouns and other function words match by surface form only: lemmatizers fold "mon", "ton" and
"votre" into one lemma, and whose number or card it is matters here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from sincere.analysis.text import tokenize

#: An element is a set of accepted words, or an int: a gap of at most that many words.
Element = frozenset[str] | int

NUMBER = "#"
_DEFAULT_GAP = 3
_MAX_GAP = 6


class Match(NamedTuple):
    """One occurrence of a pattern: words ``start`` to ``end`` (exclusive) of a sentence."""

    signal: str
    start: int
    end: int
    negation_inside: bool


@dataclass(frozen=True, slots=True)
class Pattern:
    signal: str
    source: str
    elements: tuple[Element, ...]
    anchored: bool = False
    #: Must end the sentence (a trailing ``$``): "how are you" but not "how are you going to…".
    ends: bool = False
    #: The pattern spells out a negation itself ("not fair", "no budget"): only a negation
    #: before it cancels it.
    negation_inside: bool = False
    #: Only in questions (a trailing ``?``).
    question_only: bool = False
    #: The word elements a sentence must all contain for the pattern to match.
    required: tuple[frozenset[str], ...] = ()


def compile_pattern(
    signal: str,
    source: str,
    lemma: Callable[[str], str],
    surface_only: frozenset[str] = frozenset(),
    negations: frozenset[str] = frozenset(),
) -> Pattern:
    """Turn ``"could|can you *2 introduce me"`` into elements."""

    def forms(token: str) -> set[str]:
        return {token} if token in surface_only else {token, lemma(token)}

    elements: list[Element] = []
    pieces = source.split()
    question_only = bool(pieces) and pieces[-1] == "?"
    if question_only:
        pieces = pieces[:-1]
    anchored = bool(pieces) and pieces[0] == "^"
    if anchored:
        pieces = pieces[1:]
    ends = bool(pieces) and pieces[-1] == "$"
    if ends:
        pieces = pieces[:-1]
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
    required = tuple(
        element for element in elements if isinstance(element, frozenset) and NUMBER not in element
    )
    negation_inside = any(not element.isdisjoint(negations) for element in required)
    return Pattern(
        signal, source, tuple(elements), anchored, ends, negation_inside, question_only, required
    )


def _match_rest(
    elements: tuple[Element, ...],
    k: int,
    surfaces: list[str],
    lemmas: list[str],
    j: int,
    ends: bool = False,
) -> int:
    """End position of a match of ``elements[k:]`` starting at word ``j``, or -1. With
    ``ends``, the match must reach the end of the sentence."""
    n = len(surfaces)
    while k < len(elements):
        element = elements[k]
        if isinstance(element, int):
            for skip in range(element + 1):
                if j + skip > n:
                    break
                end = _match_rest(elements, k + 1, surfaces, lemmas, j + skip, ends)
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
    return j if not ends or j == n else -1


class PhraseMatcher:
    """Finds every pattern occurrence in a sentence's words.

    Patterns are indexed by one "anchor" word set each (preferably a content word such as
    "introduce" or "followers", not "you"): a sentence only tries the patterns whose anchor it
    contains, so the cost per sentence stays near one dictionary lookup per word.
    """

    def __init__(
        self,
        patterns: Iterable[tuple[str, str]],
        lemma: Callable[[str], str],
        surface_only: frozenset[str] = frozenset(),
        common: frozenset[str] = frozenset(),
        negations: frozenset[str] = frozenset(),
    ) -> None:
        self.patterns = [
            compile_pattern(signal, source, lemma, surface_only, negations)
            for signal, source in patterns
        ]
        # How many patterns use each word: a rough frequency, to anchor on the rarest element.
        usage: dict[str, int] = {}
        for pattern in self.patterns:
            for element in pattern.elements:
                if isinstance(element, frozenset):
                    for word in element:
                        usage[word] = usage.get(word, 0) + 1
        # anchor word -> (pattern, its other word elements, rarest first); question-only
        # patterns apart, so that statements do not even look at them. The elements here are
        # closed under lemmatization (see _lemma_closure): a text's lemmas alone then tell
        # which patterns it may hold.
        self._by_anchor: dict[str, list[tuple[Pattern, tuple[frozenset[str], ...]]]] = {}
        self._by_anchor_in_questions: dict[
            str, list[tuple[Pattern, tuple[frozenset[str], ...]]]
        ] = {}
        rarity = _rarity(common | surface_only, usage)
        for pattern in self.patterns:
            anchor = min(reversed(_words(pattern)), key=rarity)
            rest = tuple(
                _lemma_closure(element, lemma)
                for element in sorted((e for e in pattern.required if e is not anchor), key=rarity)
            )
            index = self._by_anchor_in_questions if pattern.question_only else self._by_anchor
            for word in _lemma_closure(anchor, lemma):
                index.setdefault(word, []).append((pattern, rest))
        #: Every anchor word: a sentence without any of them matches nothing.
        self.anchor_keys = frozenset(self._by_anchor)
        self._question_anchor_keys = frozenset(self._by_anchor_in_questions)
        self.signals = frozenset(pattern.signal for pattern in self.patterns)

    def candidates(self, present: set[str], questions: bool = True) -> list[Pattern]:
        """The patterns that can match in a text whose words have the lemmas ``present``: those
        with a lemma of each of their word elements among them. Without ``questions`` in the
        text, the question-only patterns are left out."""
        possible: dict[int, Pattern] = {}
        self._gather(present, present & self.anchor_keys, self._by_anchor, possible)
        if questions:
            keys = present & self._question_anchor_keys
            self._gather(present, keys, self._by_anchor_in_questions, possible)
        return list(possible.values())

    @staticmethod
    def _gather(
        present: set[str],
        keys: set[str],
        index: dict[str, list[tuple[Pattern, tuple[frozenset[str], ...]]]],
        possible: dict[int, Pattern],
    ) -> None:
        for key in keys:
            for pattern, rest in index[key]:
                for words in rest:
                    if words.isdisjoint(present):
                        break
                else:
                    possible[id(pattern)] = pattern

    def find(
        self,
        surfaces: list[str],
        lemmas: list[str],
        candidates: list[Pattern] | None = None,
        question: bool = True,
    ) -> list[Match]:
        """A :class:`Match` for each occurrence; one per signal and start word.

        ``candidates`` (from :meth:`candidates` on a larger text holding this sentence) saves
        looking them up again for each sentence of a message; ``question`` says whether the
        sentence is one (question-only patterns are skipped otherwise).
        """
        if candidates is None:
            candidates = self.candidates(set(lemmas))
        if not candidates:
            return []
        found: list[Match] = []
        seen: set[tuple[str, int]] = set()
        n = len(surfaces)
        for pattern in candidates:
            if question or not pattern.question_only:
                self._scan(pattern, surfaces, lemmas, n, seen, found)
        found.sort(key=lambda match: match.start)
        return found

    @staticmethod
    def _scan(
        pattern: Pattern,
        surfaces: list[str],
        lemmas: list[str],
        n: int,
        seen: set[tuple[str, int]],
        found: list[Match],
    ) -> None:
        first = pattern.elements[0]
        assert isinstance(first, frozenset)
        numeric = NUMBER in first
        if not numeric and first.isdisjoint(surfaces) and first.isdisjoint(lemmas):
            return  # a candidate of another sentence of the message
        for i in range(1 if pattern.anchored else n):
            word = surfaces[i]
            if not (word in first or lemmas[i] in first or (numeric and word.isdigit())):
                continue
            if (pattern.signal, i) in seen:
                continue
            end = _match_rest(pattern.elements, 1, surfaces, lemmas, i + 1, pattern.ends)
            if end >= 0:
                seen.add((pattern.signal, i))
                found.append(Match(pattern.signal, i, end, pattern.negation_inside))


def _lemma_closure(element: frozenset[str], lemma: Callable[[str], str]) -> frozenset[str]:
    """``element`` and the lemmas of its words.

    A word matches an element by its surface form or its lemma; either way, its lemma is in
    the element's closure. So a pattern can match in a text only if, for each of its word
    elements, the text's lemmas meet the closure: a test that needs no set of surface forms.
    """
    return element | {lemma(word) for word in element}


def _words(pattern: Pattern) -> list[frozenset[str]]:
    words = [e for e in pattern.elements if isinstance(e, frozenset) and NUMBER not in e]
    if not words:
        raise ValueError(f"pattern {pattern.source!r} needs at least one word")
    return words


def _rarity(
    common: frozenset[str], usage: dict[str, int]
) -> Callable[[frozenset[str]], tuple[bool, int, int]]:
    """How likely a word element is to occur in a sentence, as a sort key (rarest first):
    uncommon words first, then the words fewest patterns use, then the fewest words. A
    pattern is indexed by its rarest element (its anchor): a sentence only looks at the
    patterns whose anchor it holds."""

    def key(element: frozenset[str]) -> tuple[bool, int, int]:
        return (
            not element.isdisjoint(common),
            max(usage.get(word, 0) for word in element),
            len(element),
        )

    return key
