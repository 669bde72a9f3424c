"""The station's scanner sources, built from its stored settings and fed to one handler.

The keyboard-wedge filter is installed on the whole application (a scan works wherever the
focus is); the serial scanner runs when a port is set. `apply` swaps in new settings live,
as the scanner check saves them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from desk import scanner
from desk.scanner import ScannerSettings
from ui.serial_scanner import SerialScanner
from ui.wedge_filter import WedgeFilter


class Scanners(QObject):
    serial_status = Signal(str)

    def __init__(
        self,
        settings: ScannerSettings,
        handler: Callable[[str | bytes, str], object],
        *,
        today: Callable,
        parent: QObject | None = None,
        wedge_options: dict | None = None,
    ):
        super().__init__(parent)
        self.settings = settings
        self._handler = handler
        # wedge_options: a fake clock and synthetic keys for tests of what sits on top.
        self.wedge = WedgeFilter(self, today=today, config=settings.wedge, **(wedge_options or {}))
        self.wedge.scanned.connect(lambda text: self._handler(text, "wedge"))
        self.wedge.install(QApplication.instance())
        self.serial: SerialScanner | None = None
        self._start_serial()

    def apply(self, settings: ScannerSettings) -> None:
        """Use new thresholds and port now (they are already stored)."""
        self.settings = settings
        self.wedge.set_config(settings.wedge)
        if self.serial is None or self.serial.settings != settings.serial:
            self._stop_serial()
            self._start_serial()

    def close(self) -> None:
        self._stop_serial()
        self.wedge.uninstall(QApplication.instance())

    def _start_serial(self) -> None:
        if not self.settings.serial.enabled:
            return
        self.serial = SerialScanner(self.settings.serial, parent=self)
        self.serial.scanned.connect(lambda data: self._handler(data, "serial"))
        self.serial.status.connect(self.serial_status.emit)
        self.serial.start()

    def _stop_serial(self) -> None:
        if self.serial is not None:
            self.serial.stop()
            self.serial.deleteLater()
            self.serial = None


def install(store, handler: Callable[[str | bytes, str], object], *, parent=None) -> Scanners:
    """Read this station's scanner settings and start listening (called once, at start-up)."""
    return Scanners(scanner.load(store), handler, today=lambda: store.now().date(), parent=parent)
