"""What a reliability probe did to the printers (issue 8, items 2–4), against the real CLI.

A `file:` printer aimed at the database once said "Đã in" and left the office without it; a
printer that took the connection but never read got its ticket marked printed; an empty
address printed on the default printer; a virtual roll in a missing folder was a traceback.
"""

import hashlib
import os
import sqlite3
import threading

import pytest
from helpers import run_desk

from desk.errors import PrinterAddressError, PrinterTimeout
from printing import jobs, queue
from printing.devices import is_retryable, send
from printing.escpos_decode import decode


def _fingerprint(data_dir) -> tuple[str, int, int]:
    """The database's bytes, and whether it still opens whole with its tickets and jobs."""
    path = data_dir / "desk.sqlite"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tickets = conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
        job_rows = conn.execute("SELECT COUNT(*) FROM print_jobs").fetchone()[0]
    return digest, tickets, job_rows


@pytest.mark.parametrize(
    "target",
    ["desk.sqlite", "desk.sqlite?overwrite=1", "desk.sqlite-wal", "files/x.bin", "."],
)
def test_a_file_printer_never_writes_into_the_data_directory(data_dir, target):
    before = _fingerprint(data_dir)
    ran = run_desk("--data", data_dir, "print", "ticket", "--printer", f"file:{data_dir}/{target}")
    err = ran.stderr.decode()
    assert ran.returncode == 2 and "thư mục dữ liệu của văn phòng" in err, err
    assert "Đã in" not in ran.stdout.decode() and "ngoài dự kiến" not in err
    assert _fingerprint(data_dir)[1:] == before[1:]  # no ticket issued, no job stored


def test_a_link_to_the_database_is_the_database(data_dir, tmp_path):
    soft, hard = tmp_path / "soft.bin", tmp_path / "hard.bin"
    soft.symlink_to(data_dir / "desk.sqlite")
    os.link(data_dir / "desk.sqlite", hard)
    for link in (soft, hard):
        ran = run_desk(
            "--data", data_dir, "print", "ticket", "--printer", f"file:{link}?overwrite=1"
        )
        assert ran.returncode == 2 and "thư mục dữ liệu" in ran.stderr.decode()
    assert _fingerprint(data_dir)[1:] == (0, 0)


def test_an_existing_file_is_replaced_only_when_the_address_says_so(cli, data_dir, tmp_path):
    notes = tmp_path / "ghi-chu.txt"
    notes.write_text("sổ tay của cán bộ", encoding="utf-8")
    ran = cli("print", "ticket", "--printer", f"file:{notes}", data=data_dir)
    assert ran.code == 2 and "overwrite=1" in ran.err
    assert notes.read_text(encoding="utf-8") == "sổ tay của cán bộ"
    ran = cli("settings", "set", "printers.ticket", f"file:{notes}", data=data_dir)
    assert ran.code == 2 and "overwrite=1" in ran.err  # refused when typed, not at the first ticket
    ran = cli("print", "ticket", "--printer", f"file:{notes}?overwrite=1", data=data_dir)
    assert ran.code == 0 and "Đã in" in ran.out
    assert decode(notes.read_bytes()).image.width == 576
    new = tmp_path / "ve-moi.bin"
    assert cli("print", "ticket", "--printer", f"file:{new}", data=data_dir).code == 0
    assert decode(new.read_bytes()).image.width == 576


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_a_printer_port_and_one_nobody_reads_does_not_hang(store, tmp_path):
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    printed = jobs.print_ticket(store, printer=f"file:{fifo}")  # nobody reads: not a hang
    assert printed.job.status == "queued" and "Không kết nối được máy in" in printed.job.last_error
    got = bytearray()
    ready, stop = threading.Event(), threading.Event()

    def reader() -> None:
        """A printer port: open before any writer (without blocking), read until it is done."""
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        ready.set()
        try:
            while not stop.is_set():
                try:
                    chunk = os.read(fd, 65536)
                except BlockingIOError:
                    chunk = None
                if chunk:
                    got.extend(chunk)
                elif chunk == b"" and got:
                    return  # the writer closed after the job
                else:
                    stop.wait(0.005)
        finally:
            os.close(fd)

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    ready.wait(5)
    again = queue.attempt(store, printed.job.id)
    thread.join(timeout=10)
    stop.set()
    assert again.status == "done" and bytes(got).endswith(store.files.read(again.sha256))


def test_outputs_named_by_a_person_never_land_on_the_data(cli, data_dir, tmp_path):
    dossier = tmp_path / "d.json"
    dossier.write_text('{"procedure": "1.001193", "applicant": {"name": "Hà Thu"}}')
    code = cli("dossier", "new", "--json-file", dossier, data=data_dir).out.split("\t")[0]
    before = _fingerprint(data_dir)
    for argv in (
        ("print", "form", "01", "--dossier", code, "-o", data_dir / "desk.sqlite"),
        ("print", "form", "01", "--dossier", code, "-o", data_dir / "files" / "x.pdf"),
        ("dossier", "export", code, data_dir / "files"),
        ("print", "ticket", "--printer", f"virtual:{data_dir}/roll.png"),
        ("print", "ticket", "--printer", f"virtual:{data_dir}/desk.sqlite"),
    ):
        ran = cli(*argv, data=data_dir)
        assert ran.code == 2 and "thư mục dữ liệu" in ran.err, (argv, ran.err)
    assert _fingerprint(data_dir) == before
    other = tmp_path / "bao-cao.xlsx"
    other.write_bytes(b"PK\x03\x04 a spreadsheet")
    ran = cli("print", "form", "01", "--dossier", code, "-o", other, data=data_dir)
    assert ran.code == 2 and "không ghi đè" in ran.err and other.read_bytes().startswith(b"PK")
    pdf = tmp_path / "bien-nhan.pdf"
    assert cli("print", "form", "01", "--dossier", code, "-o", pdf, data=data_dir).code == 0
    assert cli("print", "form", "01", "--dossier", code, "-o", pdf, data=data_dir).code == 0


def test_a_printer_that_takes_the_connection_but_never_reads_is_not_printed(store, printers):
    """The probe: 56,569 of 60,664 bytes unacknowledged and the job marked "Đã in"."""
    printer = printers(stall=True)
    with pytest.raises(PrinterTimeout) as caught:
        send(printer.uri, b"\x1b@" + b"\x00" * 60_000, timeout=1.0)
    assert is_retryable(caught.value) and "chưa nhận hết lệnh in" in caught.value.message

    def sender(address, data, mime):
        send(address, data, timeout=1.0)

    printed = jobs.print_ticket(store, printer=printer.uri, sender=sender)
    job = queue.get(store, printed.job.id)
    assert job.status == "queued" and job.done_at is None and job.next_try_at is not None
    assert "chưa nhận hết lệnh in" in job.last_error and "in lại" in job.last_error


@pytest.mark.slow
def test_the_cli_keeps_a_stalled_ticket_queued(data_dir, printers):
    printer = printers(stall=True)
    ran = run_desk("--data", data_dir, "print", "ticket", "--printer", printer.uri, timeout=120)
    out = ran.stdout.decode()
    assert ran.returncode == 5 and "Chưa in được" in out and "chưa nhận hết" in out, out
    with sqlite3.connect(data_dir / "desk.sqlite") as conn:
        assert conn.execute("SELECT status FROM print_jobs").fetchall() == [("queued",)]


def test_paper_running_out_during_the_ticket_keeps_it_queued(store, printers):
    printer = printers(after={1: 0x1A, 2: 0x32, 4: 0x72})
    printed = jobs.print_ticket(store, printer=printer.uri)
    assert printed.job.status == "queued" and "hết giấy" in printed.job.last_error.lower()
    assert printer.jobs and printer.queries == [1, 2, 4, 1, 2, 4]


def test_an_empty_printer_address_is_an_error_not_the_default_printer(data_dir):
    ran = run_desk("--data", data_dir, "print", "ticket", "--printer", "")
    err = ran.stderr.decode()
    assert ran.returncode == 2 and "Địa chỉ máy in trống" in err, err
    assert "Đã in" not in ran.stdout.decode()
    with sqlite3.connect(data_dir / "desk.sqlite") as conn:
        assert conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 0


def test_an_empty_address_to_reprint_is_an_error_not_the_old_printer(store, tmp_path):
    first = jobs.print_test(store, printer=f"file:{tmp_path / 'a.bin'}")
    with pytest.raises(Exception, match="Chưa chọn máy in"):
        queue.reprint(store, first.job.id, printer="")


def test_a_virtual_roll_in_a_missing_folder_is_said_plainly(data_dir, tmp_path):
    ran = run_desk(
        "--data", data_dir, "print", "ticket", "--printer", f"virtual:{tmp_path}/khong-co/roll.png"
    )
    err = ran.stderr.decode()
    assert ran.returncode == 2 and "không có" in err and "ngoài dự kiến" not in err, err
    assert "Traceback" not in err
    with pytest.raises(PrinterAddressError, match=r"\.png"):
        send(f"virtual:{tmp_path}/roll.txt", b"\x1b@")
