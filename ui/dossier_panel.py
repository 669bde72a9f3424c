"""Hồ sơ: find a dossier (tone marks optional), the day's views, its details and its steps.

The list shows code, applicant, procedure, status and appointment without scrolling at
1366×768, overdue in red. Views (today, due today, due soon, overdue, waiting to be
returned) are asked at the office clock's time and refreshed each minute and at midnight.
"""

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk import dossiers
from desk.dossiers.model import CHANNELS, STATUS_LABELS
from desk.dossiers.views import VIEWS, fields_in_use, officers_in_use
from ui import changes
from ui.dossier_actions import ActionBar
from ui.dossier_model import DossierTableModel
from ui.dossier_view import dossier_html, load_details
from ui.sync_panel import SyncBadgeProxy, SyncBadges

FILTERS = (
    ("Tất cả hồ sơ", None),
    *((label, f"view:{key}") for key, label in VIEWS.items()),
    *((label, f"status:{status}") for status, label in STATUS_LABELS.items()),
)


class DossierPanel(QWidget):
    def __init__(self, store, runner, bus, printing, office_clock, session, parent=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.bus = bus
        self.printing = printing
        self.clock = office_clock
        self._generation = 0
        self._detail_generation = 0
        self._total = None
        self.search = QLineEdit(
            placeholderText="Tìm theo tên, số định danh, điện thoại, mã hồ sơ… (gõ không dấu cũng được)"
        )
        self.search.setClearButtonEnabled(True)
        self.filter = QComboBox()
        for label, value in FILTERS:
            self.filter.addItem(label, value)
        self.field = QComboBox(toolTip="Lĩnh vực")
        self.officer = QComboBox(toolTip="Người tiếp nhận")
        self.channel = QComboBox(toolTip="Kênh nộp")
        for combo in (self.filter, self.field, self.officer, self.channel):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.channel.addItem("Mọi kênh nộp", None)
        for key, label in CHANNELS.items():
            self.channel.addItem(label, key)
        self.count = QLabel(objectName="subheader")
        self.today = QLabel(objectName="subheader")
        self.model = DossierTableModel(office_clock.now(), self)
        self.badges = SyncBadges(store, runner, bus, watching=[])
        self.table = QTableView()
        self.table.setModel(SyncBadgeProxy(self.model, self.badges, self))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 200), (1, 150), (3, 145), (4, 95), (5, 80)):
            self.table.setColumnWidth(col, width)
        self.empty = QLabel(objectName="subheader", wordWrap=True)
        self.empty.hide()
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self._link)
        self.actions = ActionBar(store, runner, bus, printing, session, office_clock)

        top = QHBoxLayout()
        top.addWidget(self.search, 4)
        top.addWidget(self.filter, 2)
        filters = QHBoxLayout()
        filters.addWidget(self.field, 2)
        filters.addWidget(self.officer, 2)
        filters.addWidget(self.channel, 1)
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addLayout(filters)
        lay.addWidget(self.today)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.empty)
        lay.addWidget(self.count)
        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        rlay.addWidget(self.detail, 1)
        rlay.addWidget(self.actions)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        split.setSizes([800, 540])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(split)

        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        for combo in (self.filter, self.field, self.officer, self.channel):
            combo.currentIndexChanged.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        bus.changed.connect(self._on_changed)
        office_clock.minute.connect(self._on_minute)
        office_clock.day_changed.connect(lambda _day: self.refresh())
        self._load_filters()
        self.refresh()

    # --- refreshing ------------------------------------------------------------------------

    def _on_changed(self, names) -> None:
        if changes.DOSSIERS in names:
            self._load_filters()
            self.refresh()

    def _on_minute(self, now) -> None:
        """Due times pass while the list is open: repaint the marks, recount the day."""
        self.model.set_now(now)
        self._count_day(now)

    def _load_filters(self) -> None:
        store = self.store

        def show(result):
            fields, officers = result
            for combo, values, everyone in (
                (self.field, fields, "Mọi lĩnh vực"),
                (self.officer, officers, "Mọi người tiếp nhận"),
            ):
                current = combo.currentData()
                combo.blockSignals(True)
                combo.clear()
                combo.addItem(everyone, None)
                for value in values:
                    combo.addItem(value, value)
                index = combo.findData(current)
                combo.setCurrentIndex(max(index, 0))
                combo.blockSignals(False)

        self.runner.run(lambda: (fields_in_use(store), officers_in_use(store)), show)

    def _count_day(self, now) -> None:
        store = self.store
        self.runner.run(lambda: (dossiers.day_summary(store, now), now), self._show_day)

    def _show_day(self, result) -> None:
        summary, now = result
        self._total = summary
        self.today.setText(
            f"Hôm nay {now:%d/%m/%Y}: tiếp nhận {summary['received']} · "
            f"đến hạn {summary['due_today']} · quá hạn {summary['overdue']} · "
            f"chờ trả kết quả {summary['to_return']}"
        )

    def refresh(self) -> None:
        text = self.search.text().strip()
        chosen = self.filter.currentData() or ""
        kind, _, value = chosen.partition(":")
        view = value if kind == "view" else None
        status = value if kind == "status" else None
        field, officer, channel = (
            self.field.currentData(),
            self.officer.currentData(),
            self.channel.currentData(),
        )
        self._generation += 1
        generation = self._generation
        store = self.store
        now = self.clock.now()
        self._count_day(now)

        def keep(d) -> bool:
            return (
                (not status or d.status.value == status)
                and (view != "overdue" or d.is_overdue(now))
                and (not field or d.field == field)
                and (not officer or d.receiver == officer)
                and (not channel or d.channel == channel)
            )

        def load():
            if text:
                rows = [d for d in dossiers.search(store, text, limit=200) if keep(d)]
            else:
                rows = dossiers.list_dossiers(
                    store,
                    view=view,
                    status=status,
                    field=field,
                    officer=officer,
                    channel=channel,
                    limit=500,
                )
            total = store.scalar("SELECT COUNT(*) FROM dossiers")
            return rows, total

        def show(result):
            if generation != self._generation:
                return  # a newer query is on its way; drop this stale answer
            rows, total = result
            self.model.set_rows(rows, now)
            self.badges.watch([d.id for d in rows])
            self.count.setText(
                f"{len(rows)} hồ sơ" + (" (500 hồ sơ gần nhất)" if len(rows) >= 500 else "")
            )
            if rows:
                self.empty.hide()
                self.table.selectRow(0)
                return
            self.empty.setText(
                "Văn phòng chưa có hồ sơ nào. Bấm F2 để tiếp nhận hồ sơ đầu tiên."
                if total == 0
                else "Không có hồ sơ nào khớp với điều kiện tìm."
            )
            self.empty.show()
            self.detail.setHtml("")
            self.actions.show_dossier(None)

        self.runner.run(load, show)

    # --- the open dossier ------------------------------------------------------------------

    def _show_current(self, current, _previous) -> None:
        brief = self.model.dossier(current.row())
        if brief is None:
            return
        code = brief.code
        store = self.store
        self._detail_generation += 1
        generation = self._detail_generation

        def show(details):
            if generation != self._detail_generation:
                return
            self.detail.setHtml(dossier_html(details, self.clock.now()))
            self.actions.show_dossier(details.dossier)

        self.runner.run(lambda: load_details(store, code), show)

    def current_code(self) -> str | None:
        brief = self.model.dossier(self.table.currentIndex().row())
        return brief.code if brief else None

    def select_code(self, code: str) -> None:
        """Open a dossier by code (a scanned receipt): search for it and select it."""
        self.filter.setCurrentIndex(0)
        self.search.setText(code)
        self.refresh()

    def _link(self, url: QUrl) -> None:
        """«Mở bản PDF»: the paper's PDF exported and opened in the system's viewer."""
        if url.scheme() != "paper" or self.actions.dossier is None:
            return
        code, ordinal = self.actions.dossier.code, int(url.path() or url.host() or 0)
        store = self.store

        def export():
            import tempfile
            from pathlib import Path

            from desk.dossiers.scans import export as export_papers

            folder = Path(tempfile.mkdtemp(prefix="desk-hoso-"))
            written = export_papers(store, code, folder)
            wanted = [p for p in written if p.name.endswith(f".{ordinal}.pdf")]
            return wanted[0] if wanted else None

        def opened(path):
            if path is None or not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
                self.actions.error.emit(
                    f"Không mở được bản PDF trên máy này; tệp đã được lưu tại {path}."
                    if path
                    else "Giấy tờ này chưa được số hóa."
                )

        self.runner.run(export, opened)
