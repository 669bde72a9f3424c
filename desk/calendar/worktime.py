"""Arithmetic on working time: the office's sessions on working days, nothing else counts.

Think of a counter that runs only during sessions. `between(a, b)` reads it twice;
`add(start, h)` finds when it has run `h` more. Several instants share one reading (11:30
and 13:30, 17:00 and the next opening); a result is always the earliest of them, so work
that ends with the morning session is due at 11:30, not after lunch.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta

from desk.clock import to_vn
from desk.errors import CalendarError

from .hours import OfficeHours

ONE_DAY = timedelta(days=1)


def as_duration(amount: timedelta | float) -> timedelta:
    """Hours given as a number, or a timedelta."""
    if isinstance(amount, timedelta):
        return amount
    return timedelta(hours=amount)


class WorkTime:
    def __init__(
        self, is_working: Callable[[date], bool], hours: OfficeHours, first: date, last: date
    ):
        self._is_working = is_working
        self.hours = hours
        self.first, self.last = first, last

    def _spans(self, day: date):
        if day < self.first or day > self.last:
            raise CalendarError(
                f"Không tính được thời hạn: ngày {day:%d/%m/%Y} nằm ngoài phạm vi lịch "
                f"({self.first.year}–{self.last.year})."
            )
        return self.hours.spans(day) if self._is_working(day) else []

    def start_of_count(self, moment: datetime) -> datetime:
        """When a dossier received at `moment` starts counting: now if a session is open
        (start ≤ t < end), else the next opening (lunch → afternoon, evening → next day)."""
        moment = to_vn(moment)
        day = moment.date()
        while True:
            for start, end in self._spans(day):
                if moment < end:
                    return max(start, moment)
            day += ONE_DAY

    def _at_or_after(self, moment: datetime) -> datetime:
        """`moment` itself if inside a session (ends included), else the next opening."""
        day = moment.date()
        for start, end in self._spans(day):
            if start <= moment <= end:
                return moment
        return self.start_of_count(moment)

    def add(self, start: datetime, amount: timedelta | float) -> datetime:
        """The earliest instant at which `amount` of working time has run after `start`."""
        start, amount = to_vn(start), as_duration(amount)
        if amount == timedelta(0):
            return self._at_or_after(start)
        if amount < timedelta(0):
            return self._subtract(start, -amount)
        left, day = amount, start.date()
        while True:
            for s, e in self._spans(day):
                lo = max(s, start)
                if lo >= e:
                    continue
                if left <= e - lo:
                    return lo + left
                left -= e - lo
            day += ONE_DAY

    def _subtract(self, start: datetime, amount: timedelta) -> datetime:
        left, day = amount, start.date()
        while True:
            for s, e in reversed(self._spans(day)):
                hi = min(e, start)
                if hi <= s:
                    continue
                if left < hi - s:  # strict: landing on an opening means the previous closing
                    return hi - left
                left -= hi - s
            day -= ONE_DAY

    def between(self, a: datetime, b: datetime) -> timedelta:
        """Working time from `a` to `b`; negative when `b` is before `a`."""
        a, b = to_vn(a), to_vn(b)
        if b < a:
            return -self.between(b, a)
        total, day = timedelta(0), a.date()
        while day <= b.date():
            for s, e in self._spans(day):
                lo, hi = max(s, a), min(e, b)
                if hi > lo:
                    total += hi - lo
            day += ONE_DAY
        return total
