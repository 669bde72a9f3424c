"""Every error a person may see, with its message in Vietnamese.

Code raises these with a message written for the officer or the citizen at the
counter; the CLI prints `message` and exits non-zero, the window shows it in a
dialog. Anything else that escapes is a bug and goes to the log.
"""


class DeskError(Exception):
    """Base of the errors whose message is meant for a person."""

    exit_code = 2

    def __init__(self, message: str, *, detail: str | None = None):
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class InvalidInput(DeskError):
    """Something typed, scanned or imported is not acceptable as it is."""


class NotFound(DeskError):
    """A dossier, procedure, user or file asked for does not exist."""

    exit_code = 3


class Conflict(DeskError):
    """The change clashes with what is already stored (duplicate, stale version)."""


class IllegalTransition(DeskError):
    """A dossier or ticket cannot go from its current state to the one asked."""


class StorageError(DeskError):
    """The data directory or database cannot be used (disk full, locked, damaged)."""


class CatalogError(DeskError):
    """The procedure catalog is missing or malformed."""


class CalendarError(DeskError):
    """The working-day calendar cannot answer (date out of range, bad holiday data)."""


class CitizenIdError(InvalidInput):
    """A CCCD / Căn cước QR payload or ID number that cannot be read."""


class AuthError(DeskError):
    """Wrong user name or password, or an account locked after failures."""


class PrinterError(DeskError):
    """The printer cannot be reached, is out of paper, or the printer address is wrong."""


class ImageError(InvalidInput):
    """An image or PDF that cannot be read: corrupt, empty, too large, wrong kind."""


class SyncError(DeskError):
    """The hub or provincial server cannot be reached or answered something unusable."""
