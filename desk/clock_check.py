"""Is the PC's clock plausible? Codes and due dates are never made from a wrong one.

Commune PCs often boot with a dead CMOS battery: the clock says 01/01/2000, or last month,
and every code (`yyMMdd`) and appointment made from it would be wrong on paper a citizen
takes home. Before an intake or a ticket the desk compares the office clock with what it
already knows:

- the newest time in the audit log since the clock was last confirmed: every change is
  audited when it is made, so a clock earlier than that by more than a few minutes went
  backwards (a wrong clock that only logged someone in cannot lower it: the newest wins);
- the same time as a floor for jumps: a clock more than `clock.max_gap_days` (31 by
  default) ahead of the newest change is implausible for an office in use;
- the upstream's time, once a hub or the province has answered (the sync client stores the
  offset it measured in `clock.upstream`): more than 5 minutes apart is reported.

An admin who knows the clock is right confirms it; that is audited, and the audit entry
becomes the new floor.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from desk import clock
from desk.errors import ClockError
from desk.store import audit

BEHIND_TOLERANCE = timedelta(minutes=5)
UPSTREAM_TOLERANCE = timedelta(minutes=5)
DEFAULT_MAX_GAP_DAYS = 31
UPSTREAM_FRESH = timedelta(days=2)  # an offset measured longer ago says little
CONFIRM_ACTION = "clock.confirm"


@dataclass(frozen=True)
class ClockProblem:
    kind: str  # behind | ahead | upstream
    now: datetime
    reference: datetime
    message: str

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "now": clock.iso(self.now),
            "reference": clock.iso(self.reference),
            "message": self.message,
        }


def _fmt(moment: datetime) -> str:
    return f"{clock.to_vn(moment):%H:%M ngày %d/%m/%Y}"


def newest_change(store) -> datetime | None:
    """The newest time in the audit log since the last confirmation of the clock."""
    since = store.scalar(
        "SELECT COALESCE(MAX(id), 0) FROM audit WHERE action = ?", [CONFIRM_ACTION]
    )
    latest = store.scalar("SELECT MAX(at) FROM audit WHERE id >= ?", [since])
    return clock.parse(latest) if latest else None


def check(store, now: datetime | None = None) -> ClockProblem | None:
    """The problem with the office clock at `now` (default: the store's clock), or None."""
    now = clock.to_vn(now or store.now())
    newest = newest_change(store)
    if newest is not None and now < newest - BEHIND_TOLERANCE:
        return ClockProblem(
            "behind",
            now,
            newest,
            f"Đồng hồ máy tính đang chỉ {_fmt(now)}, sớm hơn lần ghi dữ liệu gần nhất "
            f"({_fmt(newest)}). Có thể pin đồng hồ của máy đã hết: hãy chỉnh lại ngày giờ "
            "của máy, hoặc nhờ quản trị xác nhận giờ hiện tại là đúng.",
        )
    max_gap = timedelta(days=store.setting("clock.max_gap_days", DEFAULT_MAX_GAP_DAYS))
    if newest is not None and now > newest + max_gap:
        return ClockProblem(
            "ahead",
            now,
            newest,
            f"Đồng hồ máy tính đang chỉ {_fmt(now)}, muộn hơn lần ghi dữ liệu gần nhất "
            f"({_fmt(newest)}) quá {max_gap.days} ngày. Hãy kiểm tra ngày giờ của máy, "
            "hoặc nhờ quản trị xác nhận giờ hiện tại là đúng.",
        )
    upstream = store.setting("clock.upstream")
    if isinstance(upstream, dict) and upstream.get("at") is not None:
        measured = clock.parse(str(upstream["at"]))
        offset = timedelta(seconds=float(upstream.get("offset_seconds", 0)))
        if now - measured <= UPSTREAM_FRESH and abs(offset) > UPSTREAM_TOLERANCE:
            theirs = now + offset
            return ClockProblem(
                "upstream",
                now,
                theirs,
                f"Đồng hồ máy tính đang chỉ {_fmt(now)}, lệch với giờ của máy chủ "
                f"({_fmt(theirs)}) hơn 5 phút. Hãy chỉnh lại ngày giờ của máy.",
            )
    return None


def require_plausible(store) -> None:
    """Refuse (ClockError) to make a code, an appointment or a ticket from a wrong clock."""
    problem = check(store)
    if problem is not None:
        raise ClockError(problem.message + " Chưa ghi gì vào dữ liệu.")


def confirm(store, *, actor: str, reason: str = "") -> datetime:
    """An admin says the clock is right: audited, and the new floor for the next checks."""
    now = store.now()
    before = newest_change(store)
    with store.write() as db:
        audit.record(
            db,
            actor,
            CONFIRM_ACTION,
            "clock",
            "",
            {
                "now": clock.iso(now),
                "newest_before": clock.iso(before) if before else None,
                "reason": reason,
            },
            at=now,
        )
    return now


def confirm_by_admin(store, username: str, password: str, *, reason: str = "") -> datetime:
    """The window's and the CLI's way to confirm: an admin's name and password."""
    from desk.errors import AuthError
    from desk.users import authenticate

    user = authenticate(store, username, password)
    if user.role != "admin":
        raise AuthError("Chỉ tài khoản quản trị mới xác nhận được giờ của máy.")
    return confirm(store, actor=user.username, reason=reason)
