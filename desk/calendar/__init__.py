"""Working days, Vietnamese holidays (UTC+7 lunar) and due date-times."""

from .calendar import Calendar, DueInfo, ProvisionalDay
from .days import DayOff, WorkedDay
from .hours import OfficeHours
from .loading import bundled_snapshot, load_snapshot
from .lunar import LunarDate, lunar_date, lunar_label, solar_date
from .names import weekday_name
from .snapshot import HolidaySnapshot
from .timelimit import LimitKind, TimeLimit

__all__ = [
    "Calendar",
    "DayOff",
    "DueInfo",
    "HolidaySnapshot",
    "LimitKind",
    "LunarDate",
    "OfficeHours",
    "ProvisionalDay",
    "TimeLimit",
    "WorkedDay",
    "bundled_snapshot",
    "load_snapshot",
    "lunar_date",
    "lunar_label",
    "solar_date",
    "weekday_name",
]
