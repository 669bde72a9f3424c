"""A counter left open for days rolls over at midnight without a restart.

Wednesday 25/11/2026: a birth registration received at 09:00 is due at 17:00, the end of the same day;
one received at 15:40, after the 15:00 cut-off, is due on Thursday. Nobody closes the
window that evening.
"""

import io

import pytest
from pypdf import PdfReader

from desk import dossiers


@pytest.fixture
def window(qtbot, store, office_clock):
    from ui.app import build

    office_clock.set("2026-11-25T09:00:00+07:00")
    morning = dossiers.receive(
        store, {"procedure": "1.001193", "applicant": {"name": "Lò Văn Sáng"}}, actor="canbo1"
    )
    office_clock.set("2026-11-25T15:40:00+07:00")
    late = dossiers.receive(
        store, {"procedure": "1.001193", "applicant": {"name": "Mùa Thị Chiều"}}, actor="canbo1"
    )
    office_clock.set("2026-11-25T16:55:00+07:00")
    win, *_ = build(store, inline=True, tick_ms=5)
    qtbot.addWidget(win)
    win.show()
    win.morning, win.late = morning, late
    return win


def _row(panel, code):
    for row in range(panel.model.rowCount()):
        if panel.model.dossier(row).code == code:
            return row
    raise AssertionError(code)


def test_due_time_and_midnight_pass_while_the_window_stays_open(window, qtbot, store, office_clock):
    panel = window.dossiers
    assert window.morning.due_at.strftime("%d/%m %H:%M") == "25/11 17:00"
    assert window.late.due_at.strftime("%d/%m") == "26/11"
    assert "Hôm nay 25/11/2026: tiếp nhận 2 · đến hạn 1 · quá hạn 0" in panel.today.text()
    assert "quá hạn" not in panel.model.index(_row(panel, window.morning.code), 3).data()

    office_clock.set("2026-11-25T17:01:00+07:00")  # the appointment passes
    qtbot.waitUntil(lambda: "quá hạn 1" in panel.today.text(), timeout=3000)
    assert panel.model.index(_row(panel, window.morning.code), 3).data().endswith("· quá hạn")
    assert window.time_label.text() == "17:01 25/11/2026"

    office_clock.set("2026-11-26T00:01:00+07:00")  # midnight, and nobody restarted anything
    qtbot.waitUntil(lambda: "26/11/2026" in panel.today.text(), timeout=3000)
    assert "Hôm nay 26/11/2026: tiếp nhận 0 · đến hạn 1 · quá hạn 1" in panel.today.text()
    assert window.time_label.text() == "00:01 26/11/2026"

    # Thursday's first dossier and ticket start Thursday's numbering.
    office_clock.set("2026-11-26T07:35:00+07:00")
    first = dossiers.receive(
        store, {"procedure": "1.001193", "applicant": {"name": "Sùng A Páo"}}, actor="canbo1"
    )
    assert first.code.endswith("-261126-0001")
    qtbot.waitUntil(lambda: "tiếp nhận 1" in panel.today.text(), timeout=3000)
    window.printing.print_ticket()
    assert store.one("SELECT day, label FROM tickets ORDER BY issued_at DESC LIMIT 1") == {
        "day": "2026-11-26",
        "label": "A001",
    }


def test_a_form_printed_after_midnight_carries_the_new_date(window, store, office_clock, tmp_path):
    out = tmp_path / "control.pdf"
    store.set_setting("printers.a4", f"file:{out}")
    office_clock.set("2026-11-26T00:10:00+07:00")
    window.printing.print_form("control", window.late.code)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "ngày 26 tháng 11 năm 2026" in text
