"""Văn phòng: the office's identity as forms print it, and the liên of Mẫu 01."""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from desk.config import has_dossiers, set_unit_code
from ui.settings.page import Page, row

FIELDS = (
    ("name", "Tên cơ quan", "Như in trên giấy tờ, ví dụ “UBND xã Hòa Phú”."),
    ("parent_name", "Cơ quan cấp trên", "Ví dụ “UBND tỉnh Đắk Lắk”."),
    (
        "desk_name",
        "Tên bộ phận tiếp nhận",
        "“Bộ phận Một cửa” hoặc tên Trung tâm Phục vụ hành chính công.",
    ),
    ("place_name", "Địa danh ghi trên văn bản", "Phần trước “, ngày … tháng … năm …”."),
    ("address", "Địa chỉ", ""),
    ("phone", "Số điện thoại", ""),
    ("email", "Thư điện tử", ""),
    (
        "lookup_base_url",
        "Địa chỉ tra cứu hồ sơ",
        "Mã QR trên giấy tiếp nhận = địa chỉ này + mã hồ sơ.",
    ),
    ("leader_name", "Họ tên lãnh đạo ký văn bản", ""),
)


class OfficePage(Page):
    title = "Văn phòng"
    key = "office"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self.unit = QLineEdit(placeholderText="000.00.19.H47")
        self.change_unit = QPushButton("Đổi mã đơn vị")
        self.unit_note = QLabel(wordWrap=True, objectName="subheader")
        unit_row = QWidget()
        lay = QHBoxLayout(unit_row)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.unit, 1)
        lay.addWidget(self.change_unit)
        self.form.addWidget(row("Mã định danh đơn vị (QĐ 20/2020/QĐ-TTg)", unit_row))
        self.form.addWidget(self.unit_note)
        self.fields: dict[str, QLineEdit] = {}
        for key, label, hint in FIELDS:
            edit = QLineEdit()
            self.fields[key] = edit
            self.form.addWidget(row(label, edit, hint))
        self.copies = QSpinBox(minimum=1, maximum=4, value=2)
        self.copies.setSuffix(" liên")
        self.form.addWidget(
            row(
                "Số liên giấy tiếp nhận (Mẫu 01)",
                self.copies,
                "Mỗi lần in Mẫu 01 in ngần này liên (liên lưu, liên giao người nộp).",
            )
        )
        self.form.addStretch(1)
        self.watch(*self.fields.values(), self.copies)
        self.change_unit.clicked.connect(self.save_unit)
        self.unit.returnPressed.connect(self.save_unit)
        self.load()

    def read(self):
        store = self.env.store
        return {
            "office": store.setting("office") or {},
            "locked": has_dossiers(store),
            "copies": store.setting("office.receipt_copies"),
        }

    def show_values(self, data) -> None:
        office = data["office"]
        self.unit.setText(office.get("unit_code", ""))
        for key, edit in self.fields.items():
            edit.setText(office.get(key, ""))
            edit.setCursorPosition(0)
        self.copies.setValue(int(data["copies"] or 2))
        self.locked = data["locked"]
        self.unit.setReadOnly(self.locked)
        self.change_unit.setEnabled(not self.locked)
        self.unit_note.setText(
            "Đã có hồ sơ mang mã đơn vị này nên không đổi được mã."
            if self.locked
            else "Mã đơn vị nằm trong mã mọi hồ sơ: chỉ đổi được khi chưa có hồ sơ nào."
        )

    def apply_access(self) -> None:
        super().apply_access()
        if self.editable and getattr(self, "locked", False):
            self.change_unit.setEnabled(False)

    def collect(self):
        values = {f"office.{key}": edit.text() for key, edit in self.fields.items()}
        values["office.receipt_copies"] = self.copies.value() or 2
        return values

    def save_unit(self) -> None:
        if self.unit.isReadOnly() or not self.change_unit.isEnabled():
            return
        code, env = self.unit.text(), self.env
        self.run_change(
            lambda: set_unit_code(env.store, code, actor=env.actor, user=env.user),
            "Đã đổi mã đơn vị.",
        )
