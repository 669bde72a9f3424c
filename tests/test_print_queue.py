"""The print queue on a real store and real sockets: written first, never lost, retried."""

from datetime import timedelta

import pytest
from helpers import FakePrinter, free_port, office_time

from desk import dossiers
from desk.errors import InvalidInput, PrinterAddressError
from printing import jobs, queue
from printing.escpos_decode import decode


def test_job_is_written_before_it_is_sent(store):
    seen = {}

    def sender(printer, data, mime):
        row = store.one("SELECT status, sha256 FROM print_jobs")
        seen["row"] = row
        seen["file"] = store.files.read(row["sha256"])

    job = queue.submit(
        store,
        kind="test",
        title="Thử",
        data=b"\x1b@hello",
        mime=queue.ESCPOS,
        printer="file:/dev/null",
    )
    done = queue.attempt(store, job.id, sender)
    assert seen["row"]["status"] == "sending" and seen["file"] == b"\x1b@hello"
    assert done.status == "done" and done.done_at is not None


def test_ticket_printed_on_a_network_printer(store, printers):
    printer = printers()
    printed = jobs.print_ticket(store, "CT", printer=printer.uri)
    assert printed.ok and printed.detail == "B001"
    paper = decode(printer.jobs[0])
    assert paper.image.width == 576


def test_absent_printer_keeps_the_job_and_prints_it_later(store):
    port = free_port()
    printed = jobs.print_ticket(store, printer=f"tcp://127.0.0.1:{port}")
    job = printed.job
    assert job.status == "queued" and "Không kết nối được máy in" in job.last_error
    assert job.next_try_at is not None
    assert queue.waiting_summary(store)["waiting"] == 1
    assert queue.run_due(store) == []  # not yet time for the next try
    printer = FakePrinter()
    try:
        later = store.now() + timedelta(minutes=10)
        moved = queue.move(store, job.id, printer.uri)
        assert moved.status == "queued"
        done = queue.run_due(store, now=later)
        assert [j.status for j in done] == ["done"]
        assert printer.jobs and printer.jobs[0] == store.files.read(job.sha256)
    finally:
        printer.close()
    assert queue.waiting_summary(store)["waiting"] == 0


def test_printer_hanging_up_mid_job_is_retried_whole(store, printers):
    printer = printers(drop_after=5000, drops=1)
    printed = jobs.print_ticket(store, printer=printer.uri)
    assert printed.job.status == "queued"
    assert "khi đang in" in printed.job.last_error and "in lại" in printed.job.last_error
    again = queue.attempt(store, printed.job.id)
    assert again.status == "done" and again.attempts == 2
    assert printer.jobs[-1] == store.files.read(again.sha256)


def test_paper_out_is_said_in_vietnamese_and_nothing_is_sent(store, printers):
    printer = printers(replies={1: 0x12, 2: 0x12, 4: 0x72})
    printed = jobs.print_ticket(store, printer=printer.uri)
    assert printed.job.status == "queued" and "giấy" in printed.job.last_error.lower()
    assert all(not job for job in printer.jobs)


def test_a_bad_address_is_refused_before_anything_is_stored(store):
    with pytest.raises(PrinterAddressError):
        jobs.print_ticket(store, printer="tcp://")
    assert store.scalar("SELECT COUNT(*) FROM print_jobs") == 0
    assert store.scalar("SELECT COUNT(*) FROM tickets") == 0


def test_unsupported_printer_fails_until_moved(store, tmp_path):
    pdf = b"%PDF-1.4 fake"
    printed = jobs.print_pdf(store, pdf, title="Mẫu 01", printer="win32:Máy in A4")
    assert printed.job.status == "failed" and printed.job.last_error
    moved = queue.move(store, printed.job.id, f"file:{tmp_path / 'out.pdf'}")
    done = queue.attempt(store, moved.id)
    assert done.status == "done" and (tmp_path / "out.pdf").read_bytes() == pdf


def test_crash_while_sending_is_recovered(store):
    job = queue.submit(
        store, kind="test", title="Thử", data=b"x", mime=queue.ESCPOS, printer="file:/dev/null"
    )
    with store.write() as db:
        db.execute("UPDATE print_jobs SET status = 'sending' WHERE id = ?", [job.id])
    assert queue.recover(store) == 1
    again = queue.get(store, job.id)
    assert again.status == "queued" and "in lại" in again.last_error


def test_reprint_and_cancel(store, tmp_path):
    target = tmp_path / "slip.bin"
    code = dossiers.receive(
        store, {"procedure": "1.001193", "applicant": {"name": "Đỗ Ánh"}}, actor="x"
    ).code
    first = jobs.print_slip(store, code, printer=f"file:{target}?overwrite=1")
    assert first.ok
    second = queue.reprint(store, first.job.id, actor="canbo1")
    assert second.reprint_of == first.job.id and second.sha256 == first.job.sha256
    with pytest.raises(InvalidInput):
        queue.cancel(store, first.job.id, actor="x")
    assert queue.cancel(store, second.id, actor="canbo1").status == "cancelled"


def test_print_cli_queue_and_retry(data_dir, capsys):
    from cli.main import main

    port = free_port()
    code = main(
        ["--data", str(data_dir), "print", "ticket", "--printer", f"tcp://127.0.0.1:{port}"],
        clock=office_time(),
    )
    out = capsys.readouterr().out
    assert code == 5 and "Số của bạn: A001" in out and "hàng đợi" in out
    assert main(["--data", str(data_dir), "print", "queue"], clock=office_time()) == 0
    assert "Đang chờ in" in capsys.readouterr().out
    assert main(["--data", str(data_dir), "print", "retry"], clock=office_time()) == 5
    capsys.readouterr()
    code = main(
        ["--data", str(data_dir), "print", "ticket", "--printer", "usb:zz:1"], clock=office_time()
    )
    assert code != 0 and "Địa chỉ máy in không hợp lệ" in capsys.readouterr().err


def test_office_can_pin_the_form_set(store):
    from pypdf import PdfReader

    from printing.jobs import render_dossier_form

    code = dossiers.receive(
        store,
        {
            "procedure": "1.001193",
            "applicant": {"name": "Đinh Lan"},
            "received_at": "2026-11-23T09:00",
        },
        actor="x",
    ).code

    def text(data):
        import io

        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)

    assert "03/2025/TT-VPCP" in text(render_dossier_form(store, "receipt", code))
    store.set_setting("forms.template_set", "tt01-2018")
    assert "01/2018/TT-VPCP" in text(render_dossier_form(store, "receipt", code))


def test_slip_carries_a_vietqr_for_the_fee_when_the_office_has_an_account(store, tmp_path):
    import zxingcpp

    from desk.vietqr import parse_vietqr

    store.set_setting("office.bank_bin", "970436")
    store.set_setting("office.bank_account", "0011001234567")
    store.set_setting("office.bank_account_name", "UBND XA THU NGHIEM")
    code = dossiers.receive(
        store,
        {
            "procedure": "2.000815",
            "applicant": {"name": "Trương Văn Tín"},
            "papers": [{"name": "Học bạ", "pages": 37}],
        },
        actor="x",
    ).code
    target = tmp_path / "slip.bin"
    assert jobs.print_slip(store, code, printer=f"file:{target}").ok
    image = decode(target.read_bytes()).image
    payloads = [
        r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    ]
    pays = [parse_vietqr(p) for p in payloads if p.startswith("000201")]
    assert len(pays) == 1 and pays[0].amount == 39_000 and pays[0].account == "0011001234567"
