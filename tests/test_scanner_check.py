"""Quét thử and the scan router on a real store, offscreen, with a fake key clock."""

import pytest
from helpers import KeyClock
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from desk import dossiers, scanner
from desk.scanner import ScannerSettings


@pytest.fixture
def setup(qtbot, store):
    from ui.ops import Runner
    from ui.scan_router import ScanRouter
    from ui.scanner_check import ScannerCheck
    from ui.scanners import Scanners

    code = dossiers.receive(
        store, {"procedure": "1.004873", "applicant": {"name": "Trần Thị Hương"}}, actor="t"
    ).code
    runner = Runner(inline=True)
    today = lambda: store.now().date()  # noqa: E731
    router = ScanRouter(store, runner, today=today, lookup_base_url=None)
    clock = KeyClock()
    scanners = Scanners(
        scanner.load(store),
        router.handle,
        today=today,
        wedge_options={"clock": clock, "accept_synthetic": True},
    )
    check = ScannerCheck(store, runner, scanners, router, actor="test")
    field = QLineEdit()
    qtbot.addWidget(check)
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    check.start()
    opened: list[str] = []
    router.open_dossier.connect(opened.append)
    yield check, scanners, router, clock, field, code, opened
    check.stop()
    scanners.close()


def keys(widget, text: str, clock: KeyClock, gap_ms: float, *, enter: bool = True) -> None:
    for ch in text:
        clock.now += gap_ms
        QTest.keyClick(widget, ch)
    if enter:
        clock.now += gap_ms
        event = QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r"
        )
        QCoreApplication.sendEvent(widget, event)


def cells(check, row: int) -> list[str]:
    return [check.table.item(row, col).text() for col in range(check.table.columnCount())]


def test_a_scan_and_typing_are_listed_with_the_reason(setup):
    check, scanners, _, clock, field, code, opened = setup
    keys(field, code, clock, 3)
    clock.now += 2000
    keys(field, "abcdefgh", clock, 120)
    clock.now += 2000
    scanners.wedge.poll()
    assert check.table.rowCount() == 2
    scan, typed = cells(check, 0), cells(check, 1)
    assert scan[0] == "Bàn phím" and scan[1] == code and scan[5] == "máy quét"
    assert scan[3] == "3" and scan[7] == f"Mã hồ sơ {code}"
    assert typed[1] == "abcdefgh" and typed[5] == "gõ tay"
    assert typed[6] == "gõ tay (gõ chậm như người)"
    check.table.selectRow(1)
    assert "trung bình 120 ms giữa hai phím" in check.detail.text()
    assert "120, 120" in check.detail.text()
    # While the check is open a scan is only shown: nothing opened behind it.
    assert opened == [] and field.text() == "abcdefgh"


def test_a_slow_scanner_gets_a_suggestion_that_can_be_saved_and_used_at_once(setup, store):
    check, scanners, _, clock, field, code, opened = setup
    keys(field, code, clock, 26)  # a scanner set to a 25 ms inter-character delay
    scanners.wedge.poll()
    assert cells(check, 0)[5] == "gõ tay" and field.text() == code  # typed, not scanned
    assert "Nên đặt: trung bình ≤ 40 ms" in check.suggestion.text()
    assert check.use_suggestion.isEnabled()
    check.use_suggestion.click()
    assert check.mean.value() == 40 and cells(check, 0)[6] == "máy quét"
    check.save_button.click()
    assert "Đã lưu" in check.message.text() and "khá cao" not in check.message.text()
    assert scanner.load(store).wedge.max_mean_gap_ms == 40
    assert scanners.wedge.config.max_mean_gap_ms == 40
    field.clear()
    clock.now += 2000
    keys(field, code, clock, 26)
    assert cells(check, 1)[5] == "máy quét" and field.text() == ""
    check.stop()
    clock.now += 2000
    keys(field, code, clock, 26)  # check closed: the scan opens the dossier again
    assert opened == [code]


def test_thresholds_that_cannot_work_are_refused_in_vietnamese(setup, store):
    check, *_ = setup
    check.mean.setValue(30)
    check.gap.setValue(20)
    check.save_button.click()
    assert check.message.text().startswith("⚠ Khoảng cách trung bình tối đa")
    assert scanner.load(store) == ScannerSettings()


def test_serial_rows_and_the_port_setting(setup, store):
    check, scanners, router, *_ = setup
    router.handle(
        "001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|Hà Nội|20042021".encode(), "serial"
    )
    row = cells(check, 0)
    assert row[0] == "Cổng COM" and row[7] == "Thẻ căn cước 001099012345 — NGUYỄN VĂN AN"
    check.table.selectRow(0)
    assert "byte" in check.detail.text()
    check.port.setEditText("/dev/ttyNOSUCH0")
    check.save_button.click()
    assert scanner.load(store).serial.port == "/dev/ttyNOSUCH0"
    assert scanners.serial is not None and not scanners.serial.is_open
    assert "Chưa mở được cổng /dev/ttyNOSUCH0" in check.serial_status.text()


def test_router_feedback_outside_the_check(qtbot, store):
    from ui.ops import Runner
    from ui.scan_router import ScanRouter

    code = dossiers.receive(
        store, {"procedure": "1.004873", "applicant": {"name": "Lê Văn Bình"}}, actor="t"
    ).code
    router = ScanRouter(store, Runner(inline=True), today=lambda: store.now().date())
    said: list[tuple[str, str]] = []
    router.message.connect(lambda t: said.append(("ok", t)))
    router.problem.connect(lambda t: said.append(("problem", t)))
    router.handle(code)
    router.handle("000.00.99.H99-261130-0999")
    router.handle("VE|H99|20261125|A012|3f9c")
    router.handle("VE|H99|2026|A012|x")
    router.handle("8935049501503")
    router.handle("\r\n")
    assert said == [
        ("ok", f"Đã quét mã hồ sơ {code}."),
        ("problem", "Đã quét mã 000.00.99.H99-261130-0999 — không tìm thấy hồ sơ này."),
        ("ok", "Đã quét phiếu xếp hàng số A012."),
        (
            "problem",
            "Đã quét phiếu xếp hàng nhưng không đọc được: Mã trên phiếu xếp hàng không đúng "
            "dạng; hãy quét lại.",
        ),
        (
            "problem",
            "Đã quét «8935049501503» — không phải mã hồ sơ, phiếu xếp hàng hay thẻ căn cước.",
        ),
        ("problem", "Đã quét nhưng không dùng được: Không có dữ liệu quét."),
    ]


def test_the_check_in_the_settings_listens_only_while_it_is_shown(qtbot, store):
    """While the check is shown, scans are only shown there; leaving its page or closing
    the settings gives the scanner back to the window."""
    from ui.app import build

    window, _runner, _ = build(store, inline=True)
    qtbot.addWidget(window)
    window.show()
    window.open_settings()
    settings = window.settings_window
    assert not window.scan_router.capture
    settings.open_page("scanner")
    assert window.scan_router.capture
    settings.open_page("printers")
    assert not window.scan_router.capture
    settings.open_page("scanner")
    assert window.scan_router.capture
    settings.close()
    assert not window.scan_router.capture
