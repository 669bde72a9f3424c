"""Office time: the one place that knows what time it is in the office.

Vietnam keeps UTC+7 all year (no daylight saving), whatever the PC's own time zone.
Nothing else in the app reads the wall clock for office time: a `Clock` is handed to
the store (`store.clock`), and the window, the CLI and the print queue ask the store.
Tests give a `FixedClock` on a named day and move it by hand (a desk left open across
midnight); monotonic timers for timeouts and debouncing are not office time.
"""

from datetime import datetime, timedelta, timezone
from typing import Protocol

VN_TZ = timezone(timedelta(hours=7), "ICT")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current office time, aware, in UTC+7."""
        ...


class SystemClock:
    """The PC's clock, in office time. The only reader of the wall clock in the app."""

    def now(self) -> datetime:
        return datetime.now(VN_TZ)

    def __repr__(self) -> str:
        return "SystemClock()"


class FixedClock:
    """Stands at one moment until moved; with `step`, each reading moves it on by that much."""

    def __init__(self, at: datetime | str, *, step: timedelta = timedelta(0)):
        self._at = parse(at) if isinstance(at, str) else to_vn(at)
        self.step = step

    def now(self) -> datetime:
        at = self._at
        self._at = at + self.step
        return at

    def set(self, at: datetime | str) -> None:
        self._at = parse(at) if isinstance(at, str) else to_vn(at)

    def advance(self, delta: timedelta | None = None, **units: float) -> datetime:
        """Move on by `delta` or by keyword units (hours=2, days=1); returns the new time."""
        self._at = self._at + (delta or timedelta(**units))
        return self._at

    def __repr__(self) -> str:
        return f"FixedClock({iso(self._at)!r})"


SYSTEM = SystemClock()


def to_vn(moment: datetime) -> datetime:
    """Naive datetimes are taken as office time; aware ones are converted."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(VN_TZ)


def parse(text: str) -> datetime:
    """ISO date-time as typed at the counter or stored; office time unless it says otherwise."""
    from .errors import InvalidInput

    try:
        return to_vn(datetime.fromisoformat(text.strip()))
    except (ValueError, AttributeError) as exc:
        raise InvalidInput(
            f"Thời điểm không hợp lệ: {text!r}. Hãy nhập dạng NĂM-THÁNG-NGÀYTgiờ:phút, ví dụ 2026-11-23T09:30."
        ) from exc


def iso(moment: datetime) -> str:
    return to_vn(moment).isoformat(timespec="seconds")
