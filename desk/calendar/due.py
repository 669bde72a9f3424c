"""Due date-times (ngày giờ hẹn trả) from a receipt time and a procedure's time limit.

Conventions (domain-vn §5.1), always a working day inside office hours:

- working hours / working days: counted from receipt (before opening → from opening,
  lunch → from the afternoon, after closing or a day off → from the next opening); one
  working day is the office's day length (8 h). 09:00 Monday + 1 day → 09:00 Tuesday.
- same day: before the cut-off (15:00) → that day at `same_day_due` (17:00); at/after it,
  after closing or on a day off → the next working day at `next_day_due` (10:00).
- calendar days: whole days, as the Civil Code counts them: the due is the close of office
  (17:00) on day D+N, D being the day counting starts; if D+N is a day off, the close of
  the next working day. (Keeping the receipt's clock time instead would make a later
  receipt come out earlier when a weekend moves the due.)
- clock stop (dừng tính thời gian while a supplement is awaited): what is left is kept as
  working time (calendar days for calendar-day limits) and added again from the resumption.
"""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from desk.clock import VN_TZ, to_vn

from .hours import OfficeHours
from .timelimit import LimitKind, TimeLimit
from .worktime import WorkTime


class DueRules:
    def __init__(
        self,
        work: WorkTime,
        is_working_day: Callable[[date], bool],
        next_working_day: Callable[[date], date],
    ):
        self.work = work
        self.hours: OfficeHours = work.hours
        self._is_working = is_working_day
        self._next = next_working_day

    def _at(self, day: date, t: time) -> datetime:
        return datetime.combine(day, t, tzinfo=VN_TZ)

    def _on_or_after(self, day: date) -> date:
        return day if self._is_working(day) else self._next(day)

    def due(self, received: datetime, limit: TimeLimit) -> datetime:
        received = to_vn(received)
        if limit.kind is LimitKind.SAME_DAY:
            return self._same_day(received, limit.cutoff or self.hours.cutoff)
        if limit.kind is LimitKind.WORKING_HOURS:
            return self.work.add(received, timedelta(hours=limit.amount))
        if limit.kind is LimitKind.WORKING_DAYS:
            return self.work.add(received, limit.amount * self.hours.day_length)
        return self._calendar_days(received, timedelta(days=limit.amount))

    def _same_day(self, received: datetime, cutoff: time) -> datetime:
        day = received.date()
        last = min(cutoff, self.hours.closing)
        if self._is_working(day) and received.time() < last:
            return self._at(day, self.hours.same_day_time)
        return self._at(self._next(day), self.hours.next_day_due)

    def _calendar_days(self, received: datetime, days: timedelta) -> datetime:
        start = self.work.start_of_count(received).date()
        return self._at(self._on_or_after(start + days), self.hours.closing)

    def pause_remaining(self, due: datetime, paused_at: datetime, limit: TimeLimit) -> timedelta:
        """What is left of the time limit when the clock stops (negative if already late)."""
        if limit.kind is LimitKind.CALENDAR_DAYS:
            start = self.work.start_of_count(paused_at).date()
            return timedelta(days=(to_vn(due).date() - start).days)
        return self.work.between(paused_at, due)

    def resume_due(self, remaining: timedelta, resumed_at: datetime, limit: TimeLimit) -> datetime:
        """The new due when the clock starts again (the supplement has arrived)."""
        if limit.kind is LimitKind.CALENDAR_DAYS:
            return self._calendar_days(resumed_at, timedelta(days=remaining.days))
        return self.work.add(resumed_at, remaining)
