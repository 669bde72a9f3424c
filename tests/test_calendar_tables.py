"""The civil-service days off of 2024–2027, day by day as domain-vn §5.3 lists them."""

from datetime import date

import pytest

from desk.calendar import Calendar
from desk.errors import CalendarError


def d(text: str) -> date:
    day, month, year = (int(p) for p in text.split("/"))
    return date(year, month, day)


# Every weekday off and every weekend day worked (§5.3), written out by hand.
EXPECTED = {
    2024: (
        [
            "01/01/2024",
            "08/02/2024",
            "09/02/2024",
            "12/02/2024",
            "13/02/2024",
            "14/02/2024",
            "18/04/2024",
            "29/04/2024",
            "30/04/2024",
            "01/05/2024",
            "02/09/2024",
            "03/09/2024",
        ],
        ["04/05/2024"],
    ),
    2025: (
        [
            "01/01/2025",
            "27/01/2025",
            "28/01/2025",
            "29/01/2025",
            "30/01/2025",
            "31/01/2025",
            "07/04/2025",
            "30/04/2025",
            "01/05/2025",
            "02/05/2025",
            "01/09/2025",
            "02/09/2025",
        ],
        ["26/04/2025"],
    ),
    2026: (
        [
            "01/01/2026",
            "02/01/2026",
            "16/02/2026",
            "17/02/2026",
            "18/02/2026",
            "19/02/2026",
            "20/02/2026",
            "27/04/2026",
            "30/04/2026",
            "01/05/2026",
            "31/08/2026",
            "01/09/2026",
            "02/09/2026",
            "24/11/2026",
        ],
        ["10/01/2026", "22/08/2026"],
    ),
}


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return Calendar()


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_weekdays_off_are_exactly_the_notices(cal, year):
    off, _ = EXPECTED[year]
    assert [x.date for x in cal.days_off(year)] == [d(t) for t in off]


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_worked_saturdays_are_exactly_the_swaps(cal, year):
    _, worked = EXPECTED[year]
    assert [x.date for x in cal.worked_saturdays(year)] == [d(t) for t in worked]
    assert all(cal.is_working_day(d(t)) for t in worked)
    assert all(x.ref for x in cal.worked_saturdays(year))


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_every_day_of_the_year_follows_the_table(cal, year):
    off, worked = EXPECTED[year]
    off_days, worked_days = {d(t) for t in off}, {d(t) for t in worked}
    day = date(year, 1, 1)
    while day.year == year:
        expected = day in worked_days or (day.weekday() < 5 and day not in off_days)
        assert cal.is_working_day(day) is expected, day
        day = date.fromordinal(day.toordinal() + 1)


def test_working_day_counts(cal):
    # Weekdays of the year, minus the weekdays off, plus the worked Saturdays.
    assert cal.working_days_count(2024) == 262 - 12 + 1
    assert cal.working_days_count(2025) == 261 - 12 + 1
    assert cal.working_days_count(2026) == 261 - 14 + 2


def test_the_2026_new_year_swap_the_package_lacks(cal):
    assert not cal.is_working_day(date(2026, 1, 2))
    assert cal.is_working_day(date(2026, 1, 10))
    assert "10/01/2026" in cal.day_off_reason(date(2026, 1, 2))
    assert cal.day_off(date(2026, 1, 2)).ref == "CV 12729/VPCP-KGVX"
    assert cal.worked_day(date(2026, 1, 10)).in_place_of == date(2026, 1, 2)
    # The Saturday of the weekend in between is still a rest day.
    assert not cal.is_working_day(date(2026, 1, 3))


def test_vietnamese_culture_day_2026(cal):
    assert not cal.is_working_day(date(2026, 11, 24))
    assert cal.day_off_reason(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert cal.day_off(date(2026, 11, 24)).ref == "NQ 28/2026/QH16"
    assert cal.is_working_day(date(2026, 11, 23))


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        ("17/02/2026", "Tết Nguyên đán"),
        ("16/02/2026", "Tết Nguyên đán"),
        ("10/02/2024", "Tết Nguyên đán"),  # a Saturday that is a Tết day is named as Tết
        ("14/02/2026", "Thứ Bảy"),
        ("22/02/2026", "Chủ nhật"),
        ("27/04/2026", "Nghỉ bù Giỗ Tổ Hùng Vương"),
        ("18/04/2024", "Giỗ Tổ Hùng Vương"),
        ("01/01/2025", "Tết Dương lịch"),
        ("30/04/2025", "Ngày Chiến thắng"),
        ("01/05/2025", "Ngày Quốc tế Lao động"),
        ("02/09/2026", "Quốc khánh"),
        ("31/08/2026", "Nghỉ hoán đổi, làm bù thứ Bảy 22/08/2026"),
        ("03/05/2027", "Nghỉ bù ngày Quốc tế Lao động"),
    ],
)
def test_reasons_in_vietnamese(cal, day, reason):
    assert cal.day_off_reason(d(day)) == reason


def test_open_days_have_no_reason(cal):
    assert cal.day_off_reason(date(2026, 2, 23)) is None
    assert cal.day_off_reason(date(2026, 8, 22)) is None


def test_2027_tet_is_the_package_guess_marked_provisional(cal):
    tet = [x for x in cal.days_off(2027) if x.name == "Tết Nguyên đán"]
    assert [x.date for x in tet] == [
        date(2027, 2, 4),
        date(2027, 2, 5),
        date(2027, 2, 8),
        date(2027, 2, 9),
        date(2027, 2, 10),
    ]
    assert all(x.provisional for x in tet)
    assert cal.is_provisional(date(2027, 2, 11))  # the notice may still move it
    # What the Labour Code fixes in 2027 is not a guess.
    for fixed in (date(2027, 1, 1), date(2027, 4, 16), date(2027, 4, 30), date(2027, 9, 2)):
        assert not cal.day_off(fixed).provisional
    assert not cal.is_working_day(date(2027, 5, 3))  # 1/5 on a Saturday, made up on Monday


def test_confirmed_years_are_not_provisional(cal):
    assert not any(x.provisional for y in (2024, 2025, 2026) for x in cal.days_off(y))


def test_years_outside_the_snapshot_come_from_the_package_as_provisional(cal):
    tet_2028 = cal.day_off(date(2028, 1, 26))
    assert tet_2028.name == "Tết Nguyên đán" and tet_2028.provisional


def test_next_working_day_skips_tet_and_honours_worked_saturdays(cal):
    assert cal.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert cal.next_working_day(date(2026, 1, 9)) == date(2026, 1, 10)
    assert cal.next_working_day(date(2025, 4, 25)) == date(2025, 4, 26)
    assert cal.next_working_day(date(2024, 4, 26)) == date(2024, 5, 2)


def test_out_of_range_year_is_a_calendar_error(cal):
    with pytest.raises(CalendarError) as err:
        cal.is_working_day(date(1990, 1, 1))
    assert "1990" in err.value.message
