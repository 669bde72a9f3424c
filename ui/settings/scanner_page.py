"""Quét thử: confirm this desk's barcode scanner and tune its thresholds (ui.scanner_check).

The check needs the running window's scanner sources and scan router; opened from the
counter window it has them, elsewhere (a screenshot) the page says where to open it.
"""

from PySide6.QtWidgets import QLabel

from ui.settings.page import Page


class ScannerPage(Page):
    title = "Quét thử máy quét mã vạch"
    key = "scanner"
    has_save = False  # the check saves its own thresholds, for this station, at once

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self.check = None
        if env.scanners is None or env.scan_router is None:
            self.form.addWidget(
                QLabel(
                    "Mở Thiết lập từ cửa sổ làm việc (Ctrl+,) để quét thử máy quét của quầy này.",
                    wordWrap=True,
                    objectName="subheader",
                )
            )
            return
        from ui.scanner_check import ScannerCheck

        self.check = ScannerCheck(
            env.store, env.runner, env.scanners, env.scan_router, actor=env.actor
        )
        self.form.addWidget(self.check, 1)

    def read(self):
        return {}

    def show_values(self, data) -> None:
        pass

    def collect(self):
        return {}
