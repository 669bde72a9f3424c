"""The counter's main window: it only assembles the panels and the status line."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from desk.dossiers.labels import sync_status_text
from desk.dossiers.query import unsynced_count
from ui import changes
from ui.catalog_panel import CatalogPanel
from ui.clock_banner import ClockBanner
from ui.dossier_panel import DossierPanel
from ui.print_panel import PrintPanel
from ui.scan import ScanPanel


class MainWindow(QMainWindow):
    def __init__(self, store, runner, bus, printing, office_clock, parent=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.bus = bus
        self.printing = printing
        self.clock = office_clock
        self.office = office = store.office()  # read once; no query on the GUI thread later
        station = store.station
        self.setWindowTitle(f"Bộ phận Một cửa — {office.name}")
        self.resize(1280, 800)

        title = QLabel(f"{office.desk_name} · {office.name}", objectName="header")
        sub = QLabel(f"Mã đơn vị {office.unit_code} · {station['name']}", objectName="subheader")
        head = QVBoxLayout()
        head.setSpacing(0)
        head.addWidget(title)
        head.addWidget(sub)
        bar = QHBoxLayout()
        bar.addLayout(head, 1)

        self.tabs = QTabWidget()
        self.dossiers = DossierPanel(store, runner, bus, printing, office_clock)
        self.catalog = CatalogPanel(store, runner, bus)
        self.prints = PrintPanel(store, runner, bus, printing)
        self.scan = ScanPanel(store, runner, bus)
        self.tabs.addTab(self.dossiers, "Hồ sơ")
        self.tabs.addTab(self.scan, "Số hóa")
        self.tabs.addTab(self.catalog, "Thủ tục hành chính")
        self.tabs.addTab(self.prints, "In ấn")
        self.tabs.currentChanged.connect(lambda _i: self._open_scan())

        self.clock_banner = ClockBanner(store, runner, office_clock)
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.addLayout(bar)
        lay.addWidget(self.clock_banner)
        lay.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.sync_label = QLabel()
        self.print_label = QLabel()
        self.message = QLabel()
        self.statusBar().addWidget(self.message, 1)
        self.statusBar().addPermanentWidget(self.print_label)
        self.statusBar().addPermanentWidget(self.sync_label)
        self.time_label = QLabel()
        self.statusBar().addPermanentWidget(self.time_label)
        office_clock.minute.connect(self._show_time)
        self._show_time(office_clock.now())
        printing.printed.connect(self._printed)
        bus.changed.connect(lambda names: changes.PRINT_JOBS in names and self.refresh_printing())
        runner.error.connect(self.show_error)
        bus.changed.connect(
            lambda names: (
                (changes.OUTBOX in names or changes.DOSSIERS in names) and self.refresh_sync()
            )
        )
        self._timer = QTimer(self, interval=30_000)
        self._timer.timeout.connect(self.refresh_sync)
        self._timer.start()
        self.refresh_sync()
        self.refresh_printing()

    def _show_time(self, now) -> None:
        self.time_label.setText(f"{now:%H:%M %d/%m/%Y}")

    def on_scanned(self, text: str) -> None:
        """A barcode scanner typed something, wherever the focus was: route it."""
        from desk.scan.route import route

        routed = route(
            text, today=self.clock.today(), lookup_base_url=self.office.lookup_base_url or None
        )
        if routed.error:
            self.show_error(routed.error)
            return
        if routed.kind == "dossier":
            self.tabs.setCurrentWidget(self.dossiers)
            self.dossiers.select_code(routed.value)
            self.show_message(f"Đã quét mã hồ sơ {routed.value}.")
        elif routed.kind == "citizen_id":
            card = routed.value
            self.tabs.setCurrentWidget(self.dossiers)
            self.dossiers.select_code(card.id_number)
            self.show_message(f"Đã quét căn cước: {card.name}, số {card.id_number}.")
        elif routed.kind == "ticket":
            self.show_message(f"Đã quét vé số {routed.value.number}.")
        else:
            self.show_message(f"Mã quét được: {routed.text[:120]}")

    def _open_scan(self) -> None:
        """Số hóa opens on the dossier selected in the Hồ sơ tab."""
        code = self.dossiers.current_code()
        if self.tabs.currentWidget() is self.scan and code and code != self.scan.code:
            self.scan.open_dossier(code)

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

    def refresh_printing(self) -> None:
        from printing import queue

        store = self.store
        self.runner.run(lambda: queue.waiting_summary(store), self._show_printing)

    def _show_printing(self, summary: dict) -> None:
        waiting = summary["waiting"]
        self.print_label.setText(f"Chờ in: {waiting}" if waiting else "")
        self.print_label.setStyleSheet("color: #b3261e; font-weight: bold;" if waiting else "")

    def show_error(self, text: str) -> None:
        self.message.setText(f"⚠ {text}")
        self.message.setStyleSheet("color: #b3261e;")

    def refresh_sync(self) -> None:
        store = self.store
        self.runner.run(lambda: unsynced_count(store.conn), self._show_sync)

    def _show_sync(self, unsynced: int) -> None:
        self.sync_label.setText(sync_status_text(unsynced))
