"""Người yêu cầu: filled by scanning the citizen's card, or typed; always editable.

A scanned CCCD / Căn cước fills every field it carries and records how identity was
checked; the officer adds the phone number. Someone handing the dossier in for another
person is recorded as the submitter (người nộp thay).
"""

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.citizen_id.card import title_name

ID_METHODS = {
    "cccd_qr": "Quét mã QR trên căn cước",
    "chip": "Đọc chip căn cước",
    "vneid": "Ứng dụng VNeID",
    "manual": "Xem giấy tờ tùy thân",
}


def parse_day(text: str) -> date | None:
    """dd/mm/yyyy (or d/m/yyyy, with - or .) as typed at the counter; None when empty.

    ValueError with a Vietnamese message when it is not a date."""
    text = text.strip().replace("-", "/").replace(".", "/")
    if not text:
        return None
    try:
        day, month, year = (int(part) for part in text.split("/"))
        return date(year, month, day)
    except (ValueError, TypeError):
        raise ValueError(f"Ngày sinh «{text}» không đúng dạng ngày/tháng/năm.") from None


class PersonFields(QWidget):
    """Name, ID number, date of birth, sex, phone, address of one person."""

    changed = Signal()

    def __init__(self, *, full: bool = True, parent=None):
        super().__init__(parent)
        self.id_number = QLineEdit(placeholderText="12 chữ số", maxLength=12)
        self.name = QLineEdit(placeholderText="Họ và tên")
        self.dob = QLineEdit(placeholderText="ngày/tháng/năm", maxLength=10)
        self.sex = QComboBox()
        self.sex.addItems(["", "Nam", "Nữ"])
        self.phone = QLineEdit(placeholderText="Số điện thoại", maxLength=20)
        self.address = QLineEdit(placeholderText="Nơi cư trú")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.sex.setMinimumContentsLength(4)
        self.sex.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        grid.addWidget(QLabel("Số định danh"), 0, 0)
        grid.addWidget(self.id_number, 0, 1)
        grid.addWidget(QLabel("Họ và tên"), 0, 2)
        grid.addWidget(self.name, 0, 3, 1, 3)
        grid.addWidget(QLabel("Điện thoại"), 0, 6)
        grid.addWidget(self.phone, 0, 7)
        if full:
            grid.addWidget(QLabel("Ngày sinh"), 1, 0)
            grid.addWidget(self.dob, 1, 1)
            grid.addWidget(QLabel("Giới tính"), 1, 2)
            grid.addWidget(self.sex, 1, 3)
            grid.addWidget(QLabel("Địa chỉ"), 1, 4)
            grid.addWidget(self.address, 1, 5, 1, 3)
        else:
            self.dob.hide()
            self.sex.hide()
            self.address.hide()
        grid.setColumnStretch(5, 1)
        for edit in (self.id_number, self.name, self.dob, self.phone, self.address):
            edit.textChanged.connect(self.changed)
        self.sex.currentIndexChanged.connect(self.changed)

    def to_dict(self) -> dict:
        """The request's person; ValueError (Vietnamese) when the date of birth is not a date."""
        dob = parse_day(self.dob.text())
        data = {
            "name": self.name.text().strip(),
            "id_number": self.id_number.text().strip(),
            "phone": self.phone.text().strip(),
        }
        if dob:
            data["dob"] = dob.isoformat()
        if self.sex.currentText():
            data["sex"] = self.sex.currentText()
        if self.address.text().strip():
            data["address"] = self.address.text().strip()
        return data

    def state(self) -> dict:
        """What was typed, as typed (for the draft)."""
        return {
            "name": self.name.text(),
            "id_number": self.id_number.text(),
            "dob": self.dob.text(),
            "sex": self.sex.currentText(),
            "phone": self.phone.text(),
            "address": self.address.text(),
        }

    def restore(self, state: dict) -> None:
        self.name.setText(state.get("name", ""))
        self.id_number.setText(state.get("id_number", ""))
        self.dob.setText(state.get("dob", ""))
        self.sex.setCurrentText(state.get("sex", ""))
        self.phone.setText(state.get("phone", ""))
        self.address.setText(state.get("address", ""))

    def clear(self) -> None:
        self.restore({})


class ApplicantBox(QGroupBox):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__("Người yêu cầu — quét mã QR trên căn cước hoặc nhập tay", parent)
        self.person = PersonFields()
        self.method = QComboBox()
        for key, label in ID_METHODS.items():
            self.method.addItem(label, key)
        self.method.setCurrentIndex(list(ID_METHODS).index("manual"))
        self.card_note = QLabel(objectName="subheader", wordWrap=True)
        self.by_other = QCheckBox("Người khác nộp thay")
        self.camera = QPushButton("Quét QR bằng camera (F9)")
        self.camera.setToolTip("Khi không có máy quét mã vạch: đưa mã QR trên căn cước vào camera")
        self.submitter = PersonFields(full=False)
        self.submitter.hide()
        row = QGridLayout()
        row.addWidget(QLabel("Kiểm tra danh tính"), 0, 0)
        row.addWidget(self.method, 0, 1)
        row.addWidget(self.card_note, 0, 2)
        row.addWidget(self.camera, 0, 3)
        row.addWidget(self.by_other, 0, 4)
        row.setColumnStretch(2, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.person)
        lay.addLayout(row)
        lay.addWidget(self.submitter)
        self.by_other.toggled.connect(self.submitter.setVisible)
        for signal in (
            self.person.changed,
            self.submitter.changed,
            self.by_other.toggled,
            self.method.currentIndexChanged,
        ):
            signal.connect(self.changed)

    def fill_from_card(self, card) -> None:
        """A scanned card: every field it carries, and how identity was checked."""
        p = self.person
        p.id_number.setText(card.id_number)
        p.name.setText(title_name(card.name))
        p.dob.setText(f"{card.dob:%d/%m/%Y}")
        p.sex.setCurrentText(card.sex)
        p.address.setText(card.address)
        self.method.setCurrentIndex(list(ID_METHODS).index("cccd_qr"))
        note = f"✓ Đã quét {card.kind_label}"
        if card.warnings:
            note += " — " + " ".join(card.warnings)
        self.card_note.setText(note)

    def fill_submitter_from_card(self, card) -> None:
        self.by_other.setChecked(True)
        s = self.submitter
        s.id_number.setText(card.id_number)
        s.name.setText(title_name(card.name))

    def applicant(self) -> dict:
        data = self.person.to_dict()
        data["id_method"] = self.method.currentData()
        return data

    def submitter_data(self) -> dict | None:
        if not self.by_other.isChecked():
            return None
        data = self.submitter.to_dict()
        return data if data.get("name") else None

    def state(self) -> dict:
        return {
            "person": self.person.state(),
            "method": self.method.currentData(),
            "card_note": self.card_note.text(),
            "by_other": self.by_other.isChecked(),
            "submitter": self.submitter.state(),
        }

    def restore(self, state: dict) -> None:
        self.person.restore(state.get("person", {}))
        method = state.get("method", "manual")
        self.method.setCurrentIndex(list(ID_METHODS).index(method) if method in ID_METHODS else 3)
        self.card_note.setText(state.get("card_note", ""))
        self.by_other.setChecked(bool(state.get("by_other")))
        self.submitter.restore(state.get("submitter", {}))

    def clear(self) -> None:
        self.restore({})

    def has_person(self) -> bool:
        return bool(self.person.name.text().strip() or self.person.id_number.text().strip())
