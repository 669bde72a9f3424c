"""The application key filter in a real QLineEdit under offscreen Qt, with a fake clock."""

from datetime import date

import pytest
from helpers import KeyClock
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from desk.wedge import WedgeConfig
from ui.wedge_filter import WedgeFilter, disable_input_method

TODAY = date(2026, 11, 25)  # the office's day of these scans


@pytest.fixture
def setup(qtbot, qapp):
    window = QWidget()
    layout = QVBoxLayout(window)
    edit, other = QLineEdit(), QLineEdit()
    layout.addWidget(edit)
    layout.addWidget(other)
    qtbot.addWidget(window)
    window.show()
    edit.setFocus()
    clock = KeyClock()
    flt = WedgeFilter(clock=clock, today=lambda: TODAY, accept_synthetic=True)
    flt.install(qapp)
    scans: list[str] = []
    flt.scanned.connect(scans.append)
    yield flt, clock, edit, other, scans
    flt.uninstall(qapp)


def type_text(widget, text: str, clock: KeyClock, gap_ms: float) -> None:
    for ch in text:
        clock.now += gap_ms
        QTest.keyClick(widget, ch)


def press(
    widget,
    key,
    clock: KeyClock,
    gap_ms: float,
    text: str = "",
    modifiers=Qt.KeyboardModifier.NoModifier,
) -> None:
    clock.now += gap_ms
    QCoreApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text))
    QCoreApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyRelease, key, modifiers, text))


def test_fast_burst_with_enter_is_a_scan_and_leaves_the_field_empty(setup, qtbot):
    flt, clock, edit, _, scans = setup
    returns = []
    edit.returnPressed.connect(lambda: returns.append(True))
    with qtbot.waitSignal(flt.scanned, timeout=1000) as signal:
        type_text(edit, "H57.132-250101-0001", clock, 6)
        press(edit, Qt.Key.Key_Return, clock, 6, "\r")
    assert signal.args == ["H57.132-250101-0001"]
    assert scans == ["H57.132-250101-0001"]
    assert edit.text() == ""
    assert returns == []  # the scanner's Enter did not reach the field either


def test_slow_typing_ends_up_in_the_line_edit(setup):
    flt, clock, edit, _, scans = setup
    type_text(edit, "Nguyen Van An", clock, 140)
    clock.now += 200
    flt.poll()
    assert edit.text() == "Nguyen Van An"
    press(edit, Qt.Key.Key_Return, clock, 150, "\r")
    assert scans == []


def test_fast_typist_with_rolled_keys_loses_nothing(setup):
    flt, clock, edit, _, scans = setup
    gaps = [90, 15, 110, 12, 80, 95, 20, 120, 70, 18]
    for ch, gap in zip("ho so cua ", gaps, strict=True):
        clock.now += gap
        QTest.keyClick(edit, ch)
        if gap > 60:
            flt.poll()
    clock.now += 100
    flt.poll()
    assert edit.text() == "ho so cua "
    assert scans == []


def test_a_quick_space_ticks_a_checkbox_once_and_leaves_it_up(setup, qtbot):
    """Space presses a button on the press and clicks it on the release: a release that
    overtook its held press left the box stuck half-pressed and unticked (seen on Xvfb)."""
    from PySide6.QtWidgets import QCheckBox

    flt, clock, edit, _, scans = setup
    box = QCheckBox("Đã đối chiếu", edit.window())
    edit.window().layout().addWidget(box)
    box.setFocus()
    for expected in (True, False):
        press(box, Qt.Key.Key_Space, clock, 300, " ")  # press and release 0 ms apart
        clock.now += 200
        flt.poll()
        assert box.isChecked() is expected
        assert not box.isDown()
    assert scans == []


def test_releases_of_a_scan_reach_no_widget(setup):
    flt, clock, edit, _, scans = setup
    released = []
    original = edit.keyReleaseEvent
    edit.keyReleaseEvent = lambda e: (released.append(e.key()), original(e))
    type_text(edit, "000.00.99.H99-261206-0001", clock, 3)
    press(edit, Qt.Key.Key_Return, clock, 3, "\r")
    assert scans == ["000.00.99.H99-261206-0001"]
    assert released == [] and edit.text() == ""
    type_text(edit, "ab", clock, 300)
    clock.now += 200
    flt.poll()
    assert edit.text() == "ab" and len(released) == 2


def test_typing_then_scan_then_typing(setup):
    flt, clock, edit, _, scans = setup
    type_text(edit, "abc", clock, 150)
    clock.now += 300
    flt.poll()
    type_text(edit, "VE|H57|20250101|A012|3f9c", clock, 3)
    press(edit, Qt.Key.Key_Return, clock, 3, "\r")
    type_text(edit, "de", clock, 150)
    clock.now += 100
    flt.poll()
    assert scans == ["VE|H57|20250101|A012|3f9c"]
    assert edit.text() == "abcde"


def test_keys_go_back_to_the_widget_they_were_typed_in(setup):
    flt, clock, edit, other, scans = setup
    clock.now += 100
    QTest.keyClick(edit, "x")  # held for a few ms…
    other.setFocus()  # …while the focus moves
    clock.now += 100
    QTest.keyClick(other, "y")
    clock.now += 100
    flt.poll()
    assert (edit.text(), other.text()) == ("x", "y")
    assert scans == []


def test_scanned_text_comes_from_key_codes_not_from_the_input_method(setup):
    """A Qt-level Telex IME may commit "đ" for the second D: the key code still says D."""
    _, clock, edit, _, scans = setup
    keys = [(Qt.Key.Key_V, "V", True), (Qt.Key.Key_E, "E", True), (Qt.Key.Key_Bar, "|", True)]
    keys += [(Qt.Key.Key_H, "H", True), (Qt.Key.Key_5, "5", False), (Qt.Key.Key_7, "7", False)]
    keys += [(Qt.Key.Key_Bar, "|", True)] + [(Qt.Key.Key_0 + int(d), d, False) for d in "20250101"]
    keys += [(Qt.Key.Key_Bar, "|", True), (Qt.Key.Key_A, "A", True), (Qt.Key.Key_0, "0", False)]
    keys += [(Qt.Key.Key_1, "1", False), (Qt.Key.Key_2, "2", False), (Qt.Key.Key_Bar, "|", True)]
    keys += [
        (Qt.Key.Key_D, "d", False),
        (Qt.Key.Key_D, "đ", False),
        (Qt.Key.Key_E, "e", False),
        (Qt.Key.Key_E, "ê", False),
    ]
    for key, text, shift in keys:
        mods = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
        press(edit, key, clock, 4, text, mods)
    press(edit, Qt.Key.Key_Return, clock, 4, "\r")
    assert scans == ["VE|H57|20250101|A012|ddee"]
    assert edit.text() == ""


def test_hook_ime_backspace_and_letter_is_undone(setup):
    """Unikey eats the second 'd' and sends Backspace + 'đ' (a Unicode key with no key code)."""
    _, clock, edit, _, scans = setup
    type_text(edit, "VE|H57|20250101|A012|5", clock, 3)
    press(edit, Qt.Key.Key_D, clock, 3, "d")
    press(edit, Qt.Key.Key_Backspace, clock, 3, "\b")
    press(edit, Qt.Key.Key_unknown, clock, 3, "đ")
    type_text(edit, "0", clock, 3)
    press(edit, Qt.Key.Key_Return, clock, 3, "\r")
    assert scans == ["VE|H57|20250101|A012|5dd0"]
    assert edit.text() == ""


def test_vietnamese_keyboard_layout_digits_come_from_scan_codes(qtbot, qapp):
    """On the Windows Vietnamese layout the digit row types ă â ê ô … đ: the scanner meant digits."""
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    clock = KeyClock()
    flt = WedgeFilter(
        clock=clock, today=lambda: TODAY, scan_code_offset=0, accept_synthetic=True
    )  # PC set-1 scan codes, as on Windows
    flt.install(qapp)
    scans: list[str] = []
    flt.scanned.connect(scans.append)
    typed = {"1": ("ă", 2), "2": ("â", 3), "3": ("ê", 4), "4": ("ô", 5), "0": ("đ", 11)}
    try:
        for digit in "00123401":
            text, scan_code = typed[digit]
            clock.now += 5
            key = ord(text.upper())  # Qt's key code for a letter outside ASCII
            event = QKeyEvent(
                QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, scan_code, 0, 0, text
            )
            QCoreApplication.sendEvent(edit, event)
        press(edit, Qt.Key.Key_Return, clock, 5, "\r")
        assert scans == ["00123401"]
        assert edit.text() == ""
    finally:
        flt.uninstall(qapp)


def test_shortcuts_and_modifiers_pass_straight_through(setup):
    flt, clock, edit, _, scans = setup
    edit.setText("abc")
    edit.selectAll()
    press(edit, Qt.Key.Key_Shift, clock, 2, "")
    press(edit, Qt.Key.Key_X, clock, 2, "\x18", Qt.KeyboardModifier.ControlModifier)  # cut
    assert edit.text() == ""
    assert flt._detector.pending == ()
    assert scans == []


def test_tab_terminator_and_config(qtbot, qapp):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    clock = KeyClock()
    flt = WedgeFilter(
        config=WedgeConfig(min_length=4), clock=clock, today=lambda: TODAY, accept_synthetic=True
    )
    flt.install(qapp)
    try:
        with qtbot.waitSignal(flt.scanned, timeout=1000) as signal:
            type_text(edit, "A012", clock, 5)
            press(edit, Qt.Key.Key_Tab, clock, 5, "\t")
        assert signal.args == ["A012"] and edit.text() == ""
    finally:
        flt.uninstall(qapp)


def test_disable_input_method(qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    disable_input_method(edit)
    assert not edit.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    assert edit.inputMethodHints() & Qt.InputMethodHint.ImhLatinOnly
