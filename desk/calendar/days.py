"""One year's days off and worked weekend days: the package's days, then the notices.

Order of precedence: the `holidays` package gives the statutory days; a year's notices in
the snapshot remove what they do not keep, add or rename days off and add worked weekend
days. A year the snapshot does not cover is the package's alone and shown as provisional
("dự kiến"), as are the days a notice marks not yet announced.
"""

import datetime as dt
from dataclasses import dataclass
from datetime import date

from .names import weekday_name
from .snapshot import HolidaySnapshot
from .statutory import package_year


@dataclass(frozen=True)
class DayOff:
    date: date
    name: str  # "Tết Nguyên đán", "Nghỉ bù Giỗ Tổ Hùng Vương", …
    ref: str = ""  # the notice that fixes it, "" for the statute as the package has it
    provisional: bool = False

    @property
    def weekday(self) -> str:
        return weekday_name(self.date)


@dataclass(frozen=True)
class WorkedDay:
    """A Saturday (or Sunday) worked in exchange for a weekday off: it counts as working."""

    date: date
    name: str
    ref: str = ""
    in_place_of: dt.date | None = None
    provisional: bool = False

    @property
    def weekday(self) -> str:
        return weekday_name(self.date)


@dataclass(frozen=True)
class YearTable:
    year: int
    off: dict[date, DayOff]  # weekend days included when they are holidays
    worked: dict[date, WorkedDay]
    covered: bool  # the snapshot has notices for this year


def build_year(year: int, snapshot: HolidaySnapshot) -> YearTable:
    package = package_year(year)
    notices = snapshot.for_year(year)

    def provisional(d: date, guessed: bool = False) -> bool:
        return notices is None or guessed or notices.is_provisional(d)

    def refs(d: date) -> str:
        return notices.refs_for(d) if notices is not None else ""

    off = {
        d: DayOff(d, p.name, refs(d), provisional(d, p.estimated))
        for d, p in package.days_off.items()
    }
    worked = {
        d: WorkedDay(d, p.name, refs(d), p.swapped_with, provisional(d))
        for d, p in package.worked.items()
    }
    if notices is not None:
        for removal in notices.removed:
            off.pop(removal.date, None)
            worked.pop(removal.date, None)
        for extra in notices.days_off:
            off[extra.date] = DayOff(extra.date, extra.name, extra.ref, provisional(extra.date))
            worked.pop(extra.date, None)
        for made_up in notices.worked_days:
            worked[made_up.date] = WorkedDay(
                made_up.date,
                made_up.name,
                made_up.ref,
                made_up.in_place_of,
                provisional(made_up.date),
            )
            off.pop(made_up.date, None)
    return YearTable(
        year, dict(sorted(off.items())), dict(sorted(worked.items())), notices is not None
    )
