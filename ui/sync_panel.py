"""The rejected operations, with the server's reason and what the officer can do; and the
per-dossier sync badges as an extra column on any dossier list."""

from PySide6.QtCore import QIdentityProxyModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.labels import OP_KINDS, label
from sync.client.status import BADGES
from ui import changes


class RejectedPanel(QWidget):
    def __init__(self, store, runner, bus, parent=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.bus = bus
        self.rows: list[dict] = []
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Mã hồ sơ", "Thao tác", "Lý do", "Cách xử lý"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.accept_button = QPushButton("Nhận theo cấp tỉnh")
        self.accept_button.setEnabled(False)
        self.accept_button.clicked.connect(self.accept_selected)
        self.empty = QLabel("Không có thao tác nào bị từ chối.")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.accept_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.empty)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        bus.changed.connect(lambda names: self.refresh() if changes.OUTBOX in names else None)
        self.refresh()

    def refresh(self) -> None:
        from sync.client import rejected_ops

        store = self.store
        self.runner.run(lambda: rejected_ops(store), self.show_rows)

    def show_rows(self, rows: list[dict]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = [r["code"] or "—", label(OP_KINDS, r["kind"]), r["reason"], r["hint"]]
            for col, text in enumerate(cells):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        self.empty.setVisible(not rows)
        self._selected()

    def current(self) -> dict | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _selected(self) -> None:
        r = self.current()
        self.accept_button.setEnabled(bool(r and r["can_accept_upstream"]))

    def accept_selected(self) -> None:
        from sync.client import accept_upstream

        r = self.current()
        if r is None:
            return
        store, bus = self.store, self.bus
        self.runner.run(
            lambda: accept_upstream(store, r["op_id"], actor=store.station.get("name", "canbo")),
            lambda _done: bus.emit(changes.OUTBOX, changes.DOSSIERS),
        )


class RejectedDialog(QDialog):
    def __init__(self, store, runner, bus, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Thao tác bị máy chủ từ chối")
        self.resize(900, 420)
        self.panel = RejectedPanel(store, runner, bus, self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.panel, 1)
        lay.addWidget(close)


class SyncBadges(QObject):
    """Badge per dossier id, refreshed in the background when the outbox changes."""

    changed = Signal()

    def __init__(self, store, runner, bus, parent=None, *, watching: list[str] | None = None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.by_id: dict[str, str] = {}
        self.ids: list[str] | None = watching  # the dossiers a list shows (None: all)
        bus.changed.connect(
            lambda names: (
                self.refresh() if changes.OUTBOX in names or changes.DOSSIERS in names else None
            )
        )
        self.refresh()

    def refresh(self) -> None:
        from sync.client import badges

        store, ids = self.store, self.ids
        self.runner.run(lambda: badges(store, ids), self._show)

    def watch(self, ids: list[str]) -> None:
        """Keep badges for these dossiers only (what the list shows now)."""
        self.ids = list(ids)
        self.refresh()

    def _show(self, by_id: dict) -> None:
        self.by_id = by_id
        self.changed.emit()

    def badge(self, dossier_id: str) -> str:
        return self.by_id.get(dossier_id, "")


_ROOT = QModelIndex()
BADGE_COLOURS = {
    "conflict": "#b3261e",
    "rejected": "#b3261e",
    "error": "#8a5a00",
    "unsent": "#5f4b00",
}


class SyncBadgeProxy(QIdentityProxyModel):
    """Any dossier list model (rows with `.id`, read through `record(row)`) plus a last
    column "Đồng bộ" with the dossier's badge. Set it on the view before connecting the
    view's selection model (setModel replaces it)."""

    def __init__(self, source, badges: SyncBadges, parent=None):
        super().__init__(parent)
        self.setSourceModel(source)
        self.badges = badges
        badges.changed.connect(self._badges_changed)

    def _extra(self) -> int:
        return self.sourceModel().columnCount()

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else self._extra() + 1

    def index(self, row, column, parent=_ROOT):
        if column == self._extra():
            if parent.isValid() or not 0 <= row < self.rowCount():
                return QModelIndex()
            return self.createIndex(row, column)
        return super().index(row, column, parent)

    def sibling(self, row, column, idx):
        return self.index(row, column)

    def parent(self, index=_ROOT):
        return QModelIndex()

    def mapToSource(self, index):
        if index.isValid() and index.column() == self._extra():
            return QModelIndex()
        return super().mapToSource(index)

    def flags(self, index):
        if index.isValid() and index.column() == self._extra():
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return super().flags(index)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and section == self._extra():
            return "Đồng bộ" if role == Qt.ItemDataRole.DisplayRole else None
        return super().headerData(section, orientation, role)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.column() != self._extra():
            return super().data(index, role)
        record = self.sourceModel().record(index.row())
        key = self.badges.badge(record.id) if record is not None else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return BADGES.get(key, "")
        if role == Qt.ItemDataRole.ForegroundRole and key in BADGE_COLOURS:
            return QBrush(QColor(BADGE_COLOURS[key]))
        return None

    def _badges_changed(self) -> None:
        rows = self.rowCount()
        if rows:
            col = self._extra()
            self.dataChanged.emit(self.index(0, col), self.index(rows - 1, col))
