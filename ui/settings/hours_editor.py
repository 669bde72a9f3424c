"""Office hours as an officer reads them: two sessions, the cut-off and the next-day time.

Shared by the setup wizard and the settings page. The widget only turns times into the
OfficeHours JSON; whether they make sense is the core's to say (desk.calendar).
"""

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QTimeEdit, QWidget

from desk.calendar import OfficeHours


def _time(text: str) -> QTime:
    return QTime.fromString(text[:5], "HH:mm")


def _edit() -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    edit.setMinimumWidth(90)
    return edit


def _span(first: QTimeEdit, last: QTimeEdit | None = None) -> QWidget:
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(first)
    if last is not None:
        lay.addWidget(QLabel("đến"))
        lay.addWidget(last)
    lay.addStretch(1)
    return box


class HoursEditor(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.morning = (_edit(), _edit())
        self.afternoon = (_edit(), _edit())
        self.has_afternoon = QCheckBox("Có làm việc buổi chiều")
        self.has_afternoon.setChecked(True)
        self.cutoff = _edit()
        self.next_day_due = _edit()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.addRow("Buổi sáng:", _span(*self.morning))
        form.addRow("", self.has_afternoon)
        form.addRow("Buổi chiều:", _span(*self.afternoon))
        form.addRow("Nhận sau giờ này thì hẹn ngày làm việc sau:", _span(self.cutoff))
        form.addRow("Giờ hẹn trả của ngày làm việc sau:", _span(self.next_day_due))
        note = QLabel(
            "Áp dụng cho thủ tục trả kết quả trong ngày, ví dụ nhận sau 15:00 thì hẹn 10:00 "
            "ngày làm việc tiếp theo; ngày nghỉ, ngày lễ được bỏ qua.",
            wordWrap=True,
            objectName="subheader",
        )
        form.addRow(note)
        self.has_afternoon.toggled.connect(self._afternoon)
        self.set_value(OfficeHours().to_json())

    def widgets(self):
        return (*self.morning, self.has_afternoon, *self.afternoon, self.cutoff, self.next_day_due)

    def _afternoon(self, on: bool) -> None:
        for edit in self.afternoon:
            edit.setEnabled(on and self.has_afternoon.isEnabled())

    def set_value(self, hours: dict) -> None:
        hours = OfficeHours.from_json(hours or {}).to_json()
        sessions = hours["sessions"]
        self.morning[0].setTime(_time(sessions[0][0]))
        self.morning[1].setTime(_time(sessions[0][1]))
        self.has_afternoon.setChecked(len(sessions) > 1)
        later = sessions[1] if len(sessions) > 1 else ["13:30", "17:00"]
        self.afternoon[0].setTime(_time(later[0]))
        self.afternoon[1].setTime(_time(later[1]))
        self.cutoff.setTime(_time(hours["cutoff"]))
        self.next_day_due.setTime(_time(hours["next_day_due"]))
        self._extra = {k: v for k, v in hours.items() if k == "same_day_due"}

    def value(self) -> dict:
        def text(edit: QTimeEdit) -> str:
            return edit.time().toString("HH:mm")

        sessions = [[text(self.morning[0]), text(self.morning[1])]]
        if self.has_afternoon.isChecked():
            sessions.append([text(self.afternoon[0]), text(self.afternoon[1])])
        return {
            "sessions": sessions,
            "cutoff": text(self.cutoff),
            "next_day_due": text(self.next_day_due),
            **getattr(self, "_extra", {}),
        }
