"""The first-start wizard on an empty data directory, driven by the keyboard and clicks."""

import pytest
from helpers import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from desk.setup import check_unit_code
from desk.users import authenticate


@pytest.fixture
def wizard(qtbot, empty_store):
    from ui.ops import Runner
    from ui.setup_wizard import SetupWizard

    w = SetupWizard(empty_store, Runner(inline=True))
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    return w


def type_here(qtbot, text: str) -> None:
    """Type into whatever has the focus, as a person at the keyboard would."""
    type_text(QApplication.focusWidget(), text)


def key(qtbot, k) -> None:
    qtbot.keyClick(QApplication.focusWidget(), k)


def test_keys_alone_make_a_working_office_with_an_admin_who_can_log_in(qtbot, wizard, empty_store):
    assert wizard.currentPage() is wizard.identity
    assert QApplication.focusWidget() is wizard.identity.unit
    type_here(qtbot, "000.00.19.h47")
    key(qtbot, Qt.Key.Key_Tab)  # Xã / Phường
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Hòa Phú")
    key(qtbot, Qt.Key.Key_Tab)  # Tỉnh / Thành phố
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Đắk Lắk")
    assert "UBND xã Hòa Phú · UBND tỉnh Đắk Lắk" in wizard.identity.preview.text()
    key(qtbot, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.contact, wizard.identity.error.text()
    assert wizard.identity.unit.text() == "000.00.19.H47"  # cleaned by the core

    assert QApplication.focusWidget() is wizard.contact.desk_name
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Thôn 1, xã Hòa Phú")
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "0262 3123 456")
    key(qtbot, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.hours
    key(qtbot, Qt.Key.Key_Return)  # the usual hours
    assert wizard.currentPage() is wizard.admin

    type_here(qtbot, "Lê Văn Tâm")
    key(qtbot, Qt.Key.Key_Tab)  # the user name is filled in: "quantri"
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "matkhau123")
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "matkhau123")
    key(qtbot, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.printers, wizard.admin.error.text()
    key(qtbot, Qt.Key.Key_Return)  # printers can wait: A4 none, thermal on screen
    assert wizard.currentPage() is wizard.summary
    assert "UBND xã Hòa Phú" in wizard.summary.summary.text()
    assert not empty_store.is_initialised  # nothing before "Hoàn tất"
    key(qtbot, Qt.Key.Key_Return)

    assert wizard.result() == QWizard.DialogCode.Accepted
    assert empty_store.is_initialised
    office = empty_store.office()
    assert (office.unit_code, office.name, office.parent_name) == (
        "000.00.19.H47",
        "UBND xã Hòa Phú",
        "UBND tỉnh Đắk Lắk",
    )
    assert office.address == "Thôn 1, xã Hòa Phú" and office.phone == "0262 3123 456"
    assert empty_store.setting("hours.sessions") == [["07:00", "11:30"], ["13:30", "17:00"]]
    assert empty_store.setting("printers") == {
        "a4": "",
        "receipt": "virtual:",
        "ticket": "virtual:",
    }
    user = authenticate(empty_store, "quantri", "matkhau123")
    assert (user.role, user.full_name) == ("admin", "Lê Văn Tâm")


def test_a_bad_unit_code_is_refused_with_the_cores_message(qtbot, wizard, empty_store):
    with pytest.raises(Exception) as caught:
        check_unit_code("H47 xã")
    wizard.identity.unit.setText("H47 xã")
    wizard.identity.commune.setText("Hòa Phú")
    wizard.identity.province.setText("Đắk Lắk")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.identity
    assert wizard.identity.error.text() == caught.value.message
    assert not empty_store.is_initialised


def test_mismatched_passwords_stop_on_the_admin_page(qtbot, wizard):
    wizard.identity.unit.setText("000.00.19.H47")
    wizard.identity.commune.setText("Hòa Phú")
    wizard.identity.province.setText("Đắk Lắk")
    for _ in range(3):
        wizard.next()
    assert wizard.currentPage() is wizard.admin
    wizard.admin.full_name.setText("Lê Văn Tâm")
    wizard.admin.password.setText("matkhau123")
    wizard.admin.again.setText("matkhau124")
    wizard.next()
    assert wizard.currentPage() is wizard.admin
    assert wizard.admin.error.text() == "Hai lần nhập mật khẩu không khớp."


def test_escape_cancels_and_creates_nothing(qtbot, wizard, empty_store):
    wizard.identity.unit.setText("000.00.19.H47")
    wizard.identity.commune.setText("Hòa Phú")
    wizard.identity.province.setText("Đắk Lắk")
    wizard.next()
    key(qtbot, Qt.Key.Key_Escape)
    assert wizard.result() == QWizard.DialogCode.Rejected and not wizard.isVisible()
    assert not empty_store.is_initialised
    for table in ("settings", "users", "units", "audit"):
        assert empty_store.scalar(f"SELECT COUNT(*) FROM {table}") == 0


@pytest.mark.parametrize("screen", [(1366, 768), (1280, 720)])
def test_every_page_fits_the_screen(qtbot, wizard, screen, tmp_path):
    wizard.identity.unit.setText("000.00.19.H47")
    wizard.identity.commune.setText("Hòa Phú")
    wizard.identity.province.setText("Đắk Lắk")
    wizard.admin.full_name.setText("Lê Văn Tâm")
    wizard.admin.password.setText("matkhau123")
    wizard.admin.again.setText("matkhau123")
    for i in range(6):
        QApplication.processEvents()
        hint = wizard.sizeHint()
        assert wizard.width() <= screen[0] and wizard.height() <= screen[1] - 48, i
        assert hint.width() <= screen[0] and hint.height() <= screen[1] - 48, (i, hint)
        image = wizard.grab()
        assert not image.isNull()
        image.save(str(tmp_path / f"wizard-{i}.png"))
        wizard.next()
    assert wizard.currentPage() is wizard.summary


def test_the_screenshot_of_the_first_page(qtbot, empty_store, tmp_path):
    from PIL import Image

    from ui.ops import Runner
    from ui.settings.screenshots import grab_setup_wizard

    path = grab_setup_wizard(empty_store, Runner(inline=True), tmp_path / "wizard.png")
    with Image.open(path) as image:
        assert image.width <= 1366 and image.height <= 768 and image.width > 400
    assert not empty_store.is_initialised


def test_the_app_on_an_empty_directory_draws_the_wizard_and_creates_nothing(qtbot, cli, tmp_path):
    from desk.store import open_store

    shot = tmp_path / "first-start.png"
    ran = cli("app", "--screenshot", shot, data=tmp_path / "empty")
    assert ran.code == 0, ran.err
    assert shot.stat().st_size > 5000
    with open_store(tmp_path / "empty") as store:
        assert not store.is_initialised
