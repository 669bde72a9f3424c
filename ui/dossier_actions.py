"""The steps the lifecycle allows for the open dossier, each a button with a shortcut.

A step asks what it needs (a reason, a new date, who it goes to), calls the core through
the Runner (one transaction: the row, the history line, the outbox operation, the audit
entry), prints the paper that goes with it, and announces the change on the bus.
"""

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk import clock, dossiers
from desk.dossiers.lifecycle import allowed_actions
from ui import changes
from ui.ops import message_for

# action → (button text, shortcut, the form printed after it, or None)
STEPS = {
    "start": ("Chuyển xử lý", "Ctrl+T", "control"),
    "request_supplement": ("Yêu cầu bổ sung (Mẫu 02)", "Ctrl+B", "supplement"),
    "supplement": ("Đã nhận bổ sung", "Ctrl+N", None),
    "finish": ("Có kết quả", "Ctrl+K", None),
    "return": ("Trả kết quả", "Ctrl+R", None),
    "apologise": ("Xin lỗi, hẹn lại (Mẫu 04)", "Ctrl+H", "apology"),
    "stop": ("Dừng giải quyết", "Ctrl+J", "stop"),
    "refuse": ("Từ chối (Mẫu 03)", "Ctrl+U", "refusal"),
}


class StepDialog(QDialog):
    """A small form for one step: fields by name, each required unless said otherwise."""

    def __init__(self, title: str, fields: list[tuple[str, str, QWidget, bool]], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.fields = {name: widget for name, _, widget, _ in fields}
        self.required = {name: label for name, label, _, needed in fields if needed}
        form = QFormLayout()
        for _, label, widget, _ in fields:
            form.addRow(label, widget)
        self.error = QLabel(styleSheet="color: #b3261e;")
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.button(QDialogButtonBox.StandardButton.Ok).setText("Ghi nhận")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(box)

    def value(self, name: str):
        widget = self.fields[name]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        if isinstance(widget, QDateTimeEdit):
            return clock.to_vn(widget.dateTime().toPython())
        return widget.text().strip()

    def accept(self) -> None:
        for name, label in self.required.items():
            if not self.value(name):
                self.error.setText(f"Hãy nhập: {label.lower()}.")
                return
        super().accept()


def _text(placeholder: str = "", value: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit(value)
    edit.setPlaceholderText(placeholder)
    edit.setFixedHeight(80)
    return edit


class ActionBar(QWidget):
    """Buttons for the current dossier; `return_requested(code)` hands it to the return page."""

    return_requested = Signal(str)
    scan_requested = Signal(str)
    message = Signal(str)
    error = Signal(str)

    def __init__(self, store, runner, bus, printing, session, office_clock, parent=None):
        super().__init__(parent)
        self.store, self.runner, self.bus, self.printing = store, runner, bus, printing
        self.session, self.clock = session, office_clock
        self.dossier = None
        # How a step's dialog is answered: shown modally; tests answer it in code instead.
        self.answer = lambda dialog: dialog.exec() == QDialog.DialogCode.Accepted
        self.buttons: dict[str, QPushButton] = {}
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        for action, (text, keys, _form) in STEPS.items():
            button = QPushButton(text)
            button.setToolTip(f"{text} — phím tắt {keys}")
            button.clicked.connect(lambda _=False, a=action: self.run(a))
            self.buttons[action] = button
            shortcut = QShortcut(QKeySequence(keys), self.window() or self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda a=action: self._shortcut(a))
        extras = (
            ("preview", "Xem trước Mẫu 01"),
            ("receipt", "In Mẫu 01"),
            ("slip", "In biên nhận nhỏ"),
            ("fee_receipt", "In biên lai phí"),
            ("scan", "Số hóa giấy tờ"),
        )
        for name, text in extras:
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, n=name: self.extra(n))
            self.buttons[name] = button
        self.keys = QLabel(objectName="subheader", wordWrap=True)
        self.show_dossier(None)

    def show_dossier(self, dossier) -> None:
        self.dossier = dossier
        allowed = set(allowed_actions(dossier.status)) if dossier else set()
        if dossier is not None and dossier.apology is not None:
            allowed.discard("apologise")  # one apology, one new date
        shown = [
            name
            for name in self.buttons
            if (name in allowed if name in STEPS else dossier is not None)
            and (name != "fee_receipt" or (dossier is not None and dossier.fee > 0))
        ]
        for button in self.buttons.values():
            self.grid.removeWidget(button)
            button.hide()
        for i, name in enumerate(shown):
            self.grid.addWidget(self.buttons[name], i // 3, i % 3)
            self.buttons[name].show()
        self.grid.removeWidget(self.keys)
        self.grid.addWidget(self.keys, (len(shown) + 2) // 3, 0, 1, 3)
        self.keys.setText(
            "Phím tắt: "
            + " · ".join(f"{STEPS[n][1]} {STEPS[n][0].lower()}" for n in shown if n in STEPS)
            if any(n in STEPS for n in shown)
            else ""
        )

    def _shortcut(self, action: str) -> None:
        if self.isVisible() and self.buttons[action].isVisible():  # allowed for this dossier
            self.run(action)

    def extra(self, name: str) -> None:
        if self.dossier is None:
            return
        code = self.dossier.code
        if name == "scan":
            self.scan_requested.emit(code)
        elif name == "preview":
            self.printing.preview("receipt", code, actor=self.session.actor, parent=self)
        elif name == "receipt":
            self.printing.print_receipt(code, actor=self.session.actor, parent=self)
        elif name == "fee_receipt":
            self.printing.print_form("fee_receipt", code, actor=self.session.actor)
        else:
            self.printing.print_slip(code, actor=self.session.actor)

    # --- the steps -------------------------------------------------------------------------

    def run(self, action: str) -> None:
        d = self.dossier
        if d is None:
            return
        if action == "return":
            self.return_requested.emit(d.code)
            return
        ask = getattr(self, f"_ask_{action}")
        op = ask(d)
        if op is None:
            return
        form = STEPS[action][2]
        code = d.code

        def done(changed):
            self.bus.emit(changes.DOSSIERS, changes.OUTBOX)
            self.message.emit(f"{STEPS[action][0]}: hồ sơ {code} — {changed.status_label}.")
            if form:
                self.printing.print_form(form, code, actor=self.session.actor)

        self.runner.run(op, done, lambda e: self.error.emit(message_for(e, self.runner.log_path)))

    def _dialog(self, title, fields):
        dialog = StepDialog(f"{title} — {self.dossier.code}", fields, self)
        return dialog if self.answer(dialog) else None

    def _ask_start(self, d):
        to = QLineEdit(d.authority or "Công chức chuyên môn")
        dialog = self._dialog("Chuyển hồ sơ để giải quyết", [("to", "Chuyển cho", to, True)])
        if dialog is None:
            return None
        store, actor, target = self.store, self.session.actor, dialog.value("to")
        return lambda: dossiers.start(store, d.code, actor=actor, to=target)

    def _ask_request_supplement(self, d):
        items = _text("Mỗi dòng một giấy tờ cần bổ sung")
        reason = _text("Lý do, hướng dẫn")
        dialog = self._dialog(
            "Yêu cầu bổ sung hồ sơ",
            [("items", "Giấy tờ cần bổ sung", items, True), ("reason", "Lý do", reason, True)],
        )
        if dialog is None:
            return None
        wanted = [
            {"name": line.strip()} for line in dialog.value("items").splitlines() if line.strip()
        ]
        store, actor, why = self.store, self.session.actor, dialog.value("reason")
        return lambda: dossiers.request_supplement(
            store, d.code, reason=why, items=wanted, actor=actor
        )

    def _ask_supplement(self, d):
        note = QLineEdit()
        dialog = self._dialog("Nhận giấy tờ bổ sung", [("note", "Ghi chú", note, False)])
        if dialog is None:
            return None
        store, actor, text = self.store, self.session.actor, dialog.value("note")
        return lambda: dossiers.supplement(store, d.code, actor=actor, note=text)

    def _ask_finish(self, d):
        result = QLineEdit(placeholderText="ví dụ: Giấy khai sinh bản chính")
        dialog = self._dialog("Ghi nhận đã có kết quả", [("result", "Kết quả", result, False)])
        if dialog is None:
            return None
        store, actor, text = self.store, self.session.actor, dialog.value("result")
        return lambda: dossiers.finish(store, d.code, actor=actor, result=text)

    def _ask_apologise(self, d):
        start = max(d.due_at, self.clock.now())
        when = QDateTimeEdit(
            QDateTime(QDate(start.year, start.month, start.day), QTime(start.hour, start.minute))
        )
        when.setDisplayFormat("HH:mm dd/MM/yyyy")
        when.setCalendarPopup(True)
        reason = _text("Lý do chậm trả kết quả")
        dialog = self._dialog(
            "Thư xin lỗi và hẹn lại ngày trả (một lần)",
            [("reason", "Lý do", reason, True), ("new_due", "Ngày giờ hẹn mới", when, True)],
        )
        if dialog is None:
            return None
        store, actor = self.store, self.session.actor
        why, new_due = dialog.value("reason"), dialog.value("new_due")
        return lambda: dossiers.apologise(
            store, d.code, reason=why, new_due=new_due, actor=actor, signer=""
        )

    def _ask_stop(self, d):
        reason = _text("ví dụ: Người yêu cầu có đơn rút hồ sơ")
        dialog = self._dialog("Dừng giải quyết hồ sơ", [("reason", "Lý do", reason, True)])
        if dialog is None:
            return None
        store, actor, why = self.store, self.session.actor, dialog.value("reason")
        return lambda: dossiers.stop(store, d.code, reason=why, actor=actor)

    def _ask_refuse(self, d):
        reason = _text("Lý do từ chối, ghi rõ căn cứ")
        dialog = self._dialog("Từ chối hồ sơ", [("reason", "Lý do", reason, True)])
        if dialog is None:
            return None
        store, actor, why = self.store, self.session.actor, dialog.value("reason")
        return lambda: dossiers.refuse(store, d.code, reason=why, actor=actor)
