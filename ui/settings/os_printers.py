"""The operating system's printers (A4) as Qt sees them, and their state in words."""

from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from printing.devices import PrinterStatus
from printing.devices.status import offline


def os_printers() -> list[tuple[str, bool]]:
    """(name, is the system default) of every printer installed on this PC."""
    default = QPrinterInfo.defaultPrinterName()
    return [(p.printerName(), p.printerName() == default) for p in QPrinterInfo.availablePrinters()]


def os_printer_status(name: str) -> PrinterStatus:
    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        return offline(f"Không thấy máy in «{name}» trong hệ điều hành (đã tắt hoặc chưa cài).")
    state = info.state()
    if state == QPrinter.PrinterState.Error or state == QPrinter.PrinterState.Aborted:
        return PrinterStatus(False, error=True, message="Máy in báo lỗi trong hệ điều hành.")
    if state == QPrinter.PrinterState.Active:
        return PrinterStatus(True, message="Máy in đang in.")
    return PrinterStatus(True, message="Máy in sẵn sàng.")
