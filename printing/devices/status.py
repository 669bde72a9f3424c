"""Printer state from the real-time status bytes (DLE EOT n), in the officer's words.

Each reply is one byte shaped 0xx1xx10. n=1 printer (bit 3: offline); n=2 offline cause
(bit 2: cover open, bit 5: stopped at paper end, bit 6: error); n=3 error cause; n=4 roll
sensor (bits 2-3: near end, bits 5-6: out). A connection that cannot be read (Windows
spooler, CUPS, a plain file) gives "unknown", never a guess.
"""

from dataclasses import dataclass
from enum import StrEnum

from desk.errors import PrinterCoverOpen, PrinterError, PrinterFault, PrinterPaperOut

DLE_EOT = b"\x10\x04"


class Paper(StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PrinterStatus:
    online: bool | None  # None: the connection cannot tell
    paper: Paper = Paper.UNKNOWN
    cover_open: bool | None = None
    error: bool | None = None
    message: str = ""

    @property
    def ready(self) -> bool:
        """Nothing known stops a job (unknown counts as ready: most printers print)."""
        return self.problem() is None and self.online is not False

    def problem(self) -> PrinterError | None:
        """The error a job sent now would meet, if the printer told us."""
        if self.paper == Paper.OUT:
            return PrinterPaperOut("Máy in hết giấy. Hãy thay cuộn giấy mới rồi in lại.")
        if self.cover_open:
            return PrinterCoverOpen("Nắp máy in đang mở. Hãy đóng nắp rồi in lại.")
        if self.error:
            return PrinterFault(
                "Máy in đang báo lỗi (kẹt dao cắt hoặc đầu in quá nóng). "
                "Hãy kiểm tra, tắt và bật lại máy in rồi in lại."
            )
        return None


def valid(reply: int) -> bool:
    return reply & 0b1001_0011 == 0b0001_0010


def query_bytes(n: int) -> bytes:
    return DLE_EOT + bytes((n,))


def unknown(message: str = "Kết nối này không cho đọc trạng thái máy in.") -> PrinterStatus:
    return PrinterStatus(online=None, message=message)


def offline(message: str) -> PrinterStatus:
    return PrinterStatus(online=False, message=message)


def from_replies(replies: dict[int, int]) -> PrinterStatus:
    """A status from the valid replies we got, keyed by n; missing ones stay unknown."""
    printer, cause, paper_byte = replies.get(1), replies.get(2), replies.get(4)
    paper = Paper.UNKNOWN
    if paper_byte is not None:
        if paper_byte & 0x60:
            paper = Paper.OUT
        elif paper_byte & 0x0C:
            paper = Paper.NEAR_END
        else:
            paper = Paper.OK
    if cause is not None and cause & 0x20:
        paper = Paper.OUT
    cover = bool(cause & 0x04) if cause is not None else None
    error = bool(cause & 0x40) if cause is not None else None
    online = not (printer & 0x08) if printer is not None else None
    status = PrinterStatus(online, paper, cover, error)
    return PrinterStatus(online, paper, cover, error, describe(status))


def describe(status: PrinterStatus) -> str:
    problem = status.problem()
    if problem is not None:
        return problem.message
    if status.online is False:
        return "Máy in đang ngoại tuyến (offline)."
    if status.paper == Paper.NEAR_END:
        return "Máy in sẵn sàng, nhưng cuộn giấy sắp hết."
    if status.online:
        return "Máy in sẵn sàng."
    return "Không đọc được trạng thái máy in."
