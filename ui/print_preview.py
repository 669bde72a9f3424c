"""Print preview: the PDF's pages as they will print, with Print / Save as PDF / Close.

The pages are drawn by Qt's own PDF engine (QtPdf), the one that also sends them to an
operating-system printer, so what the officer sees is what the printer gets.
"""

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desk.errors import DeskError
from ui import theme


class PreviewDialog(QDialog):
    def __init__(
        self, service, data: bytes, *, title: str, ref: str = "", actor: str = "", parent=None
    ):
        super().__init__(parent)
        self.service = service
        self.data = data
        self.ref = ref
        self.actor = actor
        self.title = title
        self.setWindowTitle(f"Xem trước khi in — {title}")
        self._bytes = QByteArray(data)  # the document reads from these while it lives
        self._buffer = QBuffer(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        pages = self.document.pageCount()
        self.pages = QLabel(f"{pages} trang" if pages else "Không đọc được tệp PDF này.")
        self.status = QLabel(wordWrap=True)
        self.print_button = QPushButton("In  (Ctrl+P)")
        self.print_button.setProperty("primary", True)
        self.save_button = QPushButton("Lưu thành PDF…  (Ctrl+S)")
        self.close_button = QPushButton("Đóng  (Esc)")
        self.print_button.setEnabled(pages > 0)
        self.save_button.setEnabled(pages > 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pages)
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, self.close_button):
            button.setMinimumHeight(36)
            buttons.addWidget(button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.status)
        lay.addLayout(buttons)
        self.print_button.clicked.connect(self.print_)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        self.print_button.setDefault(True)
        self._fit()

    def _fit(self) -> None:
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 900, 720
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

    def say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {theme.DANGER};" if error else "")

    def print_(self) -> None:
        if not self.print_button.isEnabled():
            return
        self.print_button.setEnabled(False)
        self.say("Đang gửi tới máy in…")
        self.service.print_data(
            self.data,
            title=self.title,
            ref=self.ref,
            actor=self.actor,
            parent=self,
            done=self._printed,
        )

    def _printed(self, result) -> None:
        self.print_button.setEnabled(True)
        if isinstance(result, BaseException):
            self.say(result.message if isinstance(result, DeskError) else "Không in được.", True)
            return
        if isinstance(result, str) or not hasattr(result, "job"):
            self.say(f"Đã lưu tệp PDF: {result}")
            return
        job = result.job
        if job.status == "done":
            self.say(f"Đã in: {job.title}")
        else:
            self.say(f"Chưa in được: {job.last_error} Lệnh in được giữ và sẽ in lại.", True)

    def save(self) -> None:
        from ui.file_dialogs import default_pdf_folder
        from ui.print_service import pdf_filename

        path = self.service.ask_save_path(self, default_pdf_folder() / pdf_filename(self.title))
        if not path:
            self.say("Chưa lưu: đã hủy chọn nơi lưu tệp.")
            return
        self.service.save_pdf(self.data, path, done=self._saved)

    def _saved(self, result) -> None:
        if isinstance(result, BaseException):
            self.say(result.message if isinstance(result, DeskError) else "Không lưu được.", True)
        else:
            self.say(f"Đã lưu tệp PDF: {result}")
