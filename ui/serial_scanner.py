"""A barcode scanner in USB serial (CDC / virtual COM) mode, read with QtSerialPort.

No thread: QSerialPort reads when the event loop says bytes are there, desk.serial_scan
cuts them into payloads, and `scanned(bytes)` hands each one to the same router as a
keyboard scan. A scanner unplugged (or not yet plugged in) is retried every few seconds,
and `status` says so in Vietnamese; the window never blocks on the port.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QIODevice, QObject, QTimer, Signal
from PySide6.QtSerialPort import QSerialPort, QSerialPortInfo

from desk.scanner import SerialSettings
from desk.serial_scan import SerialFramer

RETRY_MS = 3000


def available_ports() -> list[tuple[str, str]]:
    """(port name, description) of the serial ports this PC has now."""
    ports = []
    for info in QSerialPortInfo.availablePorts():
        label = " ".join(p for p in (info.description(), info.manufacturer()) if p)
        ports.append((info.portName(), label))
    return ports


class SerialScanner(QObject):
    scanned = Signal(bytes)
    status = Signal(str)

    def __init__(
        self,
        settings: SerialSettings,
        *,
        clock: Callable[[], float] | None = None,
        retry_ms: int = RETRY_MS,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.settings = settings
        self._clock = clock or (lambda: time.monotonic() * 1000.0)
        self._framer = SerialFramer(idle_ms=settings.idle_ms)
        self._port = QSerialPort(self)
        self._port.readyRead.connect(self._read)
        self._port.errorOccurred.connect(self._error)
        self._idle = QTimer(self, singleShot=True)
        self._idle.timeout.connect(self._flush)
        self._retry = QTimer(self, singleShot=True, interval=retry_ms)
        self._retry.timeout.connect(self.start)
        self.last_status = ""
        self._unplugged = False

    @property
    def is_open(self) -> bool:
        return self._port.isOpen()

    def start(self) -> None:
        if self._port.isOpen() or not self.settings.enabled:
            return
        name = self.settings.port.strip()
        self._port.setPortName(name)
        self._port.setBaudRate(self.settings.baud)
        if self._port.open(QIODevice.OpenModeFlag.ReadOnly):
            self._unplugged = False
            self._say(f"Máy quét cổng {name} đã sẵn sàng.")
            return
        if not self._unplugged:  # while waiting for a replug, that message stays
            self._say(f"Chưa mở được cổng {name} ({self._port.errorString()}); sẽ thử lại.")
        self._retry.start()

    def stop(self) -> None:
        self._retry.stop()
        self._flush(force=True)
        if self._port.isOpen():
            self._port.close()

    def _read(self) -> None:
        data = bytes(self._port.readAll().data())
        for payload in self._framer.feed(data, self._clock()):
            self.scanned.emit(payload)
        self._arm()

    def _flush(self, force: bool = False) -> None:
        now = math.inf if force else self._clock()
        for payload in self._framer.flush(now):
            self.scanned.emit(payload)
        self._arm()

    def _arm(self) -> None:
        deadline = self._framer.deadline()
        if deadline is None:
            self._idle.stop()
        else:
            self._idle.start(max(0, math.ceil(deadline - self._clock())) + 1)

    def _error(self, error) -> None:
        if error in (QSerialPort.SerialPortError.NoError, QSerialPort.SerialPortError.TimeoutError):
            return
        if error == QSerialPort.SerialPortError.ResourceError and self._port.isOpen():
            # Unplugged: what arrived is kept, the port closed, and reopened when it is back.
            self._flush(force=True)
            self._port.close()
            self._unplugged = True
            self._say(
                f"Máy quét ở cổng {self.settings.port} bị rút ra hoặc mất kết nối; "
                "đang chờ cắm lại…"
            )
            self._retry.start()

    def _say(self, text: str) -> None:
        if text != self.last_status:  # a retry every few seconds says nothing new
            self.last_status = text
            self.status.emit(text)
