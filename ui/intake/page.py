"""Tiếp nhận: an intake in under a minute, keyboard first.

Scan the citizen's card (the applicant fills in), type three or four letters of the
procedure and Enter, tick the papers with Space (Ctrl+D: all required), Ctrl+S: the
dossier is recorded, Mẫu 01 prints, the code and the appointment show in large type.
Papers missing → Mẫu 02 (Ctrl+2); not acceptable → Mẫu 03 (Ctrl+3); Esc starts over.
What is typed is saved as a draft a moment after each change, so a power cut loses
nothing; a draft left behind is offered back on the next start.
"""

from itertools import pairwise

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk.dossiers import intake, intake_drafts, outcomes
from desk.dossiers.views import recent_procedures
from desk.store.snapshots import catalog_version
from ui import changes
from ui.dialogs import ask
from ui.intake.applicant import ApplicantBox
from ui.intake.checklist import Checklist
from ui.intake.outcome_dialogs import IncompleteDialog, RefuseDialog
from ui.intake.procedure_picker import ProcedurePicker
from ui.intake.result import ResultView
from ui.intake.summary import SummaryBox
from ui.ops import message_for

PREVIEW_MS = 150
DRAFT_MS = 800


class IntakePage(QWidget):
    message = Signal(str)
    error = Signal(str)
    problem_fixed = Signal(str)  # the text of an error shown earlier, now no longer true
    scan_papers = Signal(str)  # a dossier's code: open it in Số hóa

    def __init__(
        self, store, runner, bus, printing, session, clock_banner, *, cameras=None, parent=None
    ):
        super().__init__(parent)
        self.cameras = cameras  # the PC's cameras (ui.scan.sources); made when first asked
        self.store, self.runner, self.bus, self.printing = store, runner, bus, printing
        self.session = session
        self.clock_banner = clock_banner
        self.draft_id: str | None = None
        self._restoring = False
        self._preview_generation = 0
        self._print_slip = False
        self._drafts: list = []
        # How questions are answered: shown modally; tests answer them in code instead.
        self.answer = lambda dialog: dialog.exec() == QDialog.DialogCode.Accepted
        self.confirm = lambda title, text: ask(self, title, text)

        self.applicant = ApplicantBox()
        self.picker = ProcedurePicker()
        self.checklist = Checklist()
        self.summary = SummaryBox()
        self.draft_bar = QWidget(objectName="draftBar")
        self.draft_text = QLabel(wordWrap=True)
        self.draft_open = QPushButton("Mở lại")
        self.draft_drop = QPushButton("Bỏ bản nháp")
        bar = QHBoxLayout(self.draft_bar)
        bar.setContentsMargins(8, 4, 8, 4)
        bar.addWidget(self.draft_text, 1)
        bar.addWidget(self.draft_open)
        bar.addWidget(self.draft_drop)
        self.draft_bar.setStyleSheet("#draftBar { background: #fff4d6; border-radius: 4px; }")
        self.draft_bar.hide()

        self.clear_button = QPushButton("Nhập lại (Esc)")
        self.incomplete_button = QPushButton("Chưa đủ: Mẫu 02 (Ctrl+2)")
        self.refuse_button = QPushButton("Từ chối: Mẫu 03 (Ctrl+3)")
        self.save_button = QPushButton("Tiếp nhận và in giấy hẹn (Ctrl+S)")
        self.save_button.setProperty("primary", True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(self.incomplete_button)
        buttons.addWidget(self.refuse_button)
        buttons.addWidget(self.save_button)

        papers = QWidget()
        right = QVBoxLayout(papers)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(
            QLabel("Thành phần hồ sơ — Space: đánh dấu đã nhận, Ctrl+D: đủ giấy tờ bắt buộc")
        )
        right.addWidget(self.checklist, 1)
        right.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.picker)
        split.addWidget(papers)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)

        form = QWidget()
        lay = QVBoxLayout(form)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.draft_bar)
        lay.addWidget(self.applicant)
        lay.addWidget(split, 1)
        lay.addLayout(buttons)
        self.result = ResultView()
        self.stack = QStackedWidget()
        self.stack.addWidget(form)
        self.stack.addWidget(self.result)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_MS)
        self._preview_timer.timeout.connect(self.preview)
        self._shown_problem: str | None = None
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self._wire()
        self._tab_order()
        self.reload_catalog()
        self.offer_drafts()

    # --- wiring ---------------------------------------------------------------------------

    def _wire(self) -> None:
        self.picker.picked.connect(self._procedure_picked)
        self.picker.star.clicked.connect(self._toggle_favourite)
        for signal in (self.applicant.changed, self.checklist.changed, self.summary.changed):
            signal.connect(self._changed)
        self.clear_button.clicked.connect(self.ask_clear)
        self.save_button.clicked.connect(self.save)
        self.incomplete_button.clicked.connect(self.save_incomplete)
        self.refuse_button.clicked.connect(self.refuse)
        self.draft_open.clicked.connect(self.reopen_draft)
        self.draft_drop.clicked.connect(self.drop_draft)
        self.result.new_intake.connect(self.start_new)
        self.result.scan_papers.connect(self.scan_papers)
        self.result.reprint.connect(self._print)
        self.applicant.camera.clicked.connect(self.scan_with_camera)
        self.printing.outcome.connect(self._print_outcome)
        self.bus.changed.connect(lambda names: changes.CATALOG in names and self.reload_catalog())
        for keys, slot in (
            ("Ctrl+S", self.save),
            ("Ctrl+2", self.save_incomplete),
            ("Ctrl+3", self.refuse),
            ("Ctrl+D", self.checklist.tick_required),
            ("Esc", self.ask_clear),
            ("F9", self.scan_with_camera),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _tab_order(self) -> None:
        """Tab walks the form in reading order, from the ID field to «Tiếp nhận»."""
        p, s = self.applicant.person, self.summary
        chain = [
            p.id_number,
            p.name,
            p.dob,
            p.sex,
            p.address,
            p.phone,
            self.applicant.method,
            self.applicant.by_other,
            self.picker.search,
            self.picker.list,
            self.checklist,
            s.copies,
            s.amount,
            s.extension,
            s.extension_reason,
            s.counter,
            s.post,
            s.address,
            self.save_button,
            self.incomplete_button,
            self.refuse_button,
            self.clear_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def reload_catalog(self) -> None:
        store = self.store

        def load():
            favourites = store.setting("intake.favourites", []) or []
            slip = bool(store.setting("intake.print_slip", False))
            return catalog_version(store), recent_procedures(store), favourites, slip

        def show(result):
            catalog, recent, favourites, self._print_slip = result
            code = self.picker.current.code if self.picker.current else None
            self.picker.set_catalog(catalog, recent=recent, favourites=favourites)
            self.picker.select(code)

        self.runner.run(load, show)

    def _procedure_picked(self, procedure) -> None:
        self.checklist.set_procedure(procedure)
        self.summary.set_procedure(procedure)
        self.checklist.setFocus()
        self._changed()

    def _toggle_favourite(self) -> None:
        procedure = self.picker.current
        if procedure is None:
            return
        favourites = list(self.picker.favourites)
        if procedure.code in favourites:
            favourites.remove(procedure.code)
        else:
            favourites.insert(0, procedure.code)
        store = self.store
        self.runner.run(
            lambda: store.set_setting("intake.favourites", favourites),
            lambda _r: self.reload_catalog(),
        )

    def _changed(self) -> None:
        if self._restoring:
            return
        self._forget_fixed_problem()
        self._preview_timer.start()
        self._draft_timer.start()

    # --- the request ------------------------------------------------------------------------

    def request(self, *, preview: bool = False) -> dict:
        """The intake request as the core reads it. ValueError (Vietnamese) on a bad date."""
        procedure = self.picker.current
        papers = self.checklist.received()
        data: dict = {
            "procedure": procedure.code if procedure else "",
            "papers": papers,
            "channel": "direct",
            "receiver": self.session.name,
            **self.summary.request_part(),
        }
        pages = sum(p.get("pages", 0) for p in papers)
        if pages:
            data.setdefault("fee_basis", {})["pages"] = pages
        if preview:
            data["applicant"] = {"name": "(xem trước)"}
            return data
        data["applicant"] = self.applicant.applicant()
        submitter = self.applicant.submitter_data()
        if submitter:
            data["submitter"] = submitter
        return data

    def preview(self) -> None:
        if self.picker.current is None:
            self.summary.show_plan(None)
            return
        try:
            request = self.request(preview=True)
        except ValueError as exc:
            self.summary.show_plan(None, str(exc))
            return
        self._preview_generation += 1
        generation = self._preview_generation
        store = self.store

        def show(plan):
            if generation == self._preview_generation:
                self.summary.show_plan(plan)

        def failed(error):
            if generation == self._preview_generation:
                self.summary.show_plan(None, message_for(error, self.runner.log_path))

        self.runner.run(lambda: intake.plan(store, request).to_json(), show, failed)

    def _problem(self) -> tuple[str, QWidget | None] | None:
        """Why the form cannot be saved now, and where to put the cursor; None if it can."""
        blocked = self.clock_banner.blocked()
        if blocked:
            return blocked, None
        if self.picker.current is None:
            return "Chưa chọn thủ tục: gõ vài chữ tên thủ tục rồi Enter.", self.picker.search
        if not self.applicant.person.name.text().strip():
            return (
                "Chưa có họ tên người yêu cầu: quét căn cước hoặc nhập tay.",
                self.applicant.person.name,
            )
        try:
            self.request()
        except ValueError as exc:
            return str(exc), None
        return None

    def _ready(self) -> dict | None:
        """The request if it can be saved now; else say why and return None."""
        problem = self._problem()
        if problem is not None:
            text, where = problem
            self._shown_problem = text
            self.error.emit(text)
            if where is not None:
                where.setFocus()
            return None
        return self.request()

    def _forget_fixed_problem(self) -> None:
        """The status bar keeps saying what was wrong only while it is still wrong."""
        if self._shown_problem is None:
            return
        problem = self._problem()
        if problem is None or problem[0] != self._shown_problem:
            self.problem_fixed.emit(self._shown_problem)
            self._shown_problem = None

    # --- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        if self.stack.currentWidget() is self.result:
            return
        request = self._ready()
        if request is None:
            return
        missing = self.checklist.missing()
        if missing:
            names = "; ".join(p["name"] for p in missing)
            if self.confirm(
                "Hồ sơ còn thiếu giấy tờ",
                f"Còn thiếu: {names}.\n\nRa phiếu yêu cầu bổ sung (Mẫu 02) thay vì tiếp nhận?",
            ):
                self.save_incomplete()
            return
        store, actor = self.store, self.session.actor
        self._commit(lambda: intake.receive(store, request, actor=actor), "receipt")

    def save_incomplete(self) -> None:
        request = self._ready()
        if request is None:
            return
        if not self.checklist.missing():
            self.error.emit("Mọi giấy tờ bắt buộc đã có: hãy tiếp nhận (Ctrl+S).")
            return
        dialog = IncompleteDialog(self.checklist.missing(), self)
        if not self.answer(dialog):
            return
        store, actor = self.store, self.session.actor
        missing, reason = dialog.missing(), dialog.reason.toPlainText()
        self._commit(
            lambda: outcomes.receive_incomplete(
                store, request, missing=missing, reason=reason, actor=actor
            ),
            "supplement",
        )

    def refuse(self) -> None:
        request = self._ready()
        if request is None:
            return
        dialog = RefuseDialog(self)
        if not self.answer(dialog):
            return
        store, actor, reason = self.store, self.session.actor, dialog.reason.toPlainText()
        self._commit(
            lambda: outcomes.refuse_at_intake(store, request, reason=reason, actor=actor),
            "refusal",
        )

    def _commit(self, op, form: str) -> None:
        self.save_button.setEnabled(False)
        draft = self.draft_id

        def done(dossier):
            self.save_button.setEnabled(True)
            self._draft_timer.stop()
            if draft:
                self.runner.run(lambda: intake_drafts.discard(self.store, draft))
            self.draft_id = None
            self.bus.emit(changes.DOSSIERS, changes.OUTBOX)
            self.result.show_dossier(dossier)
            self.stack.setCurrentWidget(self.result)
            self.message.emit(f"Đã ghi hồ sơ {dossier.code}.")
            self._print(dossier.code, form)
            if form == "receipt" and self._print_slip:
                self._print(dossier.code, "slip")

        def failed(error):
            self.save_button.setEnabled(True)
            self.error.emit(message_for(error, self.runner.log_path))

        self.runner.run(op, done, failed)

    def _print(self, code: str, what: str) -> None:
        actor = self.session.actor
        if what == "receipt":
            self.printing.print_receipt(code, actor=actor, parent=self)
        elif what == "slip":
            self.printing.print_slip(code, actor=actor)
        else:
            self.printing.print_form(what, code, actor=actor, parent=self)

    def _print_outcome(self, ref: str, ok: bool, text: str) -> None:
        if ref and ref == self.result.code:
            self.result.show_printed(text, ok=ok)

    # --- starting over ----------------------------------------------------------------------

    def start_new(self) -> None:
        self._restoring = True
        self.applicant.clear()
        self.picker.clear()
        self.checklist.set_procedure(None)
        self.summary.set_procedure(None)
        self._restoring = False
        self.draft_id = None
        self.stack.setCurrentIndex(0)
        self.reload_catalog()
        self.applicant.person.id_number.setFocus()

    def ask_clear(self) -> None:
        if self.stack.currentWidget() is self.result:
            self.start_new()
            return
        if (self.applicant.has_person() or self.picker.current is not None) and not self.confirm(
            "Nhập lại", "Xóa những gì đang nhập để tiếp nhận hồ sơ khác?"
        ):
            return
        draft = self.draft_id
        if draft:
            self.runner.run(lambda: intake_drafts.discard(self.store, draft))
        self.start_new()

    # --- scans ------------------------------------------------------------------------------

    def use_card(self, card) -> None:
        """A scanned CCCD: the applicant, or (a second, different card) the submitter."""
        if self.stack.currentWidget() is self.result:
            self.start_new()
        current = self.applicant.person.id_number.text().strip()
        if current and current != card.id_number and self.applicant.has_person():
            self.applicant.fill_submitter_from_card(card)
            self.message.emit(f"Đã quét căn cước người nộp thay: {card.display_name}.")
        else:
            self.applicant.fill_from_card(card)
            self.message.emit(f"Đã quét căn cước: {card.display_name}, số {card.id_number}.")
        if self.picker.current is None:
            self.picker.search.setFocus()

    def scan_with_camera(self) -> None:
        from ui.intake.camera_qr import CameraQrDialog

        if self.cameras is None:
            from ui.scan.sources import QtCameras

            self.cameras = QtCameras(self)
        dialog = CameraQrDialog(self.cameras, self.runner, lambda: self.store.now().date(), self)
        dialog.card.connect(self.use_card)
        self.answer(dialog)

    # --- drafts -----------------------------------------------------------------------------

    def state(self) -> dict:
        procedure = self.picker.current
        return {
            "applicant": self.applicant.state(),
            "procedure": procedure.code if procedure else None,
            "checklist": self.checklist.state(),
            "summary": self.summary.state(),
        }

    def restore(self, state: dict) -> None:
        self._restoring = True
        try:
            self.applicant.restore(state.get("applicant", {}))
            code = state.get("procedure")
            self.picker.select(code)
            self.checklist.set_procedure(self.picker.current)
            self.summary.set_procedure(self.picker.current)
            self.checklist.restore(state.get("checklist", []))
            self.summary.restore(state.get("summary", {}))
        finally:
            self._restoring = False
        self.stack.setCurrentIndex(0)
        self.preview()

    def save_draft(self) -> None:
        if not (self.applicant.has_person() or self.picker.current):
            return
        state = self.state()
        procedure = self.picker.current
        summary = " — ".join(
            part
            for part in (
                self.applicant.person.name.text().strip(),
                procedure.name if procedure else "",
            )
            if part
        )
        store, actor, draft = self.store, self.session.actor, self.draft_id

        def done(draft_id):
            self.draft_id = draft_id

        self.runner.run(
            lambda: intake_drafts.save(store, state, actor=actor, summary=summary, draft_id=draft),
            done,
        )

    def offer_drafts(self) -> None:
        store = self.store

        def show(found):
            self._drafts = found
            if not found:
                self.draft_bar.hide()
                return
            latest = found[0]
            more = f" (và {len(found) - 1} bản nháp khác)" if len(found) > 1 else ""
            self.draft_text.setText(
                f"Có hồ sơ đang nhập dở lúc {latest.updated_at:%H:%M %d/%m/%Y}: "
                f"{latest.summary or 'chưa có tên'}{more}."
            )
            self.draft_bar.show()

        self.runner.run(lambda: intake_drafts.list_drafts(store), show)

    def reopen_draft(self) -> None:
        found = self._drafts
        if not found:
            return
        latest = found[0]
        self.draft_id = latest.id
        self.restore(latest.data)
        self.draft_bar.hide()
        self.message.emit("Đã mở lại hồ sơ đang nhập dở.")

    def drop_draft(self) -> None:
        found = self._drafts
        if found:
            draft_id = found[0].id
            self.runner.run(
                lambda: intake_drafts.discard(self.store, draft_id), lambda _r: self.offer_drafts()
            )
