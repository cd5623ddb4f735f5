"""Sentence splitting: the fast ASCII path reads exactly like the general one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sincere.analysis import text
from sincere.analysis.text import split_sentences


def _general(value: str) -> list[tuple[list[str], str]]:
    parts = text._SENTENCE_END.split(value.lower())
    out = []
    for position in range(0, len(parts), 2):
        words = text._WORD.findall(parts[position])
        if words:
            out.append((words, parts[position + 1] if position + 1 < len(parts) else ""))
    return out


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_text_ascii_path_matches_the_general_one(value: str) -> None:
    assert split_sentences(value) == _general(value)


def test_text_split_sentences_keeps_terminators_and_accents() -> None:
    assert split_sentences("Salut ! T'as vu ça ?\nOui") == [
        (["salut"], "!"),
        (["t", "as", "vu", "ça"], "?\n"),
        (["oui"], ""),
    ]
    assert split_sentences("snake_case and 3.5 km") == [
        (["snake", "case", "and", "3"], "."),
        (["5", "km"], ""),
    ]
