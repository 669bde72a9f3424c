"""Due date-times across Tết, swaps, the 15:00 cut-off, lunch and evenings; the clock stop.

The rules are written down with their sources in docs/due-dates.md.
"""

from datetime import UTC, datetime, time, timedelta

import pytest

from desk.calendar import Calendar, LimitKind, OfficeHours, TimeLimit
from desk.clock import VN_TZ
from desk.errors import InvalidInput

SAME_DAY = TimeLimit(LimitKind.SAME_DAY, 0, time(15, 0))


def at(y, m, d, hh=0, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


def days(n: int) -> TimeLimit:
    return TimeLimit(LimitKind.WORKING_DAYS, n)


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return Calendar()


# Same-day procedures and the 15:00 cut-off (hộ tịch, chứng thực)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (at(2026, 11, 23, 14, 59), at(2026, 11, 23, 17)),
        # "Sau 15 giờ" is after 15:00: 15:00 itself is still the same day.
        (at(2026, 11, 23, 15, 0), at(2026, 11, 23, 17)),
        (datetime(2026, 11, 23, 15, 0, 59, tzinfo=VN_TZ), at(2026, 11, 23, 17)),
        # After it, next day; 24/11 is Ngày Văn hóa, so the day after.
        (at(2026, 11, 23, 15, 1), at(2026, 11, 25, 10)),
        (at(2026, 11, 23, 16, 10), at(2026, 11, 25, 10)),
        (at(2026, 11, 25, 16, 10), at(2026, 11, 26, 10)),
        (at(2026, 11, 23, 6, 30), at(2026, 11, 23, 17)),  # before opening: same day
        (at(2026, 11, 23, 12, 0), at(2026, 11, 23, 17)),  # lunch, before the cut-off
        (at(2026, 11, 23, 18, 0), at(2026, 11, 25, 10)),  # evening (online)
        (at(2026, 11, 22, 9, 0), at(2026, 11, 23, 10)),  # a Sunday
        (at(2026, 2, 13, 16, 10), at(2026, 2, 23, 10)),  # Friday before Tết
        (at(2026, 1, 9, 16, 10), at(2026, 1, 10, 10)),  # the worked Saturday
        (at(2025, 12, 31, 15, 30), at(2026, 1, 5, 10)),  # over 01/01 and the 02/01 swap
        (at(2026, 1, 10, 14, 0), at(2026, 1, 10, 17)),  # received on the worked Saturday
    ],
)
def test_same_day_cut_off(cal, received, due):
    assert cal.due(received, SAME_DAY) == due


def test_a_procedure_cut_off_wins_over_the_office_default(cal):
    early = TimeLimit(LimitKind.SAME_DAY, 0, time(11, 0))
    assert cal.due(at(2026, 11, 25, 11, 0), early) == at(2026, 11, 25, 17)
    assert cal.due(at(2026, 11, 25, 11, 1), early) == at(2026, 11, 26, 10)


# Working days: the day of receipt is not counted; the limit ends with the office day
# that closes its last working day (Bộ luật Dân sự 2015, Art. 147, 148).


@pytest.mark.parametrize(
    ("received", "limit", "due"),
    [
        (at(2026, 11, 20, 9), days(1), at(2026, 11, 23, 17)),
        (at(2026, 11, 23, 9), days(1), at(2026, 11, 25, 17)),  # over 24/11
        # Tết 2026: off 14/02–22/02.
        (at(2026, 2, 12, 9), days(5), at(2026, 2, 26, 17)),
        (at(2026, 2, 13, 16), days(1), at(2026, 2, 23, 17)),
        # Tết 2025: off 25/01–02/02.
        (at(2025, 1, 23, 9), days(5), at(2025, 2, 6, 17)),
        (at(2025, 1, 24, 10), days(3), at(2025, 2, 5, 17)),
        # 2024 swap: 29/04 off, Saturday 04/05 worked.
        (at(2024, 4, 26, 9), days(5), at(2024, 5, 7, 17)),
        (at(2024, 5, 3, 10), days(1), at(2024, 5, 4, 17)),
        # 2025 swap: Saturday 26/04 worked, 02/05 off.
        (at(2025, 4, 25, 9), days(1), at(2025, 4, 26, 17)),
        (at(2025, 4, 24, 9), days(5), at(2025, 5, 5, 17)),
        # 2026 swap: 02/01 off, Saturday 10/01 worked.
        (at(2025, 12, 30, 9), days(5), at(2026, 1, 8, 17)),
        (at(2025, 12, 31, 9), days(1), at(2026, 1, 5, 17)),
        (at(2026, 1, 9, 14), days(1), at(2026, 1, 10, 17)),
        # Quốc khánh 2026 swap: Saturday 22/08 worked, 31/08 off.
        (at(2026, 8, 21, 9), days(1), at(2026, 8, 22, 17)),
        (at(2026, 8, 28, 9), days(1), at(2026, 9, 3, 17)),
    ],
)
def test_working_days(cal, received, limit, due):
    assert cal.due(received, limit) == due


def test_the_day_of_receipt_is_not_counted():
    cal = Calendar()
    three = days(3)
    monday = [at(2026, 11, 16, 7, 0), at(2026, 11, 16, 7, 1), at(2026, 11, 16, 16, 59)]
    assert {cal.due(moment, three) for moment in monday} == {at(2026, 11, 19, 17)}
    # At closing the office has shut: received Tuesday, so one day later.
    assert cal.due(at(2026, 11, 16, 17, 0), three) == at(2026, 11, 20, 17)
    # Before opening it is that day's receipt.
    assert cal.due(at(2026, 11, 16, 6, 30), three) == at(2026, 11, 19, 17)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (at(2026, 11, 25, 6, 0), at(2026, 11, 26, 17)),  # before opening: that day's
        (at(2026, 11, 25, 12, 0), at(2026, 11, 26, 17)),  # lunch
        (at(2026, 11, 25, 11, 30), at(2026, 11, 26, 17)),
        (at(2026, 11, 25, 17, 0), at(2026, 11, 27, 17)),  # at closing: received next day
        (at(2026, 11, 25, 19, 45), at(2026, 11, 27, 17)),  # evening (online)
        (at(2026, 11, 21, 10, 0), at(2026, 11, 25, 17)),  # Saturday: received Monday
        (at(2026, 11, 23, 19, 0), at(2026, 11, 26, 17)),  # evening before a holiday
    ],
)
def test_receipt_outside_sessions(cal, received, due):
    assert cal.due(received, days(1)) == due


def test_working_hours_cross_lunch_and_nights(cal):
    hours = TimeLimit(LimitKind.WORKING_HOURS, 3)
    assert cal.due(at(2026, 11, 25, 10), hours) == at(2026, 11, 25, 15, 0)
    assert cal.due(at(2026, 11, 25, 16), hours) == at(2026, 11, 26, 9)
    assert cal.due(at(2026, 11, 23, 16), hours) == at(2026, 11, 25, 9)  # over 24/11
    assert cal.due(at(2026, 11, 25, 8), TimeLimit(LimitKind.WORKING_HOURS, 8)) == at(
        2026, 11, 26, 8
    )


def test_aware_times_in_other_zones_and_naive_times(cal):
    utc = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội
    assert cal.due(utc, days(1)) == at(2026, 11, 26, 17)
    assert cal.due(datetime(2026, 11, 25, 9, 0), days(1)) == at(2026, 11, 26, 17)
    late_utc = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)  # 17:30 in Hà Nội: closed
    assert cal.due(late_utc, days(1)) == at(2026, 11, 27, 17)
    assert cal.due(utc, days(1)).utcoffset() == timedelta(hours=7)


# Calendar days: close of office on day D+N, moved off days off


@pytest.mark.parametrize(
    ("received", "n", "due"),
    [
        (at(2026, 11, 10, 9), 5, at(2026, 11, 16, 17)),  # 15/11 is a Sunday
        (at(2026, 11, 9, 9), 15, at(2026, 11, 25, 17)),  # lands on 24/11
        (at(2026, 2, 2, 9), 15, at(2026, 2, 23, 17)),  # lands in Tết
        (at(2026, 8, 17, 9), 15, at(2026, 9, 3, 17)),  # lands on Quốc khánh
        (at(2025, 12, 18, 9), 15, at(2026, 1, 5, 17)),  # lands on the 02/01 swap
        (at(2026, 8, 7, 9), 15, at(2026, 8, 22, 17)),  # lands on the worked Saturday
        (at(2026, 11, 10, 18), 5, at(2026, 11, 16, 17)),  # evening: counts from 11/11
        (at(2026, 11, 10, 6), 5, at(2026, 11, 16, 17)),  # 16/11 is a Monday
    ],
)
def test_calendar_days(cal, received, n, due):
    assert cal.due(received, TimeLimit(LimitKind.CALENDAR_DAYS, n)) == due


# The clock stop while a supplement is awaited


@pytest.mark.parametrize(
    "limit",
    [
        days(5),
        TimeLimit(LimitKind.WORKING_HOURS, 12),
        TimeLimit(LimitKind.CALENDAR_DAYS, 10),
        SAME_DAY,
    ],
)
def test_pause_and_resume_at_once_keeps_the_due(cal, limit):
    received = at(2026, 2, 11, 9, 15)
    due = cal.due(received, limit)
    for paused in (at(2026, 2, 11, 10, 0), at(2026, 2, 11, 14, 20), at(2026, 2, 11, 16, 59)):
        remaining = cal.pause_remaining(due, paused, limit)
        assert cal.resume_due(remaining, paused, limit) == due


def test_pause_for_two_working_days_pushes_the_due_two_working_days(cal):
    limit = days(5)
    received = at(2026, 2, 10, 9)  # Tuesday before Tết
    due = cal.due(received, limit)
    assert due == at(2026, 2, 24, 17)
    paused = at(2026, 2, 11, 10)
    remaining = cal.pause_remaining(due, paused, limit)
    assert remaining == timedelta(days=4)  # Thursday, Friday, then 23 and 24 after Tết
    # Resumed two working days later (Thursday and Friday lost): due moves 24/02 → 26/02.
    resumed = at(2026, 2, 13, 10)
    assert cal.resume_due(remaining, resumed, limit) == at(2026, 2, 26, 17)


def test_late_dossier_stays_late_after_a_pause(cal):
    limit = days(1)
    due = cal.due(at(2026, 11, 20, 9), limit)
    remaining = cal.pause_remaining(due, at(2026, 11, 25, 9), limit)
    assert remaining < timedelta(0)
    assert cal.resume_due(remaining, at(2026, 11, 26, 9), limit) == at(2026, 11, 25, 17)


def test_calendar_day_pause_counts_calendar_days(cal):
    limit = TimeLimit(LimitKind.CALENDAR_DAYS, 10)
    due = cal.due(at(2026, 11, 2, 9), limit)
    assert due == at(2026, 11, 12, 17)
    remaining = cal.pause_remaining(due, at(2026, 11, 5, 9), limit)
    assert remaining == timedelta(days=7)
    assert cal.resume_due(remaining, at(2026, 11, 17, 9), limit) == at(2026, 11, 25, 17)


# Office hours are the office's own


def test_other_office_hours_and_due_times():
    hours = OfficeHours(
        sessions=((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0))),
        cutoff=time(15, 30),
        same_day_due=time(16, 30),
        next_day_due=time(9, 0),
    )
    cal = Calendar(hours=hours)
    assert hours.day_length == timedelta(hours=8)
    office_cutoff = TimeLimit(LimitKind.SAME_DAY)  # no cut-off of its own: the office's 15:30
    assert cal.due(at(2026, 11, 25, 15, 20), office_cutoff) == at(2026, 11, 25, 16, 30)
    assert cal.due(at(2026, 11, 25, 15, 30), office_cutoff) == at(2026, 11, 25, 16, 30)
    assert cal.due(at(2026, 11, 25, 15, 31), office_cutoff) == at(2026, 11, 26, 9)
    assert cal.due(at(2026, 11, 25, 15, 20), SAME_DAY) == at(2026, 11, 26, 9)
    assert cal.due(at(2026, 11, 25, 12, 30), days(1)) == at(2026, 11, 26, 17)
    # Working hours still run through the sessions: lunch ends at 13:00 here.
    hours8 = TimeLimit(LimitKind.WORKING_HOURS, 8)
    assert cal.due(at(2026, 11, 25, 12, 30), hours8) == at(2026, 11, 26, 11, 30)
    assert cal.due(at(2026, 11, 25, 13, 10), hours8) == at(2026, 11, 26, 13, 10)
    assert OfficeHours.from_json(hours.to_json()) == hours


def test_office_hours_json_round_trip_and_defaults():
    default = OfficeHours()
    assert default.to_json() == {
        "sessions": [["07:00", "11:30"], ["13:30", "17:00"]],
        "cutoff": "15:00",
        "next_day_due": "10:00",
    }
    assert OfficeHours.from_json(default.to_json()) == default
    assert OfficeHours.from_json({}) == default
    assert default.same_day_time == time(17, 0)


@pytest.mark.parametrize(
    "data",
    [
        {"sessions": [["11:30", "07:00"]]},
        {"sessions": [["07:00", "12:00"], ["11:00", "17:00"]]},
        {"sessions": []},
        {"sessions": [["7h", "11:30"]]},
        {"next_day_due": "12:00"},  # lunch
        {"same_day_due": "18:00"},  # after closing
        {"same_day_due": "09:00"},  # earlier than the next-day due
        {"next_day_due": "07:00"},  # an opening is the previous closing's moment
        "07:00-17:00",
    ],
)
def test_bad_office_hours_are_refused_in_vietnamese(data):
    with pytest.raises(InvalidInput) as err:
        OfficeHours.from_json(data)
    message = err.value.message.lower()
    assert "giờ" in message or "buổi" in message


def test_received_on_a_holiday_counts_from_the_next_opening(cal):
    assert cal.start_of_count(at(2026, 11, 24, 9)) == at(2026, 11, 25, 7)
    assert cal.receipt_day(at(2026, 11, 24, 9)) == at(2026, 11, 25).date()
    assert cal.due(at(2026, 11, 24, 9), days(1)) == at(2026, 11, 26, 17)
