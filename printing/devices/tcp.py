"""Raw port 9100 over a plain socket, with the failure told apart for the print queue.

A job counts as delivered only when the printer has taken every byte: after sending we
half-close and wait for the printer to close too. A reset (RST) or the printer closing
before the end means the job was cut short; it is reported as retryable, never as done.
A printer that keeps the line open is done only once the OS says every byte was
acknowledged; one that accepted the connection but stopped reading (a jam, a full buffer)
gives a timeout — retryable, the job stays queued — never "Đã in".
"""

import select
import socket
import struct
import time

from desk.errors import PrinterJobInterrupted, PrinterTimeout, PrinterUnreachable

from .address import PrinterAddress

CHUNK = 4096
DRAIN_WAIT = 3.0  # seconds to wait for the printer to close after our last byte


class TcpLink:
    can_read = True

    def __init__(self, address: PrinterAddress, timeout: float):
        self.where = address.where
        self.timeout = timeout
        try:
            self.sock = socket.create_connection((address.target, address.port), timeout=timeout)
        except TimeoutError as exc:
            raise self._timeout("không trả lời khi kết nối") from exc
        except socket.gaierror as exc:
            raise PrinterUnreachable(
                f"Không kết nối được máy in tại {self.where}: không tìm thấy tên máy "
                "trên mạng. Hãy kiểm tra tên hoặc dùng địa chỉ IP.",
                detail=str(exc),
            ) from exc
        except OSError as exc:
            raise PrinterUnreachable(
                f"Không kết nối được máy in tại {self.where}. Hãy kiểm tra máy in đã bật, "
                "cáp mạng đã cắm và địa chỉ IP đúng.",
                detail=str(exc),
            ) from exc

    def _timeout(self, what: str) -> PrinterTimeout:
        return PrinterTimeout(
            f"Máy in tại {self.where} {what} (quá {self.timeout:g} giây). "
            "Hãy kiểm tra máy in rồi in lại."
        )

    def _dropped(self, exc: BaseException | None = None) -> PrinterJobInterrupted:
        return PrinterJobInterrupted(
            f"Mất kết nối với máy in tại {self.where} khi đang in: phiếu chưa in xong, cần in lại.",
            detail=str(exc) if exc else "peer closed early",
        )

    def _peer_closed(self) -> bool:
        """True when the printer has already hung up (it sent EOF); stray bytes are dropped."""
        while select.select([self.sock], [], [], 0)[0]:
            try:
                if not self.sock.recv(256):
                    return True
            except OSError as exc:
                raise self._dropped(exc) from exc
        return False

    def write(self, data: bytes) -> None:
        self.sock.settimeout(self.timeout)
        view = memoryview(data)
        try:
            for start in range(0, len(view), CHUNK):
                if self._peer_closed():
                    raise self._dropped()
                self.sock.sendall(view[start : start + CHUNK])
        except TimeoutError as exc:
            raise self._timeout("ngừng nhận dữ liệu") from exc
        except OSError as exc:
            raise self._dropped(exc) from exc

    def read(self, n: int, timeout: float) -> bytes:
        self.sock.settimeout(timeout)
        try:
            return self.sock.recv(n)
        except TimeoutError:
            return b""
        except OSError as exc:
            raise self._dropped(exc) from exc

    def finish(self) -> None:
        """Half-close, wait for the printer's EOF, and make sure every byte was taken.

        A printer that hung up after reading only part sends EOF too, and its TCP never
        acknowledged the rest: where the OS tells (Linux), unacknowledged bytes at EOF
        count as a dropped job. A printer that keeps the line open must still acknowledge
        every byte within the timeout, or the job is not done.
        """
        deadline = time.monotonic() + self.timeout
        try:
            self.sock.shutdown(socket.SHUT_WR)
            self.sock.settimeout(min(self.timeout, DRAIN_WAIT))
            while self.sock.recv(1024):
                pass
        except TimeoutError:
            self._wait_acknowledged(deadline)  # the printer keeps the line open
            return
        except OSError as exc:
            raise self._dropped(exc) from exc
        if self._unacknowledged():
            raise self._dropped()

    def _wait_acknowledged(self, deadline: float) -> None:
        left = self._unacknowledged()
        while left:
            if time.monotonic() >= deadline:
                raise PrinterTimeout(
                    f"Máy in tại {self.where} chưa nhận hết lệnh in ({left} byte còn chờ sau "
                    f"{self.timeout:g} giây): phiếu chưa in xong. Hãy kiểm tra giấy, nắp và "
                    "nguồn của máy in; lệnh in vẫn được giữ để in lại.",
                    detail=f"{left} bytes unacknowledged",
                )
            time.sleep(0.05)
            left = self._unacknowledged()

    def _unacknowledged(self) -> int:
        """Bytes still in our send queue (SIOCOUTQ); 0 where the OS cannot say (there the
        printer's answer to DLE EOT after the job is the proof, see devices.send)."""
        try:
            import fcntl
            import termios

            raw = fcntl.ioctl(self.sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0")
            return struct.unpack("i", raw)[0]
        except (ImportError, AttributeError, OSError):
            return 0

    def close(self) -> None:
        self.sock.close()
