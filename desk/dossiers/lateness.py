"""When a dossier is late (quá hạn / trễ hạn): the one definition, for lists, forms and reports.

A dossier is overdue at a moment when its time limit is running and its appointment has
passed. The limit runs while the dossier is received or being settled; it is stopped
while the citizen is asked for papers (the dossier is then paused), and it no longer
matters once there is a result or the dossier is closed. The list filter (SQL) and the
record's answer (Python) are both built from `RUNNING` below, and a property test holds
them equal. Lateness is always asked against an explicit time, never frozen into a
record when it is read.
"""

from datetime import datetime

from desk import clock
from desk.dossiers.model import Status

RUNNING = (Status.RECEIVED, Status.IN_PROGRESS)


def is_overdue(status: Status, due_at: datetime, paused: bool, now: datetime) -> bool:
    return status in RUNNING and not paused and now > due_at


def overdue_clause(now: datetime) -> tuple[str, list]:
    """The same rule as a WHERE clause over the dossiers table (times are ISO text in UTC+7)."""
    marks = ", ".join("?" for _ in RUNNING)
    return (
        f"status IN ({marks}) AND paused_at IS NULL AND due_at < ?",
        [*(s.value for s in RUNNING), clock.iso(now)],
    )


def result_at(dossier) -> datetime | None:
    """When the result was ready (the first 'finish' in the history), if it was."""
    for event in dossier.events:
        if event.kind == "finish":
            return event.at
    return None


def was_late(dossier, as_of: datetime) -> bool:
    """For the Sổ and reports: a settled dossier is late if its result came after the
    appointment (whatever day the book is printed); an open one if it is overdue at `as_of`."""
    ready = result_at(dossier)
    if ready is not None:
        return ready > dossier.due_at
    return is_overdue(dossier.status, dossier.due_at, dossier.paused_at is not None, as_of)
