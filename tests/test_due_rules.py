"""The due-date cases of issue 10 (docs/due-dates.md): 15:00 is the same day, the day of
receipt is not counted, a Saturday-morning reception, appointments over holidays not yet
announced marked provisional, on screen data and in `desk due --json`."""

import json
from datetime import datetime, time

import pytest

from desk.calendar import Calendar, LimitKind, OfficeHours, TimeLimit
from desk.clock import VN_TZ
from desk.dossiers import receive

SAME_DAY = TimeLimit(LimitKind.SAME_DAY, 0, time(15, 0))
THREE = TimeLimit(LimitKind.WORKING_DAYS, 3)
SATURDAY = OfficeHours(saturday=((time(7, 30), time(11, 30)),))


def at(y, m, d, hh=0, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


def test_fifteen_hundred_is_still_the_same_day():
    cal = Calendar()
    assert cal.due(at(2026, 11, 25, 15, 0), SAME_DAY) == at(2026, 11, 25, 17)
    assert cal.due(at(2026, 11, 25, 15, 1), SAME_DAY) == at(2026, 11, 26, 10)


def test_monday_seven_and_seven_oh_one_get_the_same_appointment():
    cal = Calendar()
    assert cal.due(at(2026, 11, 16, 7, 0), THREE) == cal.due(at(2026, 11, 16, 7, 1), THREE)
    assert cal.due(at(2026, 11, 16, 7, 0), THREE) == at(2026, 11, 19, 17)


def test_saturday_morning_reception_is_configurable():
    closed, open_ = Calendar(), Calendar(hours=SATURDAY)
    saturday = at(2026, 11, 28, 9, 0)
    assert not closed.is_reception_day(saturday) and open_.is_reception_day(saturday)
    assert open_.is_open(saturday) and not open_.is_open(at(2026, 11, 28, 14, 0))
    assert not open_.is_working_day(saturday)  # never counted towards a limit
    # Received that Saturday: Monday, Tuesday, Wednesday.
    assert open_.due(saturday, THREE) == at(2026, 12, 2, 17)
    # Without the reception it is Monday's dossier: Tuesday, Wednesday, Thursday.
    assert closed.due(saturday, THREE) == at(2026, 12, 3, 17)
    # After the Saturday session: received on Monday.
    assert open_.due(at(2026, 11, 28, 12, 0), THREE) == at(2026, 12, 3, 17)
    # Same-day procedures are answered on the next working day.
    assert open_.due(saturday, SAME_DAY) == at(2026, 11, 30, 10)
    # No reception on a holiday weekend: Tết 2026 from Saturday 14/02, Giỗ Tổ on Monday 27/04.
    assert not open_.is_reception_day(at(2026, 2, 14, 9))
    assert not open_.is_reception_day(at(2026, 4, 25, 9))
    assert open_.is_reception_day(at(2026, 11, 21, 9))
    assert OfficeHours.from_json(SATURDAY.to_json()) == SATURDAY


def test_the_store_uses_the_office_saturday_setting(store, office_clock):
    store.set_setting("hours", SATURDAY.to_json())
    office_clock.set("2026-11-28T09:00:00+07:00")
    dossier = receive(store, {"procedure": "1.004873", "applicant": {"name": "Lý Hoa"}}, actor="t")
    assert dossier.due_at == at(2026, 12, 2, 17)


def test_appointments_over_unannounced_holidays_are_provisional():
    cal = Calendar()
    known = cal.due_info(at(2026, 11, 25, 9), THREE)
    assert not known.provisional and known.note() == ""
    guessed = cal.due_info(at(2027, 1, 28, 9), TimeLimit(LimitKind.WORKING_DAYS, 5))
    assert guessed.provisional
    assert any("Tết" in mark.name for mark in guessed.provisional_days)
    assert guessed.note().startswith("Hẹn dự kiến: ")
    unannounced = cal.due_info(at(2028, 3, 1, 9), THREE)  # no notice for 2028 at all
    assert unannounced.provisional
    assert json.loads(json.dumps(unannounced.to_json()))["provisional"] is True


def test_a_provisional_appointment_is_kept_with_the_dossier(store, office_clock, cli, data_dir):
    office_clock.set("2027-01-28T09:00:00+07:00")
    request = {"procedure": "1.004873", "applicant": {"name": "Lý Hoa"}}
    dossier = receive(store, request, actor="t")
    assert dossier.due_provisional
    ran = cli("dossier", "show", dossier.code, data=data_dir)
    assert "dự kiến" in ran.out
    shown = json.loads(cli("dossier", "show", dossier.code, "--json", data=data_dir).out)
    assert shown["due_provisional"] is True


@pytest.mark.parametrize(
    ("received", "provisional"),
    [("2026-11-25T09:00", False), ("2027-01-28T09:00", True)],
)
def test_desk_due_json_marks_provisional_appointments(cli, data_dir, received, provisional):
    ran = cli("due", "1.004873", "--received", received, "--json", data=data_dir)
    assert ran.code == 0, ran.err
    data = json.loads(ran.out)
    assert data["provisional"] is provisional
    assert bool(data["provisional_days"]) is provisional
    text = cli("due", "1.004873", "--received", received, data=data_dir).out
    assert ("(dự kiến)" in text) is provisional


def test_desk_due_with_a_statutory_extension(cli, data_dir):
    ran = cli(
        "due",
        "1.000894",
        "--received",
        "2026-11-25T09:00",
        "--extension",
        "5",
        "--json",
        data=data_dir,
    )
    data = json.loads(ran.out)
    assert data["time_limit"] == "05 ngày làm việc"
    assert data["due"].startswith("2026-12-02T17:00")
    refused = cli("due", "1.000894", "--extension", "9", data=data_dir)
    assert refused.code != 0 and "từ 1 đến 5" in refused.err
