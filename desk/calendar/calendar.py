"""The office's working calendar: which days are worked, and when a dossier is due.

Working days are Monday to Friday, minus days off, plus the Saturdays worked for a swap
(the civil-service calendar, which the desk follows, not the private sector's). All
date-times are aware, in office time (UTC+7); naive ones are taken as office time.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desk.clock import to_vn
from desk.errors import CalendarError

from .days import DayOff, WorkedDay, YearTable, build_year
from .due import DueRules
from .hours import OfficeHours
from .loading import bundled_snapshot
from .names import weekday_name
from .snapshot import HolidaySnapshot
from .timelimit import TimeLimit
from .worktime import WorkTime

FIRST_YEAR, LAST_YEAR = 2000, 2099
DEFAULT_HOURS = OfficeHours()


def _day(d: date | datetime) -> date:
    return to_vn(d).date() if isinstance(d, datetime) else d


def _unannounced(year: int) -> str:
    return f"Chưa có thông báo nghỉ lễ, Tết năm {year}"


@dataclass(frozen=True)
class ProvisionalDay:
    """A day whose status (off or worked) is a guess until the year's notice comes."""

    date: date
    name: str


@dataclass(frozen=True)
class DueInfo:
    due: datetime
    provisional_days: tuple[ProvisionalDay, ...] = ()

    @property
    def provisional(self) -> bool:
        """The appointment may move when the holiday notice comes ("dự kiến")."""
        return bool(self.provisional_days)

    def note(self) -> str:
        """One line for the screen: "Hẹn dự kiến: …" or ""."""
        if not self.provisional_days:
            return ""
        names = []
        for mark in self.provisional_days:
            if mark.name not in names:
                names.append(mark.name)
        return "Hẹn dự kiến: " + "; ".join(names) + "."

    def to_json(self) -> dict:
        return {
            "due": self.due.isoformat(),
            "provisional": self.provisional,
            "provisional_days": [
                {"date": m.date.isoformat(), "name": m.name} for m in self.provisional_days
            ],
        }


class Calendar:
    def __init__(self, snapshot: HolidaySnapshot | None = None, hours: OfficeHours = DEFAULT_HOURS):
        self.snapshot = snapshot if snapshot is not None else bundled_snapshot()
        self.hours = hours
        self._years: dict[int, YearTable] = {}
        first, last = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
        self._work = WorkTime(self.is_working_day, hours, first, last)
        self._rules = DueRules(
            self._work, self.is_working_day, self.next_working_day, self.is_reception_day
        )

    # Days

    def year_table(self, year: int) -> YearTable:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CalendarError(
                f"Lịch làm việc chỉ có các năm {FIRST_YEAR}–{LAST_YEAR}; năm {year} nằm ngoài phạm vi."
            )
        table = self._years.get(year)
        if table is None:
            table = self._years[year] = build_year(year, self.snapshot)
        return table

    def is_working_day(self, d: date | datetime) -> bool:
        d = _day(d)
        table = self.year_table(d.year)
        if d in table.worked:
            return True
        return d.weekday() < 5 and d not in table.off

    def is_reception_day(self, d: date | datetime) -> bool:
        """A working day, or an ordinary Saturday when the office receives on Saturday
        mornings (`OfficeHours.saturday`); Saturday is never counted towards a limit."""
        d = _day(d)
        if self.is_working_day(d):
            return True
        if not self.hours.saturday or d.weekday() != 5:
            return False
        # Not on a holiday weekend (Tết, a long weekend around a holiday): the whole
        # office is off then, reception included.
        around = (d, d - timedelta(days=1), d + timedelta(days=2))
        return all(self.day_off(day) is None for day in around)

    def reception_sessions(self, d: date | datetime) -> list[tuple[datetime, datetime]]:
        """When the counter takes dossiers on `d` (office time), none on a closed day."""
        from desk.clock import VN_TZ

        d = _day(d)
        if self.is_working_day(d):
            return self.hours.spans(d)
        if self.is_reception_day(d):
            return [
                (datetime.combine(d, s, tzinfo=VN_TZ), datetime.combine(d, e, tzinfo=VN_TZ))
                for s, e in self.hours.saturday
            ]
        return []

    def is_open(self, moment: datetime) -> bool:
        """Whether the counter is open at `moment` (a session of a reception day)."""
        moment = to_vn(moment)
        return any(s <= moment < e for s, e in self.reception_sessions(moment))

    def receipt_day(self, moment: datetime) -> date:
        """The day a dossier received at `moment` counts as received (the day not counted)."""
        return self._rules.receipt_day(moment)

    def day_off_reason(self, d: date | datetime) -> str | None:
        """Why the office is closed that day ("Tết Nguyên đán", "Chủ nhật"), None if open."""
        d = _day(d)
        if self.is_working_day(d):
            return None
        day_off = self.year_table(d.year).off.get(d)
        return day_off.name if day_off is not None else weekday_name(d)

    def day_off(self, d: date | datetime) -> DayOff | None:
        """The holiday entry of a day (weekend holidays too), with its reference."""
        d = _day(d)
        return None if self.is_working_day(d) else self.year_table(d.year).off.get(d)

    def worked_day(self, d: date | datetime) -> WorkedDay | None:
        """The swap entry of a weekend day that is worked, with its reference."""
        d = _day(d)
        return self.year_table(d.year).worked.get(d)

    def is_provisional(self, d: date | datetime) -> bool:
        """Whether the day's status is a guess not yet confirmed by a notice."""
        d = _day(d)
        table = self.year_table(d.year)
        entry = table.off.get(d) or table.worked.get(d)
        if entry is not None:
            return entry.provisional
        notices = self.snapshot.for_year(d.year)
        return notices is None or notices.is_provisional(d)

    def days_off(self, year: int) -> list[DayOff]:
        """Weekdays not worked in `year`, with their names."""
        table = self.year_table(year)
        return [entry for d, entry in table.off.items() if d.weekday() < 5]

    def worked_saturdays(self, year: int) -> list[WorkedDay]:
        """Weekend days worked in `year` (make-up days for swaps)."""
        return list(self.year_table(year).worked.values())

    def working_days_count(self, year: int) -> int:
        start = date(year, 1, 1)
        return sum(
            self.is_working_day(start + timedelta(days=i))
            for i in range((date(year + 1, 1, 1) - start).days)
        )

    def next_working_day(self, d: date | datetime) -> date:
        """The first working day strictly after `d`."""
        d = _day(d) + timedelta(days=1)
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    # Working time

    def add_working_hours(self, start: datetime, hours: timedelta | float) -> datetime:
        """`start` plus `hours` of working time (a number of hours or a timedelta)."""
        return self._work.add(start, hours)

    def working_hours_between(self, a: datetime, b: datetime) -> timedelta:
        """Working time from `a` to `b`, the inverse of `add_working_hours`."""
        return self._work.between(a, b)

    def start_of_count(self, received: datetime) -> datetime:
        """When the clock starts for a dossier received at `received`."""
        return self._work.start_of_count(received)

    # Due date-times

    def due(self, received: datetime, limit: TimeLimit) -> datetime:
        return self._rules.due(received, limit)

    def due_info(self, received: datetime, limit: TimeLimit) -> "DueInfo":
        """The due with what the window and `desk due --json` show beside it: whether it was
        counted over days off not yet announced (a year without its notice)."""
        due = self.due(received, limit)
        first = min(self.receipt_day(received), _day(received))
        marks = self.provisional_in(first, _day(due))
        return DueInfo(due, tuple(marks))

    def provisional_in(self, first: date, last: date) -> list["ProvisionalDay"]:
        """Days from `first` to `last` whose status is a guess: days off or worked days a
        notice has not confirmed, and the first day of any year without notices."""
        marks: list[ProvisionalDay] = []
        d = first
        while d <= last:
            table = self.year_table(d.year)
            entry = table.off.get(d) or table.worked.get(d)
            if not table.covered:
                if d == first or (d.month, d.day) == (1, 1) or entry is not None:
                    name = entry.name if entry is not None else ""
                    marks.append(ProvisionalDay(d, name or _unannounced(d.year)))
            elif self.is_provisional(d):
                name = entry.name if entry is not None else self._provisional_name(d)
                marks.append(ProvisionalDay(d, name))
            d += timedelta(days=1)
        return marks

    def _provisional_name(self, d: date) -> str:
        notices = self.snapshot.for_year(d.year)
        if notices is not None:
            for item in notices.provisional:
                if item.covers(d):
                    return item.name
        return _unannounced(d.year)

    def pause_remaining(self, due: datetime, paused_at: datetime, limit: TimeLimit) -> timedelta:
        """Time left when the clock stops for a supplement (working time; calendar days for
        calendar-day limits); negative when already late. Store it with the dossier."""
        return self._rules.pause_remaining(due, paused_at, limit)

    def resume_due(self, remaining: timedelta, resumed_at: datetime, limit: TimeLimit) -> datetime:
        """The due once the supplement arrives and the clock runs again."""
        return self._rules.resume_due(remaining, resumed_at, limit)
