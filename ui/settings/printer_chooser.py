"""Choosing a printer for a role, shared by the settings page and the setup wizard.

A4: the operating system's printers (stored as "qt:NAME"), "none: save as PDF", or an
address typed by hand (file:…, cups:…). Thermal: an address (tcp://…, usb:…, serial:…,
win32:…, cups:…, virtual:). Whether an address is usable is the core's to say.
"""

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QVBoxLayout, QWidget

from ui.settings.os_printers import os_printers

OTHER = "\x00other"
NONE_A4 = "Chưa có máy in A4 — lưu thành tệp PDF khi in"
THERMAL_HINT = (
    "Ví dụ: tcp://192.168.1.50:9100 (máy in mạng), usb:04b8:0202, serial:COM3?baud=9600, "
    "win32:Tên máy in, cups:tên_hàng_đợi, virtual: (máy in ảo trên màn hình). "
    "Thêm ?width=384 cho giấy 58 mm."
)
A4_HINT = "Máy in của hệ điều hành; hoặc “Địa chỉ khác…” để ghi vào tệp (file:…) hay hàng đợi CUPS."


class PrinterChooser(QWidget):
    changed = Signal()

    def __init__(
        self,
        role: str,
        *,
        printers: Callable[[], list[tuple[str, bool]]] = os_printers,
        parent=None,
    ):
        super().__init__(parent)
        self.role = role
        self.printers = printers
        self.combo = QComboBox()
        self.other = QLineEdit()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.combo)
        lay.addWidget(self.other)
        if role == "a4":
            self.other.setPlaceholderText("file:C:/In/giay-to.pdf hoặc cups:TEN_HANG_DOI")
            self.other.hide()
            self.combo.currentIndexChanged.connect(self._picked)
            self.other.textEdited.connect(lambda _t: self.changed.emit())
            self.set_value("")
        else:
            self.other.hide()
            self.combo.setEditable(True)
            self.combo.addItem("virtual:")
            self.combo.setCurrentIndex(-1)
            self.combo.lineEdit().setPlaceholderText("tcp://192.168.1.50:9100")
            self.combo.currentTextChanged.connect(lambda _t: self.changed.emit())

    @property
    def hint(self) -> str:
        return A4_HINT if self.role == "a4" else THERMAL_HINT

    def focus_widget(self) -> QWidget:
        return self.combo

    def _fill_a4(self, current: str) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(NONE_A4, "")
        found = False
        for name, default in self.printers():
            address = f"qt:{name}"
            self.combo.addItem(f"{name} (mặc định)" if default else name, address)
            found = found or address == current
        if current and not found:
            shown = (
                f"{current[3:]} (không thấy trong hệ điều hành)"
                if current.startswith("qt:")
                else current
            )
            self.combo.addItem(shown, current)
        self.combo.addItem("Địa chỉ khác…", OTHER)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        self.combo.blockSignals(False)

    def _picked(self, _index: int) -> None:
        other = self.combo.currentData() == OTHER
        self.other.setVisible(other)
        if other:
            self.other.setFocus()
        self.changed.emit()

    def set_value(self, address: str) -> None:
        address = (address or "").strip()
        if self.role == "a4":
            self._fill_a4(address)
            self.other.hide()
            self.other.clear()
        else:
            self.combo.setCurrentText(address)

    def value(self) -> str:
        if self.role != "a4":
            return self.combo.currentText().strip()
        data = self.combo.currentData()
        return self.other.text().strip() if data == OTHER else (data or "")

    def refresh(self) -> None:
        """The OS printers again (one was installed or switched on); keeps the choice."""
        if self.role == "a4":
            current = self.value()
            self._fill_a4(current)

    def set_enabled(self, on: bool) -> None:
        self.combo.setEnabled(on)
        self.other.setReadOnly(not on)
