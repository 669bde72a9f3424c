"""The counter's main window: it only assembles the pages, the header and the status line.

Pages, each with a function key: Tiếp nhận (F2), Hồ sơ (F3), Trả kết quả (F4), Số hóa (F6),
Thủ tục hành chính (F7), In ấn (F8). Ctrl+L switches officer without closing anything.
A scan from the barcode scanner goes to the page that can use it (a card to the intake
form or to the return check, a receipt to the return list), else opens the dossier.
"""

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import changes
from ui.catalog_panel import CatalogPanel
from ui.clock_banner import ClockBanner
from ui.dossier_panel import DossierPanel
from ui.intake.page import IntakePage
from ui.print_panel import PrintPanel
from ui.return_page import ReturnPage
from ui.scan import ScanPanel
from ui.scan_router import ScanRouter

PAGE_KEYS = ("F2", "F3", "F4", "F6", "F7", "F8")


class MainWindow(QMainWindow):
    def __init__(self, store, runner, bus, printing, office_clock, session, parent=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.bus = bus
        self.printing = printing
        self.clock = office_clock
        self.session = session
        self.office = office = store.office()  # read once; no query on the GUI thread later
        self.station = store.station
        self.setWindowTitle(f"Bộ phận Một cửa — {office.name}")
        self.resize(1366, 768)

        title = QLabel(f"{office.desk_name} · {office.name}", objectName="header")
        self.who = QLabel(objectName="subheader")
        head = QVBoxLayout()
        head.setSpacing(0)
        head.addWidget(title)
        head.addWidget(self.who)
        self.title = title
        self.switch_button = QPushButton("Đổi người dùng (Ctrl+L)")
        self.switch_button.clicked.connect(self.switch_user)
        self.settings_button = QPushButton("Thiết lập (Ctrl+,)")
        self.settings_button.clicked.connect(self.open_settings)
        bar = QHBoxLayout()
        bar.addLayout(head, 1)
        bar.addWidget(self.settings_button)
        bar.addWidget(self.switch_button)

        self.clock_banner = ClockBanner(store, runner, office_clock)
        self.intake = IntakePage(store, runner, bus, printing, session, self.clock_banner)
        self.dossiers = DossierPanel(store, runner, bus, printing, office_clock, session)
        self.returns = ReturnPage(store, runner, bus, printing, session)
        self.scan = ScanPanel(store, runner, bus, actor=session.actor)
        self.catalog = CatalogPanel(store, runner, bus)
        self.prints = PrintPanel(store, runner, bus, printing)
        self.tabs = QTabWidget()
        pages = (
            (self.intake, "Tiếp nhận"),
            (self.dossiers, "Hồ sơ"),
            (self.returns, "Trả kết quả"),
            (self.scan, "Số hóa"),
            (self.catalog, "Thủ tục hành chính"),
            (self.prints, "In ấn"),
        )
        for (page, label), key in zip(pages, PAGE_KEYS, strict=True):
            self.tabs.addTab(page, f"{label} ({key})")
            QShortcut(QKeySequence(key), self).activated.connect(lambda p=page: self.show_page(p))
        QShortcut(QKeySequence("Ctrl+L"), self).activated.connect(self.switch_user)
        QShortcut(QKeySequence("Ctrl+,"), self).activated.connect(self.open_settings)

        central = QWidget()
        lay = QVBoxLayout(central)
        lay.addLayout(bar)
        lay.addWidget(self.clock_banner)
        lay.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.message = QLabel()
        self.print_label = QLabel()
        self.time_label = QLabel()
        self.statusBar().addWidget(self.message, 1)
        for label in (self.print_label, self.time_label):
            self.statusBar().addPermanentWidget(label)  # the sync corner joins (ui.sync_status)
        self._wire()
        self._show_session(session.user)
        QTimer.singleShot(
            0, lambda: self.show_page(self.intake)
        )  # the cursor waits in the ID field
        self._show_time(office_clock.now())
        self.refresh_printing()
        router = ScanRouter(
            store,
            runner,
            today=office_clock.today,
            lookup_base_url=office.lookup_base_url,
            parent=self,
        )
        router.open_dossier.connect(self.open_dossier)
        router.citizen_card.connect(self.use_card)
        router.message.connect(self.show_message)
        router.problem.connect(self.show_error)
        self.scan_router = router

    def _wire(self) -> None:
        bus, runner = self.bus, self.runner
        for page in (self.intake, self.returns):
            page.message.connect(self.show_message)
            page.error.connect(self.show_error)
        self.intake.problem_fixed.connect(self.forget_error)
        self.dossiers.actions.message.connect(self.show_message)
        self.dossiers.actions.error.connect(self.show_error)
        self.dossiers.actions.return_requested.connect(self.return_dossier)
        self.dossiers.actions.scan_requested.connect(self.scan_dossier)
        self.intake.scan_papers.connect(self.scan_dossier)
        self.tabs.currentChanged.connect(lambda _i: self._open_scan())
        self.printing.printed.connect(self._printed)
        self.printing.notice.connect(self.show_message)
        runner.error.connect(self.show_error)
        bus.changed.connect(self._on_changed)
        self.session.changed.connect(self._show_session)
        self.clock.minute.connect(self._show_time)

    # --- pages -----------------------------------------------------------------------------

    def show_page(self, page) -> None:
        self.tabs.setCurrentWidget(page)
        focus = {
            self.intake: self.intake.applicant.person.id_number,
            self.dossiers: self.dossiers.search,
            self.returns: self.returns.code,
        }.get(page)
        if focus is not None:
            focus.setFocus()

    def scan_dossier(self, code: str) -> None:
        self.tabs.setCurrentWidget(self.scan)
        self.scan.open_dossier(code)

    def return_dossier(self, code: str) -> None:
        self.tabs.setCurrentWidget(self.returns)
        self.returns.add(code)

    def _open_scan(self) -> None:
        """Số hóa opens on the dossier selected in the Hồ sơ tab."""
        code = self.dossiers.current_code()
        if self.tabs.currentWidget() is self.scan and code and not self.scan.code:
            self.scan.open_dossier(code)

    def closeEvent(self, event) -> None:
        scanners = getattr(self, "scanners", None)
        if scanners is not None:
            scanners.close()  # the key filter is application-wide: it goes with the window
            self.scanners = None
        super().closeEvent(event)

    # --- officers and settings -------------------------------------------------------------

    def open_settings(self) -> None:
        """The settings of the officer logged in now; one window at a time."""
        from ui.settings import SettingsWindow

        current = getattr(self, "settings_window", None)
        if current is not None and shiboken6.isValid(current) and current.isVisible():
            current.raise_()
            current.activateWindow()
            return
        window = SettingsWindow(
            self.store,
            self.runner,
            self.bus,
            self.session.user,
            self,
            printing=self.printing,
            scanners=getattr(self, "scanners", None),
            scan_router=self.scan_router,
        )
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        # Without a window manager a new window does not get the keyboard by itself.
        window.raise_()
        window.activateWindow()
        self.settings_window = window

    def close_settings(self) -> None:
        window = getattr(self, "settings_window", None)
        if window is not None and shiboken6.isValid(window):
            window.close()
        self.settings_window = None

    def _reload_office(self) -> None:
        """The office's name or station changed in the settings: the header follows."""
        store = self.store

        def show(found):
            self.office, self.station = found
            self.setWindowTitle(f"Bộ phận Một cửa — {self.office.name}")
            self.title.setText(f"{self.office.desk_name} · {self.office.name}")
            self._show_session(self.session.user)

        self.runner.run(lambda: (store.office(), store.station), show)

    def switch_user(self) -> None:
        from ui.login import LoginDialog

        dialog = LoginDialog(self.store, self.runner, office_name=self.office.name, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.user is not None:
            self.close_settings()  # opened with the previous officer's rights
            self.session.switch(dialog.user)
            self.show_message(f"Đã chuyển sang {dialog.user.full_name}.")

    def _show_session(self, user) -> None:
        self.who.setText(
            f"Mã đơn vị {self.office.unit_code} · {self.station['name']} · "
            f"{user.full_name} ({user.role_label})"
        )
        self.scan.editor.actor = user.username  # who digitised the papers, in the history

    # --- scans from the barcode scanner ----------------------------------------------------

    def on_scanned(self, payload: str | bytes, source: str = "wedge") -> None:
        """A barcode scanner sent something, wherever the focus was: route it, and say so."""
        self.scan_router.handle(payload, source)

    def open_dossier(self, code: str) -> None:
        """A scanned receipt of a dossier this office holds: where it is useful now."""
        current = self.tabs.currentWidget()
        if current is self.returns:
            self.returns.add(code)
        elif current is self.scan:
            self.scan.open_dossier(code)
        else:
            self.tabs.setCurrentWidget(self.dossiers)
            self.dossiers.select_code(code)

    def use_card(self, card) -> None:
        """A scanned citizen card: the collector at the return, else the intake's applicant
        (in the dossier list: that person's dossiers)."""
        current = self.tabs.currentWidget()
        if current is self.returns:
            self.returns.use_card(card)
        elif current is self.dossiers:
            self.dossiers.select_code(card.id_number)
        else:
            self.tabs.setCurrentWidget(self.intake)
            self.intake.use_card(card)

    # --- status line -----------------------------------------------------------------------

    def _on_changed(self, names) -> None:
        if changes.SETTINGS in names:
            self._reload_office()
        if changes.PRINT_JOBS in names:
            self.refresh_printing()

    def _printed(self, printed) -> None:
        job = printed.job
        if job.status == "done":
            self.show_message(f"Đã in: {job.title}")
        else:
            self.show_error(
                f"Chưa in được «{job.title}»: {job.last_error} Lệnh in được giữ và sẽ in lại."
            )

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("")

    def show_error(self, text: str) -> None:
        self.message.setText(f"⚠ {text}")
        self.message.setStyleSheet("color: #b3261e;")

    def forget_error(self, text: str) -> None:
        """Clear the status bar if it still shows this error (and nothing newer)."""
        if self.message.text() == f"⚠ {text}":
            self.show_message("")

    def _show_time(self, now) -> None:
        self.time_label.setText(f"{now:%H:%M %d/%m/%Y}")

    def refresh_printing(self) -> None:
        from printing import queue

        store = self.store
        self.runner.run(lambda: queue.waiting_summary(store), self._show_printing)

    def _show_printing(self, summary: dict) -> None:
        waiting = summary["waiting"]
        self.print_label.setText(f"Chờ in: {waiting}" if waiting else "")
        self.print_label.setStyleSheet("color: #b3261e; font-weight: bold;" if waiting else "")
