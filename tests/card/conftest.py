"""Cards, marks and images shared by the card tests."""

from __future__ import annotations

import struct
import zlib

import pytest

from sincere.card.model import Card, Marks, Photo, Social


def tiny_png() -> bytes:
    """A valid 1×1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


#: The start of a JFIF file, then filler: enough for the magic-byte check and for base64 folding.
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(256)) * 8
)


@pytest.fixture
def jpeg_bytes() -> bytes:
    return JPEG


@pytest.fixture
def png_bytes() -> bytes:
    return tiny_png()


@pytest.fixture
def minimal_card() -> Card:
    return Card(name="Zoë Martin-Lévy")


@pytest.fixture
def full_card() -> Card:
    return Card(
        name="Zoë Martin-Lévy",
        title="Head of Design, Europe; Paris",
        organisation="Atelier Lévy\\Co",
        emails=("zoe@example.org", "zoe.work@example.com"),
        phones=("+33 6 12 34 56 78", "01 23 45 67 89"),
        website="https://zoe.example.org",
        social=(
            Social("LinkedIn", "https://www.linkedin.com/in/zoe"),
            Social("Mastodon", "https://mastodon.social/@zoe"),
        ),
        photo=Photo(JPEG, "image/jpeg"),
        note="Met at the design meetup, Paris; ask me about type.\nSecond line: naïve café ☕",
        languages=("fr", "en", "pt-BR"),
    )


@pytest.fixture
def recipient_marks() -> Marks:
    return Marks(
        uid="urn:uuid:1b4e28ba-2fa1-41d2-883f-0016d3cca427",
        url="https://card.example.org/c/AbCdEfGhIjKlMnOpQrSt",
        email="card-k7m2p9qx@example.net",
        phone_extension="042",
    )
