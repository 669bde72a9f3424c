"""A scanner in USB serial (CDC) mode: framing, the window's QtSerialPort source on a pty,
and `desk scanner listen` (pyserial) on a pty."""

import contextlib
import json
import os
import termios
import threading
import time

import pytest

from desk import scanner
from desk.scanner import SerialSettings
from desk.serial_scan import SerialFramer

CCCD = "001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|Số 1 phố Huế, Hà Nội|20042021"


@pytest.fixture
def pty():
    master, slave = os.openpty()
    yield master, os.ttyname(slave)
    for fd in (master, slave):
        with contextlib.suppress(OSError):
            os.close(fd)


def test_framer_cuts_at_cr_lf_and_keeps_letters_split_across_reads():
    framer = SerialFramer(idle_ms=80)
    data = CCCD.encode() + b"\r\n" + b"000.00.99.H99-261125-0001\r"
    cut = data.index("Ễ".encode()) + 2
    assert framer.feed(data[:cut], 0) == []
    got = framer.feed(data[cut:], 5)
    assert [p.decode() for p in got] == [CCCD, "000.00.99.H99-261125-0001"]
    assert framer.pending == b"" and framer.deadline() is None
    assert framer.feed(b"\n\r\n", 6) == []  # suffixes alone give nothing


def test_framer_without_a_suffix_waits_for_silence_and_stays_bounded():
    framer = SerialFramer(idle_ms=80, max_bytes=100)
    assert framer.feed(b"VE|H99|20261125|A012|3f9c", 0) == []
    assert framer.deadline() == 80
    assert framer.flush(50) == []
    assert framer.flush(80) == [b"VE|H99|20261125|A012|3f9c"]
    assert framer.feed(b"A" * 250, 100) == [b"A" * 100, b"A" * 100]
    assert framer.feed(b"B", 300) == [b"A" * 50]  # silence ended the runaway's tail first
    assert framer.pending == b"B"


def test_the_window_source_reads_a_pty_like_a_cdc_scanner(qtbot, pty):
    from ui.serial_scanner import SerialScanner

    master, path = pty
    source = SerialScanner(SerialSettings(port=path))
    statuses: list[str] = []
    source.status.connect(statuses.append)
    source.start()
    assert source.is_open and statuses == [f"Máy quét cổng {path} đã sẵn sàng."]
    data = CCCD.encode() + b"\r\n"
    cut = data.index("Ă".encode()) + 1
    with qtbot.waitSignal(source.scanned, timeout=5000) as got:
        os.write(master, data[:cut])
        qtbot.wait(20)  # the rest in a later read, as a USB packet boundary would cut it
        os.write(master, data[cut:])
    assert got.args[0].decode() == CCCD
    with qtbot.waitSignal(source.scanned, timeout=5000) as got:
        os.write(master, b"000.00.99.H99-261125-0001")  # no suffix: the silence ends it
    assert got.args[0] == b"000.00.99.H99-261125-0001"
    with qtbot.waitSignal(source.status, timeout=5000) as said:
        os.close(master)  # unplugged
    assert said.args == [f"Máy quét ở cổng {path} bị rút ra hoặc mất kết nối; đang chờ cắm lại…"]
    assert not source.is_open
    source.stop()


def test_an_unplugged_port_is_retried_and_said_so(qtbot, tmp_path):
    from ui.serial_scanner import SerialScanner

    missing = str(tmp_path / "ttyACM9")
    source = SerialScanner(SerialSettings(port=missing), retry_ms=50)
    with qtbot.waitSignal(source.status, timeout=5000):
        source.start()  # fails now, and is retried every 50 ms without saying it again
    assert source.last_status.startswith(f"Chưa mở được cổng {missing}")
    master, slave = os.openpty()
    try:
        os.symlink(os.ttyname(slave), missing)  # the scanner is plugged in
        qtbot.waitUntil(lambda: source.is_open, timeout=5000)
        assert source.last_status == f"Máy quét cổng {missing} đã sẵn sàng."
    finally:
        source.stop()
        os.close(master)
        os.close(slave)


def test_scanner_settings_round_trip_and_refusals(store):
    from desk.errors import InvalidInput

    assert scanner.load(store) == scanner.ScannerSettings()
    changed = scanner.with_changes(
        scanner.load(store),
        max_mean_gap_ms=45.0,
        max_gap_ms=50.0,
        serial_port="COM3",
        serial_baud=115200,
    )
    warnings = scanner.save(store, changed, actor="t")
    assert warnings and "khá cao" in warnings[0]
    assert scanner.load(store) == changed
    assert store.setting("scanner.serial.port") == "COM3"
    for bad, words in (
        ({"max_mean_gap_ms": 70.0}, "phải trong khoảng 1–60"),
        ({"max_mean_gap_ms": 30.0, "max_gap_ms": 20.0}, "không được lớn hơn"),
        ({"serial_baud": 1234}, "Tốc độ cổng 1234"),
        ({"min_length": 1}, "số ký tự tối thiểu"),
    ):
        with pytest.raises(InvalidInput, match=words):
            scanner.validate(scanner.with_changes(scanner.ScannerSettings(), **bad))
    with pytest.raises(InvalidInput, match="Không có thiết lập"):
        scanner.with_changes(scanner.ScannerSettings(), colour="red")
    # What is stored by an older or hand-edited file is read leniently.
    store.set_setting("scanner", {"wedge": {"max_gap_ms": "oops", "min_length": 8}, "x": 1})
    assert scanner.load(store).wedge.min_length == 8
    assert scanner.load(store).wedge.max_gap_ms == 35.0


def test_cli_show_set_reset(cli, data_dir):
    ran = cli(
        "scanner",
        "set",
        "--max-mean-gap",
        "30",
        "--no-tab-ends-scan",
        "--port",
        "COM4",
        data=data_dir,
    )
    assert ran.code == 0 and "Đã lưu" in ran.out
    shown = json.loads(cli("scanner", "show", "--json", data=data_dir).out)
    assert shown["wedge"]["max_mean_gap_ms"] == 30 and shown["wedge"]["tab_ends_scan"] is False
    assert shown["serial"]["port"] == "COM4"
    assert "Máy quét cổng COM: COM4 (9600 bps)" in cli("scanner", "show", data=data_dir).out
    bad = cli("scanner", "set", "--max-gap", "10", data=data_dir)
    assert bad.code == 2 and "không được lớn hơn" in bad.err
    assert cli("scanner", "reset", data=data_dir).code == 0
    assert json.loads(cli("scanner", "show", "--json", data=data_dir).out)["serial"]["port"] == ""


def test_cli_check_explains_a_recording(cli, data_dir):
    from pathlib import Path

    fixtures = Path(__file__).parent / "data" / "wedge"
    ran = cli("scanner", "check", fixtures / "scanner_code128_dossier.json", data=data_dir)
    assert ran.code == 0 and "Máy quét:" in ran.out and "Ngưỡng hiện tại phù hợp" in ran.out
    typed = cli("scanner", "check", fixtures / "human_12_digits.json", "--json", data=data_dir)
    result = json.loads(typed.out)
    assert [b["is_scan"] for b in result["bursts"]] == [False]
    assert result["bursts"][0]["reason"] == "too_slow"
    assert "chậm hơn ngưỡng 20 ms" in result["bursts"][0]["why"]
    broken = cli("scanner", "check", data_dir / "nothing.json", data=data_dir)
    assert broken.code == 2 and "Không đọc được tệp ghi phím" in broken.err


def test_cli_listen_routes_what_a_serial_scanner_sends(cli, data_dir, pty):
    master, path = pty
    result: dict = {}
    worker = threading.Thread(
        target=lambda: result.update(
            ran=cli("scanner", "listen", "--port", path, "--count", "2", "--json", data=data_dir)
        )
    )
    worker.start()
    # pyserial empties the port when it opens it: send once it is open (raw mode set).
    deadline = time.monotonic() + 30
    while termios.tcgetattr(master)[3] & termios.ICANON and time.monotonic() < deadline:
        time.sleep(0.01)
    # Opening the port flushes its input just after raw mode is set: what arrives in that
    # instant is thrown away, as on a real port. A scanner's user scans again; so do we.
    for _ in range(10):
        os.write(master, CCCD.encode() + b"\r\n" + b"hello\n")
        worker.join(3)
        if not worker.is_alive():
            break
    ran = result["ran"]
    assert ran.code == 0, ran.err
    first, second = json_objects(ran.out)
    assert first["kind"] == "citizen_id" and first["value"]["name"] == "NGUYỄN VĂN AN"
    assert first["bytes"] == len(CCCD.encode())
    assert (second["kind"], second["text"]) == ("text", "hello")


def json_objects(text: str) -> list:
    decoder, found, at = json.JSONDecoder(), [], 0
    while at < len(text.rstrip()):
        value, end = decoder.raw_decode(text, at)
        found.append(value)
        at = end + 1
    return found


def test_cli_listen_without_a_port_says_so(cli, data_dir):
    ran = cli("scanner", "listen", data=data_dir)
    assert ran.code == 2 and "Chưa đặt cổng COM" in ran.err
    ran = cli("scanner", "listen", "--port", "/nonexistent/ttyX", data=data_dir)
    assert ran.code == 2 and "Không mở được cổng /nonexistent/ttyX" in ran.err
