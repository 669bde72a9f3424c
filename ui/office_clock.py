"""The window's view of office time: a tick every minute, a signal when the day changes.

Counters and kiosks stay open for days; nobody restarts them at midnight. Panels that
show something that depends on the time (overdue marks, due-today counts, today's
filter) listen here instead of reading a clock themselves. The time comes from the
store's clock (injected in tests); the timer is only what makes us look at it.
"""

from datetime import date, datetime

from PySide6.QtCore import QObject, QTimer, Signal

TICK_MS = 15_000


class OfficeClock(QObject):
    minute = Signal(object)  # datetime: a new minute of office time
    day_changed = Signal(object)  # date: the office's day rolled over (midnight, or a clock fix)

    def __init__(self, clock, *, interval_ms: int = TICK_MS, parent=None):
        super().__init__(parent)
        self._clock = clock
        self._last: datetime = clock.now()
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    def now(self) -> datetime:
        return self._clock.now()

    def today(self) -> date:
        return self._clock.now().date()

    @property
    def last(self) -> datetime:
        """The time seen at the last tick (what the panels are showing)."""
        return self._last

    def tick(self) -> None:
        """Look at the clock; announce a new minute and, when it changed, a new day."""
        now = self._clock.now()
        previous, self._last = self._last, now
        if now.date() != previous.date():
            self.day_changed.emit(now.date())
        if now.replace(second=0, microsecond=0) != previous.replace(second=0, microsecond=0):
            self.minute.emit(now)
