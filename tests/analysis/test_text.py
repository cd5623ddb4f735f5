"""Sentence splitting: the fast ASCII path reads exactly like the general one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sincere.analysis import text
from sincere.analysis.text import split_sentences


def _reference(value: str) -> list[tuple[list[str], str]]:
    """The specification, one character at a time: words are runs of letters and digits;
    ?!.… and line breaks end a sentence; spaces between terminators do not break their run."""
    sentences: list[tuple[list[str], str]] = []
    words: list[str] = []
    word = ""
    end = ""
    for char in value.lower() + " ":
        if char.isalnum():
            if end:
                sentences.append((words, end))
                words, end = [], ""
            word += char
            continue
        if word:
            words.append(word)
            word = ""
        if char in "?!.…\n" and words:
            end += char
    if words:
        sentences.append((words, end))
    return sentences


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_text_ascii_path_follows_the_specification(value: str) -> None:
    assert split_sentences(value) == _reference(value)


@given(st.text(alphabet="aé ?!.…\n\t,'-_1"))
def test_text_general_path_follows_the_specification(value: str) -> None:
    assert split_sentences(value) == _reference(value)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_text_both_paths_agree_on_ascii(value: str) -> None:
    # The ASCII path lowercases the text itself.
    assert text._split_ascii(value) == text._split_general(value.lower())


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


@given(st.text(alphabet="aé \n\t\xa0\u200ex\u2028"))
def test_text_quote_collapses_whitespace_like_split_and_join(value: str) -> None:
    flat = " ".join(value.split())
    assert text.quote(value) == (flat if len(flat) <= 280 else text.quote(flat))


@given(st.text(alphabet="aB1 ?!.\n\r\t\x0b\x0c\x1c\x1d\x1e\x1f\x00\x7f,_"))
def test_text_ascii_path_line_breaks_and_controls(value: str) -> None:
    # The ASCII path cuts sentences with str.splitlines: the other characters it breaks lines
    # at (\r, \v, \f, \x1c-\x1e) must stay plain spaces.
    assert split_sentences(value) == _reference(value)
