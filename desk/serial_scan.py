"""Payloads out of a scanner in USB serial (CDC / virtual COM) mode.

In that mode the scanner sends the symbol's bytes untouched — a CCCD QR's UTF-8 Vietnamese
included, which no keyboard mode can type — followed by its suffix (CR, LF or CRLF by
default; some are set to none). Reads arrive in arbitrary pieces, so a payload ends at
CR/LF, or after `idle_ms` of silence, and is decoded only once whole: a letter whose UTF-8
bytes straddle two reads is never broken. The port itself is opened by the UI (QtSerialPort)
or the CLI (pyserial); this part knows no device.
"""

from __future__ import annotations

_ENDS = b"\r\n"


class SerialFramer:
    """Feed bytes as they are read (with a monotonic time in ms); get whole payloads back."""

    def __init__(self, *, idle_ms: float = 80.0, max_bytes: int = 16384):
        self.idle_ms = idle_ms
        self.max_bytes = max_bytes
        self._buf = bytearray()
        self._last = 0.0

    def feed(self, data: bytes, now_ms: float) -> list[bytes]:
        out: list[bytes] = []
        if self._buf and now_ms - self._last > self.idle_ms:
            out += self.flush(now_ms)
        self._last = now_ms
        for byte in data:
            if byte in _ENDS:
                if self._buf:
                    out.append(bytes(self._buf))
                    self._buf.clear()
                continue  # CRLF, or a suffix after an empty read: nothing to give
            self._buf.append(byte)
            if len(self._buf) >= self.max_bytes:
                out.append(bytes(self._buf))  # a runaway stream: hand it over, bounded
                self._buf.clear()
        return out

    def flush(self, now_ms: float) -> list[bytes]:
        """The payload of a scanner set to no suffix, once it has been quiet long enough."""
        if self._buf and now_ms - self._last >= self.idle_ms:
            payload = bytes(self._buf)
            self._buf.clear()
            return [payload]
        return []

    def deadline(self) -> float | None:
        """When `flush` will give what is held (same clock as `feed`), or None."""
        return self._last + self.idle_ms if self._buf else None

    @property
    def pending(self) -> bytes:
        return bytes(self._buf)
