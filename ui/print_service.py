"""Printing for the windows: render off the GUI thread, queue, and keep retrying.

One object per app. It owns the virtual printer the screen shows, and a timer
that tries the waiting jobs again; every change is announced on the bus so the
print panel and the status line refresh themselves.
"""

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from printing import jobs, queue
from printing.virtual import VirtualPrinter
from ui import changes

log = logging.getLogger(__name__)
RETRY_MS = 5_000


class PrintService(QObject):
    printed = Signal(object)  # jobs.Printed, on the GUI thread
    roll_changed = Signal()  # the virtual printer got paper (emitted from the printing thread)

    def __init__(self, store, runner, bus, *, virtual: VirtualPrinter | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.bus = bus
        self.virtual = virtual or VirtualPrinter()
        self.virtual.on_change(lambda _printer: self.roll_changed.emit())
        self._busy = False
        self.timer = QTimer(self, interval=RETRY_MS)
        self.timer.timeout.connect(self.retry_due)
        queue.recover(store)

    def start(self) -> None:
        self.timer.start()
        self.retry_due()

    def sender(self, printer: str, data: bytes, mime: str) -> None:
        from printing.devices import send
        from ui.qt_printer import qt_sender

        def fallback(address, payload, kind):
            if kind == queue.ESCPOS:
                send(address, payload, virtual=self.virtual)
            else:
                queue.default_sender(address, payload, kind)

        qt_sender(fallback)(printer, data, mime)

    def _submit(self, make) -> None:
        def done(printed):
            self.bus.emit(changes.PRINT_JOBS)
            self.printed.emit(printed)

        def failed(error):
            self.bus.emit(changes.PRINT_JOBS)
            self.runner.report(error)

        self.runner.run(make, done, failed)

    def print_receipt(self, code: str, *, actor: str = "") -> None:
        """Mẫu 01 on the A4 printer."""
        store = self.store

        def make():
            data = jobs.render_dossier_form(store, "receipt", code)
            return jobs.print_pdf(
                store,
                data,
                title=f"Giấy tiếp nhận {code}",
                ref=code,
                sender=self.sender,
                actor=actor,
            )

        self._submit(make)

    def print_form(self, form: str, code: str, *, actor: str = "") -> None:
        store = self.store

        def make():
            data = jobs.render_dossier_form(store, form, code, actor=actor)
            return jobs.print_pdf(
                store, data, title=f"Mẫu {form} — {code}", ref=code, sender=self.sender, actor=actor
            )

        self._submit(make)

    def print_slip(self, code: str, *, actor: str = "") -> None:
        store = self.store
        self._submit(lambda: jobs.print_slip(store, code, sender=self.sender, actor=actor))

    def print_ticket(self, service_code: str | None = None, *, priority: bool = False) -> None:
        store = self.store
        self._submit(
            lambda: jobs.print_ticket(store, service_code, priority=priority, sender=self.sender)
        )

    def retry_due(self) -> None:
        if self._busy:
            return
        self._busy = True
        store = self.store

        def done(results):
            self._busy = False
            if results:
                self.bus.emit(changes.PRINT_JOBS)

        def failed(error):
            self._busy = False
            log.warning("print retry failed: %s", error)
            self.bus.emit(changes.PRINT_JOBS)

        self.runner.run(lambda: queue.run_due(store, self.sender), done, failed)

    def act(self, action: str, job_id: str, *, printer: str | None = None, actor: str = "") -> None:
        """The print panel's buttons: retry, reprint, move, cancel."""
        store = self.store

        def op():
            if action == "retry":
                queue.retry_now(store, job_id)
                return queue.attempt(store, job_id, self.sender)
            if action == "reprint":
                job = queue.reprint(store, job_id, printer=printer, actor=actor)
                return queue.attempt(store, job.id, self.sender)
            if action == "move":
                job = queue.move(store, job_id, printer or "")
                return queue.attempt(store, job.id, self.sender)
            if action == "cancel":
                return queue.cancel(store, job_id, actor=actor or "ui")
            raise ValueError(action)

        self.runner.run(op, lambda _job: self.bus.emit(changes.PRINT_JOBS), self._failed)

    def _failed(self, error) -> None:
        self.bus.emit(changes.PRINT_JOBS)
        self.runner.report(error)
