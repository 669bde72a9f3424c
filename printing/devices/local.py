"""Printers attached to this PC: a device file, a serial port, USB through libusb.

All three can be read, so DLE EOT status works on them. Writes go in chunks, each with
the timeout, so a 9600-baud line or a printer that stops taking data is noticed instead
of hanging the print worker.
"""

import os
import select
import stat
from pathlib import Path

from desk.errors import (
    PrinterError,
    PrinterJobInterrupted,
    PrinterTimeout,
    PrinterUnreachable,
    PrinterUnsupported,
)
from desk.store.atomic import write_atomic

from .address import PrinterAddress
from .targets import check_target

CHUNK = 4096
SERIAL_CHUNK = 1024  # ~1 s at 9600 baud: each chunk must go within the timeout


def _timeout(where: str, timeout: float) -> PrinterTimeout:
    return PrinterTimeout(
        f"Máy in tại {where} ngừng nhận dữ liệu (quá {timeout:g} giây). "
        "Hãy kiểm tra giấy, nắp và nguồn của máy in rồi in lại."
    )


def _dropped(where: str, exc: BaseException) -> PrinterJobInterrupted:
    return PrinterJobInterrupted(
        f"Mất kết nối với máy in tại {where} khi đang in: phiếu chưa in xong, cần in lại.",
        detail=str(exc),
    )


class FileLink:
    """A device node such as /dev/usb/lp0 (readable) or a FIFO, written in place; or a new
    file that receives the job whole (written atomically at the end, never truncated in
    place: see printing.devices.targets for what may be replaced)."""

    def __init__(self, address: PrinterAddress, timeout: float):
        self.address, self.where, self.timeout = address, address.target, timeout
        check_target(address)  # the data directory was checked when the job was stored
        try:
            mode = os.stat(self.where).st_mode
        except OSError:
            mode = 0
        self.device = stat.S_ISCHR(mode)
        self.stream = self.device or stat.S_ISFIFO(mode)
        self.can_read = self.device and os.name != "nt"
        self.fd: int | None = None
        self._job = bytearray()
        if not self.stream:
            folder = Path(self.where).parent
            if not folder.is_dir():
                raise PrinterUnreachable(
                    f"Không kết nối được máy in tại {self.where}: không tìm thấy thư mục {folder}.",
                    detail=str(folder),
                )
            return
        binary = getattr(os, "O_BINARY", 0)
        nonblock = getattr(os, "O_NONBLOCK", 0)
        flags = (os.O_RDWR if self.can_read else os.O_WRONLY) | nonblock | binary
        try:
            self.fd = os.open(self.where, flags)
        except FileNotFoundError as exc:
            raise PrinterUnreachable(
                f"Không kết nối được máy in tại {self.where}: không tìm thấy thiết bị hoặc thư mục. "
                "Hãy kiểm tra máy in đã cắm và bật.",
                detail=str(exc),
            ) from exc
        except PermissionError as exc:
            raise PrinterError(
                f"Không có quyền ghi vào {self.where}. Hãy cấp quyền cho tài khoản đang chạy "
                "ứng dụng (trên Linux: nhóm lp).",
                detail=str(exc),
            ) from exc
        except OSError as exc:  # ENXIO: a FIFO nobody reads
            raise PrinterUnreachable(
                f"Không kết nối được máy in tại {self.where}.", detail=str(exc)
            ) from exc

    def write(self, data: bytes) -> None:
        if self.fd is None:
            self._job += data
            return
        view = memoryview(data)
        try:
            while view:
                if os.name != "nt" and not select.select([], [self.fd], [], self.timeout)[1]:
                    raise _timeout(self.where, self.timeout)  # Windows: select is for sockets
                try:
                    view = view[os.write(self.fd, view[:CHUNK]) :]
                except BlockingIOError:
                    continue
        except OSError as exc:
            raise _dropped(self.where, exc) from exc

    def read(self, n: int, timeout: float) -> bytes:
        if not self.can_read or self.fd is None:
            return b""
        if not select.select([self.fd], [], [], timeout)[0]:
            return b""
        try:
            return os.read(self.fd, n)
        except (BlockingIOError, OSError):
            return b""

    def finish(self) -> None:
        if self.fd is not None:
            return
        check_target(self.address)  # the file may have appeared since the job started
        try:
            write_atomic(Path(self.where), bytes(self._job))
        except OSError as exc:
            raise PrinterUnreachable(
                f"Không ghi được vào tệp {self.where}: {exc.strerror or exc}.", detail=str(exc)
            ) from exc

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class SerialLink:
    """A serial or USB-serial port (pyserial)."""

    can_read = True

    def __init__(self, address: PrinterAddress, timeout: float):
        self.where, self.timeout = address.target, timeout
        try:
            import serial
        except ImportError as exc:
            raise PrinterUnsupported(
                "Thiếu thư viện pyserial để in qua cổng nối tiếp. Hãy cài gói pyserial."
            ) from exc
        self._errors = (serial.SerialException, OSError)
        self._timeout_error = serial.SerialTimeoutException
        try:
            self.port = serial.Serial(
                address.target,
                address.baud,
                timeout=timeout,
                write_timeout=timeout,
                rtscts=address.flow == "rtscts",
                dsrdtr=address.flow == "dsrdtr",
                xonxoff=address.flow == "xonxoff",
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            raise PrinterUnreachable(
                f"Không mở được cổng {self.where} để in. Hãy kiểm tra cáp, tên cổng "
                "và chương trình khác có đang giữ cổng không.",
                detail=str(exc),
            ) from exc

    def write(self, data: bytes) -> None:
        try:
            for start in range(0, len(data), SERIAL_CHUNK):
                self.port.write(data[start : start + SERIAL_CHUNK])
        except self._timeout_error as exc:
            raise _timeout(self.where, self.timeout) from exc
        except self._errors as exc:
            raise _dropped(self.where, exc) from exc

    def read(self, n: int, timeout: float) -> bytes:
        self.port.timeout = timeout
        try:
            return bytes(self.port.read(n))
        except self._errors:
            return b""

    def finish(self) -> None:
        """Wait until the port has sent everything, but not for ever: a printer holding
        RTS low (flow control) would keep pyserial's flush (tcdrain) waiting for good."""
        import time

        deadline = time.monotonic() + self.timeout
        try:
            while self.port.out_waiting:
                if time.monotonic() > deadline:
                    raise _timeout(self.where, self.timeout)
                time.sleep(0.02)
        except (AttributeError, NotImplementedError):
            pass  # this port cannot say how much is waiting; the write timeout bounded it
        except self._errors as exc:
            raise _dropped(self.where, exc) from exc

    def close(self) -> None:
        self.port.close()


class UsbLink:
    """A USB printer through python-escpos' Usb class (pyusb + libusb)."""

    can_read = True

    def __init__(self, address: PrinterAddress, timeout: float):
        self.where, self.timeout = address.where, timeout
        try:
            import usb.core
            from escpos.exceptions import DeviceNotFoundError
            from escpos.printer import Usb
        except ImportError as exc:
            raise PrinterUnsupported(
                "Thiếu thư viện pyusb (và libusb) để in qua USB. Hãy cài gói pyusb, "
                "hoặc dùng máy in qua win32:/cups: với driver của hãng."
            ) from exc
        self._usb = usb.core
        self.in_ep = address.in_ep
        self.printer = Usb(
            address.vendor_id,
            address.product_id,
            timeout=int(timeout * 1000),
            in_ep=address.in_ep,
            out_ep=address.out_ep,
        )
        try:
            self.printer.open()
        except usb.core.NoBackendError as exc:
            raise PrinterUnsupported(
                "Máy này chưa có libusb nên không in trực tiếp qua USB được. "
                "Trên Windows hãy cài driver WinUSB (Zadig) hoặc dùng win32:.",
                detail=str(exc),
            ) from exc
        except (DeviceNotFoundError, usb.core.USBError) as exc:
            raise PrinterUnreachable(
                f"Không thấy máy in {self.where}. Hãy kiểm tra cáp USB và nguồn máy in.",
                detail=str(exc),
            ) from exc

    def write(self, data: bytes) -> None:
        timeout_error = getattr(self._usb, "USBTimeoutError", ())
        try:
            for start in range(0, len(data), CHUNK):
                self.printer._raw(data[start : start + CHUNK])
        except timeout_error as exc:
            raise _timeout(self.where, self.timeout) from exc
        except self._usb.USBError as exc:
            raise _dropped(self.where, exc) from exc

    def read(self, n: int, timeout: float) -> bytes:
        try:
            return bytes(self.printer.device.read(self.in_ep, n, int(timeout * 1000)))
        except self._usb.USBError:
            return b""

    def finish(self) -> None:
        pass

    def close(self) -> None:
        self.printer.close()
