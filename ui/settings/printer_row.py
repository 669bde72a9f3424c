"""One printer role: the chooser, its live status, and (in the settings) a test print.

The status is asked off the GUI thread (a network printer may take seconds to answer)
and a newer question drops an older answer.
"""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desk.errors import PrinterError
from printing.devices import PrinterStatus
from printing.devices.status import offline
from printing.setting_checks import check_address
from printing.station_printers import ROLES, role_status
from ui import theme
from ui.ops import message_for
from ui.settings.os_printers import os_printer_status
from ui.settings.printer_chooser import PrinterChooser

DEBOUNCE_MS = 700


def printer_status(role: str, address: str, *, virtual=None) -> PrinterStatus:
    """How the printer at `address` is now (runs off the GUI thread; never raises)."""
    try:
        address = check_address(role, address)
    except PrinterError as exc:
        return offline(exc.message)
    if address.startswith("qt:"):
        return os_printer_status(address[3:])
    return role_status(role, address, virtual=virtual)


def status_text(status: PrinterStatus) -> tuple[str, str]:
    """The line shown beside a printer and its colour."""
    if status.online is False or status.problem() is not None:
        return f"● {status.message}", theme.DANGER
    if status.online:
        return f"● {status.message}", theme.OK
    return f"● {status.message}", theme.MUTED


class PrinterRow(QWidget):
    def __init__(
        self,
        role: str,
        runner,
        *,
        printing=None,
        actor: str = "",
        test: bool = True,
        hint: bool = True,
        parent=None,
    ):
        super().__init__(parent)
        self.role = role
        self.runner = runner
        self.printing = printing
        self.actor = actor
        self._generation = 0
        self.chooser = PrinterChooser(role)
        self.status = QLabel(wordWrap=True)
        self.check_button = QPushButton("Kiểm tra")
        self.test_button = QPushButton("In thử")
        self.test_button.setVisible(test)
        self.result = QLabel(wordWrap=True, objectName="subheader")
        title = QLabel(f"<b>{ROLES[role]}</b>")
        note = QLabel(self.chooser.hint, wordWrap=True, objectName="subheader")
        note.setVisible(hint)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.test_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 6)
        lay.addWidget(title)
        lay.addWidget(self.chooser)
        lay.addWidget(note)
        lay.addLayout(buttons)
        lay.addWidget(self.result)
        title.setBuddy(self.chooser.focus_widget())
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.check)
        self.chooser.changed.connect(self._debounce.start)
        self.check_button.clicked.connect(self.check)
        self.test_button.clicked.connect(self.test_print)

    def value(self) -> str:
        return self.chooser.value()

    def set_value(self, address: str) -> None:
        self.chooser.set_value(address)
        self.check()

    def check(self) -> None:
        self._debounce.stop()
        self._generation += 1
        generation = self._generation
        role, address = self.role, self.value()
        virtual = self.printing.virtual if self.printing is not None else None
        self.status.setText("● Đang hỏi máy in…")
        self.status.setStyleSheet(f"color: {theme.MUTED};")

        def show(status: PrinterStatus) -> None:
            if generation == self._generation:
                text, colour = status_text(status)
                self.status.setText(text)
                self.status.setStyleSheet(f"color: {colour};")

        self.runner.run(lambda: printer_status(role, address, virtual=virtual), show)

    def test_print(self) -> None:
        """Never silent: the result line says printed, kept in the queue, or why not."""
        if self.printing is None:
            self.say("Chưa in thử được: cửa sổ Thiết lập mở không kèm dịch vụ in.", True)
            return
        self.test_button.setEnabled(False)
        self.say("Đang in thử…")
        self.printing.test_print(self.role, self.value(), actor=self.actor, done=self._printed)

    def _printed(self, result) -> None:
        self.test_button.setEnabled(True)
        if isinstance(result, BaseException):
            self.say(message_for(result, self.runner.log_path), True)
            return
        job = result.job
        if job.status == "done":
            self.say(f"Đã in thử trên {job.printer}.")
        else:
            self.say(f"Chưa in được: {job.last_error} Lệnh in được giữ trong hàng đợi.", True)
        self.check()

    def say(self, text: str, error: bool = False) -> None:
        self.result.setText(text)
        self.result.setStyleSheet(f"color: {theme.DANGER};" if error else "")
