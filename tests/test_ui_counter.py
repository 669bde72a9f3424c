"""A day at the counter, in the window, with the keyboard and a USB barcode scanner.

Wednesday 25/11/2026 at UBND xã Thử Nghiệm. Chị Lê Thị Thu Hà (canbo1) works the counter;
the A4 printer is a file the test reads back, the thermal printer is the virtual one.
Every paper printed is read back with pypdf; the receipt's code is read from the rendered
page, as a scanner would read the paper the citizen brings back.
"""

import io

import pytest
import zxingcpp
from forms_samples import rasterize
from helpers import KeyClock, Keys
from pypdf import PdfReader
from PySide6.QtCore import Qt

from desk import dossiers
from desk.store.snapshots import calendar, catalog_version
from desk.users import add_user, get_user

# Made-up citizens' cards as their QR codes read.
AN = "001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|Số 1 phố Huế, phường Hai Bà Trưng, Hà Nội|20042021"
BINH = "038301001234||LÊ THỊ BÌNH|02072001|Nữ|Thôn Đông, xã Quảng Phú, tỉnh Thanh Hóa|10082024||||"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def counter(qtbot, store, tmp_path):
    from ui.app import build

    add_user(
        store,
        username="canbo1",
        full_name="Lê Thị Thu Hà",
        role="officer",
        password="matkhau1",
        actor="t",
    )
    add_user(
        store,
        username="quantri",
        full_name="Ngô Văn Quản",
        role="admin",
        password="matkhau1",
        actor="t",
    )
    a4 = tmp_path / "a4.pdf"
    store.set_setting("printers.a4", f"file:{a4}?overwrite=1")  # each paper replaces the last
    store.set_setting("printers.receipt", "virtual:")
    key_clock = KeyClock()
    window, _runner, _bus = build(
        store, get_user(store, "canbo1"), inline=True, key_clock=key_clock
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.a4 = a4
    return window, Keys(window.scanners.wedge, key_clock)


def printed_text(path) -> str:
    """The paper's words, lines joined (a long name wraps on paper)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
    return " ".join(text.split())


def codes_on_paper(path) -> set[str]:
    """The barcodes on the printed page, as a scanner would read them."""
    page = rasterize(path.read_bytes())[0]
    return {r.text for r in zxingcpp.read_barcodes(page)}


def take_birth_registration(window, keys) -> str:
    """The standard intake: scan the card, four letters, Enter, Ctrl+D, Ctrl+S."""
    keys.press(Qt.Key.Key_F2)
    keys.scan(AN)
    keys.type("khai")
    keys.press(Qt.Key.Key_Return)
    keys.press(Qt.Key.Key_D, CTRL)
    keys.press(Qt.Key.Key_S, CTRL)
    return window.intake.result.code


def test_a_standard_intake_takes_at_most_fifteen_keys_and_prints_mau_01(counter, store):
    window, keys = counter
    code = take_birth_registration(window, keys)
    assert keys.count <= 15, keys.count
    assert window.intake.stack.currentWidget() is window.intake.result
    dossier = dossiers.get(store, code)
    assert dossier.procedure_code == "1.001193" and dossier.status.value == "received"
    assert (
        dossier.applicant.name == "Nguyễn Văn An" and dossier.applicant.id_number == "001099012345"
    )
    assert dossier.applicant.id_method == "cccd_qr"
    assert dossier.receiver == "Lê Thị Thu Hà"  # the officer's full name, never the login
    assert dossier.events[0].actor == "canbo1"
    assert {p.name for p in dossier.papers} >= {
        "Tờ khai đăng ký khai sinh (theo mẫu)",
        "Giấy chứng sinh",
    }
    assert window.intake.result.code_label.text() == code
    text = printed_text(window.a4)
    assert code in text and "Nguyễn Văn An" in text and "canbo1" not in text
    assert any(code in c for c in codes_on_paper(window.a4))  # Code 128 and the QR's URL
    assert store.scalar("SELECT COUNT(*) FROM intake_drafts") == 0
    assert store.scalar("SELECT COUNT(*) FROM outbox WHERE entity_id = ?", [dossier.id]) == 1


def test_typing_stays_typing_and_a_scan_in_a_field_is_not_left_in_it(counter):
    """Chị Bình spells her name, then hands over her card."""
    window, keys = counter
    keys.press(Qt.Key.Key_F2)
    name = window.intake.applicant.person.name
    name.setFocus()
    keys.type("Đỗ Thị Lan")
    assert name.text() == "Đỗ Thị Lan"
    keys.scan(BINH)  # her card scanned while the cursor is still in the name field
    assert name.text() == "Lê Thị Bình"  # the card's name, and none of the payload's keys
    assert "|" not in name.text() and "038301001234" not in name.text()
    assert window.intake.applicant.person.id_number.text() == "038301001234"
    assert window.intake.applicant.by_other.isChecked() is False


def test_missing_papers_give_mau_02_and_the_supplement_moves_the_appointment(
    counter, store, office_clock
):
    window, keys = counter
    page = window.intake
    page.confirm = lambda title, text: True  # «Ra phiếu yêu cầu bổ sung?» — yes
    page.answer = lambda dialog: dialog.missing() and True
    keys.press(Qt.Key.Key_F2)
    keys.scan(AN)
    keys.type("tinh trang hon nhan")
    keys.press(Qt.Key.Key_Return)
    keys.press(Qt.Key.Key_Space)  # only the first paper handed over
    keys.press(Qt.Key.Key_S, CTRL)
    code = page.result.code
    asked = dossiers.get(store, code)
    assert asked.status.value == "supplement_requested" and asked.paused_at is not None
    text = printed_text(window.a4)
    assert "BỔ SUNG" in text.upper() and code in text
    assert asked.supplement.items and asked.supplement.items[0].name in text

    office_clock.set("2026-11-27T14:00:00+07:00")  # Friday: the citizen brings the papers
    window.dossiers.select_code(code)
    window.show_page(window.dossiers)
    bar = window.dossiers.actions
    bar.answer = lambda dialog: True
    keys.press(Qt.Key.Key_N, CTRL)
    back = dossiers.get(store, code)
    assert back.status.value == "received" and back.paused_at is None
    # The time left when the papers were asked for runs again from Friday 14:00.
    cal = calendar(store)
    procedure = catalog_version(store).get("1.004873")
    first_due = asked.due_at  # the appointment it had at intake, kept while paused
    left = cal.pause_remaining(first_due, asked.received_at, procedure.time_limit)
    expected = cal.resume_due(left, office_clock.now(), procedure.time_limit)
    assert back.due_at == expected and back.due_at > first_due
    assert [e.kind for e in back.events] == ["received", "request_supplement", "supplement"]


def test_a_refusal_at_the_counter_prints_mau_03_with_no_fee_and_no_appointment(counter, store):
    window, keys = counter
    page = window.intake

    def refuse(dialog):
        dialog.reason.setPlainText("Yêu cầu không thuộc thẩm quyền giải quyết của UBND xã")
        return True

    page.answer = refuse
    keys.press(Qt.Key.Key_F2)
    keys.scan(AN)
    keys.type("khai sinh")
    keys.press(Qt.Key.Key_Return)
    keys.press(Qt.Key.Key_3, CTRL)
    refused = dossiers.get(store, page.result.code)
    assert refused.status.value == "refused" and refused.fee == 0
    text = printed_text(window.a4)
    assert "thẩm quyền giải quyết của UBND xã" in text and refused.code in text
    assert page.result.due.text() == "—"


def test_an_apology_once_then_the_result_returned_by_scanning_the_receipt(
    counter, store, office_clock
):
    window, keys = counter
    code = take_birth_registration(window, keys)
    receipt_codes = codes_on_paper(window.a4)
    first = dossiers.get(store, code)

    office_clock.set(first.due_at.replace(hour=16, minute=59))
    office_clock.advance(days=1)  # late: the appointment has passed
    bar = window.dossiers.actions
    window.dossiers.select_code(code)
    window.show_page(window.dossiers)
    new_due = calendar(store).next_working_day(office_clock.now().date())

    def apologise(dialog):
        from PySide6.QtCore import QDate, QDateTime, QTime

        dialog.fields["reason"].setPlainText("Cần xác minh thêm với bệnh viện")
        dialog.fields["new_due"].setDateTime(
            QDateTime(QDate(new_due.year, new_due.month, new_due.day), QTime(10, 0))
        )
        return True

    bar.answer = apologise
    keys.press(Qt.Key.Key_H, CTRL)
    late = dossiers.get(store, code)
    assert late.apology is not None and late.due_at.date() == new_due
    assert "Cần xác minh thêm với bệnh viện" in printed_text(window.a4)
    assert not bar.buttons["apologise"].isVisible()  # one apology, never a second

    bar.answer = lambda dialog: True
    keys.press(Qt.Key.Key_K, CTRL)  # the result is ready
    assert dossiers.get(store, code).status.value == "done"

    keys.press(Qt.Key.Key_F4)
    scanned = next(c for c in receipt_codes if code in c)  # the lookup URL or the Code 128
    keys.scan(scanned)
    assert [d.code for d in window.returns.basket] == [code]
    assert not window.returns.return_button.isEnabled()  # nobody's identity checked yet
    keys.scan(AN)  # Anh An's own card
    assert window.returns.table.item(0, 4).text() == "Chính chủ ✓"
    keys.press(Qt.Key.Key_Return, CTRL)
    returned = dossiers.get(store, code)
    assert returned.status.value == "returned" and returned.returned_to == "Nguyễn Văn An"
    handover = printed_text(window.a4)
    assert code in handover and "Nguyễn Văn An" in handover


def test_a_power_cut_mid_intake_loses_nothing_typed(qtbot, counter, store):
    from ui.app import build

    window, keys = counter
    keys.press(Qt.Key.Key_F2)
    keys.scan(AN)
    keys.type("khai")
    keys.press(Qt.Key.Key_Return)
    window.intake.applicant.person.phone.setText("0912345678")
    window.intake.save_draft()  # what the draft timer does a moment after each change
    assert store.scalar("SELECT COUNT(*) FROM intake_drafts") == 1
    window.close()  # the power goes; the next start:
    again, *_ = build(store, get_user(store, "canbo1"), inline=True, key_clock=KeyClock())
    qtbot.addWidget(again)
    again.show()
    page = again.intake
    assert page.draft_bar.isVisible() and "Nguyễn Văn An" in page.draft_text.text()
    page.draft_open.click()
    assert page.applicant.person.name.text() == "Nguyễn Văn An"
    assert page.applicant.person.phone.text() == "0912345678"
    assert page.picker.current.code == "1.001193"


def test_the_status_bar_stops_blaming_a_field_once_it_is_fixed(counter):
    """Save pressed too early: the bar says what is missing, and only while it is missing."""
    window, keys = counter
    keys.press(Qt.Key.Key_F2)
    keys.press(Qt.Key.Key_S, CTRL)
    assert "Chưa chọn thủ tục" in window.message.text()
    keys.type("khai")
    keys.press(Qt.Key.Key_Return)  # the procedure is picked: that complaint is over
    assert window.message.text() == ""
    keys.press(Qt.Key.Key_S, CTRL)
    assert "Chưa có họ tên" in window.message.text()
    keys.press(Qt.Key.Key_D, CTRL)  # papers ticked: the name is still missing, still said
    assert "Chưa có họ tên" in window.message.text()
    assert window.focusWidget() is window.intake.applicant.person.name
    keys.type("Trần Văn Bảy")
    assert window.message.text() == ""
    keys.press(Qt.Key.Key_S, CTRL)
    assert window.intake.stack.currentWidget() is window.intake.result


def test_a_wrong_clock_blocks_the_intake_and_says_so(counter, store, office_clock):
    window, keys = counter
    take_birth_registration(window, keys)
    office_clock.set("2000-01-01T08:00:00+07:00")
    window.clock_banner.refresh()
    assert window.clock_banner.isVisible() and "Đồng hồ" in window.clock_banner.text.text()
    before = store.scalar("SELECT COUNT(*) FROM dossiers")
    window.intake.start_new()
    keys.scan(AN)
    keys.type("khai")
    keys.press(Qt.Key.Key_Return)
    keys.press(Qt.Key.Key_D, CTRL)
    keys.press(Qt.Key.Key_S, CTRL)
    assert store.scalar("SELECT COUNT(*) FROM dossiers") == before
    assert "Đồng hồ" in window.message.text()


def test_login_and_switching_officer(qtbot, store):
    from ui.login import LoginDialog
    from ui.ops import Runner

    add_user(
        store,
        username="canbo2",
        full_name="Phạm Văn Sơn",
        role="officer",
        password="matkhau1",
        actor="t",
    )
    dialog = LoginDialog(store, Runner(inline=True), office_name="UBND xã Thử Nghiệm")
    qtbot.addWidget(dialog)
    dialog.username.setText("canbo2")
    dialog.password.setText("sai-mat-khau")
    dialog.ok.click()
    assert "Sai tên đăng nhập hoặc mật khẩu" in dialog.error.text() and dialog.user is None
    dialog.password.setText("matkhau1")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.user is not None and dialog.user.full_name == "Phạm Văn Sơn"


def test_switching_officer_closes_the_settings_opened_with_the_previous_rights(
    counter, qtbot, store
):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.login import LoginDialog

    window, keys = counter
    window.session.switch(get_user(store, "quantri"))
    keys.press(Qt.Key.Key_Comma, CTRL)
    settings = window.settings_window
    assert settings.isVisible() and settings.pages["office"].editable
    window.open_settings()
    assert window.settings_window is settings  # one settings window, brought forward

    def log_in_as_officer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LoginDialog)
        dialog.username.setText("canbo1")
        dialog.password.setText("matkhau1")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    QTimer.singleShot(0, log_in_as_officer)
    window.switch_user()
    assert window.session.user.username == "canbo1"
    assert window.settings_window is None
    qtbot.waitUntil(
        lambda: not any(w.isVisible() for w in QApplication.topLevelWidgets() if w is settings)
    )
    window.open_settings()
    assert window.settings_window is not settings
    assert window.settings_window.pages["office"].editable is False


def test_an_empty_office_says_there_are_no_dossiers_yet(counter):
    window, keys = counter
    keys.press(Qt.Key.Key_F3)
    assert "chưa có hồ sơ nào" in window.dossiers.empty.text()


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_every_page_fits_the_screen_and_the_list_shows_status_and_appointment(counter, size):
    window, keys = counter
    take_birth_registration(window, keys)
    window.resize(*size)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        hint = window.minimumSizeHint()
        assert hint.width() <= size[0] and hint.height() <= size[1], window.tabs.tabText(index)
    window.show_page(window.dossiers)
    window.dossiers.refresh()
    table = window.dossiers.table
    visible = table.viewport().width()
    for column in (3, 4):  # Trạng thái, Hẹn trả
        assert table.columnViewportPosition(column) + table.columnWidth(column) <= visible + 2


def test_without_a_scanner_the_card_is_read_by_the_camera(counter, samples_dir):
    """A blank frame, then the card held up to the webcam: the applicant fills in."""
    import json

    import numpy as np

    from ui.scan.sources import FixedCameras, IterableSource

    window, keys = counter
    page = window.intake
    photo = samples_dir / "qr-photos" / "qr_000.jpg"
    truth = json.loads((samples_dir / "qr-photos" / "truth.json").read_text(encoding="utf-8"))
    blank = np.full((480, 640, 3), 200, np.uint8)
    page.cameras = FixedCameras({"Webcam quầy 1": lambda: IterableSource([blank, photo])})

    def hold_the_card_up(dialog):
        assert dialog.choice.currentText() == "Webcam quầy 1"
        while dialog.source is not None and dialog.source.pump():
            pass
        return dialog.result() == dialog.DialogCode.Accepted

    page.answer = hold_the_card_up
    keys.press(Qt.Key.Key_F2)
    keys.press(Qt.Key.Key_F9)
    assert page.applicant.person.id_number.text() == truth["qr_000.jpg"]["text"][:12]
    assert page.applicant.method.currentData() == "cccd_qr"


def test_no_ticket_from_a_wrong_clock(counter, store, office_clock):
    window, keys = counter
    take_birth_registration(window, keys)
    office_clock.set("2000-01-01T08:00:00+07:00")
    window.printing.print_ticket()
    assert store.scalar("SELECT COUNT(*) FROM tickets") == 0
    assert "Đồng hồ" in window.message.text()


def test_settings_open_from_the_window_with_the_scanner_check(counter, qtbot):
    window, keys = counter
    keys.press(Qt.Key.Key_Comma, CTRL)
    settings = window.settings_window
    qtbot.addWidget(settings)
    page = settings.open_page("scanner")
    assert page.check is not None and page.editable  # an officer tunes her own desk's scanner
    assert settings.pages["office"].editable is False  # the office's identity is the admin's
