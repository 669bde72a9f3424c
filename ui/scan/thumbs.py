"""The draft pages of one paper as large thumbnails, in page order; drag one to reorder."""

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
)

from desk.scan.drafts import SOURCE_LABELS, DraftPage
from ui import theme

THUMB = QSize(170, 230)  # the page picture; A4 portrait fits at 163 × 230
PAGE_ID = Qt.ItemDataRole.UserRole
IMAGE = Qt.ItemDataRole.UserRole + 1
DETAIL = Qt.ItemDataRole.UserRole + 2
EMPTY = "Chưa có trang nào.\nChụp bằng camera, nhập tệp hoặc quét vào thư mục máy quét."


class _Card(QStyledItemDelegate):
    def sizeHint(self, _option, _index) -> QSize:
        return QSize(THUMB.width() + 28, THUMB.height() + 66)

    def paint(self, p: QPainter, option, index) -> None:
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        card = option.rect.adjusted(4, 4, -4, -4)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        p.setPen(QPen(QColor(theme.ACCENT if selected else "#c9d0d8"), 3 if selected else 1))
        p.setBrush(QColor("#e8f1fb" if selected else "white"))
        p.drawRoundedRect(card, 6, 6)
        box = QRect(card.x() + 10, card.y() + 10, THUMB.width(), THUMB.height())
        image = index.data(IMAGE)
        if image is not None and not image.isNull():
            size = image.size().scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(box.center())
            p.fillRect(target.translated(2, 2), QColor(0, 0, 0, 40))
            p.drawImage(target, image)
            p.setPen(QPen(QColor("#9aa5b1"), 1))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(target)
        else:
            p.setPen(QColor(theme.MUTED))
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, "Đang tải…")
        text = QRect(card.x() + 8, box.bottom() + 6, card.width() - 16, 24)
        font = QFont(option.font)
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        p.setFont(font)
        p.setPen(QColor("#10243a"))
        p.drawText(text, Qt.AlignmentFlag.AlignCenter, index.data(Qt.ItemDataRole.DisplayRole))
        p.setFont(option.font)
        p.setPen(QColor(theme.MUTED))
        p.drawText(text.translated(0, 22), Qt.AlignmentFlag.AlignCenter, index.data(DETAIL))
        p.restore()


class ThumbStrip(QListWidget):
    """`moved(page_id, position)`: the officer dragged a page to a new place (1-based)."""

    moved = Signal(str, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setSpacing(4)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setItemDelegate(_Card(self))
        self.pages: list[DraftPage] = []
        self._images: dict = {}

    def set_pages(self, pages: list[DraftPage], images: dict) -> None:
        """Show `pages`; `images` maps (sha256, rotation) to a thumbnail QImage."""
        keep = self.current_id()
        known = {p.id for p in self.pages}
        self.pages, self._images = list(pages), images
        self.clear()
        for page in pages:
            item = QListWidgetItem(f"Trang {page.position}")
            item.setData(PAGE_ID, page.id)
            item.setData(IMAGE, images.get((page.sha256, page.rotation)))
            turned = f" · xoay {page.rotation * 90}°" if page.rotation else ""
            item.setData(DETAIL, f"{SOURCE_LABELS.get(page.source, page.source)}{turned}")
            self.addItem(item)
        ids = [p.id for p in pages]
        new = [i for i, page_id in enumerate(ids) if page_id not in known]
        if new and known:  # a page just came in: show it, ready to turn or delete
            self.setCurrentRow(new[-1])
        elif ids:
            self.setCurrentRow(ids.index(keep) if keep in ids else len(ids) - 1)

    def current_id(self) -> str | None:
        item = self.currentItem()
        return item.data(PAGE_ID) if item is not None else None

    def current_page(self) -> DraftPage | None:
        return next((p for p in self.pages if p.id == self.current_id()), None)

    def dropEvent(self, event) -> None:
        moving = self.current_id()
        before = [p.id for p in self.pages]
        super().dropEvent(event)
        after = [self.item(i).data(PAGE_ID) for i in range(self.count())]
        if sorted(after) != sorted(before):  # not a move inside the strip: show the truth
            self.set_pages(self.pages, self._images)
        elif moving and after != before:
            self.moved.emit(moving, after.index(moving) + 1)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.count() == 0:
            p = QPainter(self.viewport())
            p.setPen(QColor(theme.MUTED))
            p.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, EMPTY)
            p.end()
