"""The dossier list as a Qt table model (a view over rows, refreshed by the panel)."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desk.dossiers.model import Dossier

_ROOT = QModelIndex()

COLUMNS = ("Mã hồ sơ", "Người yêu cầu", "Thủ tục", "Trạng thái", "Tiếp nhận", "Hẹn trả")


class DossierTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Dossier] = []

    def set_rows(self, rows: list[Dossier]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def dossier(self, row: int) -> Dossier | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        d = self.dossier(index.row())
        if d is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                d.code,
                d.applicant.name,
                d.procedure_name,
                d.status_label + (" · quá hạn" if d.overdue else ""),
                f"{d.received_at:%d/%m/%Y %H:%M}",
                f"{d.due_at:%d/%m/%Y %H:%M}",
            )[col]
        if role == Qt.ItemDataRole.ForegroundRole and d.overdue and col in (3, 5):
            return QBrush(QColor("#b3261e"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{d.code} — {d.procedure_name}"
        return None
