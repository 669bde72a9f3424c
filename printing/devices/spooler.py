"""Printers behind the operating system's spooler: Windows (raw job through the vendor
driver) and CUPS (`lp -o raw`). The spooler owns the device, so DLE EOT replies never
reach us; status is the spooler's own view of the queue, or unknown.
"""

import os
import shutil
import subprocess
import sys

from desk.errors import (
    PrinterJobInterrupted,
    PrinterTimeout,
    PrinterUnreachable,
    PrinterUnsupported,
)

from .address import PrinterAddress
from .status import Paper, PrinterStatus, offline, unknown

JOB_NAME = "desk"

# win32print PRINTER_STATUS_* bits a thermal driver commonly reports.
_WIN_PAPER_OUT, _WIN_OFFLINE, _WIN_ERROR, _WIN_DOOR_OPEN = 0x10, 0x80, 0x02, 0x400000


class Win32Link:
    """A raw job through python-escpos' Win32Raw (pywin32)."""

    can_read = False

    def __init__(self, address: PrinterAddress, timeout: float):
        self.name = address.target
        if sys.platform != "win32":
            raise PrinterUnsupported(
                "Máy in kiểu win32: chỉ dùng được trên Windows. Trên máy này hãy dùng "
                "cups:, usb:, serial: hoặc tcp://."
            )
        try:
            from escpos.exceptions import DeviceNotFoundError
            from escpos.printer import Win32Raw
        except ImportError as exc:  # pragma: no cover - Windows without pywin32
            raise PrinterUnsupported("Thiếu thư viện pywin32 để in qua Windows.") from exc
        self.printer = Win32Raw(self.name)
        try:
            self.printer.open(job_name=JOB_NAME)
        except (DeviceNotFoundError, RuntimeError) as exc:
            raise PrinterUnreachable(
                f"Không mở được máy in Windows “{self.name}”. Hãy kiểm tra tên máy in trong "
                "Cài đặt > Máy in và máy in đã bật.",
                detail=str(exc),
            ) from exc

    def write(self, data: bytes) -> None:
        try:
            self.printer._raw(data)
        except Exception as exc:  # pywintypes.error has no common base we can import
            raise PrinterJobInterrupted(
                f"Windows không gửi được lệnh in tới “{self.name}”: cần in lại.",
                detail=str(exc),
            ) from exc

    def read(self, n: int, timeout: float) -> bytes:
        return b""

    def finish(self) -> None:
        self.printer.close()

    def close(self) -> None:
        self.printer.close()


def win32_status(name: str) -> PrinterStatus:
    """The spooler's flags for the printer; drivers differ, so most answers are unknown."""
    try:
        import win32print

        handle = win32print.OpenPrinter(name)
        try:
            flags = win32print.GetPrinter(handle, 2)["Status"]
        finally:
            win32print.ClosePrinter(handle)
    except Exception:
        return unknown("Không đọc được trạng thái máy in từ Windows.")
    if flags & _WIN_PAPER_OUT:
        return PrinterStatus(True, Paper.OUT, message="Máy in hết giấy.")
    if flags & _WIN_DOOR_OPEN:
        return PrinterStatus(True, cover_open=True, message="Nắp máy in đang mở.")
    if flags & (_WIN_OFFLINE | _WIN_ERROR):
        return offline(f"Windows báo máy in “{name}” đang ngoại tuyến hoặc lỗi.")
    return unknown("Windows không báo lỗi cho máy in này (không đọc được giấy, nắp).")


class CupsLink:
    """`lp -d QUEUE -o raw`: the job is handed over whole when it is complete."""

    can_read = False

    def __init__(self, address: PrinterAddress, timeout: float):
        self.queue, self.timeout = address.target, timeout
        self.lp = shutil.which("lp")
        if os.name == "nt" or not self.lp:
            raise PrinterUnsupported(
                "Không có lệnh lp (CUPS) trên máy này. Hãy cài CUPS hoặc dùng usb:, tcp://."
            )
        self.buffer = bytearray()

    def write(self, data: bytes) -> None:
        self.buffer += data

    def read(self, n: int, timeout: float) -> bytes:
        return b""

    def finish(self) -> None:
        lp_submit(self.queue, bytes(self.buffer), raw=True, timeout=self.timeout)

    def close(self) -> None:
        pass


def lp_submit(queue: str, data: bytes, *, raw: bool, timeout: float = 60.0) -> None:
    """Hand a whole job to a CUPS queue with `lp` (raw ESC/POS, or a PDF CUPS renders).

    The one way this app talks to CUPS: thermal jobs through CupsLink, A4 PDFs from the
    print queue.
    """
    lp = shutil.which("lp")
    if os.name == "nt" or not lp:
        raise PrinterUnsupported(
            "Không có lệnh lp (CUPS) trên máy này. Hãy cài CUPS hoặc dùng usb:, tcp://."
        )
    command = [lp, "-d", queue, *(["-o", "raw"] if raw else []), "-t", JOB_NAME]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise PrinterTimeout(
            f"CUPS không nhận lệnh in cho “{queue}” (quá {timeout:g} giây)."
        ) from exc
    except OSError as exc:
        raise PrinterUnreachable(f"Không chạy được lệnh lp: {exc}", detail=str(exc)) from exc
    if done.returncode != 0:
        raise PrinterUnreachable(
            f"CUPS không nhận lệnh in cho hàng đợi “{queue}”. Hãy kiểm tra tên hàng "
            "đợi và máy in đã bật.",
            detail=done.stderr.decode(errors="replace").strip(),
        )


def cups_status(queue: str, timeout: float) -> PrinterStatus:
    """`lpstat -p QUEUE`: idle/printing means the queue accepts work; disabled means not."""
    lpstat = shutil.which("lpstat")
    if not lpstat:
        return unknown("Không có lệnh lpstat (CUPS) để đọc trạng thái.")
    try:
        done = subprocess.run([lpstat, "-p", queue], capture_output=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired):
        return unknown("CUPS không trả lời khi hỏi trạng thái.")
    text = done.stdout.decode(errors="replace")
    if done.returncode != 0 or queue not in text:
        return offline(f"CUPS không có hàng đợi “{queue}”.")
    if "disabled" in text:
        return offline(f"Hàng đợi CUPS “{queue}” đang tạm dừng (disabled).")
    return unknown(f"Hàng đợi CUPS “{queue}” đang nhận lệnh in (không đọc được giấy, nắp).")
