"""A read-only table over a list of records: columns say how to show a record."""

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

_ROOT = QModelIndex()
WARNING = QBrush(QColor("#b3261e"))


class RecordTableModel(QAbstractTableModel):
    """`cells(record)` gives the texts of a row; `alarming(record, column)` paints it red."""

    def __init__(
        self,
        headers: Sequence[str],
        cells: Callable[[Any], Sequence[str]],
        *,
        alarming: Callable[[Any, int], bool] | None = None,
        tooltip: Callable[[Any], str] | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.headers = tuple(headers)
        self.cells = cells
        self.alarming = alarming
        self.tooltip = tooltip
        self.records: list = []

    def set_records(self, records) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def record(self, row: int):
        return self.records[row] if 0 <= row < len(self.records) else None

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        record = self.record(index.row())
        if record is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(record)[index.column()]
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and self.alarming
            and self.alarming(record, index.column())
        ):
            return WARNING
        if role == Qt.ItemDataRole.ToolTipRole and self.tooltip:
            return self.tooltip(record)
        return None
