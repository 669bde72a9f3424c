"""The statutory days of one year as the `holidays` package gives them, named for the counter.

The package already follows the Vietnamese lunar calendar (UTC+7), the make-up days for
holidays on a weekend and the swaps it knows; nothing of that is written again here.
"""

import datetime as dt
import functools
from dataclasses import dataclass
from datetime import date

import holidays

from .names import package_name, swap_work_name

PACKAGE = f"holidays {holidays.__version__}"


@dataclass(frozen=True)
class PackageDay:
    date: date
    name: str
    estimated: bool = False  # the package itself marks the date as a guess
    swapped_with: dt.date | None = None  # the weekend day worked for this day off


@dataclass(frozen=True)
class PackageYear:
    days_off: dict[date, PackageDay]  # weekend days included, so a Tết Saturday has a name
    worked: dict[date, PackageDay]  # weekend days worked (swaps)


@functools.lru_cache(maxsize=128)
def package_year(year: int) -> PackageYear:
    table = holidays.country_holidays("VN", years=year, language="vi")
    days_off: dict[date, PackageDay] = {}
    swaps: dict[date, date] = {}
    for day in sorted(table):
        if day.year != year:
            continue
        names, estimated, worked = [], False, None
        for raw in table.get_list(day):
            name, guess, swapped = package_name(raw)
            if name not in names:
                names.append(name)
            estimated |= guess
            worked = worked or swapped
        if worked is not None:
            swaps[worked] = day
        days_off[day] = PackageDay(day, "; ".join(names), estimated, worked)
    worked_days = {
        day: PackageDay(day, swap_work_name(swaps.get(day)), swapped_with=swaps.get(day))
        for day in sorted(table.weekend_workdays)
        if day.year == year
    }
    return PackageYear(days_off, worked_days)
