"""Pick the procedure by typing a few letters (tone marks optional), by field, or from
this counter's recent and favourite ones. Up/Down move in the list from the search box;
Enter takes the highlighted procedure. A first-week officer does not need to remember 250
procedures: the list shows each one's field and time limit."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

CODE = Qt.ItemDataRole.UserRole + 1
ALL_FIELDS = "Mọi lĩnh vực"


class SearchBox(QLineEdit):
    """Up/Down/PageUp/PageDown go to the list; Enter picks."""

    moved = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: 8,
            Qt.Key.Key_PageUp: -8,
        }
        if event.key() in steps:
            self.moved.emit(steps[event.key()])
            return
        super().keyPressEvent(event)


class ProcedurePicker(QWidget):
    picked = Signal(object)  # Procedure

    def __init__(self, parent=None):
        super().__init__(parent)
        self.catalog = None
        self.recent: list[str] = []
        self.favourites: list[str] = []
        self.current = None
        self.search = SearchBox(
            placeholderText="Gõ vài chữ tên thủ tục: khai sinh, chung thuc, ket hon…"
        )
        self.search.setClearButtonEnabled(True)
        self.field = QComboBox()
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.chosen = QLabel("Chưa chọn thủ tục", objectName="subheader", wordWrap=True)
        self.star = QPushButton("☆ Hay dùng")
        self.star.setToolTip("Đánh dấu thủ tục hay dùng ở quầy này (hiện đầu danh sách)")
        self.star.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.field, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.chosen, 1)
        bottom.addWidget(self.star)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.list, 1)
        lay.addLayout(bottom)
        self.search.textChanged.connect(self._fill)
        self.search.returnPressed.connect(self._pick_current)
        self.search.moved.connect(self._move)
        self.field.currentIndexChanged.connect(self._fill)
        self.list.itemActivated.connect(lambda item: self._pick(item.data(CODE)))
        self.list.itemClicked.connect(lambda item: self._pick(item.data(CODE)))

    def set_catalog(self, catalog, *, recent=(), favourites=()) -> None:
        self.catalog = catalog
        self.recent = [c for c in recent if self._known(c)]
        self.favourites = [c for c in favourites if self._known(c)]
        self.field.blockSignals(True)
        self.field.clear()
        self.field.addItem(ALL_FIELDS)
        self.field.addItems(catalog.fields())
        self.field.blockSignals(False)
        self._fill()

    def _known(self, code: str) -> bool:
        try:
            self.catalog.get(code)
        except Exception:
            return False
        return True

    def _candidates(self) -> list[tuple[str, list]]:
        text = self.search.text().strip()
        field = self.field.currentText()
        in_field = (lambda p: True) if field in ("", ALL_FIELDS) else (lambda p: p.field == field)
        if text:
            return [("", [p for p in self.catalog.search(text) if in_field(p)])]
        groups = []
        favourite = [self.catalog.get(c) for c in self.favourites]
        recent = [self.catalog.get(c) for c in self.recent if c not in self.favourites]
        if favourite and field == ALL_FIELDS:
            groups.append(("Hay dùng", favourite))
        if recent and field == ALL_FIELDS:
            groups.append(("Gần đây", recent))
        fields = self.catalog.fields() if field == ALL_FIELDS else [field]
        for name in fields:
            groups.append((name, self.catalog.in_field(name)))
        return groups

    def _fill(self) -> None:
        if self.catalog is None:
            return
        self.list.clear()
        first = None
        for heading, procedures in self._candidates():
            if heading:
                head = QListWidgetItem(heading)
                head.setFlags(Qt.ItemFlag.NoItemFlags)
                font = head.font()
                font.setBold(True)
                head.setFont(font)
                self.list.addItem(head)
            for p in procedures:
                item = QListWidgetItem(
                    f"{p.name}\n    {p.field} · {p.time_limit.text()} · {p.code}"
                )
                item.setData(CODE, p.code)
                item.setToolTip(f"{p.code} — {p.name}")
                self.list.addItem(item)
                first = first or item
        if not self.list.count():
            empty = QListWidgetItem("Không có thủ tục nào khớp; thử gõ ít chữ hơn hoặc không dấu.")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(empty)
        if first is not None:
            self.list.setCurrentItem(first)

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        count = self.list.count()
        direction = 1 if step > 0 else -1
        target = max(0, min(count - 1, row + step))
        while 0 <= target < count and not self.list.item(target).data(CODE):
            target += direction
        if 0 <= target < count:
            self.list.setCurrentRow(target)

    def _pick_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and item.data(CODE):
            self._pick(item.data(CODE))

    def _pick(self, code: str | None) -> None:
        if not code:
            return
        self.select(code)
        self.picked.emit(self.current)

    def select(self, code: str | None) -> None:
        """Show `code` as the chosen procedure without announcing it (a draft reopened)."""
        if not code or self.catalog is None:
            self.current = None
            self.chosen.setText("Chưa chọn thủ tục")
            self.star.setEnabled(False)
            return
        self.current = self.catalog.get(code)
        p = self.current
        self.chosen.setText(f"<b>{p.name}</b> · {p.field} · thời hạn {p.time_limit.text()}")
        self.chosen.setToolTip(p.name)
        self.star.setEnabled(True)
        self.star.setText("★ Hay dùng" if p.code in self.favourites else "☆ Hay dùng")

    def clear(self) -> None:
        self.search.clear()
        self.select(None)
