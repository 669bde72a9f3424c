"""Thành phần hồ sơ: the procedure's papers as a checklist the officer ticks as they are
handed over. Space ticks the current paper and moves to the next; Ctrl+D ticks every
required one. Each paper keeps its kind (bản chính / chứng thực / photo), how many, and
its pages where the fee depends on them. Papers only shown for comparison (xuất trình)
are ticked as checked, not received."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
)

from desk.catalog.model import PAPER_KINDS

TICK, NAME, KIND, COUNT, PAGES = range(5)


class Checklist(QTableWidget):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(0, 5, parent)
        self.setHorizontalHeaderLabels(["Đã nhận", "Giấy tờ", "Loại bản", "Số bản", "Số trang"])
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for col, width in ((TICK, 70), (KIND, 150), (COUNT, 70), (PAGES, 80)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(col, width)
        self.papers: list = []
        self.pages_matter = False
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def set_procedure(self, procedure) -> None:
        from desk.catalog.fees import FeeKind

        self.blockSignals(True)
        self.setRowCount(0)
        self.papers = list(procedure.papers) if procedure else []
        self.pages_matter = bool(procedure and procedure.fee.kind is FeeKind.PER_PAGE)
        for row, paper in enumerate(self.papers):
            self.insertRow(row)
            tick = QTableWidgetItem()
            tick.setFlags(
                Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
            )
            tick.setCheckState(Qt.CheckState.Unchecked)
            self.setItem(row, TICK, tick)
            label = paper.name
            if paper.shown_only:
                label += "  (xuất trình để đối chiếu)"
            elif paper.optional:
                label += "  (nếu có)"
            name = QTableWidgetItem(label)
            name.setToolTip(paper.name + (f"\n{paper.note}" if paper.note else ""))
            self.setItem(row, NAME, name)
            kind = QComboBox()
            for key, text in PAPER_KINDS.items():
                kind.addItem(text, key)
            kind.setCurrentIndex(list(PAPER_KINDS).index(paper.kind))
            kind.currentIndexChanged.connect(self.changed)
            self.setCellWidget(row, KIND, kind)
            count = QSpinBox(minimum=1, maximum=1000, value=paper.count)
            count.valueChanged.connect(self.changed)
            self.setCellWidget(row, COUNT, count)
            pages = QSpinBox(minimum=0, maximum=100_000, value=0)
            pages.setSpecialValueText("—")
            pages.setEnabled(self.pages_matter and not paper.shown_only)
            pages.valueChanged.connect(self.changed)
            self.setCellWidget(row, PAGES, pages)
        self.resizeRowsToContents()
        self.blockSignals(False)
        if self.papers:
            self.setCurrentCell(0, NAME)
        self.changed.emit()

    # --- keyboard ------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and self.currentRow() >= 0:
            self.toggle(self.currentRow())
            if self.currentRow() + 1 < self.rowCount():
                self.setCurrentCell(self.currentRow() + 1, NAME)
            return
        super().keyPressEvent(event)

    def toggle(self, row: int) -> None:
        item = self.item(row, TICK)
        ticked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked)

    def tick_required(self) -> None:
        """Every required paper handed over (Ctrl+D): what most intakes are."""
        for row, paper in enumerate(self.papers):
            if not paper.optional:
                self.item(row, TICK).setCheckState(Qt.CheckState.Checked)

    # --- reading ---------------------------------------------------------------------------

    def _row(self, row: int) -> dict:
        kind: QComboBox = self.cellWidget(row, KIND)
        count: QSpinBox = self.cellWidget(row, COUNT)
        pages: QSpinBox = self.cellWidget(row, PAGES)
        return {
            "ticked": self.item(row, TICK).checkState() == Qt.CheckState.Checked,
            "kind": kind.currentData(),
            "count": count.value(),
            "pages": pages.value(),
        }

    def received(self) -> list[dict]:
        """The papers as handed in, for the intake request."""
        papers = []
        for row, paper in enumerate(self.papers):
            state = self._row(row)
            if not state["ticked"]:
                continue
            item = {"name": paper.name, "kind": state["kind"], "count": state["count"]}
            if state["pages"]:
                item["pages"] = state["pages"]
            if paper.shown_only:
                item["shown_only"] = True
            papers.append(item)
        return papers

    def missing(self) -> list[dict]:
        """Required papers not handed over: what Mẫu 02 asks for."""
        return [
            {"name": paper.name, "kind": self._row(row)["kind"], "count": self._row(row)["count"]}
            for row, paper in enumerate(self.papers)
            if not paper.optional and not self._row(row)["ticked"]
        ]

    def state(self) -> list[dict]:
        return [self._row(row) for row in range(self.rowCount())]

    def restore(self, rows: list[dict]) -> None:
        for row, saved in enumerate(rows[: self.rowCount()]):
            self.item(row, TICK).setCheckState(
                Qt.CheckState.Checked if saved.get("ticked") else Qt.CheckState.Unchecked
            )
            kind: QComboBox = self.cellWidget(row, KIND)
            index = kind.findData(saved.get("kind"))
            if index >= 0:
                kind.setCurrentIndex(index)
            self.cellWidget(row, COUNT).setValue(int(saved.get("count", 1)))
            self.cellWidget(row, PAGES).setValue(int(saved.get("pages", 0)))
