"""The draft pages of the chosen paper: thumbnails as the PDF will show them, turn, reorder,
delete, re-capture, and «Lưu thành PDF» with the colour mode and resolution."""

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.scan import drafts
from desk.scan.pipeline import ScanSettings
from ui import changes, theme
from ui.ops import message_for
from ui.scan.images import from_rgb
from ui.scan.papers import size_text
from ui.scan.thumbs import ThumbStrip

MODES = (
    ("Màu (như bản gốc)", "color"),
    ("Xám", "gray"),
    ("Đen trắng", "bw"),
    ("Tự chọn theo trang", "auto"),
)
DPIS = (150, 200, 300)
_THUMB_CACHE = 400
log = logging.getLogger(__name__)


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold; color: #10243a; font-size: 12pt;")
    return label


def _preview(store, page):
    """The page as the PDF will show it; the plain picture if that cannot be made."""
    try:
        return drafts.preview(store, page)
    except Exception:  # never lose the thumbnail over a preview
        log.exception("preview of draft page %s", page.id)
        return drafts.thumbnail(store, page)


class DraftEditor(QWidget):
    """`recapture(page)`: the officer wants this page taken again (the panel knows how)."""

    recapture = Signal(object)

    def __init__(self, store, runner, bus, *, actor: str = "", parent=None):
        super().__init__(parent)
        self.store, self.runner, self.bus, self.actor = store, runner, bus, actor
        self.code: str | None = None
        self.state: drafts.PaperState | None = None
        self.images: dict = {}  # (sha256, rotation) → QImage
        self.title = heading("Trang nháp")
        self.thumbs = ThumbStrip()
        self.buttons = {
            "left": QPushButton("⟲ Xoay trái"),
            "right": QPushButton("⟳ Xoay phải"),
            "up": QPushButton("◀ Trước"),
            "down": QPushButton("Sau ▶"),
            "delete": QPushButton("Xóa trang"),
            "again": QPushButton("Chụp lại"),
        }
        self.mode = QComboBox()
        for label, value in MODES:
            self.mode.addItem(label, value)
        self.dpi = QComboBox()
        for dpi in DPIS:
            self.dpi.addItem(f"{dpi} dpi", dpi)
        self.save = QPushButton("Lưu thành PDF")
        self.save.setProperty("primary", True)
        self.save.setMinimumHeight(40)
        self.note = QLabel(wordWrap=True)
        self._layout()
        mode = store.setting("scan.mode") or "color"
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))
        self.dpi.setCurrentIndex(max(0, self.dpi.findData(int(store.setting("scan.dpi") or 200))))

        self.thumbs.moved.connect(self.move_to)
        self.thumbs.currentRowChanged.connect(lambda _row: self._enable())
        self.buttons["left"].clicked.connect(lambda: self.rotate(-1))
        self.buttons["right"].clicked.connect(lambda: self.rotate(1))
        self.buttons["up"].clicked.connect(lambda: self.move(-1))
        self.buttons["down"].clicked.connect(lambda: self.move(1))
        self.buttons["delete"].clicked.connect(self.delete)
        self.buttons["again"].clicked.connect(self._again)
        self.save.clicked.connect(self.finish)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.thumbs, self.delete)
        self._enable()

    def _layout(self) -> None:
        for button in (*self.buttons.values(), self.save):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space is «Chụp», never a click
        tools = QHBoxLayout()
        tips = {
            "up": "Đưa trang lên trước",
            "down": "Đưa trang ra sau",
            "again": "Chụp hoặc chọn ảnh khác thay cho trang đang chọn",
            "delete": "Xóa trang đang chọn (phím Delete)",
        }
        for name in ("left", "right", "up", "down", "delete", "again"):
            self.buttons[name].setToolTip(tips.get(name, ""))
            tools.addWidget(self.buttons[name])
            if name in ("right", "down"):
                tools.addSpacing(10)
        tools.addStretch(1)
        line = QFrame(frameShape=QFrame.Shape.HLine)
        line.setStyleSheet("color: #c9d0d8;")
        finish = QHBoxLayout()
        finish.addWidget(QLabel("Chế độ màu:"))
        finish.addWidget(self.mode)
        finish.addWidget(QLabel("Độ phân giải:"))
        finish.addWidget(self.dpi)
        finish.addStretch(1)
        finish.addWidget(self.save)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.thumbs, 1)
        lay.addLayout(tools)
        lay.addWidget(line)
        lay.addLayout(finish)
        lay.addWidget(self.note)

    # --- showing -------------------------------------------------------------------
    def show_paper(self, code: str | None, state: drafts.PaperState | None) -> None:
        """Show this paper's drafts (reloaded: after any change the bus announces)."""
        self.code, self.state = code, state
        self.load_pages()

    def load_pages(self) -> None:
        code, state, store = self.code, self.state, self.store
        if not code or state is None:
            self.thumbs.set_pages([], {})
            self._show_title(0)
            self._enable()
            return
        known = set(self.images)

        def load():
            pages = drafts.list_pages(store, code, state.ordinal)
            new = {
                (p.sha256, p.rotation): _preview(store, p)
                for p in pages
                if (p.sha256, p.rotation) not in known
            }
            return pages, new

        def show(found) -> None:
            pages, new = found
            if (code, state.ordinal) != (self.code, self.state and self.state.ordinal):
                return  # the officer has moved on to another paper
            for key, rgb in new.items():
                self.images[key] = from_rgb(rgb)
            while len(self.images) > _THUMB_CACHE:
                self.images.pop(next(iter(self.images)))
            self.thumbs.set_pages(pages, self.images)
            self._show_title(len(pages))
            self._enable()

        self.runner.run(load, show)

    def _show_title(self, count: int) -> None:
        if self.state is None:
            self.title.setText("Trang nháp")
            return
        pages = f" · {count} trang nháp" if count else ""
        self.title.setText(f"{self.state.ordinal}. {self.state.name}{pages}")

    def _enable(self) -> None:
        has_page = self.thumbs.current_page() is not None
        for button in self.buttons.values():
            button.setEnabled(has_page)
        self.save.setEnabled(bool(self.thumbs.pages))

    def say(self, text: str, error: bool = False) -> None:
        self.note.setText(("⚠ " if error else "") + text)
        self.note.setStyleSheet(f"color: {theme.DANGER};" if error else f"color: {theme.OK};")

    def fail(self, error: BaseException) -> None:
        self.say(message_for(error, self.runner.log_path), error=True)

    # --- changing pages --------------------------------------------------------------
    def change(self, op, done: str = "") -> None:
        """Run one drafts mutation; the bus then tells every view (this one too) to refresh."""

        def success(_result) -> None:
            if done:
                self.say(done)
            self.bus.emit(changes.SCANS)

        self.runner.run(op, success, self.fail)

    def rotate(self, turns: int) -> None:
        page, store = self.thumbs.current_page(), self.store
        if page:
            self.change(lambda: drafts.rotate(store, page.id, turns))

    def move(self, delta: int) -> None:
        page = self.thumbs.current_page()
        if page:
            self.move_to(page.id, page.position + delta)

    def move_to(self, page_id: str, position: int) -> None:
        store = self.store
        self.change(lambda: drafts.move(store, page_id, max(1, position)))

    def delete(self) -> None:
        page, store = self.thumbs.current_page(), self.store
        if page:
            self.change(lambda: drafts.delete(store, page.id), f"Đã xóa trang {page.position}.")

    def _again(self) -> None:
        page = self.thumbs.current_page()
        if page:
            self.recapture.emit(page)

    # --- finishing -------------------------------------------------------------------
    def settings(self) -> ScanSettings:
        return ScanSettings(mode=self.mode.currentData(), dpi=self.dpi.currentData())

    def finish(self) -> None:
        state = self.state
        if not self.code or state is None:
            return
        code, store, actor, settings = self.code, self.store, self.actor, self.settings()
        self.save.setEnabled(False)  # no second PDF of the same pages while this one is made
        self.say(f"Đang làm PDF cho «{state.name}»…")

        def done(result: drafts.Finished) -> None:
            dropped = result.result.dropped_blank
            text = (
                f"Đã lưu «{state.name}» thành PDF: {result.paper.pages} trang, "
                f"{size_text(result.pdf_size)}."
            )
            if dropped:
                which = ", ".join(str(i + 1) for i in dropped)
                text += f" Bỏ {len(dropped)} trang trắng (trang {which})."
            self.say(text)
            self.bus.emit(changes.SCANS, changes.DOSSIERS, changes.OUTBOX)

        def failed(error) -> None:
            self.fail(error)
            self._enable()

        self.runner.run(
            lambda: drafts.finish(store, code, state.ordinal, settings, actor), done, failed
        )
