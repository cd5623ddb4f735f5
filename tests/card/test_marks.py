"""Per-recipient marks and tracing: derived, found again, stripped, confidences."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sincere.card.marks import Plan, derive, describe, read, token_hash, trace

SECRET = bytes(range(32))
PLAN = Plan(base_url="https://card.example.org", alias_domain="example.org", extension_digits=3)


def test_marks_are_deterministic_distinct_and_secret_dependent() -> None:
    first = derive(SECRET, 1, PLAN, token="t" * 32)
    assert first == derive(SECRET, 1, PLAN, token="t" * 32)
    assert first.uid.startswith("urn:uuid:") and len(first.uid) == 45
    assert first.url == "https://card.example.org/c/" + "t" * 32
    assert first.email.startswith("card-") and first.email.endswith("@example.org")
    assert len(first.phone_extension) == 3 and first.phone_extension.isdigit()
    others = [derive(SECRET, n, PLAN) for n in range(2, 200)]
    assert len({m.uid for m in others} | {first.uid}) == 199
    assert len({m.email for m in others} | {first.email}) == 199
    assert derive(b"another secret" * 3, 1, PLAN).uid != first.uid


def test_marks_without_plan_have_only_a_uid() -> None:
    marks = derive(SECRET, 5, Plan())
    assert (marks.url, marks.email, marks.phone_extension) == ("", "", "")


def vcard(marks_id: int, *, uid: bool = True, email: bool = True, ext: bool = True) -> str:
    marks = derive(SECRET, marks_id, PLAN, token="")
    lines = ["BEGIN:VCARD", "VERSION:3.0", "FN:Paul Martin"]
    if uid:
        lines.append(f"UID:{marks.uid}")
    if email:
        lines.append(f"EMAIL;TYPE=INTERNET:{marks.email}")
    if ext:
        lines.append(f"TEL;TYPE=CELL:+33 6 12 34 56 78 ext. {marks.phone_extension}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def test_trace_names_the_link_with_every_mark() -> None:
    best, *others = trace(read(vcard(7)), SECRET, range(1, 50), PLAN)
    assert (best.link_id, best.confidence) == (7, 1.0)
    assert len(best.evidence) == 3
    # Three digits can collide: another link sharing the extension is only a weak hint.
    assert all(match.confidence < 0.5 for match in others)
    assert describe(best.confidence) == "certain"


def test_trace_survives_stripped_fields() -> None:
    without_uid = trace(read(vcard(7, uid=False)), SECRET, range(1, 50), PLAN)
    assert without_uid[0].link_id == 7 and without_uid[0].confidence >= 0.95
    only_extension = trace(read(vcard(7, uid=False, email=False)), SECRET, range(1, 50), PLAN)
    assert 7 in [match.link_id for match in only_extension]
    assert all(match.confidence <= 0.6 for match in only_extension)
    assert (
        trace(read(vcard(7, uid=False, email=False, ext=False)), SECRET, range(1, 50), PLAN) == []
    )


def test_trace_reads_folded_lines_jcard_and_pasted_urls() -> None:
    marks = derive(SECRET, 3, PLAN)
    folded = f"BEGIN:VCARD\r\nUID:{marks.uid[:20]}\r\n {marks.uid[20:]}\r\nEND:VCARD\r\n"
    assert trace(read(folded), SECRET, range(1, 10), PLAN)[0].link_id == 3
    jcard = json.dumps(["vcard", [["uid", {}, "uri", marks.uid]]])
    assert trace(read(jcard), SECRET, range(1, 10), PLAN)[0].link_id == 3
    token = "AbCdEfGhIjKlMnOpQrStUvWx"
    owners = {token_hash(token): 9}
    pasted = f"look what I found https://card.example.org/c/{token} lol"
    (match,) = trace(read(pasted), SECRET, range(1, 10), PLAN, token_owner=owners)
    assert (match.link_id, match.confidence) == (9, 1.0)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_trace_of_random_text_finds_nothing_or_weak_hints(text: str) -> None:
    for match in trace(read(text), SECRET, range(1, 30), PLAN):
        assert match.confidence <= 0.6


@pytest.mark.parametrize("link_id", [1, 2, 50])
def test_token_hash_is_sha256_hex(link_id: int) -> None:
    assert len(token_hash(f"token-{link_id}")) == 64
