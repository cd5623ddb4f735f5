"""The one exception tree of sincere.

    SincereError                    anything sincere raises on purpose (status 400)
    ├── InputError                  a file or stream we cannot read (status 422)
    │   ├── UnknownFormatError      no importer recognises the input, or a --from name is unknown
    │   ├── EncodingError           the bytes are not valid in the expected encoding
    │   ├── InputTooLargeError      a line or a file beyond the limits we accept (status 413)
    │   └── ParseError              the content is not what the format requires
    ├── UsageError                  a bad option value: unknown language, unknown participant…
    │   └── NotFoundError           no such person, entry or link (status 404)
    └── StoreError                  the database cannot be used: corrupt, foreign (status 503)

Every error carries a one-line ``message`` and, when it can, a ``hint`` that says how to fix it.
Input errors also carry the ``path`` and, where it applies, the 1-based ``line``; ``str(error)``
renders them as ``path:line: message``. The CLI prints that line and exits with status 2; the web
layer turns ``status`` into the HTTP status.

Messages and hints are English. The recurring ones are :class:`~sincere.phrase.Phrase` values
(a ``str`` that remembers its gettext message and parameters), and so is ``str(error)`` then:
the web app says them in the reader's language.
"""

from __future__ import annotations

from sincere.phrase import phrase


class SincereError(Exception):
    """Base class for every error sincere raises on purpose."""

    status: int = 400

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class UsageError(SincereError):
    """An option or argument value that does not make sense."""


class InputError(SincereError):
    """Input we cannot read. Names the file (or ``<stdin>``) and, where it applies, the line."""

    status = 422

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return (
            phrase("%(where)s: %(message)s", where=where, message=self.message)
            if where
            else self.message
        )


class UnknownFormatError(InputError):
    """No importer recognises the input, or the requested format name does not exist."""


class EncodingError(InputError):
    """The input is not valid text in the expected encoding."""


class InputTooLargeError(InputError):
    """A line or a file is larger than what sincere accepts."""

    status = 413


class ParseError(InputError):
    """The content does not follow the format the importer expects."""


class NotFoundError(UsageError):
    """A person, entry or link that the database does not hold."""

    status = 404


class StoreError(SincereError):
    """The database cannot be opened or used: a corrupt or foreign file, a server that does not
    answer, a schema from a newer sincere."""

    status = 503
