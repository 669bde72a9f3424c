"""How the dossier list shows a dossier (a RecordTableModel's columns)."""

from desk.dossiers.model import Dossier
from ui.table_model import RecordTableModel

COLUMNS = ("Mã hồ sơ", "Người yêu cầu", "Thủ tục", "Trạng thái", "Tiếp nhận", "Hẹn trả")


def _cells(d: Dossier) -> tuple[str, ...]:
    return (
        d.code,
        d.applicant.name,
        d.procedure_name,
        d.status_label + (" · quá hạn" if d.overdue else ""),
        f"{d.received_at:%d/%m/%Y %H:%M}",
        f"{d.due_at:%d/%m/%Y %H:%M}",
    )


class DossierTableModel(RecordTableModel):
    def __init__(self, parent=None):
        super().__init__(
            COLUMNS,
            _cells,
            alarming=lambda d, col: d.overdue and col in (3, 5),
            tooltip=lambda d: f"{d.code} — {d.procedure_name}",
            parent=parent,
        )

    def set_rows(self, rows) -> None:
        self.set_records(rows)

    def dossier(self, row: int) -> Dossier | None:
        return self.record(row)
