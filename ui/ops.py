"""The one helper for work off the GUI thread.

`runner.run(op, success, failure)`: `op` runs on a pool thread and must not touch
a widget; `success(result)` or `failure(error)` then run on the GUI thread. Tests
pass `Runner(inline=True)` so the same code runs synchronously, without sleeps.
"""

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Job(QObject):
    finished = Signal(object, object)  # result, error

    def __init__(self, runner: "Runner", success, failure):
        super().__init__()
        self._runner = runner
        self._success = success
        self._failure = failure
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object, object)
    def _deliver(self, result, error) -> None:
        self._runner._jobs.discard(self)
        try:
            if error is None:
                if self._success:
                    self._success(result)
            elif self._failure:
                self._failure(error)
            else:
                self._runner.report(error)
        finally:
            self._runner.busy_changed.emit(len(self._runner._jobs))


class _Task(QRunnable):
    def __init__(self, job: _Job, op: Callable[[], Any]):
        super().__init__()
        self._job = job
        self._op = op

    def run(self) -> None:
        try:
            result = self._op()
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self._job.finished.emit(None, exc)
        else:
            self._job.finished.emit(result, None)


class Runner(QObject):
    """Runs callables in a thread pool and hands results back to the GUI thread."""

    error = Signal(str)  # a Vietnamese message for the status bar / dialog
    busy_changed = Signal(int)

    def __init__(
        self, *, inline: bool = False, pool: QThreadPool | None = None, log_path: str = ""
    ):
        super().__init__()
        self.inline = inline
        self.pool = pool or QThreadPool.globalInstance()
        self.log_path = log_path
        self._jobs: set[_Job] = set()

    def run(
        self, op: Callable[[], Any], success: Callable[[Any], None] | None = None, failure=None
    ) -> None:
        if self.inline:
            try:
                result = op()
            except BaseException as exc:
                (failure or self.report)(exc)
                return
            if success:
                success(result)
            return
        job = _Job(self, success, failure)
        self._jobs.add(job)
        self.busy_changed.emit(len(self._jobs))
        self.pool.start(_Task(job, op))

    def report(self, error: BaseException) -> None:
        self.error.emit(message_for(error, self.log_path))

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)


def message_for(error: BaseException, log_path: str = "") -> str:
    from desk.errors import DeskError

    if isinstance(error, DeskError):
        return error.message
    log.error("unexpected error in background work", exc_info=error)
    where = f" Chi tiết trong nhật ký: {log_path}" if log_path else ""
    return f"Lỗi ngoài dự kiến; dữ liệu đã lưu không bị ảnh hưởng.{where}"
