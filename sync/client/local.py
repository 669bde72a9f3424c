"""The desk's side of the bookkeeping: which operations go next, what came back, and how
a change from upstream is applied (or held) in the local store.

Operations of one dossier go strictly in order; a dossier with a rejected operation that
nobody settled waits (DHIS2's rule: no hot loop on bad data), and so does one whose
scanned file is not on the server yet (files first). A status from upstream is applied
only to a dossier with nothing of its own still unsent or rejected; otherwise it is held
in `sync_held` and applied once those are settled, never over them.
"""

import json

from desk import clock
from desk.dossiers.model import Status
from desk.ids import uuid7
from desk.store import audit, outbox
from sync import protocol as p

# The dossier an outbox row belongs to (documents name their dossier).
OP_DOSSIER = (
    "CASE WHEN o.entity = 'dossier' THEN o.entity_id"
    " WHEN o.entity = 'document' THEN (SELECT dossier_id FROM documents WHERE id = o.entity_id)"
    " END"
)
OPEN_STATES = ("PENDING", "SENDING", "ERROR")
UNSETTLED = "(o.state IN ('PENDING', 'SENDING', 'ERROR') OR (o.state = 'REJECTED' AND o.resolved_at IS NULL))"


def next_batch(store, *, limit: int = p.MAX_BATCH_OPS, max_bytes: int = p.MAX_BATCH_BYTES):
    """The next operations to push, in order, skipping dossiers that must wait."""
    rows = store.query(
        f"SELECT o.op_id, o.seq, o.entity, o.entity_id, o.kind, o.payload, o.base_version,"
        f" o.created_at, {OP_DOSSIER} AS dossier_id FROM outbox o"
        " WHERE o.state IN ('PENDING', 'SENDING', 'ERROR') ORDER BY o.seq LIMIT ?",
        [limit * 5],
    )
    blocked = {
        r["d"]
        for r in store.query(
            f"SELECT DISTINCT {OP_DOSSIER} AS d FROM outbox o"
            " WHERE o.state = 'REJECTED' AND o.resolved_at IS NULL"
        )
    }
    not_uploaded = {
        r["sha256"] for r in store.query("SELECT sha256 FROM files WHERE uploaded_at IS NULL")
    }
    batch: list[p.Op] = []
    size = 0
    for r in rows:
        dossier = r["dossier_id"]
        if dossier is not None and dossier in blocked:
            continue
        payload = json.loads(r["payload"])
        if r["kind"] == "document.scanned" and payload.get("pdf_sha256") in not_uploaded:
            if dossier is not None:
                blocked.add(dossier)  # files first: this dossier waits for its upload
            continue
        op = p.Op(
            op_id=r["op_id"],
            seq=r["seq"],
            entity=r["entity"],
            entity_id=r["entity_id"],
            kind=r["kind"],
            payload=payload,
            base_version=r["base_version"],
            created_at=r["created_at"],
        )
        weight = len(r["payload"]) + 300
        if batch and (len(batch) >= limit or size + weight > max_bytes):
            break
        batch.append(op)
        size += weight
    return batch


def mark_sending(store, ops: list[p.Op]) -> None:
    """Pessimistic: SENDING before the request, so a crash leaves them to send again."""
    now = clock.iso(store.now())
    with store.write() as db:
        db.conn.executemany(
            "UPDATE outbox SET state = 'SENDING', attempts = attempts + 1, sent_at = ? WHERE op_id = ?",
            [(now, op.op_id) for op in ops],
        )


def mark_failed(store, ops: list[p.Op], message: str) -> None:
    """Nothing came back that we trust: the operations stay to be sent again."""
    with store.write() as db:
        db.conn.executemany(
            "UPDATE outbox SET state = 'ERROR', last_error = ? WHERE op_id = ? AND state = 'SENDING'",
            [(message, op.op_id) for op in ops],
        )


def record_results(store, ops: list[p.Op], reply: p.PushReply) -> dict:
    """Each op's answer, in one transaction; returns counts by status."""
    counts = {"applied": 0, "duplicate": 0, "rejected": 0, "retry": 0}
    now = store.now()
    by_id = {op.op_id: op for op in ops}
    with store.write() as db:
        for result in reply.results:
            counts[result.status] += 1
            if result.status in ("applied", "duplicate"):
                db.execute(
                    "UPDATE outbox SET state = 'ACKED', acked_at = ?, last_error = NULL,"
                    " result_code = NULL WHERE op_id = ?",
                    [clock.iso(now), result.op_id],
                )
                op = by_id[result.op_id]
                state = result.state
                if (
                    op.kind == "dossier.accept_upstream"
                    and state is not None
                    and not unsettled(db, state.id)
                ):
                    _apply_state(db, store, state.model_dump(), force=True, note="")
            elif result.status == "rejected":
                db.execute(
                    "UPDATE outbox SET state = 'REJECTED', last_error = ?, result_code = ? WHERE op_id = ?",
                    [result.reason or "", result.code or "rejected", result.op_id],
                )
            else:
                db.execute(
                    "UPDATE outbox SET state = 'ERROR', last_error = ? WHERE op_id = ?",
                    [result.reason or "Chờ gửi lại.", result.op_id],
                )
        release_held(db, store)
    return counts


def unsettled(db, dossier_id: str) -> int:
    return db.execute(
        f"SELECT COUNT(*) FROM outbox o WHERE {UNSETTLED} AND {OP_DOSSIER} = ?", [dossier_id]
    ).fetchone()[0]


def apply_change(db, store, change: p.Change) -> str:
    """One change from upstream inside the pull's transaction; returns what was done."""
    kind, payload = change.kind, change.payload
    if kind == "dossier.status":
        return _status(db, store, payload)
    if kind == "dossier.online":
        exists = db.execute("SELECT 1 FROM dossiers WHERE id = ?", [payload.get("id")]).fetchone()
        if exists:
            return _status(db, store, payload)
        from sync.client.online import insert_online

        insert_online(db, store, payload)
        return "inserted"
    if kind in ("catalog.snapshot", "calendar.snapshot"):
        from desk.store.snapshots import install_calendar, install_catalog

        install = install_catalog if kind == "catalog.snapshot" else install_calendar
        install(store, payload["data"])  # joins this transaction; swapped atomically with it
        return "installed"
    return "ignored"


def _status(db, store, payload: dict) -> str:
    dossier_id = str(payload.get("id"))
    row = db.execute("SELECT version FROM dossiers WHERE id = ?", [dossier_id]).fetchone()
    if row is None:
        return "ignored"  # another station's dossier of the same unit
    version = int(payload.get("version", 0))
    # With changes of our own still unsettled the numbers may match another history:
    # hold whatever comes, a person or the acknowledgements decide.
    if unsettled(db, dossier_id):
        db.execute(
            "INSERT INTO sync_held (id, dossier_id, kind, version, payload, received_at)"
            " VALUES (?, ?, 'dossier.status', ?, ?, ?)",
            [
                uuid7(),
                dossier_id,
                version,
                json.dumps(payload, ensure_ascii=False),
                clock.iso(store.now()),
            ],
        )
        return "held"
    if version <= row[0]:
        return "old"
    _apply_state(db, store, payload, force=False, note=str(payload.get("note") or ""))
    return "applied"


def _apply_state(db, store, state: dict, *, force: bool, note: str) -> bool:
    """Set the province-owned fields: status, version, due date. `force` after a person
    chose the province's version (the numbers may then match with another history)."""
    dossier_id = state["id"]
    row = db.execute(
        "SELECT status, version, code FROM dossiers WHERE id = ?", [dossier_id]
    ).fetchone()
    if row is None:
        return False
    status, version, code = row
    new_version = int(state["version"])
    if not force and new_version <= version:
        return False
    try:
        new_status = Status(state["status"])
    except ValueError:
        return False
    now = store.now()
    due = state.get("due_at")
    paused = clock.iso(now) if new_status == Status.SUPPLEMENT_REQUESTED else None
    db.execute(
        "UPDATE dossiers SET status = ?, version = ?, due_at = COALESCE(?, due_at), paused_at = ?,"
        " updated_at = ? WHERE id = ?",
        [new_status.value, new_version, due, paused, clock.iso(now), dossier_id],
    )
    by = str(state.get("by") or "cấp tỉnh")
    if new_status.value != status or note:
        db.execute(
            "INSERT INTO dossier_events (id, dossier_id, at, kind, actor, from_status, to_status, note, data)"
            " VALUES (?, ?, ?, 'upstream', ?, ?, ?, ?, ?)",
            [
                uuid7(),
                dossier_id,
                str(state.get("at") or clock.iso(now)),
                by,
                status,
                new_status.value,
                note or f"Cấp tỉnh cập nhật: {new_status.label}",
                json.dumps({"version": new_version}, ensure_ascii=False),
            ],
        )
    audit.record(
        db,
        "upstream",
        "dossier.upstream_status",
        "dossier",
        dossier_id,
        {"code": code, "to": new_status.value, "version": new_version},
        at=now,
    )
    return True


def release_held(db, store) -> int:
    """Held changes of dossiers that have nothing unsettled any more, oldest first."""
    rows = db.execute(
        "SELECT h.id, h.dossier_id, h.payload FROM sync_held h WHERE h.applied_at IS NULL"
        " ORDER BY h.dossier_id, h.version"
    ).fetchall()
    done = 0
    for held_id, dossier_id, payload in rows:
        if unsettled(db, dossier_id):
            continue
        data = json.loads(payload)
        _apply_state(db, store, data, force=False, note=str(data.get("note") or ""))
        db.execute(
            "UPDATE sync_held SET applied_at = ? WHERE id = ?", [clock.iso(store.now()), held_id]
        )
        done += 1
    return done


def accept_upstream(store, op_id: str, *, actor: str) -> dict:
    """A person settles a rejected change: this desk's unsent changes of the dossier are set
    aside (kept, marked resolved), the province's version is taken, and the server is told."""
    from desk.errors import IllegalTransition, NotFound

    row = store.one(
        f"SELECT o.op_id, o.state, o.resolved_at, {OP_DOSSIER} AS dossier_id FROM outbox o"
        " WHERE o.op_id = ?",
        [op_id],
    )
    if row is None:
        raise NotFound(f"Không có thao tác {op_id}.")
    if row["state"] != "REJECTED" or row["resolved_at"]:
        raise IllegalTransition("Thao tác này không ở trạng thái bị từ chối chờ xử lý.")
    dossier_id = row["dossier_id"]
    if dossier_id is None:
        raise IllegalTransition("Thao tác này không gắn với hồ sơ nào.")
    held_any = store.scalar(
        "SELECT 1 FROM sync_held WHERE dossier_id = ? AND applied_at IS NULL", [dossier_id]
    )
    if not held_any:
        raise IllegalTransition(
            "Chưa nhận được phiên bản của cấp tỉnh cho hồ sơ này; hãy đồng bộ rồi thử lại."
        )
    now = store.now()
    with store.write() as db:
        code = db.execute("SELECT code FROM dossiers WHERE id = ?", [dossier_id]).fetchone()
        # Only the steps chained on versions are set aside; scans and the like still go.
        set_aside = [
            r[0]
            for r in db.execute(
                f"SELECT o.op_id FROM outbox o WHERE {UNSETTLED} AND {OP_DOSSIER} = ?"
                " AND o.base_version IS NOT NULL",
                [dossier_id],
            ).fetchall()
        ]
        db.conn.executemany(
            "UPDATE outbox SET state = 'REJECTED', resolved_at = ?,"
            " result_code = COALESCE(result_code, 'superseded'),"
            " last_error = COALESCE(last_error, 'Đã bỏ, nhận theo cấp tỉnh.') WHERE op_id = ?",
            [(clock.iso(now), oid) for oid in set_aside],
        )
        held = db.execute(
            "SELECT id, payload FROM sync_held WHERE dossier_id = ? AND applied_at IS NULL"
            " ORDER BY version DESC LIMIT 1",
            [dossier_id],
        ).fetchone()
        _apply_state(db, store, json.loads(held[1]), force=True, note="Nhận theo cấp tỉnh")
        db.execute(
            "UPDATE sync_held SET applied_at = ? WHERE dossier_id = ? AND applied_at IS NULL",
            [clock.iso(now), dossier_id],
        )
        outbox.enqueue(
            db,
            store.station["id"],
            "dossier",
            dossier_id,
            "dossier.accept_upstream",
            {"code": code[0] if code else "", "set_aside": set_aside},
            at=now,
        )
        audit.record(
            db,
            actor,
            "sync.accept_upstream",
            "dossier",
            dossier_id,
            {"set_aside": set_aside},
            at=now,
        )
    return {"dossier_id": dossier_id, "set_aside": set_aside}
