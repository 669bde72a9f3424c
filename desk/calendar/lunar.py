"""Vietnamese lunar dates (âm lịch) for display, computed at UTC+7.

Vietnam's lunar calendar is reckoned at 105°E; Chinese libraries (UTC+8) give another Tết
in 2007, 2030 and 2053, so only `lunar-vn` (Hồ Ngọc Đức's algorithm) is used here.
"""

from datetime import date
from typing import NamedTuple

import lunar_vn
from lunar_vn import can_chi

from desk.errors import CalendarError

from .names import LUNAR_MONTHS

VN_LUNAR_ZONE = 7.0


class LunarDate(NamedTuple):
    day: int
    month: int
    year: int  # the lunar year (Tết of `year` opens it)
    leap: bool = False  # a leap month (tháng nhuận)

    @property
    def year_name(self) -> str:
        """The can-chi name of the lunar year: 2026 → "Bính Ngọ"."""
        return can_chi.get_year_can_chi(self.year)

    def month_name(self) -> str:
        name = LUNAR_MONTHS[self.month - 1]
        return f"{name} nhuận" if self.leap else name

    def label(self) -> str:
        """As written on a notice: "ngày 1 tháng Giêng năm Bính Ngọ"."""
        return f"ngày {self.day} tháng {self.month_name()} năm {self.year_name}"

    def short(self) -> str:
        """Compact, for tables: "1/1 Bính Ngọ", "15/6n Giáp Thìn" for a leap month."""
        leap = "n" if self.leap else ""
        return f"{self.day}/{self.month}{leap} {self.year_name}"


def _range_error(d: object) -> CalendarError:
    low, high = lunar_vn.SUPPORTED_YEAR_RANGE
    return CalendarError(f"Không tính được ngày âm lịch của {d}: chỉ hỗ trợ các năm {low}–{high}.")


def lunar_date(d: date) -> LunarDate:
    """The Vietnamese lunar date of a solar date."""
    try:
        lunar = lunar_vn.convert_solar_to_lunar(d.day, d.month, d.year, time_zone=VN_LUNAR_ZONE)
    except ValueError as exc:
        raise _range_error(d) from exc
    return LunarDate(lunar.day, lunar.month, lunar.year, lunar.leap)


def lunar_label(d: date) -> str:
    return lunar_date(d).label()


def solar_date(day: int, month: int, year: int, leap: bool = False) -> date:
    """The solar date of a lunar one, e.g. Tết of 2030: `solar_date(1, 1, 2030)` → 2030-02-02."""
    low, high = lunar_vn.SUPPORTED_YEAR_RANGE
    text = f"{day}/{month}{' nhuận' if leap else ''}/{year} âm lịch"
    if not low <= year <= high:
        raise _range_error(text)
    try:
        solar = lunar_vn.convert_lunar_to_solar(
            day, month, year, 1 if leap else 0, time_zone=VN_LUNAR_ZONE
        )
    except ValueError as exc:
        raise CalendarError(f"Không có ngày {text}.") from exc
    # lunar-vn ignores a leap flag in a year without one, and rolls day 30 of a short month.
    if lunar_date(solar) != (day, month, year, leap):
        raise CalendarError(f"Không có ngày {text}.")
    return solar
