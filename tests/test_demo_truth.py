"""The demo office tells the truth too: dossiers received and returned in office hours on
working days, refusals with no fee and no appointment, a chứng thực bản sao never refused
as "not the commune's competence", officers acting by login and printed by name."""

from datetime import datetime

import pytest
from forms_samples import text_of

from desk import clock, demo
from desk.dossiers import list_dossiers
from desk.dossiers.model import Status
from desk.store.snapshots import calendar
from printing.jobs import render_dossier_form

NOW = "2026-11-25T16:30:00+07:00"


@pytest.fixture
def filled(empty_store, office_clock):
    office_clock.set(NOW)
    count = demo.fill(empty_store, days=25, seed=11)
    assert count > 40
    return empty_store


def _events(store):
    return store.query(
        "SELECT e.*, d.code, d.procedure_code FROM dossier_events e"
        " JOIN dossiers d ON d.id = e.dossier_id"
    )


def test_every_step_happens_in_office_hours_on_a_working_day(filled):
    cal = calendar(filled)
    for event in _events(filled):
        at = clock.parse(event["at"])
        if event["kind"] in ("received", "refuse"):
            assert cal.is_reception_day(at) and cal.is_open(at), (event["kind"], at)
        else:
            assert cal.is_working_day(at) and cal.is_open(at), (event["kind"], at)
        assert at <= clock.parse(NOW)


def test_refusals_carry_no_fee_no_appointment_and_a_true_reason(filled):
    refused = list_dossiers(filled, status="refused", limit=1000)
    assert refused
    for dossier in refused:
        assert dossier.fee == 0 and dossier.appointment is None
        assert "thẩm quyền" not in dossier.refusal_reason
        if dossier.procedure_code == "2.000815":
            assert "tẩy xóa" in dossier.refusal_reason
    rows = filled.query("SELECT COUNT(*) AS n FROM dossiers WHERE status = 'refused' AND fee != 0")
    assert rows[0]["n"] == 0


def test_officers_act_by_login_and_paper_names_them(filled):
    actors = {e["actor"] for e in _events(filled)}
    assert actors <= {"canbo1", "canbo2"}
    dossier = next(d for d in list_dossiers(filled, limit=1000) if d.status is not Status.REFUSED)
    text = text_of(render_dossier_form(filled, "receipt", dossier.code, copies=1))
    assert "canbo" not in text
    assert any(name in text for name in ("Lê Thị Thu Hà", "Phạm Văn Sơn"))


def test_copies_are_shown_originals_and_counted_copies(filled):
    rows = filled.query(
        "SELECT doc.kind, doc.count, doc.shown FROM documents doc"
        " JOIN dossiers d ON d.id = doc.dossier_id WHERE d.procedure_code = '2.000815'"
    )
    assert rows
    originals = [r for r in rows if r["kind"] == "original"]
    assert originals and all(r["shown"] == 1 and r["count"] == 1 for r in originals)
    assert all(r["shown"] == 0 for r in rows if r["kind"] == "photo")


def test_results_are_returned_before_now(filled):
    returned = list_dossiers(filled, status="returned", limit=1000)
    assert returned
    for dossier in returned:
        assert dossier.returned_at is not None
        assert dossier.returned_at <= datetime.fromisoformat(NOW)
