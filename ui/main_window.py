"""The counter's main window: it only assembles the panels and the status line."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from desk.store import outbox
from ui import changes
from ui.catalog_panel import CatalogPanel
from ui.dossier_panel import DossierPanel


class MainWindow(QMainWindow):
    def __init__(self, store, runner, bus, parent=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.bus = bus
        office = store.office()
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
        self.dossiers = DossierPanel(store, runner, bus)
        self.catalog = CatalogPanel(store, runner, bus)
        self.tabs.addTab(self.dossiers, "Hồ sơ")
        self.tabs.addTab(self.catalog, "Thủ tục hành chính")

        central = QWidget()
        lay = QVBoxLayout(central)
        lay.addLayout(bar)
        lay.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.sync_label = QLabel()
        self.message = QLabel()
        self.statusBar().addWidget(self.message, 1)
        self.statusBar().addPermanentWidget(self.sync_label)
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

    def show_error(self, text: str) -> None:
        self.message.setText(f"⚠ {text}")
        self.message.setStyleSheet("color: #b3261e;")

    def refresh_sync(self) -> None:
        store = self.store
        self.runner.run(lambda: outbox.pending_summary(store.conn), self._show_sync)

    def _show_sync(self, summary: dict) -> None:
        pending = summary["pending"]
        if pending:
            self.sync_label.setText(f"Chờ gửi lên cấp trên: {pending} thao tác")
        else:
            self.sync_label.setText("Đã gửi hết lên cấp trên")
