"""Ki-ốt: the PIN that lets staff leave the kiosk's full screen (kept only as a hash)."""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton

from desk.config import clear_kiosk_pin, has_kiosk_pin, set_kiosk_pin
from desk.errors import InvalidInput
from ui.settings.page import Page, row


def _pin_edit(placeholder: str) -> QLineEdit:
    edit = QLineEdit(placeholderText=placeholder)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(8)
    edit.setMaximumWidth(260)
    edit.setInputMask("")
    return edit


class KioskPage(Page):
    title = "Ki-ốt lấy số"
    key = "kiosk"
    has_save = False

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self.state = QLabel(wordWrap=True)
        self.pin = _pin_edit("4 đến 8 chữ số")
        self.again = _pin_edit("Nhập lại")
        self.set_pin = QPushButton("Đặt mã PIN")
        self.set_pin.setProperty("primary", True)
        self.clear_pin = QPushButton("Xóa mã PIN")
        buttons = QHBoxLayout()
        buttons.addWidget(self.set_pin)
        buttons.addWidget(self.clear_pin)
        buttons.addStretch(1)
        self.form.addWidget(self.state)
        self.form.addWidget(
            row(
                "Mã PIN mới",
                self.pin,
                "Nhân viên nhập mã này để thoát màn hình ki-ốt. Chỉ lưu dạng băm, không ai đọc lại được.",
            )
        )
        self.form.addWidget(row("Nhập lại mã PIN", self.again))
        self.form.addLayout(buttons)
        self.form.addStretch(1)
        self.set_pin.clicked.connect(self.save_pin)
        self.again.returnPressed.connect(self.save_pin)
        self.clear_pin.clicked.connect(self.remove_pin)
        self.load()

    def read(self):
        return has_kiosk_pin(self.env.store)

    def show_values(self, data) -> None:
        self.state.setText("Đã có mã PIN." if data else "Chưa đặt mã PIN: ki-ốt chưa khóa được.")
        self.clear_pin.setEnabled(bool(data))

    def save_pin(self) -> None:
        if not self.set_pin.isEnabled():
            return
        if self.pin.text() != self.again.text():
            self.failed(InvalidInput("Hai lần nhập mã PIN không khớp."))
            return
        pin, env = self.pin.text(), self.env
        self.pin.clear()
        self.again.clear()
        self.run_change(
            lambda: set_kiosk_pin(env.store, pin, actor=env.actor, user=env.user), "Đã đặt mã PIN."
        )

    def remove_pin(self) -> None:
        if not self.clear_pin.isEnabled():
            return
        env = self.env
        self.run_change(
            lambda: clear_kiosk_pin(env.store, actor=env.actor, user=env.user), "Đã xóa mã PIN."
        )
