"""Dossiers: search (tone marks optional), filter by status, details and history."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk import dossiers
from ui import changes
from ui.dossier_model import DossierTableModel
from ui.dossier_view import dossier_html

FILTERS = (
    ("Tất cả hồ sơ", None),
    ("Quá hạn", "overdue"),
    ("Đã tiếp nhận", "received"),
    ("Chờ bổ sung", "supplement_requested"),
    ("Đang giải quyết", "in_progress"),
    ("Có kết quả, chờ trả", "done"),
    ("Đã trả kết quả", "returned"),
    ("Từ chối", "refused"),
    ("Dừng giải quyết", "stopped"),
)


class DossierPanel(QWidget):
    def __init__(self, store, runner, bus, printing, office_clock, parent=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.printing = printing
        self.clock = office_clock
        self._generation = 0
        self.search = QLineEdit(
            placeholderText="Tìm theo tên, số định danh, điện thoại, mã hồ sơ… (gõ không dấu cũng được)"
        )
        self.search.setClearButtonEnabled(True)
        self.filter = QComboBox()
        for label, value in FILTERS:
            self.filter.addItem(label, value)
        self.count = QLabel(objectName="subheader")
        self.today = QLabel(objectName="subheader")
        self.model = DossierTableModel(office_clock.now(), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((235, 165, 230, 150, 125)):
            self.table.setColumnWidth(col, width)
        self.detail = QTextBrowser()
        self.detail.setOpenExternalLinks(False)

        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.filter, 1)
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.today)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count)
        self.print_receipt = QPushButton("In giấy tiếp nhận (Mẫu 01)")
        self.print_slip = QPushButton("In biên nhận khổ nhỏ")
        self.print_receipt.clicked.connect(lambda: self._print("receipt"))
        self.print_slip.clicked.connect(lambda: self._print("slip"))
        actions = QHBoxLayout()
        actions.addWidget(self.print_receipt)
        actions.addWidget(self.print_slip)
        actions.addStretch(1)
        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        rlay.addWidget(self.detail, 1)
        rlay.addLayout(actions)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        outer = QVBoxLayout(self)
        outer.addWidget(split)

        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self.filter.currentIndexChanged.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        bus.changed.connect(self._on_changed)
        office_clock.minute.connect(self._on_minute)
        office_clock.day_changed.connect(lambda _day: self.refresh())
        self.refresh()

    def _on_changed(self, names) -> None:
        if changes.DOSSIERS in names:
            self.refresh()

    def _on_minute(self, now) -> None:
        """Due times pass while the list is open: repaint the marks, recount the day."""
        self.model.set_now(now)
        self._count_day(now)

    def _count_day(self, now) -> None:
        store = self.store
        self.runner.run(lambda: dossiers.day_summary(store, now), self._show_day)

    def _show_day(self, summary: dict) -> None:
        parts = [
            f"Hôm nay {self.clock.last:%d/%m/%Y}: tiếp nhận {summary['received']}",
            f"đến hạn {summary['due_today']}",
            f"quá hạn {summary['overdue']}",
            f"chờ trả kết quả {summary['to_return']}",
        ]
        self.today.setText(" · ".join(parts))

    def refresh(self) -> None:
        text = self.search.text().strip()
        status = self.filter.currentData()
        self._generation += 1
        generation = self._generation
        store = self.store
        now = self.clock.now()
        self._count_day(now)

        def load():
            if text:
                found = dossiers.search(store, text, limit=200)
                return [
                    d
                    for d in found
                    if not status
                    or d.status.value == status
                    or (status == "overdue" and d.is_overdue(now))
                ]
            return dossiers.list_dossiers(store, status=status, limit=500)

        def show(rows):
            if generation != self._generation:
                return  # a newer query is on its way; drop this stale answer
            self.model.set_rows(rows, now)
            self.count.setText(
                f"{len(rows)} hồ sơ" + (" (tối đa 500 gần nhất)" if len(rows) >= 500 else "")
            )
            if rows:
                self.table.selectRow(0)
            else:
                self.detail.setHtml("<p style='color:#5f6b7a'>Không có hồ sơ nào khớp.</p>")

        self.runner.run(load, show)

    def _show_current(self, current, _previous) -> None:
        brief = self.model.dossier(current.row())
        if brief is None:
            return
        code = brief.code
        self.runner.run(
            lambda: dossiers.get(self.store, code),
            lambda d: self.detail.setHtml(dossier_html(d, self.clock.now())),
        )

    def current_code(self) -> str | None:
        brief = self.model.dossier(self.table.currentIndex().row())
        return brief.code if brief else None

    def _print(self, what: str) -> None:
        code = self.current_code()
        if code is None:
            return
        if what == "receipt":
            self.printing.print_receipt(code)
        else:
            self.printing.print_slip(code)

    def select_code(self, code: str) -> None:
        """Open a dossier by code (a scanned receipt): search for it and select it."""
        self.filter.setCurrentIndex(0)
        self.search.setText(code)
        self.refresh()
