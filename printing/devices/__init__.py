"""Printers named by an address (tcp://, usb:, serial:, file:, win32:, cups:, virtual:):
parse the address, send a finished ESC/POS job, read paper and cover status.

The print queue keeps a job while `is_retryable(error)` is true; the error's `message`
is what the officer reads.
"""

from .address import Kind, PrinterAddress, parse_printer_uri
from .send import is_retryable, send, status
from .status import Paper, PrinterStatus

__all__ = [
    "Kind",
    "Paper",
    "PrinterAddress",
    "PrinterStatus",
    "is_retryable",
    "parse_printer_uri",
    "send",
    "status",
]
