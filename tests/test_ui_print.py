"""Printing from the window: the virtual paper roll, waiting jobs with reasons, Qt A4 output."""

import pytest
from forms_samples import rasterize
from helpers import FakePrinter, free_port

from desk import dossiers


@pytest.fixture
def window(qtbot, store):
    from ui.app import build

    dossiers.receive(
        store, {"procedure": "1.001193", "applicant": {"name": "Bùi Thị Ánh"}}, actor="canbo1"
    )
    win, *_ = build(store, inline=True)
    qtbot.addWidget(win)
    win.show()
    return win


def test_slip_goes_to_the_virtual_roll(window, store):
    store.set_setting("printers.receipt", "virtual:")
    assert window.printing.virtual.jobs == 0
    window.dossiers.actions.buttons["slip"].click()
    assert window.printing.virtual.jobs == 1
    roll = window.printing.virtual.roll()
    assert roll.width == 576 and roll.height > 600
    window.prints.roll.refresh()
    assert (
        window.prints.roll.paper.pixmap() is not None
        and not window.prints.roll.paper.pixmap().isNull()
    )
    assert "Đã in: Biên nhận" in window.message.text()


def test_absent_printer_shows_why_and_can_be_moved(window, store):
    store.set_setting("printers.receipt", f"tcp://127.0.0.1:{free_port()}")
    window.dossiers.actions.buttons["slip"].click()
    assert "Chưa in được" in window.message.text()
    assert window.print_label.text() == "Chờ in: 1"
    panel = window.prints
    panel.refresh()
    assert panel.model.rowCount() == 1
    assert "Không kết nối được máy in" in panel.summary.text()
    assert panel.buttons["retry"].isEnabled()
    printer = FakePrinter()
    try:
        panel.act("move", printer=printer.uri)
        assert printer.jobs and len(printer.jobs[0]) > 1000
    finally:
        printer.close()
    assert panel.model.rowCount() == 0
    assert window.print_label.text() == ""


def test_a4_receipt_through_qt_printer_to_pdf(qtbot, store, tmp_path):
    import zxingcpp
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    from printing.jobs import render_dossier_form
    from ui.qt_printer import print_pdf

    code = dossiers.receive(
        store, {"procedure": "1.001193", "applicant": {"name": "Hồ Văn Lộc"}}, actor="x"
    ).code
    data = render_dossier_form(store, "receipt", code)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    out = tmp_path / "printed.pdf"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    pages = print_pdf(printer, data)
    assert pages == len(PdfReader(out).pages) >= 1
    page = rasterize(out.read_bytes())[0]
    texts = {r.text for r in zxingcpp.read_barcodes(page)}
    assert any(code in t for t in texts)


def test_unknown_os_printer_is_a_retryable_message(qtbot):
    from desk.errors import PrinterUnreachable
    from ui.qt_printer import make_printer

    with pytest.raises(PrinterUnreachable) as info:
        make_printer("Máy in không có")
    assert "Không thấy máy in" in info.value.message and info.value.retryable
