"""After the save: the code and the appointment in large type, what was printed, what next."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desk.catalog.money import format_dong
from ui.intake.summary import appointment_text

OUTCOMES = {
    "received": "Đã tiếp nhận hồ sơ",
    "supplement_requested": "Hồ sơ chưa đủ — đã ra phiếu yêu cầu bổ sung (Mẫu 02)",
    "refused": "Đã từ chối tiếp nhận — phiếu từ chối (Mẫu 03)",
}


class ResultView(QWidget):
    new_intake = Signal()
    scan_papers = Signal(str)
    reprint = Signal(str, str)  # code, what: receipt | slip | supplement | refusal

    def __init__(self, parent=None):
        super().__init__(parent)
        self.code = ""
        self.form = "receipt"
        self.title = QLabel(objectName="header")
        self.code_label = QLabel(objectName="bigcode")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.due = QLabel(objectName="bigdue")
        self.who = QLabel(wordWrap=True)
        self.printing = QLabel(wordWrap=True)
        self.next = QPushButton("Tiếp nhận hồ sơ mới (F2)")
        self.next.setProperty("primary", True)
        self.scan = QPushButton("Số hóa giấy tờ của hồ sơ này (F6)")
        self.again = QPushButton("In lại phiếu")
        self.slip = QPushButton("In biên nhận khổ nhỏ")
        self.next.clicked.connect(self.new_intake)
        self.scan.clicked.connect(lambda: self.scan_papers.emit(self.code))
        self.again.clicked.connect(lambda: self.reprint.emit(self.code, self.form))
        self.slip.clicked.connect(lambda: self.reprint.emit(self.code, "slip"))
        grid = QGridLayout()
        grid.addWidget(QLabel("Mã hồ sơ"), 0, 0)
        grid.addWidget(self.code_label, 0, 1)
        grid.addWidget(QLabel("Hẹn trả kết quả"), 1, 0)
        grid.addWidget(self.due, 1, 1)
        grid.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        for button in (self.scan, self.again, self.slip):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.next)
        self.who.setObjectName("figure")
        self.printing.setObjectName("figure")
        grid.setVerticalSpacing(14)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 24, 24, 12)
        lay.setSpacing(16)
        lay.addWidget(self.title)
        lay.addLayout(grid)
        lay.addWidget(self.who)
        lay.addWidget(self.printing)
        lay.addStretch(1)
        lay.addLayout(buttons)

    def show_dossier(self, dossier) -> None:
        self.code = dossier.code
        status = dossier.status.value
        self.form = {"supplement_requested": "supplement", "refused": "refusal"}.get(
            status, "receipt"
        )
        self.title.setText(OUTCOMES.get(status, dossier.status_label))
        self.code_label.setText(dossier.code)
        received = status == "received"
        self.due.setText(appointment_text(dossier.due_at) if received else "—")
        fee = "miễn phí" if not dossier.fee else format_dong(dossier.fee)
        self.who.setText(
            f"{dossier.applicant.name} — {dossier.procedure_name}. Phí, lệ phí: {fee}."
        )
        self.printing.setText("Đang in…")
        self.scan.setVisible(received)
        self.slip.setVisible(received)
        self.again.setText(
            {"receipt": "In lại giấy tiếp nhận (Mẫu 01)", "supplement": "In lại Mẫu 02"}.get(
                self.form, "In lại Mẫu 03"
            )
        )
        self.next.setFocus()

    def show_printed(self, text: str, *, ok: bool) -> None:
        self.printing.setText(text)
        self.printing.setStyleSheet("" if ok else "color: #b3261e;")
