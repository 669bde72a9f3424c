"""The settings window: a list of pages on the left, the chosen page on the right.

Built with the app's objects; every page saves through the core (checked, audited) and
announces SETTINGS on the bus, so the other open windows take the change at once.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
)

from ui.settings.counters_page import CountersPage
from ui.settings.hours_page import HoursPage
from ui.settings.kiosk_page import KioskPage
from ui.settings.network_page import NetworkPage
from ui.settings.office_page import OfficePage
from ui.settings.page import Page, PageEnv
from ui.settings.printers_page import PrintersPage
from ui.settings.scan_page import ScanPage
from ui.settings.scanner_page import ScannerPage
from ui.settings.users_page import UsersPage

PAGES = {
    "office": OfficePage,
    "hours": HoursPage,
    "counters": CountersPage,
    "printers": PrintersPage,
    "scan": ScanPage,
    "scanner": ScannerPage,
    "users": UsersPage,
    "kiosk": KioskPage,
    "network": NetworkPage,
}


class SettingsWindow(QDialog):
    def __init__(
        self,
        store,
        runner,
        bus,
        user,
        parent=None,
        *,
        printing=None,
        cameras=None,
        scanners=None,
        scan_router=None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Thiết lập")
        self.env = PageEnv(
            store,
            runner,
            bus,
            user,
            printing=printing,
            cameras=cameras,
            scanners=scanners,
            scan_router=scan_router,
        )
        self.nav = QListWidget()
        self.nav.setStyleSheet("QListWidget::item { padding: 8px 6px; }")
        self.stack = QStackedWidget()
        self.pages: dict[str, Page] = {}
        for name, cls in PAGES.items():
            page = cls(self.env)
            self.pages[name] = page
            self.stack.addWidget(page)
            label = page.title if page.editable or name == "users" else f"{page.title} (chỉ xem)"
            self.nav.addItem(label)
        # As wide as the longest title («… (chỉ xem)» for an officer), never scrolling sideways.
        self.nav.setFixedWidth(
            max(220, self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 8)
        )
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        close = QPushButton("Đóng  (Esc)")
        close.clicked.connect(self.close)
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(body, 1)
        lay.addLayout(bottom)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save_current)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self._step(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self._step(-1))
        is_admin = user is None or user.role == "admin"
        self.open_page("office" if is_admin else "printers")
        self._fit()

    def _fit(self) -> None:
        width, height = 1100, 720
        screen = self.screen()
        if screen is not None:
            area = screen.availableGeometry()
            width, height = min(width, area.width() - 40), min(height, area.height() - 60)
        self.resize(width, height)

    def open_page(self, name: str) -> Page:
        """Show one page (e.g. "printers" when a print could not find its printer)."""
        self.nav.setCurrentRow(list(self.pages).index(name))
        return self.pages[name]

    def current_page(self) -> Page:
        return self.stack.currentWidget()

    def save_current(self) -> None:
        self.current_page().save()

    def _step(self, delta: int) -> None:
        self.nav.setCurrentRow((self.nav.currentRow() + delta) % self.nav.count())

    def keyPressEvent(self, event) -> None:
        # Enter in a field must not close the window (QDialog's default): the pages use it.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)
