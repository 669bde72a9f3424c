"""The settings window on a real store: changes audited and taken by open windows through
the bus, admin pages read-only for officers, test prints, screens that fit."""

import pytest
from helpers import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from desk import users
from desk.errors import AuthError
from ui import changes

SCREENS = [(1366, 768), (1280, 720)]


@pytest.fixture
def app_parts(store):
    from ui.changes import ChangeBus
    from ui.ops import Runner
    from ui.print_service import PrintService

    runner, bus = Runner(inline=True), ChangeBus()
    return runner, bus, PrintService(store, runner, bus)


@pytest.fixture
def people(store):
    made = {}
    for username, name, role in (
        ("quantri", "Lê Quản Trị", "admin"),
        ("canbo1", "Trần Thu Hà", "officer"),
        ("lanhdao", "Phạm Minh Quang", "leader"),
    ):
        made[role] = users.add_user(
            store, username=username, full_name=name, role=role, password="matkhau123", actor="t"
        )
    return made


@pytest.fixture
def open_settings(qtbot, store, app_parts):
    from ui.settings import SettingsWindow

    runner, bus, printing = app_parts

    def make(user):
        window = SettingsWindow(store, runner, bus, user, printing=printing)
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        return window

    return make


def _last_audit(store):
    return store.one("SELECT * FROM audit ORDER BY id DESC LIMIT 1")


def test_a_change_is_audited_and_an_open_window_takes_it(qtbot, store, people, open_settings):
    first, second = open_settings(people["admin"]), open_settings(people["admin"])
    seen = []
    second.env.bus.changed.connect(seen.append)
    with qtbot.waitActive(first):
        first.activateWindow()
    page = first.open_page("office")
    name = page.fields["name"]
    name.selectAll()
    type_text(name, "UBND xã Hòa Phú")
    qtbot.keyClick(name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.message.text() == "Đã lưu.", page.message.text()
    assert store.setting("office.name") == "UBND xã Hòa Phú"
    entry = _last_audit(store)
    assert (entry["actor"], entry["action"], entry["entity_id"]) == (
        "quantri",
        "settings.set",
        "office.name",
    )
    assert changes.SETTINGS in seen[-1]
    assert second.pages["office"].fields["name"].text() == "UBND xã Hòa Phú"
    assert first.isVisible()  # Ctrl+S and Enter never close the window


def test_only_changed_fields_are_saved_and_bad_ones_refused(qtbot, store, people, open_settings):
    window = open_settings(people["admin"])
    page = window.open_page("office")
    page.save()
    assert page.message.text() == "Không có gì thay đổi."
    page.fields["lookup_base_url"].setText("tracuu.example.vn")
    page.fields["phone"].setText("0262 3123 456")
    before = store.scalar("SELECT COUNT(*) FROM audit")
    page.save()
    assert "http://" in page.message.text() and "color: #b3261e" in page.message.styleSheet()
    assert store.setting("office.phone") is None  # all or nothing
    assert store.scalar("SELECT COUNT(*) FROM audit") == before


def test_hours_and_copies_and_counters_through_their_pages(qtbot, store, people, open_settings):
    from PySide6.QtCore import QTime

    window = open_settings(people["admin"])
    hours = window.open_page("hours")
    hours.editor.cutoff.setTime(QTime(16, 0))
    hours.save()
    assert store.setting("hours.cutoff") == "16:00"
    hours.editor.morning[1].setTime(QTime(6, 0))  # the morning ends before it starts
    hours.save()
    assert "giờ bắt đầu phải trước giờ kết thúc" in hours.message.text()
    assert store.setting("hours.sessions")[0] == ["07:00", "11:30"]

    office = window.open_page("office")
    office.copies.setValue(3)
    office.save()
    assert store.setting("office.receipt_copies") == 3

    counters = window.open_page("counters")
    qtbot.mouseClick(counters.add, Qt.MouseButton.LeftButton)
    assert counters.name.text() == "Quầy 2"
    counters.name.end(False)
    type_text(counters.name, " – Chứng thực")
    counters.checks["CT"].setChecked(True)
    counters.save()
    assert store.setting("counters")[1] == {
        "number": 2,
        "name": "Quầy 2 – Chứng thực",
        "services": ["CT"],
    }


@pytest.mark.parametrize("role", ["officer", "leader"])
def test_an_officer_cannot_change_admin_pages(qtbot, store, people, open_settings, role):
    window = open_settings(people[role])
    assert window.current_page() is window.pages["printers"]  # where an officer starts
    for name in ("office", "hours", "counters", "kiosk", "network"):
        page = window.open_page(name)
        assert not page.editable and page.banner.isVisible(), name
        assert not page.save_button.isEnabled(), name
        edits = page.body.findChildren(QLineEdit)
        assert edits and all(e.isReadOnly() for e in edits if e.isVisible()), name
        assert "(chỉ xem)" in window.nav.item(list(window.pages).index(name)).text()
    office = window.pages["office"]
    with pytest.raises(AuthError):  # the core refuses even if a widget were fooled
        office.write({"office.name": "UBND xã Khác"})
    users_page = window.open_page("users")
    assert not users_page.add.isEnabled() and not users_page.lock.isEnabled()
    assert users_page.reset.text() == "Đổi mật khẩu của tôi" and users_page.reset.isEnabled()
    users_page.new_password.setText("matkhau999")
    users_page.new_again.setText("matkhau999")
    qtbot.keyClick(users_page.new_again, Qt.Key.Key_Return)
    assert users.authenticate(store, people[role].username, "matkhau999")
    printers = window.open_page("printers")
    assert printers.editable and printers.save_button.isEnabled()
    printers.rows["receipt"].chooser.combo.setCurrentText("tcp://192.168.1.60:9100")
    printers.save()
    assert store.setting("printers.receipt") == "tcp://192.168.1.60:9100"
    assert _last_audit(store)["actor"] == people[role].username


def test_a_test_print_on_the_virtual_printer_is_decoded_back(
    qtbot, store, people, open_settings, app_parts
):
    import numpy as np

    _, _, printing = app_parts
    window = open_settings(people["admin"])
    row = window.open_page("printers").rows["receipt"]
    row.chooser.combo.setCurrentText("virtual:")
    qtbot.mouseClick(row.test_button, Qt.MouseButton.LeftButton)
    assert row.result.text() == "Đã in thử trên virtual:."
    assert printing.virtual.jobs == 1
    paper = np.asarray(printing.virtual.last_job.image.convert("L"))
    assert paper.shape[1] == 576 and paper.shape[0] > 200
    assert (paper < 128).mean() > 0.01  # ink, not a blank strip
    job = store.one("SELECT * FROM print_jobs ORDER BY created_at DESC LIMIT 1")
    assert (job["kind"], job["status"]) == ("test", "done")


def test_an_a4_test_page_to_a_file_and_every_test_button_says_something(
    qtbot, store, people, open_settings, tmp_path
):
    from pypdf import PdfReader

    window = open_settings(people["admin"])
    page = window.open_page("printers")
    a4 = page.rows["a4"]
    qtbot.mouseClick(a4.test_button, Qt.MouseButton.LeftButton)  # none chosen: says so
    assert "Chưa chọn máy in A4" in a4.result.text()
    out = tmp_path / "thu.pdf"
    a4.chooser.combo.setCurrentIndex(a4.chooser.combo.count() - 1)  # "Địa chỉ khác…"
    assert a4.chooser.other.isVisible()
    a4.chooser.other.setText(f"file:{out}")
    qtbot.mouseClick(a4.test_button, Qt.MouseButton.LeftButton)
    assert a4.result.text() == f"Đã in thử trên file:{out}."
    assert "TRANG IN THỬ" in PdfReader(out).pages[0].extract_text()
    ticket = page.rows["ticket"]
    ticket.chooser.combo.setCurrentText("tcp://")
    qtbot.mouseClick(ticket.test_button, Qt.MouseButton.LeftButton)
    assert "Địa chỉ máy in không hợp lệ" in ticket.result.text()
    ticket.check()
    assert "Địa chỉ máy in không hợp lệ" in ticket.status.text()


def test_users_added_reset_and_locked_from_the_page(qtbot, store, people, open_settings):
    window = open_settings(people["admin"])
    page = window.open_page("users")
    type_text(page.add_username, "canbo2")
    type_text(page.add_name, "Đỗ Thị Lan")
    page.add_password.setText("matkhau123")
    page.add_again.setText("matkhau124")
    qtbot.keyClick(page.add_again, Qt.Key.Key_Return)
    assert page.message.text() == "Hai lần nhập mật khẩu không khớp."
    page.add_again.setText("matkhau123")
    qtbot.keyClick(page.add_again, Qt.Key.Key_Return)
    assert page.message.text() == "Đã thêm canbo2 (Công chức một cửa)."
    assert users.authenticate(store, "canbo2", "matkhau123").full_name == "Đỗ Thị Lan"
    page.table.setCurrentCell([u.username for u in page.users].index("canbo2"), 0)
    qtbot.mouseClick(page.lock, Qt.MouseButton.LeftButton)
    assert not users.get_user(store, "canbo2").active
    assert page.lock.text() == "Mở lại tài khoản"
    page.table.setCurrentCell([u.username for u in page.users].index("quantri"), 0)
    qtbot.mouseClick(page.lock, Qt.MouseButton.LeftButton)
    assert "Không tự khóa" in page.message.text() and users.get_user(store, "quantri").active
    actions = [r["action"] for r in store.query("SELECT action FROM audit WHERE actor = 'quantri'")]
    assert "user.add" in actions and "user.deactivate" in actions


def test_the_kiosk_pin_page(qtbot, store, people, open_settings):
    from desk.config import check_kiosk_pin

    page = open_settings(people["admin"]).open_page("kiosk")
    assert page.state.text().startswith("Chưa đặt mã PIN")
    page.pin.setText("2468")
    page.again.setText("2468")
    qtbot.keyClick(page.again, Qt.Key.Key_Return)
    assert check_kiosk_pin(store, "2468") and page.state.text() == "Đã có mã PIN."
    assert page.pin.text() == "" and page.message.text() == "Đã đặt mã PIN."


def test_the_keyboard_moves_between_pages_and_escape_closes(qtbot, people, open_settings):
    window = open_settings(people["admin"])
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.current_page() is window.pages["hours"]
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.pages["counters"]
    qtbot.keyClick(window.nav, Qt.Key.Key_Escape)
    assert not window.isVisible()


@pytest.mark.parametrize("screen", SCREENS)
def test_every_page_fits_the_screen(qtbot, people, open_settings, screen, tmp_path):
    window = open_settings(people["admin"])
    window.resize(screen[0] - 40, screen[1] - 60)
    hint = window.minimumSizeHint()
    assert hint.width() <= screen[0] and hint.height() <= screen[1] - 48
    for name, page in window.pages.items():
        window.open_page(name)
        QApplication.processEvents()
        assert page.body.minimumSizeHint().width() <= window.stack.width(), name
        assert window.width() <= screen[0] and window.height() <= screen[1]
        window.grab().save(str(tmp_path / f"{name}.png"))


def test_the_screenshot_for_the_readme(qtbot, store, people, app_parts, tmp_path):
    from PIL import Image

    from ui.settings.screenshots import grab_all

    runner, bus, printing = app_parts
    before = store.scalar("SELECT COUNT(*) FROM audit")
    wizard, settings = grab_all(
        store, runner, bus, people["admin"], tmp_path / "shots", printing=printing
    )
    assert (wizard.name, settings.name) == ("first-start.png", "settings.png")
    with Image.open(settings) as image:
        assert (image.width, image.height) == (1100, 708)
    with Image.open(wizard) as image:
        assert image.width <= 1366 and image.height <= 768
    assert store.scalar("SELECT COUNT(*) FROM audit") == before  # pictures change nothing


def test_an_open_scan_tab_follows_the_scanner_folder_chosen_in_the_settings(
    qtbot, store, people, app_parts, tmp_path
):
    from ui.scan import ScanPanel
    from ui.scan.sources import FixedCameras
    from ui.settings import SettingsWindow

    runner, bus, printing = app_parts
    panel = ScanPanel(store, runner, bus, cameras=FixedCameras())
    qtbot.addWidget(panel)
    assert panel.watch.folder is None
    window = SettingsWindow(
        store, runner, bus, people["officer"], printing=printing, cameras=FixedCameras()
    )
    qtbot.addWidget(window)
    page = window.open_page("scan")
    assert page.editable  # the station's own scanner: an officer may set it
    folder = tmp_path / "may-quet"
    folder.mkdir()
    page.folder.setText(str(folder))
    page.dpi.setCurrentIndex(page.dpi.findData(300))
    page.save()
    assert store.setting("scan") == {"hot_folder": str(folder), "dpi": 300}  # what changed
    assert panel.watch.folder is not None and panel.watch.folder.samefile(folder)
