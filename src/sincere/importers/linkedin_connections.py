"""LinkedIn connections: ``Connections.csv`` from "Get a copy of your data".

A contact list, not a conversation: each row becomes a :class:`~sincere.model.Contact` (name,
LinkedIn profile URL and e-mail as identities, company, position, the day you connected), which
lets people be matched across exports. The file starts with a ``Notes:`` preamble (a quoted
paragraph, possibly on several lines, then a blank line) before its header::

    Notes:
    "When exporting your connection data, you may notice that some of the email addresses are
    missing. …"

    First Name,Last Name,URL,Email Address,Company,Position,Connected On
    Ana,Silva,https://www.linkedin.com/in/ana-silva,,Acme,Engineering Manager,12 Mar 2024

Older exports have no preamble, and some no ``URL`` column; columns are read by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

from sincere.errors import ParseError
from sincere.importers._text import decode_head
from sincere.importers.linkedin import column_key, csv_records, header_of, rows_by_header
from sincere.model import Contact, Conversation, identity
from sincere.phrase import phrase

name = "linkedin-connections"
description = "LinkedIn Connections.csv: your connections as contacts (no messages)"
extensions = (".csv",)

#: The columns that make a header row ``Connections.csv``'s.
_HEADER = frozenset({"FIRST NAME", "LAST NAME", "CONNECTED ON"})
_HEADER_EXAMPLE = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
#: How many records a ``Notes:`` preamble may take before the header must come.
_MAX_PREAMBLE = 20

_MONTHS = {
    month: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for month in names
}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3,9})\.?,?[ -](\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")


def sniff(head: bytes) -> bool:
    """True when ``head`` starts with the connections header, or with ``Notes:`` followed
    (within a few lines) by it."""
    text = decode_head(head)
    if text is None:
        return False
    lines = [line for line in text.lstrip("\ufeff").splitlines()[:60] if line.strip()]
    if not lines:
        return False
    if header_of(lines[0]) >= _HEADER:
        return True
    if not lines[0].strip().lower().startswith("notes:"):
        return False
    return any(header_of(line) >= _HEADER for line in lines[1:])


def parse_connected_on(value: str, path: str, line: int) -> date | None:
    """A ``Connected On`` value: ``12 Mar 2024`` (the usual form), ``Mar 12, 2024``,
    ``2024-03-12`` or ``03/12/2024`` (month first, unless the first number is over 12)."""
    text = value.strip()
    if not text:
        return None
    year = month = day = 0
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = int(match[1]), _MONTHS.get(match[2].lower(), 0), int(match[3])
    elif match := _MONTH_DAY_YEAR.fullmatch(text):
        month, day, year = _MONTHS.get(match[1].lower(), 0), int(match[2]), int(match[3])
    elif match := _ISO.fullmatch(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _SLASHED.fullmatch(text):
        month, day, year = int(match[1]), int(match[2]), int(match[3])
        if month > 12:
            month, day = day, month
        if year < 100:
            year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        raise ParseError(
            phrase("unrecognised Connected On date %(value)s", value=repr(text[:40])),
            path=path,
            line=line,
            hint=phrase("LinkedIn writes dates like '12 Mar 2024'"),
        ) from None


def _header(records: Iterator[tuple[int, list[str]]], path: str) -> list[str]:
    """The header row, after the ``Notes:`` preamble if there is one."""
    hint = phrase("the header of Connections.csv reads %(header)s", header=_HEADER_EXAMPLE)
    preamble = False
    seen = 0
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue
        if {column_key(cell) for cell in cells} >= _HEADER:
            return cells
        seen += 1
        if seen == 1 and cells[0].strip().lower().startswith("notes:"):
            preamble = True
            continue
        if not preamble or seen > _MAX_PREAMBLE:
            raise ParseError(
                phrase(
                    "not a LinkedIn Connections.csv: no 'First Name,Last Name,…,Connected On' "
                    "header"
                ),
                path=path,
                line=line,
                hint=hint,
            )
    raise ParseError(phrase("no 'First Name,Last Name,…' header found"), path=path, hint=hint)


def parse(
    stream: BinaryIO, path: str, *, encoding: str = "utf-8"
) -> Iterator[Conversation | Contact]:
    """Read ``Connections.csv``: one contact per row (rows without a name or URL skipped)."""
    records = csv_records(stream, path, encoding=encoding)
    columns = _header(records, path)
    for row in rows_by_header(records, columns):
        url = row.get("URL") or row.get("PROFILE URL")
        email = row.get("EMAIL ADDRESS") or row.get("EMAIL")
        full_name = " ".join(part for part in (row.get("FIRST NAME"), row.get("LAST NAME")) if part)
        if not full_name and not url:
            continue
        ids: list[str] = []
        if url:
            ids.append(identity("linkedin", url))
        if email:
            ids.append(identity("email", email))
        yield Contact(
            name=full_name or url,
            ids=tuple(ids),
            organisation=row.get("COMPANY"),
            position=row.get("POSITION"),
            connected_on=parse_connected_on(row.get("CONNECTED ON"), path, row.line),
        )
