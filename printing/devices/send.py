"""Send a finished job to a printer, and ask a printer how it is.

`send` refuses to start a job the printer says it cannot print (paper out, cover open,
error) and raises PrinterError subclasses whose `retryable` flag tells the print queue
whether to keep the job and try again. Nothing here retries by itself.

A job is delivered only when the printer took all of it. A printer that answered DLE EOT
before the job is asked again after it: it reads its input in order, so its answer proves
every byte before the question was read, and its state afterwards (paper ran out during
the ticket) is checked too. Where nobody answers, the connection's own end-of-job check
decides (devices.tcp); a timeout is never taken for success.
"""

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from desk.errors import PrinterError, PrinterTimeout, PrinterUnreachable, PrinterUnsupported
from desk.store.atomic import write_atomic

from .address import Kind, PrinterAddress, parse_printer_uri
from .local import FileLink, SerialLink, UsbLink
from .spooler import CupsLink, Win32Link, cups_status, win32_status
from .status import PrinterStatus, from_replies, offline, query_bytes, unknown, valid
from .targets import check_target, is_stream_device
from .tcp import TcpLink

if TYPE_CHECKING:
    from ..virtual import VirtualPrinter

STATUS_WAIT = 0.5  # seconds for a DLE EOT reply; printers answer within milliseconds


class Link(Protocol):
    can_read: bool

    def write(self, data: bytes) -> None: ...
    def read(self, n: int, timeout: float) -> bytes: ...
    def finish(self) -> None: ...
    def close(self) -> None: ...


_LINKS = {
    Kind.TCP: TcpLink,
    Kind.FILE: FileLink,
    Kind.SERIAL: SerialLink,
    Kind.USB: UsbLink,
    Kind.WIN32: Win32Link,
    Kind.CUPS: CupsLink,
}


def is_retryable(exc: BaseException) -> bool:
    """Whether the print queue should keep the job and try again later."""
    return bool(getattr(exc, "retryable", False))


def _address(address: PrinterAddress | str) -> PrinterAddress:
    return address if isinstance(address, PrinterAddress) else parse_printer_uri(address)


def _virtual(address: PrinterAddress, virtual: "VirtualPrinter | None") -> "VirtualPrinter":
    from ..virtual import default_printer

    return virtual or default_printer(address.width or 576)


def open_link(address: PrinterAddress, timeout: float) -> Link:
    return _LINKS[address.kind](address, timeout)


def read_status(link: Link, wait: float = STATUS_WAIT) -> PrinterStatus:
    """DLE EOT 1, 2 and 4, one at a time; no answer to the first means unknown."""
    if not link.can_read:
        return unknown()
    replies: dict[int, int] = {}
    for n in (1, 2, 4):
        link.write(query_bytes(n))
        reply = link.read(1, wait)
        if reply and valid(reply[0]):
            replies[n] = reply[0]
        elif n == 1:
            return unknown("Máy in không trả lời lệnh hỏi trạng thái.")
    return from_replies(replies)


def confirm(link: Link, where: str, timeout: float) -> PrinterStatus:
    """The printer's state after the job, which it can only give once it read the job."""
    link.write(query_bytes(1))
    reply = link.read(1, timeout)
    if not reply or not valid(reply[0]):
        raise PrinterTimeout(
            f"Máy in tại {where} chưa nhận hết lệnh in (không trả lời sau {timeout:g} giây): "
            "phiếu có thể chưa in xong. Hãy kiểm tra giấy, nắp và nguồn của máy in; lệnh in "
            "vẫn được giữ để in lại."
        )
    replies = {1: reply[0]}
    for n in (2, 4):
        link.write(query_bytes(n))
        more = link.read(1, STATUS_WAIT)
        if more and valid(more[0]):
            replies[n] = more[0]
    after = from_replies(replies)
    problem = after.problem()
    if problem is not None:
        raise type(problem)(problem.message + " Phiếu vừa gửi có thể chưa in hết; sẽ in lại.")
    return after


def send(
    address: PrinterAddress | str,
    data: bytes,
    *,
    timeout: float = 10.0,
    check_status: bool = True,
    virtual: "VirtualPrinter | None" = None,
) -> PrinterStatus:
    """Deliver `data` whole, or raise a PrinterError (see `is_retryable`).

    With `check_status`, a readable printer is asked first and a job it cannot print is
    refused before any of it is sent. Returns that status (near-end paper is worth a
    warning); "unknown" where the connection cannot be read.
    """
    where = _address(address)
    if where.kind == Kind.VIRTUAL:
        return _send_virtual(where, data, virtual)
    link = open_link(where, timeout)
    try:
        state = read_status(link) if check_status else unknown("Không hỏi trạng thái.")
        problem = state.problem()
        if problem is not None:
            raise problem
        link.write(data)
        if state.online is not None:  # it answers DLE EOT: its answer after the job is proof
            state = confirm(link, where.where, timeout)
        link.finish()
        return state
    finally:
        link.close()


def _send_virtual(where: PrinterAddress, data: bytes, virtual) -> PrinterStatus:
    printer = _virtual(where, virtual)
    if where.target:  # virtual:roll.png keeps the roll on disk, for the CLI and demos
        check_target(where)
    printer.write(data)
    if where.target:
        try:
            write_atomic(Path(where.target), printer.png())
        except OSError as exc:
            raise PrinterUnreachable(
                f"Không lưu được giấy của máy in ảo vào {where.target}: {exc.strerror or exc}.",
                detail=str(exc),
            ) from exc
    return printer.status()


def status(
    address: PrinterAddress | str,
    *,
    timeout: float = 3.0,
    virtual: "VirtualPrinter | None" = None,
) -> PrinterStatus:
    """How the printer is now. Never raises for a dead printer: online=False says so.

    A bad address (PrinterAddressError) or a kind this machine cannot use
    (PrinterUnsupported) still raises: those are settings to fix, not printer states.
    """
    where = _address(address)
    if where.kind == Kind.VIRTUAL:
        return _virtual(where, virtual).status()
    if where.kind == Kind.CUPS:
        return cups_status(where.target, timeout)
    if where.kind == Kind.WIN32:
        if sys.platform != "win32":
            raise PrinterUnsupported("Máy in kiểu win32: chỉ dùng được trên Windows.")
        return win32_status(where.target)
    if where.kind == Kind.FILE and not is_stream_device(where.target):
        return _file_status(Path(where.target))
    try:
        link = open_link(where, timeout)
    except PrinterUnsupported:
        raise
    except PrinterError as exc:
        return offline(exc.message)
    try:
        return read_status(link, min(timeout, 1.0))
    except PrinterError as exc:
        return offline(exc.message)
    finally:
        link.close()


def _file_status(path: Path) -> PrinterStatus:
    """A plain file as printer: online when its folder can be written; nothing else known."""
    folder = path.parent if str(path.parent) else Path(".")
    if folder.is_dir() and os.access(folder, os.W_OK):
        return PrinterStatus(True, message=f"Ghi được vào tệp {path} (không có giấy, nắp để đọc).")
    return offline(f"Không ghi được vào {path}: thư mục không có hoặc không có quyền ghi.")
