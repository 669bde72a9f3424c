"""Máy in: this station's printers by role, with live status and a test print."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from ui.settings.page import Page
from ui.settings.printer_row import PrinterRow

ROLES = ("a4", "receipt", "ticket")
POLL_MS = 15_000


class PrintersPage(Page):
    title = "Máy in của máy này"
    key = "printers"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self.station = QLabel(wordWrap=True, objectName="subheader")
        self.form.addWidget(self.station)
        self.rows = {
            role: PrinterRow(role, env.runner, printing=env.printing, actor=env.actor)
            for role in ROLES
        }
        for printer_row in self.rows.values():
            self.form.addWidget(printer_row)
            self.watch(printer_row.chooser.combo, printer_row.chooser.other)
        self.form.addStretch(1)
        self.poll = QTimer(self, interval=POLL_MS)
        self.poll.timeout.connect(self.check_all)
        self.load()

    def read(self):
        store = self.env.store
        station = store.setting("station") or {}
        return station, {role: store.setting(f"printers.{role}") or "" for role in ROLES}

    def show_values(self, data) -> None:
        station, addresses = data
        self.station.setText(
            f"Máy này: {station.get('name', '')}. Mỗi máy (quầy) có máy in riêng; "
            "máy in ảo hiện giấy in trên màn hình (thẻ In ấn)."
        )
        for role, address in addresses.items():
            self.rows[role].chooser.refresh()
            self.rows[role].set_value(address)

    def apply_access(self) -> None:
        super().apply_access()
        for printer_row in self.rows.values():
            printer_row.check_button.setEnabled(True)  # asking a printer changes nothing
            printer_row.test_button.setEnabled(self.editable)

    def collect(self):
        return {f"printers.{role}": r.value() for role, r in self.rows.items()}

    def check_all(self) -> None:
        for printer_row in self.rows.values():
            printer_row.check()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.poll.start()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.poll.stop()
