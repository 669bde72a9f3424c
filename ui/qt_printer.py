"""A4 PDFs to an operating-system printer ("qt:NAME"), page by page through Qt.

QPainter may paint on a QPrinter outside the GUI thread, so this runs inside the
print queue's worker like every other sender.
"""

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from desk.errors import PrinterError, PrinterUnreachable

DPI = 300


def printer_names() -> list[str]:
    return [p.printerName() for p in QPrinterInfo.availablePrinters()]


def make_printer(name: str) -> QPrinter:
    info = next((p for p in QPrinterInfo.availablePrinters() if p.printerName() == name), None)
    if info is None:
        raise PrinterUnreachable(
            f"Không thấy máy in «{name}» trong hệ điều hành; hãy kiểm tra máy in đã bật và đã cài đặt."
        )
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def print_pdf(printer: QPrinter, data: bytes, *, title: str = "Bộ phận Một cửa") -> int:
    """Render every page at 300 dpi onto the printer; returns the number of pages."""
    document = QPdfDocument()
    array = QByteArray(data)
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        raise PrinterError("Tệp cần in không phải PDF đọc được; không gửi tới máy in.")
    printer.setDocName(title)
    printer.setFullPage(True)
    printer.setResolution(DPI)
    first = document.pagePointSize(0)
    landscape = first.width() > first.height()
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
            printer.pageLayout().margins(),
        )
    )
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterUnreachable("Máy in không nhận lệnh in (có thể đang tắt hoặc đang bận).")
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            size = document.pagePointSize(page)
            pixels = QSize(round(size.width() / 72 * DPI), round(size.height() / 72 * DPI))
            image = document.render(page, pixels)
            target = QRectF(painter.viewport())
            painter.drawImage(target, image)
    finally:
        painter.end()
    return document.pageCount()


def qt_sender(fallback):
    """A queue sender that handles "qt:NAME" and hands every other address to `fallback`."""

    def send(printer: str, data: bytes, mime: str) -> None:
        if printer.startswith("qt:"):
            print_pdf(make_printer(printer[3:]), data)
            return
        fallback(printer, data, mime)

    return send
