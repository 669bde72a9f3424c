"""Intake and lifecycle on a real SQLite file: codes, due times, history, outbox, refusals."""

import json
from datetime import datetime, timedelta

import pytest

from desk import clock, dossiers
from desk.dossiers.model import Status
from desk.errors import IllegalTransition, InvalidInput, NotFound
from desk.store import audit

VN = clock.VN_TZ
CCCD = "001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|Số 1 phố Huế, phường Hai Bà Trưng, Hà Nội|20042021"


def req(**over):
    data = {
        "procedure": "1.001193",
        "applicant": {
            "id_number": "038301001234",
            "name": "Lê Thị Bình",
            "dob": "2001-07-02",
            "sex": "Nữ",
            "address": "Thôn Đông, xã Quảng Phú",
            "phone": "0912345678",
        },
        "received_at": "2026-11-23T09:30",
    }
    data.update(over)
    return data


def test_receive_commits_everything_together(store):
    d = dossiers.receive(store, req(), actor="canbo1")
    assert d.code.startswith("000.00.99.H99-261123-")
    assert d.code.endswith("-0001")
    assert d.status is Status.RECEIVED
    assert d.received_at == datetime(2026, 11, 23, 9, 30, tzinfo=VN)
    assert d.applicant.name == "Lê Thị Bình"
    assert d.papers, "the procedure's required papers are taken when none are listed"
    assert [e.kind for e in d.events] == ["received"]
    ops = store.query("SELECT kind, entity_id, payload FROM outbox")
    assert [o["kind"] for o in ops] == ["dossier.received"]
    assert json.loads(ops[0]["payload"])["code"] == d.code
    assert audit.verify(store.conn) == (True, None)
    assert dossiers.get(store, d.code) == d


def test_codes_follow_the_day_and_sequence(store):
    a = dossiers.receive(store, req(), actor="x")
    b = dossiers.receive(store, req(), actor="x")
    c = dossiers.receive(store, req(received_at="2026-11-25T08:00"), actor="x")
    assert [a.code[-4:], b.code[-4:]] == ["0001", "0002"]
    assert c.code.endswith("-261125-0001")
    assert b.book_number == a.book_number + 1


def test_same_day_cutoff_on_the_receipt(store):
    # Khai sinh is a same-day procedure: before 15:00 → today, after → next working day.
    early = dossiers.receive(store, req(received_at="2026-11-23T14:59"), actor="x")
    late = dossiers.receive(store, req(received_at="2026-11-23T16:10"), actor="x")
    assert early.due_at.date().isoformat() == "2026-11-23"
    # 24/11/2026 is Ngày Văn hóa Việt Nam (a day off): the day after.
    assert late.due_at.date().isoformat() == "2026-11-25"


def test_cccd_payload_fills_the_applicant(store):
    d = dossiers.receive(store, req(applicant={"cccd": CCCD, "phone": "0900000001"}), actor="x")
    assert d.applicant.id_number == "001099012345"
    assert d.applicant.name == "NGUYỄN VĂN AN"
    assert d.applicant.id_method == "cccd_qr"
    assert d.applicant.phone == "0900000001"


def test_certified_copy_fee_for_37_pages(store):
    d = dossiers.receive(
        store,
        req(
            procedure="2.000815",
            papers=[{"name": "Học bạ", "kind": "original", "count": 1, "pages": 37}],
        ),
        actor="x",
    )
    assert d.fee == 39_000


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"procedure": "9.999999"}, "Không có thủ tục"),
        ({"applicant": {"name": ""}}, "Thiếu"),
        ({"applicant": {"name": "A", "dob": "2999-01-01"}}, "không hợp lý"),
        ({"applicant": {"name": "A", "sex": "X"}}, "Giới tính"),
        ({"channel": "fax"}, "Kênh nộp"),
        ({"papers": [{"name": "Tờ khai", "kind": "scan"}]}, "Loại bản"),
        ({"papers": [{"name": "Tờ khai", "count": -1}]}, "count"),
        ({"received_at": "hôm qua"}, "Thời điểm không hợp lệ"),
        ({"applicant": {"cccd": "hello"}}, "Không đọc được mã QR trên thẻ CCCD"),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_written(store, change, needle):
    with pytest.raises((InvalidInput, NotFound)) as info:
        dossiers.receive(store, req(**change), actor="x")
    assert needle in info.value.message
    assert store.scalar("SELECT COUNT(*) FROM dossiers") == 0
    assert store.scalar("SELECT COUNT(*) FROM outbox") == 0


def test_text_is_nfc_normalised(store):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Đức")
    d = dossiers.receive(store, req(applicant={"name": decomposed}), actor="x")
    assert d.applicant.name == "Nguyễn Văn Đức"
    assert unicodedata.is_normalized("NFC", d.applicant.name)


def test_full_lifecycle_with_history(store):
    d = dossiers.receive(
        store, req(procedure="1.004873", received_at="2026-11-23T09:00"), actor="a"
    )
    code = d.code
    dossiers.start(store, code, actor="a", to="Tư pháp - Hộ tịch")
    dossiers.finish(store, code, actor="b", result="Giấy xác nhận")
    done = dossiers.return_result(store, code, actor="a", to="Lê Thị Bình")
    assert done.status is Status.RETURNED
    assert [e.kind for e in done.events] == ["received", "start", "finish", "return"]
    assert done.version == 4
    kinds = [r["kind"] for r in store.query("SELECT kind FROM outbox ORDER BY seq")]
    assert kinds == ["dossier.received", "dossier.start", "dossier.finish", "dossier.return"]


@pytest.mark.parametrize(
    ("steps", "illegal"),
    [
        ([], "return"),
        (["refuse"], "start"),
        (["finish", "return"], "finish"),
        (["stop"], "supplement"),
        ([], "supplement"),
    ],
)
def test_illegal_transitions_are_refused(store, steps, illegal):
    code = dossiers.receive(store, req(), actor="a").code
    actions = {
        "refuse": lambda: dossiers.refuse(store, code, reason="Sai thẩm quyền", actor="a"),
        "stop": lambda: dossiers.stop(store, code, reason="Công dân rút hồ sơ", actor="a"),
        "start": lambda: dossiers.start(store, code, actor="a"),
        "finish": lambda: dossiers.finish(store, code, actor="a"),
        "return": lambda: dossiers.return_result(store, code, actor="a", to="X"),
        "supplement": lambda: dossiers.supplement(store, code, actor="a"),
    }
    for step in steps:
        actions[step]()
    before = store.one("SELECT status, version FROM dossiers WHERE code = ?", [code])
    with pytest.raises(IllegalTransition) as info:
        actions[illegal]()
    assert "Không thể" in info.value.message
    assert store.one("SELECT status, version FROM dossiers WHERE code = ?", [code]) == before


def test_supplement_stops_and_resumes_the_clock(store):
    # 3 working days from Mon 23/11/2026 09:00; Tue 24/11 is a day off.
    d = dossiers.receive(
        store, req(procedure="1.004873", received_at="2026-11-23T09:00"), actor="a"
    )
    asked = dossiers.request_supplement(
        store,
        d.code,
        reason="Thiếu giấy xác nhận cư trú",
        items=[{"name": "Giấy xác nhận cư trú"}],
        actor="a",
        at=datetime(2026, 11, 23, 10, 0, tzinfo=VN),
    )
    assert asked.status is Status.SUPPLEMENT_REQUESTED
    assert asked.supplement.reason == "Thiếu giấy xác nhận cư trú"
    assert not asked.is_overdue(datetime(2026, 12, 31, 16, 0, tzinfo=VN))  # its clock is stopped
    back = dossiers.supplement(
        store, d.code, actor="a", at=datetime(2026, 11, 26, 10, 0, tzinfo=VN)
    )
    assert back.status is Status.RECEIVED
    # Three working days (25, 26, 27/11) passed while paused, so the due moves by three working days.
    assert back.due_at > d.due_at
    assert (back.due_at.date() - d.due_at.date()).days >= 3


def test_apology_only_once(store):
    from desk.store.snapshots import calendar

    d = dossiers.receive(store, req(procedure="1.004873"), actor="a")
    cal = calendar(store)
    day = cal.next_working_day(cal.next_working_day(d.due_at.date()))
    new_due = datetime(day.year, day.month, day.day, 10, 0, tzinfo=VN)
    late = dossiers.apologise(
        store, d.code, reason="Chờ xác minh", new_due=new_due, actor="lanhdao"
    )
    assert late.due_at == new_due and late.apology.old_due == d.due_at
    with pytest.raises(IllegalTransition) as info:
        dossiers.apologise(store, d.code, reason="Lần hai", new_due=new_due, actor="lanhdao")
    assert "một lần" in info.value.message


def test_return_many_is_all_or_nothing(store):
    codes = []
    for _ in range(3):
        code = dossiers.receive(store, req(), actor="a").code
        dossiers.finish(store, code, actor="a")
        codes.append(code)
    not_ready = dossiers.receive(store, req(), actor="a").code
    with pytest.raises(IllegalTransition):
        dossiers.return_many(store, [*codes, not_ready], actor="a", to="Ông Đường")
    assert store.scalar("SELECT COUNT(*) FROM dossiers WHERE status = 'returned'") == 0
    done = dossiers.return_many(store, codes, actor="a", to="Ông Đường")
    assert {d.status for d in done} == {Status.RETURNED}


def test_a_dossier_becomes_overdue_when_its_appointment_passes_not_when_it_is_read(
    store, office_clock
):
    # Received Monday 23/11/2026 09:00 for 3 working days; Tuesday 24/11 is a day off here.
    d = dossiers.receive(
        store, req(procedure="1.004873", received_at="2026-11-23T09:00"), actor="a"
    )
    due = d.due_at
    office_clock.set(due - timedelta(minutes=1))
    assert not d.is_overdue(store.now())
    assert dossiers.list_dossiers(store, status="overdue") == []
    office_clock.set(due + timedelta(minutes=1))
    assert d.is_overdue(store.now())  # the same record, read before: lateness is asked, not kept
    assert [x.code for x in dossiers.list_dossiers(store, status="overdue")] == [d.code]
    assert dossiers.day_summary(store, store.now())["overdue"] == 1
    dossiers.finish(store, d.code, actor="a")
    assert dossiers.list_dossiers(store, status="overdue") == []


def test_province_set_fee_needs_an_amount(store):
    with pytest.raises(InvalidInput) as info:
        dossiers.receive(store, req(procedure="XA-DD-01"), actor="x")
    assert "HĐND tỉnh" in info.value.message
    typed = dossiers.receive(store, req(procedure="XA-DD-01", fee=120_000), actor="x")
    assert typed.fee == 120_000
    store.set_setting("fees", {"XA-DD-01": 90_000})
    local = dossiers.receive(store, req(procedure="XA-DD-01"), actor="x")
    assert local.fee == 90_000 and "tỉnh" in local.fee_detail


def test_a_step_recorded_later_is_stamped_with_the_time_it_happened(store, office_clock):
    d = dossiers.receive(store, req(), actor="a")
    started = datetime(2026, 11, 25, 10, 15, tzinfo=VN)
    office_clock.set("2026-11-25T11:00:00+07:00")  # typed in 45 minutes after the hand-over
    dossiers.start(store, d.code, actor="a", at=started)
    row = store.one("SELECT updated_at FROM dossiers WHERE code = ?", [d.code])
    assert row["updated_at"] == "2026-11-25T10:15:00+07:00"
    assert dossiers.get(store, d.code).events[-1].at == started
    audited = store.scalar("SELECT at FROM audit ORDER BY id DESC LIMIT 1")
    assert audited == "2026-11-25T11:00:00+07:00"  # the audit says when it was written down
