"""The background sync worker: pushes whenever something waits, pulls every few minutes,
backs off with jitter when the line is down, and never gives up silently.

A timer on the GUI thread decides *when*; the sync itself (`sync.client.sync_once`) runs on
a pool of its own with one thread, through a Runner, so a long upload never holds up the
window's other background work. Progress (bytes sent of bytes waiting) arrives as a signal.
"""

import time

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from sync.client.backoff import Backoff
from ui import changes
from ui.ops import Runner

TICK_MS = 5_000
PULL_EVERY_S = 300.0


class SyncWorker(QObject):
    progress = Signal(int, int)  # bytes sent, bytes waiting (this attempt)
    finished = Signal(object)  # SyncReport, or None when there was nothing to do
    busy = Signal(bool)

    def __init__(
        self,
        store,
        bus,
        *,
        runner: Runner | None = None,
        connect=None,
        backoff: Backoff | None = None,
        tick_ms: int = TICK_MS,
        pull_every_s: float = PULL_EVERY_S,
        parent=None,
    ):
        super().__init__(parent)
        self.store = store
        self.bus = bus
        if runner is None:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
            runner = Runner(pool=pool)
        self.runner = runner
        self._connect = connect
        self.backoff = backoff or Backoff()
        self.pull_every_s = pull_every_s
        self.running = False
        self.next_at = 0.0  # monotonic: not office time
        self.last_pull = float("-inf")
        self.last_report = None
        self.timer = QTimer(self, interval=tick_ms)
        self.timer.timeout.connect(self.tick)
        bus.changed.connect(self._changed)

    def start(self) -> None:
        self.timer.start()
        self.tick()

    def stop(self) -> None:
        self.timer.stop()

    def sync_now(self) -> None:
        """The officer asked: try at once, whatever the backoff said."""
        self.next_at = 0.0
        self.last_pull = float("-inf")
        self.tick()

    def _changed(self, names) -> None:
        news = changes.OUTBOX in names or changes.DOSSIERS in names or changes.SCANS in names
        if news and self.backoff.failures == 0:  # a failing line keeps its backoff
            self.next_at = 0.0

    def tick(self) -> None:
        if self.running or time.monotonic() < self.next_at:
            return
        self.running = True
        self.busy.emit(True)
        pull_due = time.monotonic() - self.last_pull >= self.pull_every_s
        self.runner.run(lambda: self._work(pull_due), self._done, self._failed)

    def _work(self, pull_due: bool):
        """On the worker's thread: nothing here touches a widget."""
        from sync.client import config, sync_once

        store = self.store
        if not config.is_enrolled(store):
            return None
        waiting = store.scalar(
            "SELECT COUNT(*) FROM outbox WHERE state IN ('PENDING', 'SENDING', 'ERROR')"
        )
        if not waiting and not pull_due:
            return None
        upstream = self._connect() if self._connect else config.connect(store)
        try:
            return sync_once(store, upstream, progress=self.progress.emit)
        finally:
            upstream.close()

    def _done(self, report) -> None:
        self.running = False
        self.busy.emit(False)
        now = time.monotonic()
        if report is not None:
            from sync.client.engine import made_progress

            self.last_report = report
            if report.error is None:
                self.backoff.success()
                self.last_pull = now
                self.next_at = now
            else:
                self.next_at = now + self.backoff.failure(progress=made_progress(report))
            self.bus.emit(changes.OUTBOX, changes.DOSSIERS)
        self.finished.emit(report)

    def _failed(self, error) -> None:
        self.running = False
        self.busy.emit(False)
        self.next_at = time.monotonic() + self.backoff.failure()
        self.runner.report(error)
        self.finished.emit(None)
