"""The phrase matcher: its pattern syntax, and its fast paths against a word-by-word reference."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sincere.analysis.matcher import NUMBER, Match, PhraseMatcher, _match_rest


def _identity(word: str) -> str:
    return word


def _lemma(word: str) -> str:
    # A toy lemmatizer: plural "s" dropped, so that lemmas differ from some surface forms.
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _find(patterns: list[tuple[str, str]], sentence: str, question: bool = False) -> list[str]:
    matcher = PhraseMatcher(patterns, _identity)
    words = sentence.split()
    return [m.signal for m in matcher.find(words, words, question=question)]


def test_matcher_gaps_anchors_ends_numbers_and_questions() -> None:
    patterns = [
        ("gap", "could you *2 introduce me"),
        ("start", "^ hello there"),
        ("end", "how are you $"),
        ("number", "# followers"),
        ("asking", "are you free ?"),
        ("either", "grab|get a drink"),
    ]
    assert _find(patterns, "could you maybe kindly introduce me") == ["gap"]
    assert _find(patterns, "could you maybe very kindly introduce me") == []
    assert _find(patterns, "hello there") == ["start"]
    assert _find(patterns, "well hello there") == []
    assert _find(patterns, "how are you") == ["end"]
    assert _find(patterns, "how are you going to pay") == []
    assert _find(patterns, "you have 5000 followers") == ["number"]
    assert _find(patterns, "you have many followers") == []
    assert _find(patterns, "are you free", question=False) == []
    assert _find(patterns, "are you free", question=True) == ["asking"]
    assert _find(patterns, "let us get a drink then grab a drink") == ["either", "either"]


_VOCABULARY = ["a", "b", "c", "cats", "cat", "7", "42", "you", "me"]
_PIECES = [*_VOCABULARY, "a|b", "cat|me", NUMBER, f"c|{NUMBER}", "*1", "*2"]


@st.composite
def _patterns(draw: st.DrawFn) -> list[tuple[str, str]]:
    patterns = []
    for index in range(draw(st.integers(1, 6))):
        body = [draw(st.sampled_from(_VOCABULARY))]
        body += draw(st.lists(st.sampled_from(_PIECES), max_size=4))
        if draw(st.booleans()):
            body.insert(0, "^")
        if draw(st.booleans()):
            body.append("$")
        if draw(st.booleans()):
            body.append("?")
        patterns.append((f"s{index}", " ".join(body)))
    return patterns


def _reference(
    matcher: PhraseMatcher, surfaces: list[str], lemmas: list[str], question: bool
) -> list[Match]:
    """Every pattern tried at every start word, the slow and obvious way."""
    found: list[Match] = []
    seen: set[tuple[str, int]] = set()
    for pattern in matcher.patterns:
        if pattern.question_only and not question:
            continue
        for start in range(1 if pattern.anchored else len(surfaces)):
            if (pattern.signal, start) in seen:
                continue
            end = _match_rest(pattern.elements, 0, surfaces, lemmas, start, pattern.ends)
            if end >= 0:
                seen.add((pattern.signal, start))
                found.append(Match(pattern.signal, start, end, pattern.negation_inside))
    return sorted(found)


@settings(max_examples=300, deadline=None)
@given(
    _patterns(),
    st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=12),
    st.booleans(),
    st.frozensets(st.sampled_from(_VOCABULARY)),
)
def test_matcher_finds_what_trying_every_word_finds(
    patterns: list[tuple[str, str]],
    surfaces: list[str],
    question: bool,
    surface_only: frozenset[str],
) -> None:
    # Candidates are found from the lemmas alone, surface-only words ("cats" matching only
    # itself, not "cat") included.
    matcher = PhraseMatcher(patterns, _lemma, surface_only)
    lemmas = [_lemma(word) for word in surfaces]
    expected = _reference(matcher, surfaces, lemmas, question)
    candidates = matcher.candidates(set(lemmas), question)
    # Matches come sorted by start word; at one start, in no particular order.
    found = matcher.find(surfaces, lemmas, candidates, question)
    assert [match.start for match in found] == sorted(match.start for match in found)
    assert sorted(found) == expected
    assert sorted(matcher.find(surfaces, lemmas, None, question)) == expected
