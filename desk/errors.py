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


class ClockError(DeskError):
    """The PC's clock is not plausible: no code, appointment or ticket is made from it."""

    exit_code = 4


class AuthError(DeskError):
    """Wrong user name or password, or an account locked after failures."""


class PrinterError(DeskError):
    """The printer cannot be reached, is out of paper, or the printer address is wrong."""


class ImageError(InvalidInput):
    """An image or PDF that cannot be read: corrupt, empty, too large, wrong kind."""


class SyncError(DeskError):
    """The hub or provincial server cannot be reached or answered something unusable."""


# Printer failures the print queue tells apart. `retryable` ones keep the job queued and
# try again later (a ticket or receipt is never lost); the others need a person to fix a
# setting first. A plain PrinterError counts as not retryable.


class PrinterUnreachable(PrinterError):
    """Nothing answers at the printer's address: switched off, unplugged, wrong IP."""

    retryable = True


class PrinterTimeout(PrinterError):
    """The printer took the connection but stopped answering in time."""

    retryable = True


class PrinterJobInterrupted(PrinterError):
    """The connection dropped while the job was being sent: it must be printed again."""

    retryable = True


class PrinterPaperOut(PrinterError):
    """Hết giấy: the roll is empty."""

    retryable = True


class PrinterCoverOpen(PrinterError):
    """Nắp máy in đang mở."""

    retryable = True


class PrinterFault(PrinterError):
    """The printer reports an error of its own (cutter jam, head too hot)."""

    retryable = True


class PrinterAddressError(PrinterError, InvalidInput):
    """The printer address (URI) in the settings cannot be understood."""

    retryable = False


class PrinterUnsupported(PrinterError):
    """This kind of printer cannot be used on this machine (OS or library missing)."""

    retryable = False
