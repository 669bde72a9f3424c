"""What quét thử shows, without Qt: bursts, reasons in words, suggested thresholds; and the
key filter's use of platform timestamps."""

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

from desk.wedge import KeyEvent, WedgeConfig
from desk.wedge_check import BurstLog, bursts_of, explain, parse_recording, suggest

FIXTURES = Path(__file__).parent / "data" / "wedge"


def recording(name: str) -> list[KeyEvent]:
    return parse_recording(json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8")))


def typed(text: str, gap: float, start: float = 0.0, enter: bool = True) -> list[KeyEvent]:
    keys = [KeyEvent(start + i * gap, ch) for i, ch in enumerate(text)]
    return [*keys, KeyEvent(start + len(text) * gap, is_enter=True)] if enter else keys


def test_bursts_split_at_enter_and_at_silence_and_carry_the_live_scans():
    log = BurstLog(split_ms=1000)
    closed = []
    for event in typed("abc", 100, enter=False):
        closed += log.add(event)
    for i, event in enumerate(typed("H57.132-250101-0001", 3, start=5000)):
        last = i == 19
        closed += log.add(event, [(event.t_ms, "H57.132-250101-0001")] if last else [])
    assert [b.text for b in closed] == ["abc", "H57.132-250101-0001"]
    assert closed[0].scans == () and closed[1].scans == ("H57.132-250101-0001",)
    assert closed[1].terminated and not closed[0].terminated
    assert closed[1].gaps == [3.0] * 19
    assert log.close_idle(1e9) == []


def test_reasons_in_words_with_the_numbers_that_decided():
    config = WedgeConfig()
    words = {
        "scanner_code128_dossier": "Máy quét: 19 ký tự, trung bình",
        "human_12_digits": "Gõ tay: trung bình",
        "human_fast_typist": "Gõ tay:",
    }
    for name, start in words.items():
        verdicts = [b.judge(config) for b in bursts_of(recording(name))]
        assert any(explain(v, config).startswith(start) for v in verdicts), name
    short = bursts_of(typed("A012", 3))[0].judge(config)
    assert explain(short, config) == "Gõ tay: 4 ký tự, ít hơn 6 ký tự tối thiểu."
    open_end = bursts_of(typed("A0123456789", 3, enter=False))[0].judge(config)
    assert explain(open_end, config).startswith("Chưa nhận: đủ nhanh nhưng không có Enter/Tab")


def test_suggestion_from_a_slow_scanner_and_its_limits():
    config = WedgeConfig()
    fitting = suggest(bursts_of(recording("scanner_slow_16ms")), config)
    assert fitting.config is None and fitting.text.endswith("Ngưỡng hiện tại phù hợp.")
    slow = suggest(bursts_of(typed("000.00.99.H99-261125-0001", 28)), config)
    assert slow.config is not None and slow.config.max_mean_gap_ms == 43
    assert slow.config.max_gap_ms >= slow.config.max_mean_gap_ms
    assert all(b.judge(slow.config).is_scan for b in bursts_of(typed("000.00.99.H99-1", 28)))
    capped = suggest(bursts_of(typed("000.00.99.H99-261125-0001", 55)), config)
    assert capped.config is not None and capped.config.max_mean_gap_ms == 60  # never past 60
    person = suggest(bursts_of(recording("human_12_digits")), config)
    assert person.config is None and person.text.startswith("Chưa thấy lần quét nào")


def test_recordings_that_are_not_recordings_are_refused():
    from desk.errors import InvalidInput

    for bad in ({"events": "x"}, [{"text": "a"}], 5):
        with pytest.raises(InvalidInput):
            parse_recording(bad)


class Clock:
    def __init__(self):
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def field_and_filter(qtbot, qapp):
    from ui.wedge_filter import WedgeFilter

    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    clock = Clock()
    flt = WedgeFilter(clock=clock, today=lambda: __import__("datetime").date(2026, 11, 25))
    flt.install(qapp)
    scans: list[str] = []
    flt.scanned.connect(scans.append)
    yield edit, flt, clock, scans
    flt.uninstall(qapp)


def press(widget, key, text: str, stamp: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    event = QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text)
    event.setTimestamp(stamp)
    QCoreApplication.sendEvent(widget, event)


def stamped(widget, text: str, start: int, gap: int) -> int:
    for i, ch in enumerate(text):
        press(widget, ord(ch.upper()), ch, start + i * gap)
    end = start + len(text) * gap
    press(widget, Qt.Key.Key_Return, "\r", end)
    return end


def test_the_platform_timestamp_decides_not_when_qt_delivers(field_and_filter):
    edit, _, _, scans = field_and_filter
    # All keys delivered at one local instant (a busy GUI thread), stamped 3 ms apart.
    stamped(edit, "H57.132-250101-0001", 10_000, 3)
    assert scans == ["H57.132-250101-0001"] and edit.text() == ""
    # Stamped 120 ms apart but delivered at once: still a person typing.
    stamped(edit, "hello world", 20_000, 120)
    assert scans == ["H57.132-250101-0001"] and edit.text() == "hello world"


def test_a_wrapped_32_bit_clock_and_synthetic_keys(field_and_filter):
    edit, _, _, scans = field_and_filter
    stamped(edit, "ABCDEFGH", 2**32 - 12, 3)  # wraps in the middle of the burst
    assert scans == ["ABCDEFGH"]
    for ch in "IJKLMNOP":  # no timestamp: made by the application, never a scan
        QCoreApplication.sendEvent(
            edit, QKeyEvent(QEvent.Type.KeyPress, ord(ch), Qt.KeyboardModifier.NoModifier, ch)
        )
    assert edit.text() == "IJKLMNOP" and len(scans) == 1


def test_alt_numpad_keys_are_not_part_of_the_burst(field_and_filter):
    edit, _, _, scans = field_and_filter
    alt_pad = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.KeypadModifier
    t = 1000
    for ch in "001099012345|NGUY":
        press(edit, ord(ch.upper()), ch, t)
        t += 3
    for digit in "7876":  # Alt+7876 composes "Ễ" on Windows: only the letter counts
        press(edit, Qt.Key.Key_0 + int(digit), "", t, alt_pad)
        t += 3
    press(edit, 0x1EC4, "Ễ", t)
    t += 3
    for ch in "N":
        press(edit, ord(ch), ch, t)
        t += 3
    press(edit, Qt.Key.Key_Return, "\r", t)
    assert scans == ["001099012345|NGUYỄN"]


def test_one_key_filter_at_a_time(field_and_filter, qapp):
    from ui.wedge_filter import WedgeFilter

    edit, first, _, first_scans = field_and_filter
    second = WedgeFilter(today=first._today)  # a second window built in the same process
    second.install(qapp)
    second_scans: list[str] = []
    second.scanned.connect(second_scans.append)
    try:
        stamped(edit, "H57.132-250101-0001", 50_000, 3)
        assert (first_scans, second_scans) == ([], ["H57.132-250101-0001"])
    finally:
        second.uninstall(qapp)
