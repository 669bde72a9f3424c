"""Overdue is one rule: the list's SQL and the record's answer agree on every case."""

import sqlite3
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from desk import clock
from desk.dossiers.lateness import is_overdue, overdue_clause, was_late
from desk.dossiers.model import Status

BASE = datetime(2026, 11, 23, 7, 30, tzinfo=clock.VN_TZ)
moments = st.integers(min_value=-3 * 24 * 60, max_value=3 * 24 * 60).map(
    lambda minutes: BASE + timedelta(minutes=minutes)
)


@given(
    rows=st.lists(
        st.tuples(st.sampled_from(list(Status)), moments, st.booleans()), min_size=1, max_size=20
    ),
    now=moments,
)
def test_sql_and_python_agree(rows, now):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE dossiers (id INTEGER PRIMARY KEY, status, due_at, paused_at)")
    for status, due, paused in rows:
        db.execute(
            "INSERT INTO dossiers (status, due_at, paused_at) VALUES (?, ?, ?)",
            [status.value, clock.iso(due), clock.iso(due) if paused else None],
        )
    clause, params = overdue_clause(now)
    by_sql = {row[0] for row in db.execute(f"SELECT id FROM dossiers WHERE {clause}", params)}
    by_python = {
        i
        for i, (status, due, paused) in enumerate(rows, start=1)
        if is_overdue(status, due, paused, now)
    }
    assert by_sql == by_python


def test_a_result_after_the_appointment_stays_late_whenever_the_book_is_printed():
    from dataclasses import replace

    from desk.dossiers.model import Event
    from printing.samples import sample_dossier

    due = datetime(2026, 11, 23, 16, 30, tzinfo=clock.VN_TZ)
    finished = Event(at=due + timedelta(hours=1), kind="finish", actor="x", to_status="done")
    late = replace(sample_dossier(), status=Status.RETURNED, due_at=due, events=(finished,))
    on_time = replace(late, events=(replace(finished, at=due - timedelta(hours=1)),))
    for printed in (due + timedelta(days=1), due + timedelta(days=400)):
        assert was_late(late, printed) and not was_late(on_time, printed)
    still_open = replace(sample_dossier(), due_at=due, events=())
    assert not was_late(still_open, due - timedelta(minutes=1))
    assert was_late(still_open, due + timedelta(minutes=1))
