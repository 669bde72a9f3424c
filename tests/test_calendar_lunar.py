"""Lunar dates at UTC+7, checked against the `holidays` package and the years China differs."""

from datetime import date, timedelta

import holidays
import pytest

from desk.calendar import LunarDate, lunar_date, lunar_label, solar_date
from desk.errors import CalendarError


def tet_by_lunar_date(year: int) -> date:
    day = date(year, 1, 15)
    while lunar_date(day)[:2] != (1, 1):
        day += timedelta(days=1)
    return day


@pytest.mark.parametrize("year", range(2020, 2041))
def test_tet_from_lunar_date_matches_the_holidays_package(year):
    table = holidays.country_holidays("VN", years=year, language="en_US")
    assert tet_by_lunar_date(year) in table.get_named("Lunar New Year", lookup="exact")


@pytest.mark.parametrize(
    ("year", "vietnam", "china"),
    [(2007, date(2007, 2, 17), date(2007, 2, 18)), (2030, date(2030, 2, 2), date(2030, 2, 3))],
)
def test_vietnamese_not_chinese_new_year(year, vietnam, china):
    assert tet_by_lunar_date(year) == vietnam
    assert lunar_date(vietnam) == (1, 1, year, False)
    assert lunar_date(china) == (2, 1, year, False)
    assert solar_date(1, 1, year) == vietnam


def test_gio_to_2037_and_2038_at_utc7():
    assert lunar_date(date(2037, 4, 24))[:2] == (10, 3)
    assert lunar_date(date(2038, 4, 13))[:2] == (10, 3)


def test_labels():
    assert lunar_label(date(2026, 2, 17)) == "ngày 1 tháng Giêng năm Bính Ngọ"
    assert lunar_label(date(2026, 2, 16)) == "ngày 29 tháng Chạp năm Ất Tỵ"
    assert lunar_date(date(2027, 2, 6)).year_name == "Đinh Mùi"
    assert lunar_label(date(2026, 4, 26)) == "ngày 10 tháng Ba năm Bính Ngọ"  # Giỗ Tổ
    assert lunar_date(date(2026, 2, 17)).short() == "1/1 Bính Ngọ"


def test_leap_month_is_named():
    # 2025 has a leap sixth month (tháng 6 nhuận Ất Tỵ) from 25/07/2025.
    leap = lunar_date(date(2025, 7, 25))
    assert leap == LunarDate(1, 6, 2025, True)
    assert leap.label() == "ngày 1 tháng Sáu nhuận năm Ất Tỵ"
    assert solar_date(1, 6, 2025, leap=True) == date(2025, 7, 25)


def test_out_of_range_and_impossible_dates_are_calendar_errors():
    with pytest.raises(CalendarError):
        lunar_date(date(1800, 1, 1))
    with pytest.raises(CalendarError) as err:
        solar_date(1, 3, 2026, leap=True)  # 2026 has no leap third month
    assert "âm lịch" in err.value.message
