"""A red band across the window while the PC's clock is not plausible (desk.clock_check).

Intake and tickets ask `blocked()` first: a code or an appointment made from a wrong clock
would be wrong on the paper a citizen takes home. An admin who knows the time is right
confirms it with their password; the confirmation is audited.
"""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from desk import clock_check


class ClockBanner(QFrame):
    changed = Signal(object)  # ClockProblem | None

    def __init__(self, store, runner, office_clock, parent=None):
        super().__init__(parent, objectName="clockBanner")
        self.store = store
        self.runner = runner
        self.problem = None
        self.setStyleSheet(
            "#clockBanner { background: #fdecea; border: 2px solid #b3261e; border-radius: 6px; }"
            " #clockBanner QLabel { color: #7a1712; font-weight: bold; }"
        )
        self.text = QLabel(wordWrap=True)
        self.confirm_button = QPushButton("Quản trị xác nhận giờ đúng…")
        self.confirm_button.clicked.connect(self.ask_confirm)
        recheck = QPushButton("Kiểm tra lại")
        recheck.clicked.connect(self.refresh)
        lay = QHBoxLayout(self)
        lay.addWidget(QLabel("⏰"))
        lay.addWidget(self.text, 1)
        lay.addWidget(recheck)
        lay.addWidget(self.confirm_button)
        self.hide()
        office_clock.minute.connect(lambda _now: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        store = self.store
        self.runner.run(lambda: clock_check.check(store), self._show)

    def _show(self, problem) -> None:
        self.problem = problem
        if problem is None:
            self.hide()
        else:
            self.text.setText(
                problem.message + " Chưa tiếp nhận hồ sơ hay cấp số được cho đến khi giờ đúng."
            )
            self.show()
        self.changed.emit(problem)

    def blocked(self) -> str | None:
        """Why intake or a ticket must wait (a Vietnamese message), or None."""
        if self.problem is None:
            return None
        return self.problem.message

    def ask_confirm(self) -> None:
        dialog = ConfirmClockDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.confirm(dialog.username.text(), dialog.password.text(), dialog.reason.text())

    def confirm(self, username: str, password: str, reason: str = "") -> None:
        store = self.store
        self.runner.run(
            lambda: clock_check.confirm_by_admin(store, username, password, reason=reason),
            lambda _at: self.refresh(),
        )


class ConfirmClockDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Xác nhận giờ của máy")
        self.username = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.reason = QLineEdit(placeholderText="Ví dụ: đã so với đồng hồ treo tường")
        form = QFormLayout()
        form.addRow("Tên đăng nhập quản trị", self.username)
        form.addRow("Mật khẩu", self.password)
        form.addRow("Ghi chú", self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Xác nhận giờ đúng")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Chỉ xác nhận khi chắc chắn ngày giờ đang hiển thị trên máy là đúng."))
        lay.addLayout(form)
        lay.addWidget(buttons)
