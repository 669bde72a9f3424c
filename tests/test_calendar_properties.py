"""Rules that must hold for every receipt time and time limit (Hypothesis)."""

from datetime import date, datetime, time, timedelta

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.calendar import Calendar, LimitKind, TimeLimit, lunar_date
from desk.clock import VN_TZ

CAL = Calendar()
HOURS = CAL.hours

moments = st.datetimes(
    min_value=datetime(2023, 12, 1), max_value=datetime(2027, 12, 31, 23, 59, 59)
).map(lambda m: m.replace(tzinfo=VN_TZ))

limits = st.one_of(
    st.builds(
        TimeLimit,
        st.just(LimitKind.SAME_DAY),
        st.just(0),
        st.sampled_from([None, time(15, 0), time(11, 0), time(16, 30)]),
    ),
    st.builds(TimeLimit, st.just(LimitKind.WORKING_DAYS), st.integers(1, 45)),
    st.builds(TimeLimit, st.just(LimitKind.WORKING_HOURS), st.integers(1, 120)),
    st.builds(TimeLimit, st.just(LimitKind.CALENDAR_DAYS), st.integers(1, 60)),
)

durations = st.integers(0, 60 * 8 * 3600).map(lambda s: timedelta(seconds=s))


@st.composite
def office_moments(draw) -> datetime:
    """An instant inside a session of a working day, after the session's opening."""
    day = CAL.next_working_day(draw(st.dates(date(2024, 1, 1), date(2027, 11, 30))))
    start, end = draw(st.sampled_from(HOURS.sessions))
    span = (datetime.combine(day, end) - datetime.combine(day, start)).total_seconds()
    offset = draw(st.integers(1, int(span)))
    return datetime.combine(day, start, tzinfo=VN_TZ) + timedelta(seconds=offset)


def inside_office_hours(moment: datetime) -> bool:
    t = moment.time()
    return any(s <= t <= e for s, e in HOURS.sessions)


@settings(deadline=None)
@given(moments, limits)
def test_due_is_a_working_day_inside_office_hours(received, limit):
    due = CAL.due(received, limit)
    assert due.utcoffset() == timedelta(hours=7)
    assert CAL.is_working_day(due.date())
    assert inside_office_hours(due)
    assert due > received


@settings(deadline=None)
@given(moments, moments, limits)
def test_due_never_decreases_with_the_receipt_time(a, b, limit):
    early, late = sorted((a, b))
    assert CAL.due(early, limit) <= CAL.due(late, limit)


@settings(deadline=None)
@given(moments, durations)
def test_between_undoes_add(start, amount):
    assert CAL.working_hours_between(start, CAL.add_working_hours(start, amount)) == amount
    assert CAL.working_hours_between(start, CAL.add_working_hours(start, -amount)) == -amount


@settings(deadline=None)
@given(moments, office_moments())
def test_add_undoes_between(start, end):
    assert CAL.add_working_hours(start, CAL.working_hours_between(start, end)) == end


@settings(deadline=None)
@given(moments, moments, moments)
def test_working_time_adds_up(a, b, c):
    assert CAL.working_hours_between(a, b) + CAL.working_hours_between(
        b, c
    ) == CAL.working_hours_between(a, c)


@settings(deadline=None)
@given(office_moments(), moments, limits)
def test_pausing_and_resuming_at_once_keeps_any_due(received, paused, limit):
    due = CAL.due(received, limit)
    remaining = CAL.pause_remaining(due, paused, limit)
    assert CAL.resume_due(remaining, paused, limit) == due


VN_TET = {
    d
    for d, name in holidays.country_holidays(
        "VN", years=range(2020, 2041), language="en_US"
    ).items()
    if name == "Lunar New Year"
}


@given(st.dates(date(2020, 1, 1), date(2040, 12, 31)))
def test_lunar_new_year_is_the_packages_tet(day):
    lunar = lunar_date(day)
    assert ((lunar.day, lunar.month, lunar.leap) == (1, 1, False)) == (day in VN_TET)
    if day in VN_TET:
        assert lunar.year == day.year
