"""Printer addresses, and the printers that need no network: file, serial (a pty), virtual."""

import os
import shutil
import sys
import threading
from datetime import datetime

import pytest
import zxingcpp
from helpers import trailing_query

from desk.clock import VN_TZ
from desk.errors import (
    InvalidInput,
    PrinterAddressError,
    PrinterError,
    PrinterPaperOut,
    PrinterUnreachable,
    PrinterUnsupported,
)
from printing import thermal
from printing.devices import Kind, Paper, is_retryable, parse_printer_uri, send, status
from printing.virtual import VirtualPrinter

JOB = thermal.test_page(384, when=datetime(2026, 11, 23, 9, 30, tzinfo=VN_TZ))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tcp://192.168.1.50", (Kind.TCP, "192.168.1.50", 9100)),
        ("tcp://192.168.1.50:9101", (Kind.TCP, "192.168.1.50", 9101)),
        ("TCP://may-in-quay-1.local", (Kind.TCP, "may-in-quay-1.local", 9100)),
        ("tcp://[fe80::1]:9100", (Kind.TCP, "fe80::1", 9100)),
        ("file:/dev/usb/lp0", (Kind.FILE, "/dev/usb/lp0", 0)),
        ("file:///tmp/ve.bin", (Kind.FILE, "/tmp/ve.bin", 0)),
        ("file:C:\\in\\ve.bin", (Kind.FILE, "C:\\in\\ve.bin", 0)),
        ("win32:EPSON TM-T20II Receipt", (Kind.WIN32, "EPSON TM-T20II Receipt", 0)),
        ("win32:Máy in? quầy 1", (Kind.WIN32, "Máy in? quầy 1", 0)),
        ("cups:TM-T20", (Kind.CUPS, "TM-T20", 0)),
        ("virtual:", (Kind.VIRTUAL, "", 0)),
        ("  serial:COM3  ", (Kind.SERIAL, "COM3", 0)),
    ],
)
def test_addresses_that_parse(text, expected):
    address = parse_printer_uri(text)
    assert (address.kind, address.target, address.port) == expected


def test_usb_serial_and_options():
    usb = parse_printer_uri("usb:04b8:0x0202?out_ep=0x03&width=512")
    assert (usb.vendor_id, usb.product_id, usb.out_ep, usb.width) == (0x04B8, 0x0202, 3, 512)
    assert str(usb) == "usb:04b8:0202"
    serial = parse_printer_uri("serial:/dev/ttyUSB0?baud=115200&flow=rtscts&mode=column")
    assert (serial.baud, serial.flow, serial.mode) == (115200, "rtscts", "column")
    assert parse_printer_uri("serial:COM3").baud == 9600
    assert str(parse_printer_uri("tcp://10.0.0.7")) == "tcp://10.0.0.7:9100"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("tcp://", "Thiếu địa chỉ"),
        ("tcp://:9100", "Thiếu địa chỉ"),
        ("tcp://192.168.1.50:99999", "Cổng"),
        ("tcp://máy in", "không phải địa chỉ IP"),
        ("tcp://300.1.1.1", "không phải địa chỉ IP"),
        ("usb:zz:1", "VID:PID"),
        ("usb:04b8", "VID:PID"),
        ("usb:0:0", "không được bằng 0"),
        ("serial:", "Thiếu tên cổng"),
        ("serial:COM3?baud=nhanh", "baud"),
        ("serial:COM3?parity=E", "Tham số"),
        ("tcp://10.0.0.7?width=100", "Khổ in"),
        ("tcp://10.0.0.7?width=rộng", "Khổ in"),
        ("tcp://10.0.0.7?mode=dots", "Chế độ in"),
        ("foo:bar", "Không biết loại máy in"),
        ("192.168.1.50", "Không biết loại máy in"),
        ("", "Không biết loại máy in"),
        ("file:", "Thiếu đường dẫn"),
        ("cups:my queue", "CUPS"),
        ("win32:", "Thiếu tên máy in"),
    ],
)
def test_bad_addresses_say_why_in_vietnamese(text, says):
    with pytest.raises(PrinterAddressError) as caught:
        parse_printer_uri(text)
    error = caught.value
    assert says in error.message and "Địa chỉ máy in không hợp lệ" in error.message
    assert isinstance(error, InvalidInput) and isinstance(error, PrinterError)
    assert not is_retryable(error)


def test_file_printer_writes_exactly_the_bytes(tmp_path):
    target = tmp_path / "ve.bin"
    target.write_bytes(b"an earlier job: replaced only when the address says so")
    with pytest.raises(PrinterAddressError, match="overwrite=1"):
        send(f"file:{target}", JOB)
    assert target.read_bytes().startswith(b"an earlier job")
    result = send(f"file:{target}?overwrite=1", JOB)
    assert target.read_bytes() == JOB
    assert result.paper == Paper.UNKNOWN  # a plain file cannot tell
    assert status(f"file:{target}").online and target.read_bytes() == JOB  # asking wipes nothing


def test_file_printer_in_a_missing_folder_is_unreachable(tmp_path):
    with pytest.raises(PrinterUnreachable) as caught:
        send(f"file:{tmp_path / 'khong-co' / 've.bin'}", JOB)
    assert "Không kết nối được máy in" in caught.value.message and is_retryable(caught.value)
    assert status(f"file:{tmp_path / 'khong-co' / 've.bin'}").online is False


def answer_status(pending: bytes, reply) -> tuple[bytes, bytes, bool]:
    """Split DLE EOT queries off the front of what a printer received.

    Returns (replies to send, bytes left, whether the job itself has started).
    """
    out = b""
    while len(pending) >= 3 and pending[:2] == b"\x10\x04":
        out += bytes([reply(pending[2])])
        pending = pending[3:]
    started = bool(pending) and not b"\x10\x04".startswith(pending[:2])
    return out, pending, started


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a POSIX pty")
@pytest.mark.parametrize(("paper_reply", "paper"), [(0x12, Paper.OK), (0x72, Paper.OUT)])
def test_serial_printer_over_a_pty(paper_reply, paper):
    import select

    master, slave = os.openpty()
    got = bytearray()
    stop = threading.Event()

    def printer() -> None:
        """Answers DLE EOT like a real printer; everything after is the job."""
        pending, in_job = b"", False
        while not stop.is_set():
            if not select.select([master], [], [], 0.05)[0]:
                continue
            try:
                pending += os.read(master, 65536)
            except OSError:
                return
            if not in_job:
                replies, pending, in_job = answer_status(
                    pending, lambda n: paper_reply if n == 4 else 0x12
                )
                os.write(master, replies)
            if in_job:
                got.extend(pending)
                pending = b""
                n = trailing_query(got)
                if n is not None and not select.select([master], [], [], 0.02)[0]:
                    del got[-3:]  # asked after the job: it was all read
                    os.write(master, bytes([paper_reply if n == 4 else 0x12]))

    thread = threading.Thread(target=printer, daemon=True)
    thread.start()
    try:
        address = f"serial:{os.ttyname(slave)}?baud=115200"
        assert status(address).paper == paper
        if paper == Paper.OUT:
            with pytest.raises(PrinterPaperOut, match="Máy in hết giấy"):
                send(address, JOB, timeout=5)
            assert bytes(got) == b""
        else:
            send(address, JOB, timeout=5)
            for _ in range(1000):  # the pty hands bytes over asynchronously
                if len(got) >= len(JOB):
                    break
                stop.wait(0.01)
            assert bytes(got) == JOB
    finally:
        stop.set()
        thread.join()
        os.close(slave)
        os.close(master)


def test_serial_port_that_does_not_exist():
    with pytest.raises(PrinterUnreachable, match="Không mở được cổng"):
        send("serial:/dev/khong-co-cong-nay", JOB, timeout=1)


def test_virtual_printer_rolls_paper_and_is_always_ready(tmp_path):
    printer = VirtualPrinter(384)
    view = thermal.TicketView(
        office_name="UBND xã Hòa Phú",
        number="B007",
        service_name="Đất đai",
        issued_at=datetime(2026, 11, 23, 9, 30, tzinfo=VN_TZ),
        people_ahead=0,
        qr_payload="VE|H47|20261123|B007|x",
    )
    result = send("virtual:", thermal.ticket_bytes(view, 384), virtual=printer)
    assert result.online and result.paper == Paper.OK and not result.cover_open
    first = printer.roll().height
    send("virtual:", JOB, virtual=printer)
    assert printer.jobs == 2 and printer.roll().height > first
    assert printer.png().startswith(b"\x89PNG")
    codes = {r.text for r in zxingcpp.read_barcodes(printer.roll())}
    assert "VE|H47|20261123|B007|x" in codes
    assert status("virtual:", virtual=printer).message.startswith("Máy in ảo")
    saved = tmp_path / "cuon-giay.png"
    other = VirtualPrinter(384)
    send(f"virtual:{saved}", JOB, virtual=other)
    assert saved.read_bytes().startswith(b"\x89PNG")


def test_virtual_printer_tells_the_window_when_paper_comes_out():
    printer = VirtualPrinter(384)
    seen = []
    printer.on_change(lambda p: seen.append(p.jobs))
    printer.write(JOB)
    assert seen == [1]


@pytest.mark.skipif(sys.platform == "win32", reason="win32: works on Windows")
def test_win32_printer_elsewhere_is_unsupported_not_retryable():
    with pytest.raises(PrinterUnsupported, match="chỉ dùng được trên Windows") as caught:
        send("win32:EPSON TM-T20II Receipt", JOB)
    assert not is_retryable(caught.value)
    with pytest.raises(PrinterUnsupported):
        status("win32:EPSON TM-T20II Receipt")


def test_usb_without_pyusb_is_unsupported():
    try:
        import usb.core  # noqa: F401
    except ImportError:
        with pytest.raises(PrinterUnsupported, match="pyusb") as caught:
            send("usb:04b8:0202", JOB)
        assert not is_retryable(caught.value)
    else:
        with pytest.raises((PrinterUnreachable, PrinterUnsupported)):
            send("usb:04b8:0202", JOB)


@pytest.mark.skipif(shutil.which("lp") is not None, reason="CUPS installed here")
def test_cups_without_lp_is_unsupported():
    with pytest.raises(PrinterUnsupported, match="lp"):
        send("cups:TM-T20", JOB)
