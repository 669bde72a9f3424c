"""A hash-chained audit log: each entry holds the hash of the one before.

Removing or editing a past entry breaks the chain, which `verify` reports.
"""

import hashlib
import json
from datetime import datetime

from desk import clock

GENESIS = "0" * 64


def _digest(
    prev_hash: str, at: str, actor: str, action: str, entity: str, entity_id: str, detail: str
) -> str:
    payload = json.dumps(
        [prev_hash, at, actor, action, entity, entity_id, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(
    db,
    actor: str,
    action: str,
    entity: str = "",
    entity_id: str = "",
    detail: dict | None = None,
    *,
    at: datetime,
) -> str:
    """Append one entry at office time `at`; call inside the write transaction of the action."""
    row = db.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS
    at_text = clock.iso(at)
    detail_text = json.dumps(
        detail or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    digest = _digest(prev, at_text, actor, action, entity, entity_id, detail_text)
    db.execute(
        "INSERT INTO audit (at, actor, action, entity, entity_id, detail, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [at_text, actor, action, entity, entity_id, detail_text, prev, digest],
    )
    return digest


def verify(db) -> tuple[bool, int | None]:
    """(True, None) if the chain is whole; else (False, id of the first broken entry)."""
    prev = GENESIS
    for row in db.execute(
        "SELECT id, at, actor, action, entity, entity_id, detail, prev_hash, hash FROM audit ORDER BY id"
    ):
        entry_id, at, actor, action, entity, entity_id, detail, prev_hash, digest = row
        if (
            prev_hash != prev
            or _digest(prev, at, actor, action, entity, entity_id, detail) != digest
        ):
            return False, entry_id
        prev = digest
    return True, None
