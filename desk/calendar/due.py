"""Due date-times (ngày giờ hẹn trả) from a receipt time and a procedure's time limit.

The rules, their sources and worked examples are in docs/due-dates.md. In short, always
a working day inside office hours:

- the day of receipt: the day itself when received before the office closes on a working
  day (or in a Saturday reception session); received after closing or on a day off, the
  next working day (what arrives online at night is taken in the next morning).
- working days (and calendar days): the day of receipt is not counted (Bộ luật Dân sự
  2015, Art. 147(2)); the limit ends with the office day that closes its last day (Art.
  148), so Monday 07:00 and Monday 16:59 get the same appointment. Calendar days ending
  on a day off end with the next working day.
- working hours: counted from the moment of receipt (Art. 147(1)), through the sessions.
- same day: received up to the cut-off ("sau 15 giờ" is after 15:00, so 15:00 is the same
  day; by the minute on the receipt) → that day at `same_day_due` (17:00); after it, after
  closing, on a day off or in a Saturday reception → the next working day at
  `next_day_due` (10:00).
- clock stop (while a supplement is awaited): what is left is kept in whole working days
  (calendar days, or working time for hour limits) and counted again from the day the
  supplement arrives, that day not counted.
"""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from desk.clock import VN_TZ, to_vn

from .hours import OfficeHours
from .timelimit import LimitKind, TimeLimit
from .worktime import WorkTime

ONE_DAY = timedelta(days=1)


class DueRules:
    def __init__(
        self,
        work: WorkTime,
        is_working_day: Callable[[date], bool],
        next_working_day: Callable[[date], date],
        is_reception_day: Callable[[date], bool] | None = None,
    ):
        self.work = work
        self.hours: OfficeHours = work.hours
        self._is_working = is_working_day
        self._next = next_working_day
        self._is_reception = is_reception_day or (lambda d: False)

    def _at(self, day: date, t: time) -> datetime:
        return datetime.combine(day, t, tzinfo=VN_TZ)

    def _on_or_after(self, day: date) -> date:
        return day if self._is_working(day) else self._next(day)

    def receipt_day(self, moment: datetime) -> date:
        """The day a dossier counts as received: today if the office is still open (or not
        yet open) today, else the next working day."""
        local = to_vn(moment)
        day = local.date()
        if self._is_working(day) and local.time() < self.hours.closing:
            return day
        saturday = self.hours.saturday
        if saturday and self._is_reception(day) and local.time() < saturday[-1][1]:
            return day  # a Saturday reception: received that day, counted from Monday
        return self._next(day)

    def _nth_working_day_after(self, day: date, n: int) -> date:
        """The n-th working day after `day` (n ≥ 1); n ≤ 0 goes back from the last working
        day on or before `day`, so that `_working_days_between` is undone exactly."""
        if n >= 1:
            for _ in range(n):
                day = self._next(day)
            return day
        while not self._is_working(day):
            day -= ONE_DAY
        for _ in range(-n):
            day -= ONE_DAY
            while not self._is_working(day):
                day -= ONE_DAY
        return day

    def _working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b] (negative when b is before a)."""
        if b < a:
            return -self._working_days_between(b, a)
        count, day = 0, a + ONE_DAY
        while day <= b:
            count += self._is_working(day)
            day += ONE_DAY
        return count

    def due(self, received: datetime, limit: TimeLimit) -> datetime:
        received = to_vn(received)
        if limit.kind is LimitKind.SAME_DAY:
            return self._same_day(received, limit.cutoff or self.hours.cutoff)
        if limit.kind is LimitKind.WORKING_HOURS:
            return self.work.add(received, timedelta(hours=limit.amount))
        if limit.kind is LimitKind.WORKING_DAYS:
            last = self._nth_working_day_after(self.receipt_day(received), limit.amount)
            return self._at(last, self.hours.closing)
        return self._calendar_days(received, timedelta(days=limit.amount))

    def _same_day(self, received: datetime, cutoff: time) -> datetime:
        day = received.date()
        minute = received.time().replace(second=0, microsecond=0)
        due_time = self.hours.same_day_time
        if self._is_working(day) and minute <= cutoff and received.time() < due_time:
            return self._at(day, due_time)
        return self._at(self._next(day), self.hours.next_day_due)

    def _calendar_days(self, received: datetime, days: timedelta) -> datetime:
        start = self.receipt_day(received)
        return self._at(self._on_or_after(start + days), self.hours.closing)

    def pause_remaining(self, due: datetime, paused_at: datetime, limit: TimeLimit) -> timedelta:
        """What is left of the time limit when the clock stops (negative if already late):
        whole days for day limits, working time for hour and same-day limits."""
        if limit.kind is LimitKind.CALENDAR_DAYS:
            return timedelta(days=(to_vn(due).date() - self.receipt_day(paused_at)).days)
        if limit.kind is LimitKind.WORKING_DAYS:
            left = self._working_days_between(self.receipt_day(paused_at), to_vn(due).date())
            return timedelta(days=left)
        return self.work.between(paused_at, due)

    def resume_due(self, remaining: timedelta, resumed_at: datetime, limit: TimeLimit) -> datetime:
        """The new due when the clock starts again (the supplement has arrived)."""
        if limit.kind is LimitKind.CALENDAR_DAYS:
            return self._calendar_days(resumed_at, timedelta(days=remaining.days))
        if limit.kind is LimitKind.WORKING_DAYS:
            last = self._nth_working_day_after(self.receipt_day(resumed_at), remaining.days)
            return self._at(last, self.hours.closing)
        return self.work.add(resumed_at, remaining)
