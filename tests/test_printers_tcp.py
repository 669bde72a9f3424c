"""A network printer on 127.0.0.1 (real sockets, a thread per fake printer)."""

import socket
from datetime import datetime

import pytest

from desk.clock import VN_TZ
from desk.errors import (
    PrinterCoverOpen,
    PrinterFault,
    PrinterJobInterrupted,
    PrinterPaperOut,
    PrinterTimeout,
    PrinterUnreachable,
)
from printing import thermal
from printing.devices import Paper, is_retryable, send, status

JOB = thermal.ticket_bytes(
    thermal.TicketView(
        office_name="UBND xã Hòa Phú",
        number="A012",
        service_name="Tư pháp – Hộ tịch",
        issued_at=datetime(2026, 11, 23, 9, 30, tzinfo=VN_TZ),
        people_ahead=3,
        qr_payload="VE|000.00.19.H47|20261123|A012|t1",
    ),
    576,
)


def test_the_job_arrives_whole(printers):
    printer = printers()
    result = send(printer.uri, JOB, timeout=5)
    assert printer.jobs == [JOB]
    assert printer.queries == [1, 2, 4, 1, 2, 4]  # before the job, and after it as proof
    assert result.online and result.paper == Paper.OK and result.message == "Máy in sẵn sàng."


@pytest.mark.parametrize("abortive", [True, False])
def test_hang_up_mid_job_is_retryable_and_the_retry_arrives_whole(printers, abortive):
    printer = printers(drop_after=3000, abortive=abortive)
    with pytest.raises(PrinterJobInterrupted) as caught:
        send(printer.uri, JOB, timeout=5)
    assert is_retryable(caught.value)
    assert (
        "khi đang in" in caught.value.message
        and f"127.0.0.1:{printer.port}" in caught.value.message
    )
    assert len(printer.jobs[0]) < len(JOB)
    send(printer.uri, JOB, timeout=5)
    assert printer.jobs[-1] == JOB


def test_a_printer_that_never_accepts_times_out():
    server = socket.create_server(("127.0.0.1", 0), backlog=0)
    port = server.getsockname()[1]
    filler = socket.create_connection(("127.0.0.1", port))  # fills the one-slot backlog
    try:
        with pytest.raises(PrinterTimeout) as caught:
            send(f"tcp://127.0.0.1:{port}", JOB, timeout=0.3)
        assert is_retryable(caught.value)
        assert "không trả lời" in caught.value.message
        state = status(f"tcp://127.0.0.1:{port}", timeout=0.3)
        assert state.online is False and "không trả lời" in state.message
    finally:
        filler.close()
        server.close()


def test_nothing_listening_is_unreachable():
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    with pytest.raises(PrinterUnreachable) as caught:
        send(f"tcp://127.0.0.1:{port}", JOB, timeout=2)
    assert is_retryable(caught.value)
    assert caught.value.message.startswith(f"Không kết nối được máy in tại 127.0.0.1:{port}")
    assert status(f"tcp://127.0.0.1:{port}").online is False


def test_paper_out_is_read_and_the_job_is_not_sent(printers):
    printer = printers({1: 0x1A, 2: 0x32, 4: 0x72})  # offline, stopped at paper end, no paper
    state = status(printer.uri)
    assert (state.online, state.paper, state.message) == (
        False,
        Paper.OUT,
        "Máy in hết giấy. Hãy thay cuộn giấy mới rồi in lại.",
    )
    with pytest.raises(PrinterPaperOut, match="Máy in hết giấy") as caught:
        send(printer.uri, JOB, timeout=5)
    assert is_retryable(caught.value)
    assert not any(printer.jobs)  # not a byte of the ticket went out


def test_cover_open(printers):
    printer = printers({1: 0x1A, 2: 0x16, 4: 0x12})
    assert status(printer.uri).cover_open is True
    with pytest.raises(PrinterCoverOpen, match="Nắp máy in đang mở"):
        send(printer.uri, JOB, timeout=5)


def test_printer_error_bit(printers):
    printer = printers({1: 0x1A, 2: 0x52, 4: 0x12})
    with pytest.raises(PrinterFault, match="báo lỗi") as caught:
        send(printer.uri, JOB, timeout=5)
    assert is_retryable(caught.value)


def test_paper_near_end_still_prints_and_says_so(printers):
    printer = printers({1: 0x12, 2: 0x12, 4: 0x1E})
    result = send(printer.uri, JOB, timeout=5)
    assert printer.jobs == [JOB]
    assert result.paper == Paper.NEAR_END and "sắp hết" in result.message


def test_a_printer_that_does_not_answer_status_still_prints(printers):
    printer = printers(None)
    result = send(printer.uri, JOB, timeout=5)
    assert printer.jobs == [JOB]
    assert result.online is None and result.paper == Paper.UNKNOWN


def test_status_check_can_be_skipped(printers):
    printer = printers()
    send(printer.uri, JOB, timeout=5, check_status=False)
    assert printer.jobs == [JOB] and printer.queries == []


def test_a_printer_that_keeps_the_line_open_has_the_job(printers):
    printer = printers(hold=True)
    send(printer.uri, JOB, timeout=0.3)
    assert printer.jobs == [JOB]
