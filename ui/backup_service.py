"""The daily backup while the window is open: a timer that asks the core once in a while.

Counters stay open for days, so the backup cannot wait for a restart: every CHECK_MS the
service asks `desk.store.backup.daily_backup` (through the one Runner, off the GUI thread)
to make today's copy if there is none yet; it keeps `backup.keep` copies and writes one to
the USB stick of `backup.usb` when it is plugged in. What happened is announced with a
Vietnamese message for the status line; a failure is reported, never silent.
"""

import logging

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

FIRST_MS = 2 * 60_000  # after start-up settles
CHECK_MS = 30 * 60_000


class BackupService(QObject):
    finished = Signal(str)  # what was done, for the status line
    failed = Signal(str)

    def __init__(self, store, runner, *, parent=None, first_ms: int = FIRST_MS):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self._busy = False
        self.timer = QTimer(self, interval=CHECK_MS)
        self.timer.timeout.connect(self.check)
        self._first = first_ms

    def start(self) -> None:
        if self.store.setting("backup.daily", True) is False:
            return  # an office that backs up another way (a script, a server)
        QTimer.singleShot(self._first, self.check)
        self.timer.start()

    def check(self) -> None:
        if self._busy:
            return
        self._busy = True
        store = self.store

        def op():
            from desk.store.backup import daily_backup

            return daily_backup(store)

        self.runner.run(op, self._done, self._failed)

    def _done(self, report) -> None:
        self._busy = False
        parts = []
        if report.made:
            parts.append(f"Đã sao lưu dữ liệu ({report.made.name})")
        if report.usb:
            parts.append(f"đã chép sang USB ({report.usb_files} tệp số hóa mới)")
        parts += report.notes
        if parts:
            self.finished.emit("; ".join(parts) + ".")

    def _failed(self, error) -> None:
        self._busy = False
        from ui.ops import message_for

        message = "Chưa sao lưu được dữ liệu hôm nay: " + message_for(error, self.runner.log_path)
        log.warning("daily backup failed: %s", error)
        self.failed.emit(message)
        self.runner.error.emit(message)
