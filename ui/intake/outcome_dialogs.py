"""The two questions an incomplete or unacceptable dossier raises at the counter."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
)

from desk.catalog.model import PAPER_KINDS


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("Quay lại")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class IncompleteDialog(QDialog):
    """Mẫu 02: which papers are missing (ticked from the checklist) and why."""

    def __init__(self, missing: list[dict], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Hồ sơ chưa đủ — phiếu yêu cầu bổ sung (Mẫu 02)")
        self.setMinimumWidth(560)
        self.items = QListWidget()
        for paper in missing:
            item = QListWidgetItem(
                f"{paper['name']} — {PAPER_KINDS.get(paper['kind'], paper['kind'])} × {paper['count']}"
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(Qt.ItemDataRole.UserRole, paper)
            self.items.addItem(item)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(
            "Lý do, hướng dẫn cho công dân (ví dụ: thiếu giấy chứng sinh bản chính)"
        )
        self.reason.setPlainText("Hồ sơ chưa đủ thành phần theo quy định.")
        self.error = QLabel(styleSheet="color: #b3261e;")
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Giấy tờ cần bổ sung:"))
        lay.addWidget(self.items)
        lay.addWidget(QLabel("Lý do, hướng dẫn:"))
        lay.addWidget(self.reason)
        lay.addWidget(self.error)
        lay.addWidget(_buttons(self, "Ghi nhận và in Mẫu 02"))

    def missing(self) -> list[dict]:
        return [
            self.items.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.items.count())
            if self.items.item(i).checkState() == Qt.CheckState.Checked
        ]

    def accept(self) -> None:
        if not self.missing():
            self.error.setText("Hãy chọn ít nhất một giấy tờ cần bổ sung.")
            return
        if not self.reason.toPlainText().strip():
            self.error.setText("Hãy ghi lý do, hướng dẫn cho công dân.")
            return
        super().accept()


class RefuseDialog(QDialog):
    """Mẫu 03: the reason the dossier cannot be received."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Từ chối tiếp nhận hồ sơ (Mẫu 03)")
        self.setMinimumWidth(520)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("Lý do từ chối tiếp nhận, ghi rõ căn cứ")
        self.error = QLabel(styleSheet="color: #b3261e;")
        lay = QVBoxLayout(self)
        lay.addWidget(
            QLabel(
                "Hồ sơ vẫn được ghi vào sổ; công dân nhận phiếu từ chối có lý do. "
                "Không thu phí, không hẹn trả.",
                wordWrap=True,
            )
        )
        lay.addWidget(self.reason)
        lay.addWidget(self.error)
        lay.addWidget(_buttons(self, "Từ chối và in Mẫu 03"))

    def accept(self) -> None:
        if not self.reason.toPlainText().strip():
            self.error.setText("Hãy ghi lý do từ chối.")
            return
        super().accept()
