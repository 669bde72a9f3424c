"""The dossier's papers (thành phần hồ sơ) with what has been captured of each."""

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QStyledItemDelegate

from desk.scan.drafts import PaperState
from ui import theme

STATE = Qt.ItemDataRole.UserRole
WARN = "#a15c00"


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def status(state: PaperState) -> tuple[str, str]:
    """The line under the paper's name and its colour."""
    waiting = f"{state.drafts} trang nháp chưa lưu" if state.drafts else ""
    if state.scanned:
        text = f"✓ Đã số hóa · {state.pages} trang · {size_text(state.pdf_size)}"
        return (f"{text} · {waiting}", WARN) if waiting else (text, theme.OK)
    if waiting:
        return f"● {waiting}", WARN
    return "○ Chưa số hóa", theme.MUTED


class _Row(QStyledItemDelegate):
    """Three lines at most for the name (catalog names are long), then the state."""

    PAD = 10

    def _title_rect(self, font: QFont, width: int, text: str) -> QRect:
        metrics = QFontMetrics(font)
        box = metrics.boundingRect(
            QRect(0, 0, max(50, width - 2 * self.PAD), 1000), Qt.TextFlag.TextWordWrap, text
        )
        return QRect(0, 0, box.width(), min(box.height(), 3 * metrics.lineSpacing()))

    def sizeHint(self, option, index) -> QSize:
        width = self.parent().viewport().width() if self.parent() else option.rect.width()
        title = self._title_rect(_bold(option.font), width, index.data())
        return QSize(width, title.height() + QFontMetrics(option.font).lineSpacing() + 22)

    def paint(self, p: QPainter, option, index) -> None:
        state: PaperState = index.data(STATE)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = option.rect.adjusted(2, 2, -2, -2)
        if option.state & QStyle.StateFlag.State_Selected:
            p.setPen(QPen(QColor(theme.ACCENT), 2))
            p.setBrush(QColor("#e8f1fb"))
            p.drawRoundedRect(r, 5, 5)
        else:
            p.setPen(QPen(QColor("#e6e9ee"), 1))
            p.drawLine(r.bottomLeft(), r.bottomRight())
        bold = _bold(option.font)
        p.setFont(bold)
        p.setPen(QColor("#10243a"))
        title = self._title_rect(bold, r.width(), index.data())
        title.moveTopLeft(QPoint(r.x() + self.PAD, r.y() + 7))
        title.setWidth(r.width() - 2 * self.PAD)
        p.drawText(title, Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft, index.data())
        text, colour = status(state)
        p.setFont(option.font)
        p.setPen(QColor(colour))
        line = QRect(title.x(), title.bottom() + 4, title.width(), p.fontMetrics().lineSpacing())
        sub = p.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, line.width())
        p.drawText(line, Qt.AlignmentFlag.AlignLeft, sub)
        p.restore()


def _bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold


class PaperList(QListWidget):
    """`chosen(ordinal)` when the officer picks another paper."""

    chosen = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setItemDelegate(_Row(self))
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.states: list[PaperState] = []
        self.currentRowChanged.connect(self._changed)

    def set_states(self, states: list[PaperState], select: int | None = None) -> None:
        """Show `states`, keeping (or moving to) the selected paper without emitting `chosen`."""
        keep = select if select is not None else self.current_ordinal()
        self.blockSignals(True)
        self.states = list(states)
        self.clear()
        for state in states:
            item = QListWidgetItem(f"{state.ordinal}. {state.name}")
            item.setData(STATE, state)
            item.setToolTip(f"{state.name}\n{status(state)[0]}")
            self.addItem(item)
        ordinals = [s.ordinal for s in states]
        self.setCurrentRow(ordinals.index(keep) if keep in ordinals else (0 if states else -1))
        self.blockSignals(False)

    def current_ordinal(self) -> int | None:
        item = self.currentItem()
        return item.data(STATE).ordinal if item is not None else None

    def current_state(self) -> PaperState | None:
        item = self.currentItem()
        return item.data(STATE) if item is not None else None

    def _changed(self, row: int) -> None:
        if row >= 0:
            self.chosen.emit(self.states[row].ordinal)
