"""Printing from the window: preview, save as PDF when no A4 printer is set, the liên of
Mẫu 01 from the settings, and no print action that ends in silence."""

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from desk import dossiers


@pytest.fixture
def parts(qtbot, store):
    from ui.changes import ChangeBus
    from ui.ops import Runner
    from ui.print_service import PrintService

    runner, bus = Runner(inline=True), ChangeBus()
    service = PrintService(store, runner, bus)
    code = dossiers.receive(
        store, {"procedure": "1.001193", "applicant": {"name": "Bùi Thị Ánh"}}, actor="canbo1"
    ).code
    heard = {"printed": [], "notice": [], "error": []}
    service.printed.connect(heard["printed"].append)
    service.notice.connect(heard["notice"].append)
    runner.error.connect(heard["error"].append)
    return service, code, heard


def _text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_preview_shows_the_pages_and_saves_the_same_pdf(qtbot, store, parts, tmp_path):
    service, code, heard = parts
    asked = []
    service.ask_save_path = lambda parent, suggested: (
        asked.append(suggested) or str(tmp_path / "m01.pdf")
    )
    service.preview("receipt", code)
    dialog = service.last_preview
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.document.pageCount() >= 1
    assert dialog.pages.text() == f"{dialog.document.pageCount()} trang"
    image = dialog.grab()
    assert image.width() <= 1366 and image.height() <= 768

    def drawn() -> bool:  # QPdfView draws its pages on a worker thread
        page = dialog.view.viewport().grab().toImage()
        return any(
            page.pixelColor(x, y).lightness() < 100
            for x in range(0, page.width(), 7)
            for y in range(0, page.height() // 3, 7)
        )

    qtbot.waitUntil(drawn, timeout=10_000)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = (tmp_path / "m01.pdf").read_bytes()
    assert saved == dialog.data
    text = _text(saved)
    assert code in text and "GIẤY TIẾP NHẬN" in text.upper()
    assert asked[0].name.startswith("Giấy-tiếp-nhận-") and asked[0].suffix == ".pdf"
    assert dialog.status.text() == f"Đã lưu tệp PDF: {tmp_path / 'm01.pdf'}"
    assert heard["notice"] == [f"Đã lưu tệp PDF: {tmp_path / 'm01.pdf'}"]


def test_the_liên_of_mẫu_01_come_from_the_settings(store, parts):
    service, code, _ = parts
    store.set_setting("office.receipt_copies", 1)
    one = len(PdfReader(io.BytesIO(service.render("receipt", code))).pages)
    store.set_setting("office.receipt_copies", 2)
    two = PdfReader(io.BytesIO(service.render("receipt", code)))
    assert len(two.pages) == 2 * one
    assert "Liên 2" in "".join(p.extract_text() for p in two.pages)


def test_print_from_the_preview_goes_to_the_a4_printer(qtbot, store, parts, tmp_path):
    service, code, heard = parts
    out = tmp_path / "may-in.pdf"
    store.set_setting("printers.a4", f"file:{out}")
    service.preview("receipt", code)
    dialog = service.last_preview
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert out.read_bytes() == dialog.data
    assert dialog.status.text() == f"Đã in: Giấy tiếp nhận (Mẫu 01) — {code}"
    assert heard["printed"][-1].job.status == "done"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_without_an_a4_printer_the_receipt_is_offered_as_a_pdf(store, parts, tmp_path):
    service, code, heard = parts
    assert store.setting("printers.a4") == ""
    service.ask_save_path = lambda parent, suggested: str(tmp_path / suggested.name)
    service.print_receipt(code)
    saved = list(tmp_path.glob("*.pdf"))
    assert len(saved) == 1 and code in _text(saved[0].read_bytes())
    assert heard["notice"][-1].startswith("Đã lưu tệp PDF:")
    assert "Thiết lập → Máy in" in heard["notice"][-1]
    assert store.scalar("SELECT COUNT(*) FROM print_jobs") == 0  # nothing left waiting

    service.ask_save_path = lambda parent, suggested: None  # the officer cancels
    service.print_form("receipt", code)
    assert "Chưa in" in heard["error"][-1] and "Thiết lập → Máy in" in heard["error"][-1]
    assert "desk settings" not in " ".join(heard["error"] + heard["notice"])


def _state(store, state, tmp_path):
    if state == "no printers":
        for role in ("a4", "receipt", "ticket"):
            store.set_setting(f"printers.{role}", "")
    elif state == "printers that work":
        store.set_setting("printers.a4", f"file:{tmp_path / 'a4.pdf'}")
        store.set_setting("printers.receipt", "virtual:")
        store.set_setting("printers.ticket", "virtual:")
    elif state == "printers switched off":
        from helpers import free_port

        store.set_setting("printers.a4", f"file:{tmp_path / 'no-such-dir' / 'x' / 'a4.pdf'}")
        store.set_setting("printers.receipt", f"tcp://127.0.0.1:{free_port()}")
        store.set_setting("printers.ticket", f"tcp://127.0.0.1:{free_port()}")


ACTIONS = {
    "receipt": lambda s, code: s.print_receipt(code),
    "form 02": lambda s, code: s.print_form("supplement", code),
    "slip": lambda s, code: s.print_slip(code),
    "ticket": lambda s, code: s.print_ticket(),
    "unknown dossier": lambda s, code: s.print_receipt("000.00.99.H99-991231-9999"),
    "test a4": lambda s, code: s.test_print("a4", s.store.setting("printers.a4")),
    "test receipt": lambda s, code: s.test_print("receipt", s.store.setting("printers.receipt")),
    "preview": lambda s, code: s.preview("control", code),
}


@pytest.mark.parametrize("state", ["no printers", "printers that work", "printers switched off"])
@pytest.mark.parametrize("action", list(ACTIONS))
def test_no_print_action_ends_in_silence(qtbot, store, parts, tmp_path, state, action):
    service, code, heard = parts
    _state(store, state, tmp_path)
    service.ask_save_path = lambda parent, suggested: None
    ACTIONS[action](service, code)
    said = heard["printed"] + heard["notice"] + heard["error"]
    if action == "preview" and service.last_preview is not None:
        qtbot.addWidget(service.last_preview)
        said.append(service.last_preview)
    assert said, f"{action} with {state}: nothing was said"
    for message in heard["error"] + heard["notice"]:
        assert "desk settings" not in message and "Traceback" not in message
    for printed in heard["printed"]:
        assert printed.job.status == "done" or printed.job.last_error


def test_the_save_dialog_speaks_vietnamese(qtbot):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPushButton

    from ui.file_dialogs import save_pdf_dialog
    from ui.translations import install_translations

    app = QApplication.instance()
    translator = install_translations(app)
    QSettings(QSettings.Scope.UserScope, "QtProject").remove("FileDialog")  # a first use
    try:
        dialog = save_pdf_dialog(None, "Giấy tiếp nhận")
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)  # Qt ships no _vi
        assert dialog.labelText(QFileDialog.DialogLabel.Accept) == "Lưu"
        assert dialog.labelText(QFileDialog.DialogLabel.FileName) == "Tên tệp:"
        words = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QPushButton)]
        words += [dialog.windowTitle(), *dialog.nameFilters()]
        words += (
            [dialog.findChild(QFileDialog).windowTitle()] if dialog.findChild(QFileDialog) else []
        )
        english = ("Look in", "File name", "Files of type", "Cancel", "Save", "Open", "All Files")
        for word in words:
            assert not any(e in word for e in english), word
        assert dialog.selectedFiles()[0].endswith("Giấy tiếp nhận.pdf")
        # places and long Vietnamese file names readable, the column titles not cut
        from PySide6.QtWidgets import QSplitter, QTreeView

        splitter = dialog.findChild(QSplitter, "splitter")
        qtbot.waitUntil(lambda: splitter.sizes()[0] >= 150)
        header = dialog.findChild(QTreeView, "treeView").header()
        assert header.sectionSize(0) >= 200
        metrics = header.fontMetrics()
        for column in (1, 2, 3):
            title = header.model().headerData(column, Qt.Orientation.Horizontal)
            assert header.sectionSize(column) >= metrics.horizontalAdvance(title) + 16, title
    finally:
        app.removeTranslator(translator)
        translator.setParent(None)
    from ui.translations import VietnameseQt

    assert VietnameseQt().translate("QFileDialog", "&Look in:") == "&Tìm trong:"
    assert VietnameseQt().translate("QWizard", "&Next >") == "&Tiếp >"


def test_the_save_dialog_keeps_the_widths_the_officer_chose(qtbot):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QSplitter

    from ui.file_dialogs import save_pdf_dialog

    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.remove("FileDialog")
    settings.setValue("FileDialog/sidebarWidth", 260)  # dragged wider last time
    settings.sync()
    dialog = save_pdf_dialog(None, "Giấy tiếp nhận")
    qtbot.addWidget(dialog)
    dialog.show()
    splitter = dialog.findChild(QSplitter, "splitter")
    qtbot.wait(50)  # past the moment ours would apply
    assert splitter.sizes()[0] == 260
    settings.remove("FileDialog")


def test_the_save_dialog_offers_an_existing_folder(qtbot, tmp_path, monkeypatch):
    """A PC without a Documents folder: the dialog opens in the home folder with just the
    file's name, not in the working directory with half a path as the name."""
    from pathlib import Path

    from ui.file_dialogs import default_pdf_folder, save_pdf_dialog

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "Documents"))
    assert default_pdf_folder() == Path.home() == tmp_path
    dialog = save_pdf_dialog(None, tmp_path / "Tài liệu" / "Giấy tiếp nhận.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    assert Path(dialog.directory().absolutePath()) == tmp_path
    assert Path(dialog.selectedFiles()[0]) == tmp_path / "Giấy tiếp nhận.pdf"
    (tmp_path / "Tài liệu").mkdir()
    dialog = save_pdf_dialog(None, tmp_path / "Tài liệu" / "Mẫu 01.pdf")
    qtbot.addWidget(dialog)
    assert Path(dialog.selectedFiles()[0]) == tmp_path / "Tài liệu" / "Mẫu 01.pdf"


def test_words_we_do_not_translate_stay_as_qt_wrote_them(qtbot):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QPageSize
    from PySide6.QtWidgets import QApplication

    from ui.translations import install_translations

    app = QApplication.instance()
    translator = install_translations(app)
    try:
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Hủy"
        assert QCoreApplication.translate("QPageSize", "A4") == "A4"  # not blanked
        assert QPageSize(QPageSize.PageSizeId.A4).name() == "A4"
        assert install_translations(app) is translator  # once per app
    finally:
        app.removeTranslator(translator)
        translator.setParent(None)
