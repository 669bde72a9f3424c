"""Dates, times and money written the way Vietnamese administrative papers write them."""

from datetime import date, datetime

from desk.clock import to_vn

DOTS = "…………………"


def _day(d: date) -> str:
    return f"{d.day:02d}"


def _month(d: date) -> str:
    # Nghị định 30/2020: a leading 0 for days below 10 and for months 1 and 2 only.
    return f"{d.month:02d}" if d.month <= 2 else str(d.month)


def _as_date(moment: date | datetime) -> date:
    if isinstance(moment, datetime):
        return to_vn(moment).date()
    return moment


def long_date(moment: date | datetime | None) -> str:
    """As in "ngày 05 tháng 02 năm 2026"; blank leaders when there is no date."""
    if moment is None:
        return "ngày …… tháng …… năm ……"
    d = _as_date(moment)
    return f"ngày {_day(d)} tháng {_month(d)} năm {d.year}"


def long_time(moment: datetime | None) -> str:
    """As Mẫu 01 prints times: "09 giờ 30 phút, ngày 05 tháng 02 năm 2026"."""
    if moment is None:
        return "…… giờ …… phút, ngày …… tháng …… năm ……"
    local = to_vn(moment)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, {long_date(local)}"


def short_date(moment: date | datetime | None) -> str:
    """Day as table cells print it: "05/02/2026"."""
    if moment is None:
        return ""
    return _as_date(moment).strftime("%d/%m/%Y")


def short_time(moment: datetime | None) -> str:
    """Time as table cells print it: "09:30 05/02/2026"."""
    if moment is None:
        return ""
    local = to_vn(moment)
    return local.strftime("%H:%M %d/%m/%Y")


def place_date(place: str, moment: date | datetime | None) -> str:
    """The italic line: "Hòa Phú, ngày 05 tháng 02 năm 2026"."""
    return f"{place or '……'}, {long_date(moment)}"


def money(amount: int) -> str:
    """50000 → "50.000" (dots group thousands in Vietnamese)."""
    return f"{amount:,}".replace(",", ".")


def two_digits(n: int) -> str:
    """Counts as forms print them: "Số lượng hồ sơ: 01 bộ"."""
    return f"{n:02d}"
