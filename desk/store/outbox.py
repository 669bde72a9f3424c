"""The operation outbox: what must reach upstream, written with the change itself.

An operation row is inserted in the same transaction as the change it describes,
so a change is never committed without its operation nor the reverse. The sync
client sends them in `seq` order, each idempotent by `op_id`.
"""

import json
from datetime import datetime

from desk import clock
from desk.ids import uuid7


def enqueue(
    db,
    station_id: str,
    entity: str,
    entity_id: str,
    kind: str,
    payload: dict,
    base_version: int | None = None,
    *,
    at: datetime,
) -> str:
    op_id = uuid7()
    seq = (db.execute("SELECT COALESCE(MAX(seq), 0) FROM outbox").fetchone()[0] or 0) + 1
    db.execute(
        "INSERT INTO outbox (op_id, seq, station_id, entity, entity_id, kind, payload, base_version, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            op_id,
            seq,
            station_id,
            entity,
            entity_id,
            kind,
            json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str),
            base_version,
            clock.iso(at),
        ],
    )
    return op_id


def pending_summary(db) -> dict:
    """What the window's sync indicator shows: how many wait, and since when."""
    row = db.execute(
        "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE state IN ('PENDING', 'SENDING', 'ERROR')"
    ).fetchone()
    return {"pending": row[0], "oldest": row[1]}
