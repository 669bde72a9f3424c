"""File and folder dialogs in Vietnamese.

Qt's own dialog is used with Qt's Vietnamese catalogue when this Qt ships one; otherwise
(PySide6 ships none) Qt's non-native dialog with our labels, which the translator of
ui/translations.py completes (buttons, columns, menus). A native dialog would speak the
language of the operating system, which on the counter PCs is often English.
"""

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QSplitter, QTreeView

from ui.translations import qt_ships_vietnamese

PDF_FILTER = "Tệp PDF (*.pdf)"
LABELS = {
    QFileDialog.DialogLabel.LookIn: "Tìm trong:",
    QFileDialog.DialogLabel.FileName: "Tên tệp:",
    QFileDialog.DialogLabel.FileType: "Loại tệp:",
    QFileDialog.DialogLabel.Reject: "Hủy",
}


def _dialog(parent, title: str, start: str) -> QFileDialog:
    dialog = QFileDialog(parent, title, start)
    if not qt_ships_vietnamese():
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        for label, text in LABELS.items():
            dialog.setLabelText(label, text)
        screen = dialog.screen().availableGeometry() if dialog.screen() else None
        width, height = 880, 560
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        dialog.resize(width, height)
        dialog.installEventFilter(_WidenOnShow(dialog, width))
    return dialog


class _WidenOnShow(QObject):
    """Qt lays out the dialog and restores the widths it remembers as it is shown; ours
    come just after that."""

    def __init__(self, dialog: QFileDialog, width: int):
        super().__init__(dialog)
        self.width = width

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Show:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, watched, lambda: _widen(watched, self.width))
        return False


def _widen(dialog: QFileDialog, width: int) -> None:
    """Qt's dialog first opens with a sidebar that cuts its places' names and a narrow name
    column, and Vietnamese file names are long ("Giấy tiếp nhận 000.00.19.H47-….pdf").
    Only what is narrower than that is widened: widths the officer set (Qt remembers
    them) stay."""
    sidebar = 170
    splitter = dialog.findChild(QSplitter, "splitter")
    if splitter is not None and splitter.sizes() and splitter.sizes()[0] < sidebar:
        splitter.setSizes([sidebar, max(200, width - sidebar)])
    tree = dialog.findChild(QTreeView, "treeView")
    if tree is None:
        return
    header = tree.header()
    metrics, model = header.fontMetrics(), header.model()
    for column, least in ((1, 90), (2, 80), (3, 140)):  # size, type, date
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        need = max(least, metrics.horizontalAdvance(title) + 28)  # margins and the sort arrow
        if header.sectionSize(column) < need:
            header.resizeSection(column, need)
    if header.sectionSize(0) < 200:
        others = sum(header.sectionSize(c) for c in (1, 2, 3))
        header.resizeSection(0, max(200, width - sidebar - 50 - others))
    spare = tree.viewport().width() - header.length()
    if spare > 0:  # the names take the room the columns leave empty
        header.resizeSection(0, header.sectionSize(0) + spare)


def save_pdf_dialog(parent, suggested: str | Path, *, title: str = "Lưu thành tệp PDF"):
    """The dialog (not shown): tests look at it, `ask_save_pdf` runs it."""
    suggested = Path(suggested)
    if suggested.suffix.lower() != ".pdf":
        suggested = suggested.with_name(suggested.name + ".pdf")
    # The folder must exist: given a path in a missing folder, Qt's dialog opens the
    # working directory and shows the rest of the path as the file's name.
    folder = suggested.parent if suggested.parent.is_dir() else Path.home()
    dialog = _dialog(parent, title, str(folder))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setNameFilter(PDF_FILTER)
    dialog.setDefaultSuffix("pdf")
    dialog.selectFile(suggested.name)
    if dialog.testOption(QFileDialog.Option.DontUseNativeDialog):
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, "Lưu")
    return dialog


def ask_save_pdf(parent, suggested: str | Path) -> str | None:
    """The path the officer chose, or None if they cancelled."""
    dialog = save_pdf_dialog(parent, suggested)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return dialog.selectedFiles()[0]


def folder_dialog(parent, title: str, start: str | Path | None = None) -> QFileDialog:
    dialog = _dialog(parent, title, str(start or Path.home()))
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if dialog.testOption(QFileDialog.Option.DontUseNativeDialog):
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, "Chọn")
        dialog.setLabelText(QFileDialog.DialogLabel.FileName, "Thư mục:")
    return dialog


def ask_folder(parent, title: str, start: str | Path | None = None) -> str | None:
    dialog = folder_dialog(parent, title, start)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return dialog.selectedFiles()[0]


def default_pdf_folder() -> Path:
    """Where a PDF is offered first: the user's Documents folder when there is one."""
    from PySide6.QtCore import QStandardPaths

    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()
