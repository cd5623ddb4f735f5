"""The email importer: .eml files, mbox mailboxes and folders of emails, threads, quotes, errors."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sincere.cli import app
from sincere.errors import EncodingError, InputError, InputTooLargeError, ParseError
from sincere.importers import _mailtext, mail, registry
from sincere.importers._archive import DirectoryTree
from sincere.importers._text import MAX_LINE_BYTES
from sincere.model import Conversation, Source

DATA = Path(__file__).parents[1] / "data"
EMAIL = DATA / "email"
FIXTURES = sorted(
    [*EMAIL.glob("*.eml"), *EMAIL.glob("*.mbox"), *(p for p in EMAIL.iterdir() if p.is_dir())]
)
SHARED = Path(__file__).parents[3] / "shared" / "exports"


def summary(conversation: Conversation) -> dict[str, Any]:
    """The shape of one conversation in the ``*.expected.json`` files beside the fixtures."""
    started, ended = conversation.started_at, conversation.ended_at
    return {
        "title": conversation.title,
        "message_count": len(conversation.messages),
        "senders": list(conversation.participant_names()),
        "participant_ids": {p.name: list(p.ids) for p in conversation.participants},
        "first_timestamp": started.isoformat() if started else None,
        "last_timestamp": ended.isoformat() if ended else None,
        "messages": [[m.sender, m.kind, m.text] for m in conversation.messages],
    }


def read(data: bytes, path: str = "mail.eml", encoding: str = "utf-8") -> list[Conversation]:
    return list(mail.parse(io.BytesIO(data), path, encoding=encoding))


def read_one(data: bytes, path: str = "mail.eml") -> Conversation:
    conversations = read(data, path)
    assert len(conversations) == 1
    return conversations[0]


def read_error(data: bytes, error: type[InputError], match: str | None = None) -> InputError:
    path = "broken.mbox"
    with pytest.raises(error, match=match) as caught:
        read(data, path)
    assert caught.value.path == path
    return caught.value


def eml(
    body: str = "Hello there.",
    *,
    sender: str = "Ada Lovelace <ada@example.com>",
    subject: str = "Hello",
    date: str | None = "Mon, 4 Mar 2024 09:00:00 +0000",
    message_id: str | None = "<m1@example.com>",
    extra: str = "",
    content_type: str = "text/plain; charset=utf-8",
) -> str:
    """One email as text (its headers, a blank line, its body)."""
    lines = [f"From: {sender}", "To: Bob <bob@example.org>", f"Subject: {subject}"]
    if date is not None:
        lines.append(f"Date: {date}")
    if message_id is not None:
        lines.append(f"Message-ID: {message_id}")
    lines.append(f"Content-Type: {content_type}")
    if extra:
        lines.append(extra.rstrip("\n"))
    return "\n".join(lines) + "\n\n" + body + "\n"


def mbox(*messages: str) -> bytes:
    """An mbox of ``messages`` (each from :func:`eml`), with ``>From `` escaping."""
    parts = []
    for text in messages:
        escaped = "\n".join(
            ">" + line if line.lstrip(">").startswith("From ") else line
            for line in text.split("\n")
        )
        parts.append(f"From someone@example.com Mon Mar  4 09:00:00 2024\n{escaped}\n")
    return "".join(parts).encode()


# Fixtures


def test_email_fixtures_cover_every_variant() -> None:
    assert {path.stem for path in FIXTURES} >= {
        "reply_chain_en",
        "french_outlook",
        "html_only_gmail",
        "html_outlook",
        "encoded_latin1",
        "qp_base64",
        "signatures",
        "two_threads",
        "thread_folder",
        "attachments_only",
        "auto_reply",
    }
    assert all((EMAIL / f"{path.stem}.expected.json").is_file() for path in FIXTURES)


def test_email_fixtures_hold_the_raw_variants() -> None:
    """The fixtures really contain what they are named after."""
    latin1 = (EMAIL / "encoded_latin1.eml").read_bytes()
    assert b"\r\n" in latin1 and b"=?iso-8859-1?q?" in latin1 and b"\xc9lodie" in latin1
    qp = (EMAIL / "qp_base64.eml").read_text(encoding="ascii")
    assert "quoted-printable" in qp and "Transfer-Encoding: base64" in qp
    assert b"\n>From the kickoff" in (EMAIL / "two_threads.mbox").read_bytes()
    assert (EMAIL / "two_threads.mbox").read_bytes().startswith(b"From MAILER-DAEMON ")
    assert len(list((EMAIL / "thread_folder").glob("*.eml"))) == 3
    html = (EMAIL / "html_only_gmail.eml").read_text(encoding="utf-8")
    assert "gmail_quote" in html and "text/plain" not in html


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_email_fixture_matches_expected(path: Path) -> None:
    expected = json.loads((EMAIL / f"{path.stem}.expected.json").read_text(encoding="utf-8"))
    loaded = registry.load_file(path)
    assert loaded.format == "email"
    assert {"conversations": [summary(c) for c in loaded.conversations]} == expected
    for conversation in loaded.conversations:
        assert conversation.source == Source(str(path), "email")
        assert [m.index for m in conversation.messages] == list(range(len(conversation.messages)))


def test_email_same_content_same_id() -> None:
    data = (EMAIL / "reply_chain_en.mbox").read_bytes()
    assert read(data, "a/x.mbox")[0].id == read(data, "b/y.mbox")[0].id
    assert read(data, "x.mbox")[0].id != read_one(eml().encode()).id


def test_email_stdin_reads_like_a_file() -> None:
    data = (EMAIL / "reply_chain_en.mbox").read_bytes()
    loaded = registry.load_stream(io.BytesIO(data), "<stdin>")
    assert loaded.format == "email"
    (conversation,) = loaded.conversations
    assert conversation.title == "Coffee next week?"
    assert conversation.source.path == "<stdin>"


def test_email_message_meta() -> None:
    (conversation,) = registry.load_file(EMAIL / "reply_chain_en.mbox").conversations
    assert dict(conversation.messages[1].meta) == {
        "subject": "Re: Coffee next week?",
        "message_id": "b1@example.org",
        "in_reply_to": "a1@mail.example.com",
        "to": ["alice@example.com"],
        "cc": ["carol@example.com"],
    }
    (attached,) = registry.load_file(EMAIL / "qp_base64.eml").conversations
    assert attached.messages[0].meta["attachments"] == ["agenda.pdf"]
    assert attached.messages[0].kind == "text"


# Shared exports: there is no email sample among them; the sniffer must not claim any of them.


def other_files() -> list[Path]:
    found = [p for p in sorted(DATA.rglob("*")) if p.is_file() and "email" not in p.parts]
    if SHARED.is_dir():
        found += [p for p in sorted(SHARED.rglob("*")) if p.is_file()]
    return found


@pytest.mark.parametrize("path", other_files(), ids=str)
def test_email_sniff_rejects_other_formats(path: Path) -> None:
    assert not mail.sniff(path.read_bytes()[: registry.HEAD_BYTES])


def test_email_sniff_tree_rejects_other_folders() -> None:
    folders = [p for p in sorted(DATA.rglob("*")) if p.is_dir() and "email" not in p.parts]
    if SHARED.is_dir():
        folders += [SHARED, *(p for p in sorted(SHARED.rglob("*")) if p.is_dir())]
    assert folders
    for folder in folders:
        assert not mail.sniff_tree(sorted(c.name for c in folder.iterdir() if c.is_file()))


def test_email_shared_exports_hold_no_email() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"shared samples {SHARED} are not available")
    assert not [p for p in SHARED.rglob("*") if p.suffix.lower() in mail.extensions]


def own_files() -> list[Path]:
    return [p for p in sorted(EMAIL.rglob("*")) if p.suffix in mail.extensions]


@pytest.mark.parametrize("path", own_files(), ids=lambda path: path.name)
def test_email_fixtures_are_recognised_as_email(path: Path) -> None:
    head = path.read_bytes()[: registry.HEAD_BYTES]
    assert mail.sniff(head)
    found = registry.recognise(head)
    assert found is not None and found.name == "email"
    # No other format claims them, but the lenient plain transcript tried last after email.
    others = [i.name for i in registry.IMPORTERS.values() if i.name != "email" and i.sniff(head)]
    assert set(others) <= {"plain"}
    assert list(registry.IMPORTERS).index("email") < list(registry.IMPORTERS).index("plain")


SNIFF_CASES = [
    (b"From sender@example.com Mon Jan  1 00:00:00 2024\nFrom: a@b.c\nSubject: x\n\nhi\n", True),
    (b"From MAILER-DAEMON Fri Jul  8 12:08:34 2011\nX-GM-THRID: 1\nX-Gmail-Labels: Inbox\n", True),
    (b"From - Mon Jan 01 00:00:00 2024\r\nX-Mozilla-Status: 0001\r\nFrom: a@b.c\r\n", True),
    (
        b"From: Ada <ada@example.com>\nTo: b@example.org\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n",
        True,
    ),
    (b"Received: from x by y;\n\tMon, 1 Jan 2024\nFrom: a@b.c\nMessage-ID: <1@b.c>\n\nhi", True),
    (b"MIME-Version: 1.0\nFrom:\n =?utf-8?q?Ad=C3=A9?= <a@b.c>\n", True),
    (b"\xef\xbb\xbfFrom: a@b.c\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n", True),
    (b"Return-Path: <a@b.c>\nFrom: a@b.c\nMIME-Version: 1.0\nSubject: caf\xe9\n", True),
    (b"", False),
    (b"Alice: hi\nBob: hello\n", False),
    (b"From: Alice\nDate: tomorrow\n\nhi\n", False),  # no address: a chat line, not a header
    (b"From: a@b.c\nSubject: hi\nTo: c@d.e\n\nbody\n", False),  # no Date/Message-ID/…
    (b"From Alice: hi there\nDate: Mon\n", False),
    (b"From Paris with love\nAnd more text\n", False),
    (b"From sender@example.com Mon Jan  1 00:00:00 2024\nhello there\n", False),
    (b"From sender@example.com Mon Jan  1 00:00:00 2024\nSubject: only one\n\nhi\n", False),
    (b"From: a@b.c\nDate: Mon, 1 Jan 2024\nnot a header\n", False),
    (b"[2024-01-01 10:00] From: a@b.c\nDate: x\n", False),
    (b" From: a@b.c\nDate: x\n", False),
    (b"From: a@b.c\x00\nDate: x\n", False),
    (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nFrom: a@b.c\n", False),
    (b'{"from": "a@b.c", "date": "2024"}', False),
]


@pytest.mark.parametrize(("head", "expected"), SNIFF_CASES)
def test_email_sniff(head: bytes, expected: bool) -> None:
    assert mail.sniff(head) is expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["a.eml", "b.eml", "c.EML"], True),
        (["Inbox.mbox"], True),
        (["Info.plist", "mbox", "table_of_contents"], True),
        (["a.eml", "invoice.pdf", "photo.jpg"], True),
        (["mails/a.eml", "mails/b.eml", "mails/Inbox.msf"], True),
        (["a.eml", "chat.txt"], False),
        (["a.eml", "b.eml", "result.json"], False),
        (["a.eml", "talk.vtt"], False),
        (["notes.pdf"], False),
        ([], False),
        (["chat.txt", "mbox.txt"], False),
    ],
)
def test_email_sniff_tree(names: list[str], expected: bool) -> None:
    assert mail.sniff_tree(names) is expected


# Threads


def test_email_threads_by_references_across_an_mbox() -> None:
    root = eml("Kickoff on Monday?", message_id="<r@x>", subject="Kickoff")
    other = eml("Unrelated.", message_id="<o@x>", subject="Lunch", date=None)
    reply = eml(
        "Yes.",
        sender="Bo <bo@x.org>",
        message_id="<re@x>",
        subject="Re: Kickoff",
        date="Mon, 4 Mar 2024 10:00:00 +0000",
        extra="References: <r@x>",
    )
    # Only References to a message that is not in the file, but shared with the reply.
    late = eml(
        "Count me in.",
        sender="Cy <cy@x.org>",
        message_id="<late@x>",
        subject="Re: Kickoff",
        date="Mon, 4 Mar 2024 11:00:00 +0000",
        extra="In-Reply-To: <re@x>",
    )
    threads = read(mbox(root, other, late, reply), "box.mbox")
    assert [c.title for c in threads] == ["Kickoff", "Lunch"]
    assert [m.text for m in threads[0].messages] == ["Kickoff on Monday?", "Yes.", "Count me in."]
    assert threads[1].messages[0].timestamp is None


def test_email_messages_without_ids_thread_by_subject_within_the_window() -> None:
    def note(text: str, subject: str, date: datetime) -> str:
        stamp = date.strftime("%a, %d %b %Y %H:%M:%S +0000")
        return eml(text, subject=subject, message_id=None, date=stamp)

    start = datetime(2024, 3, 4, 9, tzinfo=UTC)
    threads = read(
        mbox(
            note("first", "Budget", start),
            note("second", "RE: Budget", start + timedelta(days=3)),
            note("third", "AW: Réf. : budget", start + timedelta(days=20)),
            note("much later", "Re: Budget", start + timedelta(days=90)),
            note("other", "Travel", start + timedelta(days=1)),
        ),
        "box.mbox",
    )
    assert [[m.text for m in c.messages] for c in threads] == [
        ["first", "second", "third"],
        ["much later"],
        ["other"],
    ]
    assert [c.title for c in threads] == ["Budget", "Budget", "Travel"]


def test_email_reply_without_reply_headers_joins_by_subject() -> None:
    root = eml("Shall we?", message_id="<a@x>", subject="Plan")
    reply = eml("Sure!", message_id="<b@x>", subject="Re: Plan", sender="Bo <bo@x.org>")
    (thread,) = read(mbox(root, reply), "box.mbox")
    assert [m.text for m in thread.messages] == ["Shall we?", "Sure!"]


def test_email_roots_with_ids_and_the_same_subject_stay_apart() -> None:
    first = eml("One.", message_id="<a@x>", subject="Weekly sync")
    second = eml("Two.", message_id="<b@x>", subject="Weekly sync")
    assert len(read(mbox(first, second), "box.mbox")) == 2


def test_email_time_order_keeps_undated_messages_in_place() -> None:
    later = eml("later", message_id="<c@x>", date="Mon, 4 Mar 2024 12:00:00 +0000")
    undated = eml("undated", message_id="<d@x>", date="not a date", extra="References: <c@x>")
    earlier = eml(
        "earlier",
        message_id="<b@x>",
        date="Mon, 4 Mar 2024 11:00:00 +0100",
        extra="References: <c@x>",
    )
    (thread,) = read(mbox(later, undated, earlier), "box.mbox")
    assert [m.text for m in thread.messages] == ["earlier", "later", "undated"]
    stamps = [m.timestamp for m in thread.messages]
    assert stamps[0] == datetime(2024, 3, 4, 11, tzinfo=timezone(timedelta(hours=1)))
    assert stamps[1] == datetime(2024, 3, 4, 12, tzinfo=UTC)
    assert stamps[2] is None


def test_email_timestamps_are_timezone_aware() -> None:
    (message,) = read_one(eml(date="Mon, 4 Mar 2024 09:00:00 -0000").encode()).messages
    assert message.timestamp == datetime(2024, 3, 4, 9, tzinfo=UTC)
    (message,) = read_one(eml(date="Mon, 4 Mar 2024 09:00:00 +0530").encode()).messages
    assert message.timestamp is not None and message.timestamp.utcoffset() == timedelta(
        hours=5, minutes=30
    )
    (message,) = read_one(eml(date="Mon, 4 Mar 99999 09:00:00 +0000").encode()).messages
    assert message.timestamp is None


def test_email_duplicate_message_ids_are_read_once() -> None:
    copy = eml("Only once.", message_id="<same@x>")
    (thread,) = read(mbox(copy, copy), "box.mbox")
    assert [m.text for m in thread.messages] == ["Only once."]


def test_email_zip_of_emls_is_one_thread(tmp_path: Path) -> None:
    archive = tmp_path / "mails.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted((EMAIL / "thread_folder").glob("*.eml")):
            bundle.write(path, f"export/{path.name}")
    loaded = registry.load_file(archive)
    assert loaded.format == "email"
    (thread,) = loaded.conversations
    assert thread.title == "Mentoring session"
    assert thread.source.path == str(archive)
    assert list(thread.participant_names()) == ["Inès Garnier", "Max Keller"]


def test_email_folder_inside_a_walked_directory_is_read_whole(tmp_path: Path) -> None:
    folder = tmp_path / "exports" / "mentoring"
    folder.mkdir(parents=True)
    for path in (EMAIL / "thread_folder").glob("*.eml"):
        (folder / path.name).write_bytes(path.read_bytes())
    (tmp_path / "exports" / "chat.txt").write_text("Alice: hi\nBob: hello\n", encoding="utf-8")
    assert registry.expand([str(tmp_path / "exports")]) == [
        str(tmp_path / "exports" / "chat.txt"),
        str(folder),
    ]
    loaded = list(registry.load_all([str(tmp_path / "exports")]))
    assert [(item.format, len(item.conversations)) for item in loaded] == [
        ("plain", 1),
        ("email", 1),
    ]


def test_email_folder_with_another_export_is_read_file_by_file(tmp_path: Path) -> None:
    for path in (EMAIL / "thread_folder").glob("*.eml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "chat.txt").write_text("Alice: hi\n", encoding="utf-8")
    inputs = registry.expand([str(tmp_path)])
    assert len(inputs) == 4 and str(tmp_path) not in inputs
    with pytest.raises(InputError, match=r"chat\.txt") as caught:
        list(mail.parse_tree(DirectoryTree(str(tmp_path))))
    assert caught.value.path == str(tmp_path)
    assert caught.value.hint


def test_email_tree_errors_name_the_member(tmp_path: Path) -> None:
    archive = tmp_path / "mails.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("good.eml", eml())
        bundle.writestr("bad.eml", "this is not an email\n")
    with pytest.raises(ParseError) as caught:
        registry.load_file(archive)
    assert caught.value.path == f"{archive}!bad.eml"
    assert caught.value.line == 1


def test_email_tree_without_emails_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError, match=r"no \.eml") as caught:
        list(mail.parse_tree(DirectoryTree(str(tmp_path))))
    assert caught.value.path == str(tmp_path)


def test_email_apple_mail_bundle_is_read(tmp_path: Path) -> None:
    bundle = tmp_path / "Inbox.mbox"
    bundle.mkdir()
    (bundle / "mbox").write_bytes((EMAIL / "signatures.mbox").read_bytes())
    (bundle / "Info.plist").write_text("<plist/>", encoding="utf-8")
    loaded = registry.load_file(bundle)
    assert loaded.format == "email"
    assert [len(c.messages) for c in loaded.conversations] == [4]


# Senders and participants


def test_email_sender_is_display_name_else_address() -> None:
    named = read_one(eml(sender='"Lovelace, Ada" <Ada@Example.COM>').encode())
    assert named.messages[0].sender == "Lovelace, Ada"
    assert named.participants[0].ids == ("email:ada@example.com",)
    bare = read_one(eml(sender="Ada@Example.com").encode())
    assert bare.messages[0].sender == "Ada@Example.com"
    assert bare.participants[0].ids == ("email:ada@example.com",)


def test_email_one_name_per_address_across_a_thread() -> None:
    first = eml("one", sender="Ada Lovelace <ada@x.org>", message_id="<a@x>")
    second = eml("two", sender="ada@x.org", message_id="<b@x>", extra="References: <a@x>")
    third = eml(
        "three", sender='"A. L." <ADA@x.org>', message_id="<c@x>", extra="References: <a@x>"
    )
    (thread,) = read(mbox(first, second, third), "box.mbox")
    assert {m.sender for m in thread.messages} == {"Ada Lovelace"}
    assert [(p.name, p.ids) for p in thread.participants] == [
        ("Ada Lovelace", ("email:ada@x.org",))
    ]


def test_email_recipients_who_never_write_are_not_participants() -> None:
    conversation = read_one(eml(extra="Cc: Carol <carol@example.com>").encode())
    assert conversation.participant_names() == ("Ada Lovelace",)
    assert conversation.messages[0].meta["cc"] == ["carol@example.com"]


def test_email_encoded_headers_are_decoded() -> None:
    data = eml(
        sender="=?utf-8?b?w4lsb2RpZSBNYXJ0aW4=?= <elodie@example.fr>",
        subject="=?utf-8?q?Caf=C3=A9?= =?iso-8859-1?q?_cr=E8me?= =?x-unknown?q?_=E9t=E9?=",
    ).encode()
    conversation = read_one(data)
    assert conversation.messages[0].sender == "Élodie Martin"
    assert conversation.title == "Café crème été"


def test_email_raw_8bit_headers_are_decoded() -> None:
    utf8 = eml(sender="Zoé <zoe@x.fr>", subject="Réunion").encode("utf-8")
    assert read_one(utf8).messages[0].sender == "Zoé"
    latin = eml(sender="Zoé <zoe@x.fr>", subject="Réunion").encode("latin-1")
    conversation = read_one(latin)
    assert (conversation.messages[0].sender, conversation.title) == ("Zoé", "Réunion")


# Bodies


def test_email_plain_text_is_preferred_to_html() -> None:
    body = (
        "--b\nContent-Type: text/plain; charset=utf-8\n\nPlain words.\n"
        "--b\nContent-Type: text/html; charset=utf-8\n\n<p>HTML words.</p>\n--b--"
    )
    data = eml(body, content_type='multipart/alternative; boundary="b"').encode()
    assert read_one(data).messages[0].text == "Plain words."


def test_email_empty_plain_part_falls_back_to_html() -> None:
    body = (
        "--b\nContent-Type: text/plain; charset=utf-8\n\n \n"
        "--b\nContent-Type: text/html; charset=utf-8\n\n<p>HTML words.</p>\n--b--"
    )
    data = eml(body, content_type='multipart/alternative; boundary="b"').encode()
    assert read_one(data).messages[0].text == "HTML words."


@pytest.mark.parametrize(
    ("charset", "raw", "text"),
    [
        ("iso-8859-1", "café".encode("latin-1"), "café"),
        ("windows-1252", "l’été".encode("cp1252"), "l’été"),
        ("x-unknown", "café".encode("latin-1"), "café"),
        ("base64", "café".encode("latin-1"), "café"),
        ("utf-8", b"caf\xe9", "caf\ufffd"),
        (None, "café".encode(), "café"),
        (None, "café".encode("latin-1"), "café"),
    ],
)
def test_email_body_charsets(charset: str | None, raw: bytes, text: str) -> None:
    content_type = f"text/plain; charset={charset}" if charset else "text/plain"
    data = eml("", content_type=content_type).encode() + raw + b"\n"
    assert read_one(data).messages[0].text == text


def test_email_encoding_option_reads_undeclared_charsets() -> None:
    data = eml("", content_type="text/plain").encode() + "Ĺubica".encode("cp1250") + b"\n"
    (conversation,) = read(data, encoding="cp1250")
    assert conversation.messages[0].text == "Ĺubica"


def test_email_unknown_encoding_option_is_an_encoding_error() -> None:
    with pytest.raises(EncodingError, match="unknown encoding") as caught:
        read(eml().encode(), "x.eml", encoding="nope")
    assert caught.value.path == "x.eml"


def test_email_forwarded_message_is_an_attachment_not_text() -> None:
    body = (
        "--b\nContent-Type: text/plain\n\nSee below.\n"
        "--b\nContent-Type: message/rfc822\n\n"
        "From: Eve <eve@x.org>\nSubject: Secret\n\nForwarded words.\n--b--"
    )
    data = eml(body, content_type='multipart/mixed; boundary="b"').encode()
    message = read_one(data).messages[0]
    assert message.text == "See below."
    assert message.meta["attachments"] == ["forwarded message"]


def test_email_inline_images_are_not_attachments() -> None:
    body = (
        "--b\nContent-Type: text/html\n\n<p>Hi <img src='cid:logo'></p>\n"
        "--b\nContent-Type: image/png; name=logo.png\nContent-ID: <logo>\n"
        "Content-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--b--"
    )
    data = eml(body, content_type='multipart/related; boundary="b"').encode()
    message = read_one(data).messages[0]
    assert (message.text, message.kind, "attachments" in message.meta) == ("Hi", "text", False)


def test_email_attachment_only_is_media() -> None:
    body = (
        "--b\nContent-Type: application/pdf\n"
        'Content-Disposition: attachment; filename="=?utf-8?q?r=C3=A9sum=C3=A9.pdf?="\n'
        "Content-Transfer-Encoding: base64\n\nJVBERg==\n--b--"
    )
    data = eml(body, content_type='multipart/mixed; boundary="b"').encode()
    message = read_one(data).messages[0]
    assert (message.kind, message.text) == ("media", "<attachment: résumé.pdf>")
    assert message.meta["attachments"] == ["résumé.pdf"]


@pytest.mark.parametrize(
    "extra",
    [
        "Auto-Submitted: auto-replied",
        "Auto-Submitted: auto-generated",
        "X-Autoreply: yes",
        "Precedence: auto_reply",
    ],
)
def test_email_automatic_replies_are_system(extra: str) -> None:
    conversation = read_one(eml("Away until Monday.", extra=extra).encode())
    assert conversation.messages[0].kind == "system"
    assert conversation.messages[0].sender == "Ada Lovelace"
    assert conversation.participants == ()


@pytest.mark.parametrize(
    "subject",
    ["Automatic reply: Hello", "Réponse automatique : Bonjour", "Out of Office: Hello"],
)
def test_email_automatic_reply_subjects_are_system(subject: str) -> None:
    assert read_one(eml(subject=subject).encode()).messages[0].kind == "system"


def test_email_auto_submitted_no_is_a_person() -> None:
    message = read_one(eml(extra="Auto-Submitted: no").encode()).messages[0]
    assert message.kind == "text"


def test_email_mbox_from_escaping_and_unescaped_from_lines() -> None:
    data = (
        b"From a@b.c Mon Mar  4 09:00:00 2024\n"
        + eml(message_id="<a@x>", body="").encode()[:-1]
        + b">From the notes: fine.\n>>From here on, quoted.\nFrom 9 to 5 I am busy.\n\n"
        b"From b@c.d Mon Mar  4 10:00:00 +0000 2024\n" + eml("Second.", message_id="<b@x>").encode()
    )
    threads = read(data, "box.mbox")
    assert [m.text for c in threads for m in c.messages] == [
        "From the notes: fine.\nFrom 9 to 5 I am busy.",
        "Second.",
    ]


def test_email_big_message_is_read_up_to_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mail, "MAX_MESSAGE_BYTES", 400)
    body = "First words.\n" + "filler line\n" * 200
    message = read_one(eml(body).encode()).messages[0]
    assert message.text.startswith("First words.\nfiller line")
    assert len(message.text) < 400


# Quotes and signatures (the _mailtext helpers)


@pytest.mark.parametrize(
    ("body", "own"),
    [
        ("Yes!\n\nOn Mon, 4 Mar 2024 at 09:12, Ann <a@x.org> wrote:\n> Coffee?\n", "Yes!"),
        ("Yes!\n\nOn Mon, Mar 4, 2024 at 9:12 AM Ann Lee <a@x.org>\nwrote:\n\n> Coffee?", "Yes!"),
        ("Oui\n\nLe lun. 4 mars 2024 à 09:12, Ann <a@x.org> a écrit :\n> Café ?", "Oui"),
        ("Oui\n\nLe 04/03/2024 à 09:12, Ann a écrit :\n\nCafé ?", "Oui"),
        ("Ja\n\nAm 04.03.2024 um 09:12 schrieb Ann <a@x.org>:\n> Kaffee?", "Ja"),
        ("Sure\n\nAnn <a@x.org> wrote:\n> Coffee?", "Sure"),
        ("> Coffee?\nYes.\n> Tea?\nNo.", "Yes.\nNo."),
        (
            "On Mon, 4 Mar 2024, Ann <a@x.org> wrote:\n> Coffee?\n\nYes, at 9.\n\n-- \nBo",
            "Yes, at 9.",
        ),
        (
            "Ok.\n\n________________________________\nFrom: Ann <a@x.org>\n"
            "Sent: Monday, March 4, 2024 9:12 AM\nTo: Bo\nSubject: Coffee\n\nCoffee?",
            "Ok.",
        ),
        (
            "D'accord.\n\nDe : Ann <a@x.org>\nEnvoyé : lundi 4 mars 2024 09:12\nÀ : Bo\n"
            "Objet : Café\n\nUn café ?",
            "D'accord.",
        ),
        (
            "Ok.\n\n*From:* Ann <a@x.org>\n*Sent:* Monday\n*To:* Bo\n*Subject:* Coffee\n\nCoffee?",
            "Ok.",
        ),
        ("Ok.\n\n-----Original Message-----\nFrom: Ann\nCoffee?", "Ok."),
        ("Ok.\n\n-----Message d'origine-----\nDe : Ann\nCafé ?", "Ok."),
        ("FYI\n\n---------- Forwarded message ---------\nFrom: Ann\nHello", "FYI"),
        ("FYI\n\nBegin forwarded message:\n\nFrom: Ann\nHello", "FYI"),
        ("Thanks\n\n--\nBo Stone\nCEO", "Thanks"),
        ("Thanks\n\nSent from my iPhone", "Thanks"),
        ("Merci\n\nEnvoyé de mon iPhone\n\n> Le 4 mars 2024 à 09:12, Ann a écrit :", "Merci"),
        ("Merci\n\nEnvoyé depuis mon appareil Galaxy", "Merci"),
        ("Thanks\nGet Outlook for Android<https://aka.ms/ghei36>", "Thanks"),
        ("Thanks\n\nSent with Proton Mail secure email.", "Thanks"),
    ],
)
def test_email_strip_reply(body: str, own: str) -> None:
    assert _mailtext.strip_reply(body) == own


@pytest.mark.parametrize(
    "body",
    [
        "On Monday I wrote: the plan is ready.",
        "My colleague wrote:\nthe numbers are fine.",
        "From: the team, with love.\nSubject to change.",
        "From now on: coffee every Friday.",
        "Le projet a écrit son histoire.",
        "Sent from a café in Lyon, sorry for the typos --\nsee you soon",
        "a -- b\n--- not a signature",
    ],
)
def test_email_strip_reply_keeps_ordinary_lines(body: str) -> None:
    assert _mailtext.strip_reply(body) == body


def test_email_strip_reply_tidies_blank_lines() -> None:
    assert _mailtext.strip_reply("\n\n  one  \n\n\n\ntwo\r\n\r\n") == "  one\n\ntwo"


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Hello&nbsp;&amp; welcome</p><p>Second</p>", "Hello & welcome\nSecond"),
        ("<div>a<br>b<br/>c</div>", "a\nb\nc"),
        ("<style>p{}</style><script>x()</script><title>T</title>Body", "Body"),
        ("Reply<blockquote>quoted</blockquote>", "Reply"),
        ('Reply<div class="gmail_quote">On … wrote:<br>quoted</div>', "Reply"),
        ('Reply<div class="moz-cite-prefix">On … wrote:</div><blockquote type="cite">q', "Reply"),
        ('Reply<div class="moz-signature">-- <br>Bo</div>', "Reply"),
        ('Reply<div id="appendonsend"></div><hr><div>quoted original</div>', "Reply"),
        ('Reply<div id="divRplyFwdMsg"><b>From:</b> Ann</div><div>quoted</div>', "Reply"),
        ('<span style="display: none">preheader</span>Visible', "Visible"),
        ("<pre>two  spaces\n  kept</pre>", "two  spaces\nkept"),
        ("<ul><li>one</li><li>two</li></ul>", "one\ntwo"),
        ("<table><tr><td>a</td><td>b</td></tr></table>", "a\nb"),
        ("unclosed <div><p>para", "unclosed\npara"),
        ("&#x110000; &bogus; <", "\ufffd &bogus; <"),
        ("<div>" * 3000 + "deep", "deep"),
    ],
)
def test_email_html_to_text(html: str, text: str) -> None:
    assert _mailtext.html_to_text(html) == text


@pytest.mark.parametrize(
    ("subject", "normalised"),
    [
        ("Re: Hello", "Hello"),
        ("RE: Fwd: FW: hello", "hello"),
        ("TR : Réf. : Déjeuner", "Déjeuner"),
        ("AW: SV: VS: Wg: Antw: Møte", "Møte"),
        ("Re[2]: Re(3): Plan", "Plan"),
        ("[team] Re: Plan", "Plan"),
        ("Réunion: ordre du jour", "Réunion: ordre du jour"),
        ("  Spaces   inside  ", "Spaces inside"),
        ("Re:", ""),
    ],
)
def test_email_normalise_subject(subject: str, normalised: str) -> None:
    assert _mailtext.normalise_subject(subject) == normalised


# Property: a stripped reply never holds the quoted original's lines


#: Lower-case words, never a footer's first word ("sent from my…", "get outlook for…").
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8).filter(
    lambda word: word not in {"sent", "get"}
)
REPLY_LINES = st.lists(
    st.lists(WORDS, min_size=1, max_size=8).map(" ".join) | st.just(""), min_size=1, max_size=6
)
ORIGINAL_LINES = st.lists(
    st.lists(st.text(alphabet="QWXZ0123456789", min_size=1, max_size=8), min_size=1, max_size=6)
    .map(" ".join)
    .map(lambda line: f"ORIG {line}"),
    min_size=1,
    max_size=6,
)
STYLES = [
    "gmail",
    "gmail_wrapped",
    "french",
    "outlook",
    "outlook_fr",
    "original_message",
    "bottom_post",
    "iphone",
]


def quote(style: str, reply: list[str], original: list[str]) -> str:
    quoted = "\n".join(f"> {line}" for line in original)
    plain = "\n".join(original)
    top = "\n".join(reply)
    if style == "gmail":
        return f"{top}\n\nOn Mon, 4 Mar 2024 at 09:12, Ann Lee <ann@x.org> wrote:\n{quoted}\n"
    if style == "gmail_wrapped":
        return f"{top}\n\nOn Mon, Mar 4, 2024 at 9:12 AM Ann Lee <ann@x.org>\nwrote:\n\n{quoted}"
    if style == "french":
        return f"{top}\n\nLe lun. 4 mars 2024 à 09:12, Ann <ann@x.org> a écrit :\n{quoted}"
    if style == "outlook":
        return (
            f"{top}\n\n________________________________\nFrom: Ann Lee <ann@x.org>\n"
            f"Sent: Monday, March 4, 2024 9:12 AM\nTo: Bo\nSubject: RE: Plan\n\n{plain}"
        )
    if style == "outlook_fr":
        return (
            f"{top}\n\nDe : Ann Lee <ann@x.org>\nEnvoyé : lundi 4 mars 2024 09:12\n"
            f"À : Bo\nObjet : RE: Plan\n\n{plain}"
        )
    if style == "original_message":
        return f"{top}\n\n-----Original Message-----\nFrom: Ann\n{plain}"
    if style == "bottom_post":
        return f"On Mon, 4 Mar 2024, Ann <ann@x.org> wrote:\n{quoted}\n\n{top}"
    return f"{top}\n\nSent from my iPhone\n\n> On 4 Mar 2024, at 09:12, Ann wrote:\n{quoted}"


@settings(max_examples=300, deadline=None)
@given(reply=REPLY_LINES, original=ORIGINAL_LINES, style=st.sampled_from(STYLES))
def test_email_stripped_reply_never_holds_the_original(
    reply: list[str], original: list[str], style: str
) -> None:
    assume(any(line.strip() for line in reply))
    stripped = _mailtext.strip_reply(quote(style, reply, original))
    assert "ORIG" not in stripped
    assert stripped == _mailtext.strip_reply("\n".join(reply))
    assert stripped.split() == " ".join(reply).split()


@settings(max_examples=200, deadline=None)
@given(reply=REPLY_LINES, original=ORIGINAL_LINES)
def test_email_stripped_html_reply_never_holds_the_original(
    reply: list[str], original: list[str]
) -> None:
    assume(any(line.strip() for line in reply))
    own = "".join(f"<div>{line or '<br>'}</div>" for line in reply)
    html = (
        f'<div dir="ltr">{own}</div><div class="gmail_quote"><div class="gmail_attr">'
        "On Mon, 4 Mar 2024 Ann wrote:</div><blockquote>"
        + "<br>".join(original)
        + "</blockquote></div>"
    )
    text = _mailtext.strip_reply(_mailtext.html_to_text(html))
    assert "ORIG" not in text
    assert text.split() == " ".join(reply).split()


# Bad input: only InputError, naming the file (and the line where it applies)


def test_email_not_an_email_names_line_one() -> None:
    error = read_error(b"Dear Bob,\nhow are you?\n", ParseError, "not a header")
    assert error.line == 1
    assert error.hint


def test_email_chat_transcript_is_not_an_email() -> None:
    error = read_error(b"Alice: hi\nBob: hello\n\nAlice: bye\n", ParseError, "no 'From:' header")
    assert error.line == 1


def test_email_empty_file_is_a_parse_error() -> None:
    read_error(b"", ParseError, "empty file")


def test_email_truncated_headers_name_the_message() -> None:
    error = read_error(b"From: a@b.c\nTo: d@e.f\nSubject: hi", ParseError, "truncated")
    assert error.line == 1


def test_email_broken_message_in_an_mbox_names_its_line() -> None:
    good = mbox(eml("one", message_id="<1@x>"), eml("two", message_id="<2@x>"))
    lines = good.count(b"\n")
    data = good + b"From x@y Mon Mar  4 09:00:00 2024\nFrom: a@b.c\nSubj"
    error = read_error(data, ParseError, "not a header")
    assert error.line == lines + 3
    data = good + b"From x@y Mon Mar  4 09:00:00 2024\nFrom: a@b.c\nSubject: cut\n"
    error = read_error(data, ParseError, "truncated")
    assert error.line == lines + 1
    data = good + b"From x@y Mon Mar  4 09:00:00 2024\n\nno headers at all\n"
    assert read_error(data, ParseError).line == lines + 3


def test_email_message_without_from_names_its_line() -> None:
    data = mbox(eml("one"), "To: b@c.d\nSubject: no sender\n\nhi\n")
    second = data.split(b"\n").index(b"From someone@example.com Mon Mar  4 09:00:00 2024", 1) + 1
    assert second > 5
    error = read_error(data, ParseError, "From")
    assert error.line == second


def test_email_nul_bytes_are_an_encoding_error() -> None:
    assert read_error(b"From: a@b.c\n\x00\x01\x02\n", EncodingError, "NUL").line == 2
    assert read_error(b"From: a@b.c\n\nbody\x00\n", EncodingError, "NUL").line == 3


def test_email_binary_junk_is_an_input_error() -> None:
    read_error(bytes(range(1, 256)) * 40, ParseError)


def test_email_deep_mime_nesting_is_a_parse_error() -> None:
    nested = "".join(
        f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' for i in range(3000)
    )
    data = ("From: a@b.c\n" + nested + "Content-Type: text/plain\n\nhi\n").encode()
    read_error(data, ParseError, "nested")


def test_email_headers_over_the_limit_are_too_large() -> None:
    folded = b"X-Long: start\n" + b" more\n" * (MAX_LINE_BYTES // 6 + 10)
    error = read_error(b"From: a@b.c\n" + folded + b"\nhi\n", InputTooLargeError, "headers")
    assert error.line is not None and error.line > 2


@pytest.fixture(scope="module")
def huge_header(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An .eml whose Subject line is 10 MiB long (written once for the tests that use it)."""
    path = tmp_path_factory.mktemp("huge") / "huge.eml"
    with path.open("wb") as stream:
        stream.write(b"From: a@b.c\nDate: Mon, 4 Mar 2024 09:00:00 +0000\nSubject: ")
        for _ in range(10):
            stream.write(b"x" * (1 << 20))
        stream.write(b"\n\nhi\n")
    return path


def test_email_huge_header_line_is_too_large(huge_header: Path) -> None:
    with pytest.raises(InputTooLargeError) as caught:
        registry.load_file(huge_header)
    assert caught.value.path == str(huge_header)
    assert caught.value.line == 3
    assert caught.value.status == 413


def test_email_huge_body_line_is_too_large() -> None:
    data = eml("first body line").encode() + b"y" * (MAX_LINE_BYTES + 10)
    assert read_error(data, InputTooLargeError).line == 9


FRAGMENTS = [
    b"From: a@b.c\n",
    b"From x@y Mon Mar  4 09:00:00 2024\n",
    b"Date: Mon, 4 Mar 2024 09:00:00 +0000\n",
    b"Message-ID: <a@b>\n",
    b"References: <a@b> <\n",
    b"Subject: =?utf-8?q?=C3?= =?x?b?!!?= =?utf-8?b?w6k?=\n",
    b'Content-Type: multipart/mixed; boundary="b"\n',
    b"Content-Type: text/html; charset=utf-7\n",
    b"Content-Transfer-Encoding: base64\n",
    b"Content-Transfer-Encoding: quoted-printable\n",
    b"Content-Disposition: attachment; filename*=utf-8''%ff%C3\n",
    b"--b\n",
    b"--b--\n",
    b"\n",
    b"\r\n",
    b" folded\n",
    b">From ",
    b"<div class=gmail_quote>",
    b"<blockquote>",
    b"&#x110000;",
    b"=\n",
    b"=C3=A9",
    b"\xff\xfe",
    b"\x00",
    b"On Mon, 4 Mar 2024, A <a@b.c> wrote:\n",
    b"> quoted\n",
    b"-- \n",
]
FUZZ_BYTES = st.binary(max_size=600) | st.lists(st.sampled_from(FRAGMENTS), max_size=50).map(
    b"".join
)


def only_input_errors(data: bytes, path: str = "fuzz.mbox") -> None:
    mail.sniff(data[: registry.HEAD_BYTES])
    try:
        conversations = read(data, path)
    except InputError as error:
        assert error.path == path
    else:
        assert all(isinstance(c, Conversation) for c in conversations)


@settings(max_examples=400, deadline=None)
@given(data=FUZZ_BYTES)
def test_email_random_bytes_raise_only_input_errors(data: bytes) -> None:
    only_input_errors(data)
    only_input_errors(b"From: a@b.c\n" + data)
    only_input_errors(b"From x@y Mon Mar  4 09:00:00 2024\nFrom: a@b.c\n\n" + data)


FIXTURE_BYTES = [path.read_bytes() for path in own_files()]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.sampled_from(FIXTURE_BYTES), cut=st.floats(min_value=0, max_value=1))
def test_email_truncated_fixtures_raise_only_input_errors(data: bytes, cut: float) -> None:
    only_input_errors(data[: int(len(data) * cut)])


def test_email_every_prefix_of_a_small_mbox_raises_only_input_errors() -> None:
    data = (EMAIL / "auto_reply.mbox").read_bytes()
    for end in range(0, len(data), 7):
        only_input_errors(data[:end])


@settings(max_examples=300, deadline=None)
@given(
    data=st.sampled_from(FIXTURE_BYTES),
    edits=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=8)), max_size=8),
)
def test_email_corrupted_fixtures_raise_only_input_errors(
    data: bytes, edits: list[tuple[float, bytes]]
) -> None:
    mutable = bytearray(data)
    for where, junk in edits:
        at = int(len(mutable) * where)
        mutable[at : at + len(junk)] = junk
    only_input_errors(bytes(mutable))


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(max_size=200),
    codec=st.sampled_from(["utf-8", "latin-1", "cp1252", "utf-16", "mac-roman"]),
    charset=st.sampled_from(["utf-8", "iso-8859-1", "windows-1252", "koi8-r", "bogus", ""]),
)
def test_email_mixed_encodings_raise_only_input_errors(text: str, codec: str, charset: str) -> None:
    body = text.encode(codec, errors="replace")
    content_type = f"text/plain; charset={charset}" if charset else "text/plain"
    data = eml("", content_type=content_type, subject=text[:40]).encode("utf-8", "replace")
    only_input_errors(data + body, "fuzz.eml")


HTML_PIECES = ["<div>", "</div>", "<br>", "<p", "<blockquote>", "</blockquote>", "&amp;", "<!--"]
HTML_PIECES += ["-->", "<![CDATA[", "<script>", "</script>", "a ", '<div id="appendonsend">']


@settings(max_examples=200, deadline=None)
@given(
    html=st.text(max_size=300) | st.lists(st.sampled_from(HTML_PIECES), max_size=40).map("".join)
)
def test_email_html_to_text_never_raises(html: str) -> None:
    assert isinstance(_mailtext.html_to_text(html), str)


# Through the command line


def run(*args: str | Path) -> Any:
    env = {"COLUMNS": "300", "NO_COLOR": "1", "TERM": "dumb"}
    return CliRunner(env=env).invoke(app, [str(arg) for arg in args])


def test_email_cli_analyses_a_mailbox() -> None:
    result = run("analyze", EMAIL / "two_threads.mbox", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [c["title"] for c in document["conversations"]] == ["Project kickoff", "Book club"]
    assert {c["source"]["format"] for c in document["conversations"]} == {"email"}


def test_email_cli_analyses_a_folder_of_emails() -> None:
    result = run("analyze", EMAIL / "thread_folder", "--format", "json")
    assert result.exit_code == 0, result.output
    (conversation,) = json.loads(result.stdout)["conversations"]
    assert conversation["message_count"] == 3


def test_email_cli_bad_email_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.eml"
    path.write_bytes(b"this is not an email\nat all\n")
    result = run("analyze", path, "--format", "json")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}:1: not an email")
    assert "Traceback" not in result.output


def test_email_cli_huge_header_exits_2(huge_header: Path) -> None:
    result = run("analyze", huge_header)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {huge_header}:3: line is longer than")
    assert "Traceback" not in result.output
