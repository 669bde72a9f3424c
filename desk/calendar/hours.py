"""Office hours (giờ làm việc) of one office and its due times for same-day procedures.

Provinces set their own hours; the default is the common 07:00–11:30 and 13:30–17:00,
8 hours a day, which is also what one "ngày làm việc" of a time limit is worth.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from desk.errors import InvalidInput

DEFAULT_SESSIONS = ((time(7, 0), time(11, 30)), (time(13, 30), time(17, 0)))


def _hhmm(t: time) -> str:
    return t.strftime("%H:%M:%S" if t.second else "%H:%M")


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def _check_sessions(sessions, what: str = "Buổi làm việc") -> None:
    previous = None
    for start, end in sessions:
        for t in (start, end):
            if not isinstance(t, time) or t.tzinfo is not None or t.microsecond:
                raise InvalidInput(f"Giờ làm việc không hợp lệ: {t!r}.")
        if start >= end:
            raise InvalidInput(
                f"{what} {_hhmm(start)}–{_hhmm(end)}: giờ bắt đầu phải trước giờ kết thúc."
            )
        if previous is not None and start < previous:
            raise InvalidInput(
                f"{what} {_hhmm(start)}–{_hhmm(end)} chồng lên hoặc đứng trước buổi trước; "
                "hãy nhập các buổi theo thứ tự trong ngày."
            )
        previous = end


@dataclass(frozen=True)
class OfficeHours:
    """Sessions of a working day, and when same-day results are given.

    - `cutoff`: a same-day dossier received up to it ("sau 15 giờ" is after 15:00, so 15:00
      itself is the same day; counted by the minute printed on the receipt) is due the same
      day at `same_day_due` (None: the close of the last session); received after it, after
      closing or on a day off, it is due the next working day at `next_day_due`. A
      procedure's own cut-off (`TimeLimit.cutoff`) wins over this one.
    - `saturday`: reception sessions on ordinary Saturdays, for communes that receive on
      Saturday mornings (empty: closed). A Saturday is a day of receipt, never a working
      day counted towards a time limit (see docs/due-dates.md).
    """

    sessions: tuple[tuple[time, time], ...] = DEFAULT_SESSIONS
    cutoff: time = time(15, 0)
    same_day_due: time | None = None
    next_day_due: time = time(10, 0)
    saturday: tuple[tuple[time, time], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "sessions", tuple(tuple(s) for s in self.sessions))
        object.__setattr__(self, "saturday", tuple(tuple(s) for s in self.saturday))
        self._check()

    def _check(self) -> None:
        if not self.sessions:
            raise InvalidInput("Giờ làm việc phải có ít nhất một buổi.")
        _check_sessions(self.sessions)
        _check_sessions(self.saturday, "Buổi tiếp nhận thứ Bảy")
        for label, t in (("trong ngày", self.same_day_time), ("ngày hôm sau", self.next_day_due)):
            if not self.due_time_ok(t):
                raise InvalidInput(
                    f"Giờ hẹn trả {label} {_hhmm(t)} phải nằm trong một buổi làm việc, "
                    "sau giờ bắt đầu của buổi (ví dụ 10:00 hoặc 17:00)."
                )
        if self.next_day_due > self.same_day_time:
            raise InvalidInput(
                f"Giờ hẹn trả ngày hôm sau ({_hhmm(self.next_day_due)}) không được muộn hơn "
                f"giờ hẹn trả trong ngày ({_hhmm(self.same_day_time)})."
            )

    def due_time_ok(self, t: time) -> bool:
        # A due at a session's opening is the same working moment as the previous closing;
        # requiring start < t keeps "pause then resume at once" giving the same due.
        return any(start < t <= end for start, end in self.sessions)

    @property
    def opening(self) -> time:
        return self.sessions[0][0]

    @property
    def closing(self) -> time:
        return self.sessions[-1][1]

    @property
    def same_day_time(self) -> time:
        return self.same_day_due if self.same_day_due is not None else self.closing

    @property
    def day_length(self) -> timedelta:
        """Working time in one day: what one "ngày làm việc" of a time limit is worth."""
        return timedelta(seconds=sum(_seconds(e) - _seconds(s) for s, e in self.sessions))

    def spans(self, day) -> list[tuple[datetime, datetime]]:
        """The sessions of `day` as aware datetimes in office time."""
        from desk.clock import VN_TZ

        return [
            (datetime.combine(day, s, tzinfo=VN_TZ), datetime.combine(day, e, tzinfo=VN_TZ))
            for s, e in self.sessions
        ]

    def to_json(self) -> dict:
        data: dict = {
            "sessions": [[_hhmm(s), _hhmm(e)] for s, e in self.sessions],
            "cutoff": _hhmm(self.cutoff),
            "next_day_due": _hhmm(self.next_day_due),
        }
        if self.same_day_due is not None:
            data["same_day_due"] = _hhmm(self.same_day_due)
        if self.saturday:
            data["saturday"] = [[_hhmm(s), _hhmm(e)] for s, e in self.saturday]
        return data

    @classmethod
    def from_json(cls, data: dict) -> "OfficeHours":
        try:
            sessions = tuple(
                (time.fromisoformat(s), time.fromisoformat(e))
                for s, e in data.get(
                    "sessions", [[_hhmm(s), _hhmm(e)] for s, e in DEFAULT_SESSIONS]
                )
            )
            cutoff = time.fromisoformat(data.get("cutoff", "15:00"))
            same = data.get("same_day_due")
            same_day = time.fromisoformat(same) if same is not None else None
            next_day = time.fromisoformat(data.get("next_day_due", "10:00"))
            saturday = tuple(
                (time.fromisoformat(s), time.fromisoformat(e))
                for s, e in data.get("saturday") or ()
            )
        except (AttributeError, TypeError, ValueError) as exc:
            raise InvalidInput(
                f"Giờ làm việc không hợp lệ: {data!r}. Hãy nhập giờ dạng GIỜ:PHÚT, ví dụ 07:30."
            ) from exc
        return cls(sessions, cutoff, same_day, next_day, saturday)
