"""How the dossier list shows a dossier (a RecordTableModel's columns).

Overdue marks are computed against the time the model was last given (`set_now`), so a
list left open across a due time or midnight repaints itself without a new query.
"""

from datetime import datetime

from desk.dossiers.model import Dossier
from ui.table_model import RecordTableModel

COLUMNS = ("Mã hồ sơ", "Người yêu cầu", "Thủ tục", "Trạng thái", "Hẹn trả")


class DossierTableModel(RecordTableModel):
    def __init__(self, now: datetime, parent=None):
        self.now = now
        super().__init__(
            COLUMNS,
            self._cells,
            alarming=lambda d, col: d.is_overdue(self.now) and col in (3, 4),
            tooltip=lambda d: (
                f"{d.code} — {d.procedure_name}\nTiếp nhận {d.received_at:%H:%M %d/%m/%Y}"
                + (f"\nHẹn trả {d.due_at:%H:%M %d/%m/%Y}" if d.status.value != "refused" else "")
            ),
            parent=parent,
        )

    def _cells(self, d: Dossier) -> tuple[str, ...]:
        return (
            d.code,
            d.applicant.name,
            d.procedure_name,
            d.status_label + (" · quá hạn" if d.is_overdue(self.now) else ""),
            self._due(d),
        )

    def _due(self, d: Dossier) -> str:
        # The year only when it is not this year: the column stays narrow enough for the
        # procedure's name at 1366 px; the tooltip and the detail give the whole date.
        if d.status.value == "refused":
            return "—"
        if d.due_at.year == self.now.year:
            return f"{d.due_at:%H:%M %d/%m}"
        return f"{d.due_at:%H:%M %d/%m/%Y}"

    def set_now(self, now: datetime) -> None:
        self.now = now
        if self.records:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.records) - 1, len(COLUMNS) - 1)
            )

    def set_rows(self, rows, now: datetime | None = None) -> None:
        if now is not None:
            self.now = now
        self.set_records(rows)

    def dossier(self, row: int) -> Dossier | None:
        return self.record(row)
