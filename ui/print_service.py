"""Printing for the windows: render off the GUI thread, queue, and keep retrying.

One object per app. It owns the virtual printer the screen shows, and a timer
that tries the waiting jobs again; every change is announced on the bus so the
print panel and the status line refresh themselves.

Every print action ends in one of: `printed` (done, or kept in the queue with the
reason), `notice` (e.g. the PDF saved instead), or a Vietnamese message on
`runner.error` saying why nothing was printed. None does nothing silently.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desk.errors import InvalidInput
from printing import jobs, queue
from printing.virtual import VirtualPrinter
from ui import changes

log = logging.getLogger(__name__)
RETRY_MS = 5_000
# How a print job is named in the print panel and the status line.
FORM_TITLES = {
    "receipt": "Giấy tiếp nhận (Mẫu 01)",
    "supplement": "Phiếu yêu cầu bổ sung (Mẫu 02)",
    "refusal": "Phiếu từ chối tiếp nhận (Mẫu 03)",
    "apology": "Thư xin lỗi, hẹn lại",
    "stop": "Thông báo dừng giải quyết",
    "control": "Phiếu kiểm soát",
    "handover": "Biên nhận trả kết quả",
    "fee_receipt": "Biên lai thu phí, lệ phí",
}
SETTINGS_HINT = "mở Thiết lập → Máy in để chọn"
NO_PRINTER = {
    "a4": f"Chưa chọn máy in A4: {SETTINGS_HINT}, hoặc lưu thành tệp PDF.",
    "receipt": f"Chưa chọn máy in biên nhận: {SETTINGS_HINT}.",
    "ticket": f"Chưa chọn máy in vé: {SETTINGS_HINT}.",
}


@dataclass(frozen=True)
class Unprinted:
    """A rendered A4 document with no A4 printer to take it: offered as a PDF file."""

    data: bytes
    title: str
    filename: str


def pdf_filename(title: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in title)
    return "-".join(filter(None, keep.split("-")))[:80] + ".pdf"


def _require(store, role: str) -> str:
    """The printer of `role`, or the reason in the window's words (not the CLI's)."""
    address = (store.setting(f"printers.{role}") or "").strip()
    if not address:
        raise InvalidInput(NO_PRINTER[role])
    return address


class PrintService(QObject):
    printed = Signal(object)  # jobs.Printed, on the GUI thread
    roll_changed = Signal()  # the virtual printer got paper (emitted from the printing thread)
    notice = Signal(str)  # what happened instead of printing (a PDF saved), for the status bar
    # How each print of a dossier's paper ended: ref (the code), ok, what to tell the officer.
    outcome = Signal(str, bool, str)

    def __init__(self, store, runner, bus, *, virtual: VirtualPrinter | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.bus = bus
        self.virtual = virtual or VirtualPrinter()
        self.virtual.on_change(lambda _printer: self.roll_changed.emit())
        self._busy = False
        # Asks where to save a PDF (GUI thread); tests put a function returning a path.
        self.ask_save_path = _ask_save_pdf
        self.last_preview = None
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

    def _submit(self, make, ref: str = "", *, parent=None, done=None) -> None:
        """Run `make` off the GUI thread; whatever it ends in is shown (see the module doc)
        and announced on `outcome` for `ref`."""
        from ui.ops import message_for

        def told(result):
            if isinstance(result, BaseException):
                self.outcome.emit(ref, False, message_for(result, self.runner.log_path))
            elif isinstance(result, Path):
                self.outcome.emit(ref, True, f"Đã lưu tệp PDF: {result}")
            if done:
                done(result)

        def finished(result):
            if isinstance(result, Unprinted):
                self.offer_pdf(result, parent=parent, done=told)
                return
            self.bus.emit(changes.PRINT_JOBS)
            self.printed.emit(result)
            job = result.job
            if job.status == "done":
                self.outcome.emit(ref, True, f"Đã in: {job.title}.")
            else:
                self.outcome.emit(
                    ref,
                    False,
                    f"Chưa in được «{job.title}»: {job.last_error} Lệnh in được giữ lại.",
                )
            if done:
                done(result)

        def failed(error):
            self.bus.emit(changes.PRINT_JOBS)
            self.runner.report(error)
            told(error)

        self.runner.run(make, finished, failed)

    def _a4(self, data: bytes, *, title: str, ref: str, actor: str):
        """Queue an A4 PDF, or hand it back as Unprinted when no A4 printer is chosen."""
        if not (self.store.setting("printers.a4") or "").strip():
            return Unprinted(data, title, pdf_filename(title))
        return jobs.print_pdf(
            self.store, data, title=title, ref=ref, sender=self.sender, actor=actor
        )

    def receipt_copies(self) -> int | None:
        """Liên of Mẫu 01 the office set (office.receipt_copies; 2 unless set)."""
        return self.store.setting("office.receipt_copies") or None

    def render(self, form: str, code: str, actor: str = "") -> bytes:
        """The PDF of `form` for dossier `code` (call off the GUI thread); the officer who
        prints it signs where the form asks, and a fee receipt gets its number."""
        copies = self.receipt_copies() if form in ("receipt", "01") else None
        return jobs.render_dossier_form(self.store, form, code, copies=copies, actor=actor)

    def print_receipt(self, code: str, *, actor: str = "", parent=None) -> None:
        """Mẫu 01 on the A4 printer, in the number of liên the office set."""
        title = f"Giấy tiếp nhận {code}"
        self._submit(
            lambda: self._a4(
                self.render("receipt", code, actor), title=title, ref=code, actor=actor
            ),
            code,
            parent=parent,
        )

    def print_form(self, form: str, code: str, *, actor: str = "", parent=None) -> None:
        title = f"{FORM_TITLES.get(form, 'Biểu mẫu')} — {code}"
        self._submit(
            lambda: self._a4(self.render(form, code, actor), title=title, ref=code, actor=actor),
            code,
            parent=parent,
        )

    def print_slip(self, code: str, *, actor: str = "") -> None:
        store = self.store

        def make():
            address = _require(store, "receipt")
            return jobs.print_slip(store, code, printer=address, sender=self.sender, actor=actor)

        self._submit(make, code)

    def print_ticket(self, service_code: str | None = None, *, priority: bool = False) -> None:
        """A queue number: refused (with the reason) while the PC's clock is not plausible."""
        from desk.clock_check import require_plausible

        store = self.store

        def make():
            require_plausible(store)  # the ticket's day and number come from the clock
            address = _require(store, "ticket")
            return jobs.print_ticket(
                store, service_code, printer=address, priority=priority, sender=self.sender
            )

        self._submit(make)

    # --- preview, PDF files, test pages ------------------------------------------------
    def preview(self, form: str, code: str, *, actor: str = "", parent=None) -> None:
        """Render `form` for `code` and show it with Print / Save as PDF / Close."""
        from ui.print_preview import PreviewDialog

        title = FORM_TITLES.get("receipt" if form == "01" else form, "Biểu mẫu")

        def show(data: bytes) -> None:
            dialog = PreviewDialog(
                self, data, title=f"{title} — {code}", ref=code, actor=actor, parent=parent
            )
            self.last_preview = dialog
            dialog.open()

        self.runner.run(lambda: self.render(form, code, actor), show, self.runner.report)

    def print_data(
        self, data: bytes, *, title: str, ref: str = "", actor: str = "", parent=None, done=None
    ) -> None:
        """An A4 PDF already rendered (the preview's Print button)."""
        self._submit(
            lambda: self._a4(data, title=title, ref=ref, actor=actor),
            ref,
            parent=parent,
            done=done,
        )

    def offer_pdf(self, unprinted: Unprinted, *, parent=None, done=None) -> None:
        """No A4 printer: ask where to save the PDF; either way, say what happened."""
        from ui.file_dialogs import default_pdf_folder

        path = self.ask_save_path(parent, default_pdf_folder() / unprinted.filename)
        if not path:
            message = f"Chưa in «{unprinted.title}»: {NO_PRINTER['a4'][:-1]} (chưa lưu tệp PDF)."
            self.runner.error.emit(message)
            if done:
                done(InvalidInput(message))
            return
        self.save_pdf(unprinted.data, path, done=done, why=NO_PRINTER["a4"])

    def save_pdf(self, data: bytes, path: str | Path, *, done=None, why: str = "") -> None:
        """Write the PDF to `path` off the GUI thread; `notice` says where it went."""
        from desk.errors import StorageError
        from desk.store.atomic import write_atomic

        target = Path(path)

        def write():
            try:
                write_atomic(target, data)
            except OSError as exc:
                raise StorageError(
                    f"Không lưu được tệp PDF {target}: {exc.strerror or exc}."
                ) from exc
            return target

        def saved(where):
            note = f" ({why})" if why else ""
            self.notice.emit(f"Đã lưu tệp PDF: {where}{note}")
            if done:
                done(where)

        def failed(error):
            self.runner.report(error)
            if done:
                done(error)

        self.runner.run(write, saved, failed)

    def test_print(self, role: str, address: str, *, actor: str = "", done=None) -> None:
        """The test page of a printer role on `address` (the settings window's "In thử")."""
        from printing.setting_checks import check_address
        from printing.station_printers import test_print

        store = self.store

        def make():
            target = check_address(role, address)
            if not target:
                raise InvalidInput(NO_PRINTER[role].split(":")[0] + ": hãy chọn máy in rồi in thử.")
            return test_print(store, role, printer=target, sender=self.sender, actor=actor)

        self._submit(make, done=done)

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


def _ask_save_pdf(parent, suggested):
    from ui.file_dialogs import ask_save_pdf

    return ask_save_pdf(parent, suggested)
