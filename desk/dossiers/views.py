"""The counter's named views of the dossier list, and the day's figures at a glance.

Each view is asked against an explicit office time, so a list left open across a due
time or midnight is right when it is refreshed. Lateness comes from desk.dossiers.lateness.
"""

from datetime import datetime, timedelta

from desk import clock
from desk.dossiers.lateness import RUNNING, overdue_clause
from desk.errors import InvalidInput
from desk.store.snapshots import calendar

VIEWS = {
    "today": "Tiếp nhận hôm nay",
    "due_today": "Đến hạn hôm nay",
    "due_soon": "Sắp đến hạn (2 ngày làm việc)",
    "overdue": "Quá hạn",
    "to_return": "Chờ trả kết quả",
}


def _day_bounds(now: datetime) -> tuple[datetime, datetime]:
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def _running() -> tuple[str, list]:
    marks = ", ".join("?" for _ in RUNNING)
    return f"status IN ({marks}) AND paused_at IS NULL", [s.value for s in RUNNING]


def view_clause(store, view: str, now: datetime) -> tuple[str, list]:
    """A WHERE clause (and its parameters) over the dossiers table for `view` at `now`."""
    start, end = _day_bounds(now)
    if view == "today":
        return "received_at >= ? AND received_at < ?", [clock.iso(start), clock.iso(end)]
    if view == "overdue":
        return overdue_clause(now)
    if view == "to_return":
        return "status = 'done'", []
    running, params = _running()
    if view == "due_today":
        return f"{running} AND due_at >= ? AND due_at < ?", [
            *params,
            clock.iso(start),
            clock.iso(end),
        ]
    if view == "due_soon":
        cal = calendar(store)
        last = cal.next_working_day(cal.next_working_day(now.date()))
        until = datetime(last.year, last.month, last.day, tzinfo=clock.VN_TZ) + timedelta(days=1)
        return f"{running} AND due_at >= ? AND due_at < ?", [
            *params,
            clock.iso(now),
            clock.iso(until),
        ]
    names = ", ".join(VIEWS)
    raise InvalidInput(f"Cách xem không hợp lệ: {view!r}. Chọn một trong: {names}.")


def day_summary(store, now: datetime) -> dict[str, int]:
    """What the counter shows at a glance for the office's day of `now` (and the leader at
    4 pm): received today, due today and not settled, overdue now, results waiting."""
    figures = {}
    for key, view in (
        ("received", "today"),
        ("due_today", "due_today"),
        ("overdue", "overdue"),
        ("to_return", "to_return"),
    ):
        clause, params = view_clause(store, view, now)
        figures[key] = store.scalar(f"SELECT COUNT(*) FROM dossiers WHERE {clause}", params)
    return figures


def fields_in_use(store) -> list[str]:
    """The fields (lĩnh vực) of the dossiers the office holds, for the list's filter
    (read from the field index, not from every dossier)."""
    rows = store.query(
        "SELECT DISTINCT json_extract(data, '$.field') AS field FROM dossiers ORDER BY field"
    )
    return [r["field"] for r in rows if r["field"]]


def officers_in_use(store) -> list[str]:
    return [
        r["receiver"]
        for r in store.query(
            "SELECT DISTINCT receiver FROM dossiers WHERE receiver != '' ORDER BY receiver"
        )
    ]


def recent_procedures(store, limit: int = 6) -> list[str]:
    """The procedures this station took in most recently, newest first, each once."""
    rows = store.query(
        "SELECT procedure_code, MAX(rowid) AS last FROM dossiers WHERE station_id = ?"
        " GROUP BY procedure_code ORDER BY last DESC LIMIT ?",
        [store.station["id"], limit],
    )
    return [r["procedure_code"] for r in rows]
