"""Fee and appointment, shown live as the papers change, and how the result goes back.

The figures come from the core's intake plan (desk.dossiers.intake.plan), the same
computation `receive` commits, so what the officer reads here is what the receipt prints.
"""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
)

from desk.catalog.money import format_dong

WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def appointment_text(due) -> str:
    return f"{due:%H:%M}, {WEEKDAYS[due.weekday()]} {due:%d/%m/%Y}"


class SummaryBox(QGroupBox):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__("Phí, lệ phí và hẹn trả", parent)
        self.fee = QLabel("—", objectName="figure", wordWrap=True)
        self.due = QLabel("—", objectName="figure")
        self.limit = QLabel("", objectName="subheader")
        self.problem = QLabel(wordWrap=True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.copies = QSpinBox(minimum=1, maximum=100, value=1)
        self.copies_label = QLabel("Số bản sao cần chứng thực")
        self.amount = QLineEdit(placeholderText="số tiền theo biểu phí của tỉnh (đồng)")
        self.amount_label = QLabel("Số tiền phải nộp")
        self.extension = QCheckBox("Kéo dài thời hạn theo luật")
        self.extension_option = None  # desk.catalog.extensions.ExtensionOption of the procedure
        self.extension_reason = QLineEdit(placeholderText="lý do cần xác minh")
        self.counter = QRadioButton("Nhận kết quả tại quầy")
        self.post = QRadioButton("Gửi qua bưu chính")
        self.counter.setChecked(True)
        self.delivery = QButtonGroup(self)
        self.delivery.addButton(self.counter)
        self.delivery.addButton(self.post)
        self.address = QLineEdit(placeholderText="địa chỉ nhận kết quả qua bưu chính")
        grid = QGridLayout(self)
        grid.addWidget(QLabel("Phí, lệ phí"), 0, 0)
        grid.addWidget(self.fee, 0, 1, 1, 3)
        grid.addWidget(QLabel("Hẹn trả kết quả"), 1, 0)
        grid.addWidget(self.due, 1, 1)
        grid.addWidget(self.limit, 1, 2, 1, 2)
        grid.addWidget(self.copies_label, 2, 0)
        grid.addWidget(self.copies, 2, 1)
        grid.addWidget(self.amount_label, 3, 0)
        grid.addWidget(self.amount, 3, 1, 1, 3)
        grid.addWidget(self.extension, 4, 0, 1, 2)
        grid.addWidget(self.extension_reason, 4, 2, 1, 2)
        grid.addWidget(self.counter, 5, 0)
        grid.addWidget(self.post, 5, 1)
        grid.addWidget(self.address, 5, 2, 1, 2)
        grid.addWidget(self.problem, 6, 0, 1, 4)
        grid.setColumnStretch(3, 1)
        self.set_procedure(None)
        for signal in (
            self.copies.valueChanged,
            self.amount.textChanged,
            self.extension.toggled,
            self.extension_reason.textChanged,
            self.post.toggled,
            self.address.textChanged,
        ):
            signal.connect(self.changed)
        self.post.toggled.connect(self.address.setEnabled)
        self.extension.toggled.connect(self.extension_reason.setEnabled)

    def set_procedure(self, procedure) -> None:
        from desk.catalog.fees import FeeKind

        kind = procedure.fee.kind if procedure else None
        self.copies.setVisible(kind is FeeKind.PER_PAGE or kind is FeeKind.PER_COPY)
        self.copies_label.setVisible(self.copies.isVisible())
        self.amount.setVisible(kind is FeeKind.BY_PROVINCE)
        self.amount_label.setVisible(self.amount.isVisible())
        from desk.catalog.extensions import allowed_extensions

        options = allowed_extensions(procedure) if procedure else []
        self.extension_option = options[0] if options else None
        self.extension.setVisible(bool(options))
        self.extension_reason.setVisible(bool(options))
        self.extension.setChecked(False)
        self.extension_reason.setEnabled(False)
        if options:
            option = options[0]
            self.extension.setText(f"Kéo dài {option.max_days} {option.unit} theo luật")
            self.extension.setToolTip(f"{option.when} ({option.basis})")
            self.extension_reason.setPlaceholderText(option.when or "lý do cần xác minh")
        self.address.setEnabled(self.post.isChecked())
        self.show_plan(None)

    def show_plan(self, plan: dict | None, problem: str = "") -> None:
        if plan is None:
            self.fee.setText("—")
            self.due.setText("—")
            self.limit.setText("")
        else:
            amount = plan["fee"]
            detail = plan.get("fee_detail", "")
            self.fee.setText(
                "Miễn phí" if amount == 0 else f"<b>{format_dong(amount)}</b> — {detail}"
            )
            from desk import clock

            self.due.setText(f"<b>{appointment_text(clock.parse(plan['due_at']))}</b>")
            self.limit.setText(f"Thời hạn: {plan['time_limit']}")
        self.problem.setText(problem)

    def request_part(self) -> dict:
        """Delivery, fee basis and amount, extension: this box's part of the request."""
        part: dict = {"delivery": "post" if self.post.isChecked() else "counter"}
        if self.post.isChecked() and self.address.text().strip():
            part["note"] = f"Gửi kết quả về: {self.address.text().strip()}"
        if self.copies.isVisible():
            part["fee_basis"] = {"copies": self.copies.value()}
        text = self.amount.text().strip().replace(".", "").replace(",", "").replace(" ", "")
        if self.amount.isVisible() and text:
            part["fee"] = text
        if self.extension_option is not None and self.extension.isChecked():
            part["extension"] = {
                "days": self.extension_option.max_days,
                "reason": self.extension_reason.text().strip(),
            }
        return part

    def state(self) -> dict:
        return {
            "copies": self.copies.value(),
            "amount": self.amount.text(),
            "extension": self.extension.isChecked(),
            "extension_reason": self.extension_reason.text(),
            "post": self.post.isChecked(),
            "address": self.address.text(),
        }

    def restore(self, state: dict) -> None:
        self.copies.setValue(int(state.get("copies", 1)))
        self.amount.setText(state.get("amount", ""))
        self.extension.setChecked(bool(state.get("extension")))
        self.extension_reason.setText(state.get("extension_reason", ""))
        (self.post if state.get("post") else self.counter).setChecked(True)
        self.address.setText(state.get("address", ""))
