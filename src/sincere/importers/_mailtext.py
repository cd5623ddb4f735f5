"""What a person wrote in an email, without what they quoted: reply and signature stripping,
HTML bodies turned into text, subjects normalised for threading.

A reply usually carries the message it answers. sincere counts only the writer's own words, so
:func:`strip_reply` removes:

- ``>`` quoted lines, wherever they are (an interleaved reply keeps its own lines);
- an attribution line and everything after it when the original follows unquoted or only
  quotes follow (``On Mon, 1 Jan 2024, Alice <a@example.com> wrote:``, ``Le … a écrit :``), or
  only the attribution when the writer answers below the quote;
- an Outlook header block and everything after it (``From: … Sent: … To: … Subject: …``,
  ``De : … Envoyé : … À : … Objet : …``), with the rule of underscores above it;
- separators such as ``-----Original Message-----``, ``-----Message d'origine-----``,
  ``---------- Forwarded message ---------`` and everything after them;
- the signature: from a ``-- `` line, or from a mobile footer (``Sent from my iPhone``,
  ``Envoyé de mon iPhone``, ``Get Outlook for iOS``…), to the end.

:func:`html_to_text` reads an HTML body with the standard library's parser: scripts, styles and
hidden elements are dropped, and so are quotes (``blockquote``, Gmail's ``div.gmail_quote``,
Thunderbird's ``moz-cite-prefix``, everything from Outlook's ``#appendonsend`` or
``#divRplyFwdMsg`` on) and marked signatures (``gmail_signature``, ``moz-signature``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Quotes and signatures in plain text

#: A quoted line (``>``, ``> >``, ``>>``), possibly indented.
_QUOTED = re.compile(r"^[ \t]*>")

#: Attribution lines, matched on up to three lines joined with spaces.
_ATTRIBUTION = re.compile(
    r"""^(?:
        On\s(?=.*\d).+\swrote\s?:                   # English (Gmail, Apple Mail, Thunderbird)
      | Le\s(?=.*\d).+\sa\s+écrit\s?:               # French
      | Am\s(?=.*\d).+\sschrieb\s.*:                # German
      | El\s(?=.*\d).+\sescribió\s?:                # Spanish
      | Il\s(?=.*\d).+\sha\s+scritto\s?:            # Italian
      | Op\s(?=.*\d).+\sschreef\s.*:                # Dutch
      | .{0,200}@.{0,200}\s(?:wrote|a\s+écrit)\s?:   # "Alice <a@example.com> wrote:"
    )\s*$""",
    re.VERBOSE,
)
#: Lines an attribution starts with (the cheap test before joining lines).
_ATTRIBUTION_START = re.compile(r"^(?:On|Le|Am|El|Il|Op)\s|\s(?:wrote|écrit)\s?:\s*$")
#: The longest attribution considered (a long paragraph ending in "wrote:" is not one).
_MAX_ATTRIBUTION = 400

#: Separators above an original or forwarded message.
_SEPARATOR = re.compile(
    r"""^[ \t]*(?:
        -{2,}\s*(?:Original\s+Message|Message\s+d['’]origine|Message\s+original
                 |Forwarded\s+message|Message\s+transféré|Ursprüngliche\s+Nachricht
                 |Weitergeleitete\s+Nachricht|Mensaje\s+original|Messaggio\s+originale)\s*-{2,}
      | Begin\s+forwarded\s+message\s?:
      | Début\s+du\s+message\s+(?:réexpédié|transféré)\s?:
    )[ \t]*$""",
    re.VERBOSE | re.IGNORECASE,
)

#: The fields of an Outlook header block (``From:``/``De :`` first, then the others).
_OUTLOOK_FROM = re.compile(r"^[ \t]*\*?(?:From|De|Von|Van|Da)[ \t]?\*?[ \t]?:\*?[ \t]*\S")
_OUTLOOK_SENT = re.compile(
    r"^[ \t]*\*?(?:Sent|Date|Envoyé|Envoyé\s+le|Gesendet|Datum|Verzonden|Enviado|Inviato)"
    r"[ \t]?\*?[ \t]?:",
    re.IGNORECASE,
)
_OUTLOOK_SUBJECT = re.compile(
    r"^[ \t]*\*?(?:Subject|Objet|Betreff|Onderwerp|Asunto|Oggetto)[ \t]?\*?[ \t]?:", re.IGNORECASE
)
#: How many lines after ``From:`` the other fields of the block are looked for.
_OUTLOOK_SPAN = 8

#: A horizontal rule drawn above a quoted block (Outlook's underscores, dashes).
_RULE = re.compile(r"^[ \t]*(?:_{5,}|-{5,}|={5,})[ \t]*$")

#: The signature separator: ``-- `` (the standard), or ``--`` once a client trimmed the space.
_SIGNATURE = re.compile(r"^--[ \t]*$")

#: Footers that mail apps add under every message.
_FOOTER = re.compile(
    r"""^[ \t]*(?:
        Sent\s+from\s+(?:my\s|Mail\s+for\s|Outlook|Yahoo\s+Mail|Proton\s?Mail|Gmail|Samsung
                       |the\s+Mail\s+app|AOL\s+Mobile)
      | Sent\s+(?:with|using)\s+(?:Proton\s?Mail|Spark|BlueMail|Tutanota)
      | Get\s+Outlook\s+for\s
      | Envoyé\s+(?:de|depuis|à\s+partir\s+de|avec)\s+(?:mon\s|ma\s|Outlook|Yahoo|Mail|Proton)
      | (?:Obtenir|Téléchargez)\s+Outlook\s+pour\s
      | Von\s+meinem\s.+\sgesendet
      | Enviado\s+desde\s+mi\s
    ).{0,80}$""",
    re.VERBOSE | re.IGNORECASE,
)


def _attribution(lines: list[str], index: int) -> int:
    """How many lines (1 to 3) form an attribution starting at ``index``; 0 if none does."""
    first = lines[index].strip()
    if not first or _QUOTED.match(first) or not _ATTRIBUTION_START.search(first):
        return 0
    joined = ""
    for count in range(1, 4):
        if index + count > len(lines):
            break
        part = lines[index + count - 1].strip()
        if count > 1 and (not part or _QUOTED.match(part)):
            break
        joined = f"{joined} {part}".strip()
        if len(joined) > _MAX_ATTRIBUTION:
            break
        if _ATTRIBUTION.match(joined):
            return count
    return 0


def _outlook_block(lines: list[str], index: int) -> bool:
    """Whether an Outlook header block (From, then Sent/Date and Subject) starts at ``index``."""
    if not _OUTLOOK_FROM.match(lines[index]):
        return False
    following = lines[index + 1 : index + 1 + _OUTLOOK_SPAN]
    return any(_OUTLOOK_SENT.match(line) for line in following) and any(
        _OUTLOOK_SUBJECT.match(line) for line in following
    )


def _next_text_line(lines: list[str], start: int) -> str | None:
    for line in lines[start:]:
        if line.strip():
            return line
    return None


def _cut_above(kept: list[str]) -> list[str]:
    """Drop the blank lines and rules just above a cut."""
    while kept and (not kept[-1].strip() or _RULE.match(kept[-1])):
        kept.pop()
    return kept


def strip_reply(text: str) -> str:
    """The writer's own words in a plain-text email body (see the module's docstring)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _QUOTED.match(line):
            index += 1
            continue
        span = _attribution(lines, index)
        if span:
            following = _next_text_line(lines, index + span)
            if following is not None and _QUOTED.match(following):
                # The quote follows: drop the attribution, the quoted lines go by themselves
                # and an answer written below them stays.
                index += span
                continue
            break
        if (
            _SEPARATOR.match(line)
            or _SIGNATURE.match(line)
            or _FOOTER.match(line)
            or _outlook_block(lines, index)
        ):
            break
        kept.append(line)
        index += 1
    return _tidy(_cut_above(kept))


def _tidy(lines: list[str]) -> str:
    """Lines right-stripped, runs of blank lines shortened to one, no blank line at either end."""
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# HTML to text

#: Elements that start a new line.
_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
#: Elements without an end tag.
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
#: Elements whose content is never text a person wrote.
_DROPPED = frozenset(
    {"script", "style", "title", "template", "noscript", "svg", "object", "blockquote"}
)
#: Classes of quoted replies and signatures (Gmail, Thunderbird, Yahoo, Apple Mail).
_DROPPED_CLASSES = frozenset(
    {
        "gmail_quote",
        "gmail_quote_container",
        "gmail_signature",
        "gmail_extra",
        "moz-cite-prefix",
        "moz-signature",
        "yahoo_quoted",
        "ymail_quoted",
        "AppleOriginalContents",
    }
)
#: Ids after which an Outlook reply holds only the quoted original.
_QUOTE_FROM_HERE = frozenset({"appendonsend", "divrplyfwdmsg"})
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
#: Deeper nesting is not tracked (a pathological document, not a real email).
_MAX_DEPTH = 2000


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        #: Open elements: ``(tag, whether it started a dropped region)``.
        self._open: list[tuple[str, bool]] = []
        self._dropping = 0
        self._pre = 0
        self.stopped = False

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def _drops(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in _DROPPED:
            return True
        for key, value in attrs:
            if value is None:
                continue
            if key == "class" and _DROPPED_CLASSES.intersection(value.split()):
                return True
            if key == "style" and _HIDDEN.search(value):
                return True
        return False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.stopped:
            return
        ids = {(value or "").lower() for key, value in attrs if key == "id"}
        if ids & _QUOTE_FROM_HERE and not self._dropping:
            self.stopped = True
            return
        if tag in _VOID:
            if not self._dropping and tag in {"br", "hr"}:
                self.parts.append("\n")
            return
        drops = self._drops(tag, attrs)
        if len(self._open) < _MAX_DEPTH:
            self._open.append((tag, drops))
            if drops:
                self._dropping += 1
            if tag == "pre":
                self._pre += 1
        if not self._dropping and tag in _BLOCK:
            self._newline()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.handle_starttag(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def _close_until(self, tag: str) -> bool:
        """Close the open elements down to the innermost ``tag``; False if it is not open."""
        if not any(name == tag for name, _ in self._open):
            return False
        while self._open:
            name, drops = self._open.pop()
            if drops:
                self._dropping -= 1
            if name == "pre":
                self._pre -= 1
            if name == tag:
                break
        return True

    def handle_endtag(self, tag: str) -> None:
        if self.stopped:
            return
        if self._close_until(tag) and not self._dropping and tag in _BLOCK:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self.stopped or self._dropping:
            return
        data = data.replace("\xa0", " ")
        if not self._pre:
            data = re.sub(r"\s+", " ", data)
            if not self.parts or self.parts[-1].endswith("\n"):
                data = data.lstrip()
        if data:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The visible text of an HTML email body, without quoted replies and marked signatures."""
    extractor = _TextExtractor()
    try:
        extractor.feed(html)
        extractor.close()
    except (AssertionError, ValueError, IndexError):
        # html.parser gives up on some malformed markup: keep what it read so far.
        pass
    lines = [line.strip() for line in "".join(extractor.parts).split("\n")]
    return _tidy(lines)


# Subjects

#: Reply and forward prefixes, in the languages mail clients write them.
_PREFIX = re.compile(
    r"^\s*(?:\[[^\]]{0,40}\]\s*)?"
    r"(?:re|fw|fwd|tr|réf\.?|ref\.?|aw|sv|vs|wg|antw|rif|r|enc|rv)"
    r"\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*",
    re.IGNORECASE,
)


def normalise_subject(subject: str) -> str:
    """``subject`` without its ``Re:``/``Fwd:``/``TR :``/``Réf. :``/``AW:``/``SV:`` prefixes."""
    text = " ".join(subject.split())
    while True:
        stripped = _PREFIX.sub("", text, count=1)
        if stripped == text:
            return text
        text = stripped


def is_reply_subject(subject: str) -> bool:
    """Whether ``subject`` starts with a reply or forward prefix."""
    return normalise_subject(subject) != " ".join(subject.split())


__all__ = ["html_to_text", "is_reply_subject", "normalise_subject", "strip_reply"]
