"""Print jobs: what waits and why (in Vietnamese), and the buttons to fix it."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from printing import queue
from ui import changes
from ui.paper_roll import PaperRoll
from ui.table_model import RecordTableModel

COLUMNS = ("Thời gian", "Lệnh in", "Máy in", "Trạng thái", "Lý do")


def _cells(job: queue.Job) -> tuple[str, ...]:
    reason = job.last_error if job.status != "done" else ""
    return (f"{job.created_at:%H:%M %d/%m}", job.title, job.printer, job.status_label, reason)


def job_model(parent=None) -> RecordTableModel:
    return RecordTableModel(
        COLUMNS,
        _cells,
        alarming=lambda job, _col: job.status in ("queued", "failed") and bool(job.last_error),
        parent=parent,
    )


class PrintPanel(QWidget):
    def __init__(self, store, runner, bus, service, parent=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.service = service
        self.summary = QLabel(objectName="subheader")
        self.show_all = QCheckBox("Hiện cả lệnh đã in")
        self.model = job_model(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((100, 260, 170, 140)):
            self.table.setColumnWidth(col, width)
        self.buttons = {
            "retry": QPushButton("In lại ngay"),
            "reprint": QPushButton("In thêm bản"),
            "move": QPushButton("Gửi máy in khác…"),
            "cancel": QPushButton("Hủy lệnh"),
        }
        row = QHBoxLayout()
        row.addWidget(self.show_all)
        row.addStretch(1)
        for name, button in self.buttons.items():
            button.clicked.connect(lambda _=False, n=name: self.act(n))
            row.addWidget(button)
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        self.roll = PaperRoll(service)
        split.addWidget(self.roll)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        outer = QVBoxLayout(self)
        outer.addWidget(split)
        self.show_all.toggled.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        bus.changed.connect(lambda names: changes.PRINT_JOBS in names and self.refresh())
        self.refresh()

    def selected(self) -> queue.Job | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def _enable(self) -> None:
        job = self.selected()
        waiting = bool(job and job.status in ("queued", "failed"))
        self.buttons["retry"].setEnabled(waiting)
        self.buttons["move"].setEnabled(waiting)
        self.buttons["cancel"].setEnabled(waiting)
        self.buttons["reprint"].setEnabled(bool(job))

    def refresh(self) -> None:
        store, everything = self.store, self.show_all.isChecked()

        def load():
            return queue.list_jobs(store, waiting_only=not everything), queue.waiting_summary(store)

        def show(result):
            jobs, summary = result
            self.model.set_records(jobs)
            if summary["waiting"]:
                self.summary.setText(f"{summary['waiting']} lệnh in đang chờ. {summary['reason']}")
                self.summary.setStyleSheet("color: #b3261e;")
            else:
                self.summary.setText("Không có lệnh in nào đang chờ.")
                self.summary.setStyleSheet("")
            if jobs and not self.table.currentIndex().isValid():
                self.table.selectRow(0)
            self._enable()

        self.runner.run(load, show)

    def act(self, action: str, *, printer: str | None = None) -> None:
        job = self.selected()
        if job is None:
            return
        if action == "move" and printer is None:
            dialog = QInputDialog(self)
            dialog.setWindowTitle("Gửi sang máy in khác")
            dialog.setLabelText("Địa chỉ máy in (ví dụ tcp://192.168.1.50:9100, virtual:):")
            dialog.setOkButtonText("Gửi")
            dialog.setCancelButtonText("Hủy")
            if not dialog.exec() or not dialog.textValue().strip():
                return
            printer = dialog.textValue().strip()
        self.service.act(action, job.id, printer=printer)
