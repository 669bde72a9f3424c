"""The office hub relays down: the province's change feed for its unit, applied on the hub
so the hub's own stations get it on their next pull.

The hub keeps its own cursor (in `meta.hub_state`, stored in the transaction that applied
the page: a crash redoes the page); an unknown cursor (410) brings the province's snapshot.
Every change is applied idempotently and, when it changed something, appended to the hub's
own feed with the province's payload (the same versions the province gave):

- `dossier.status`: the hub's dossier takes the province's status, version and due date
  when the province's version is newer than the hub's (an older or equal one changes
  nothing; see docs/sync.md for a step the province refused as a conflict);
- `dossier.online`: inserted on the hub with its documents (its 4-digit number is bumped
  past, so the hub never hands it out in a block); known already → as a status;
- `catalog.snapshot` / `calendar.snapshot`: stored and offered to every station (`*`).
"""

import json

from sync import protocol as p
from sync.errors import CursorGone
from sync.server import office
from sync.server.core import Server
from sync.server.db import Tx
from sync.server.ops import bump_code_next


def relay_down(server: Server, upstream, report) -> None:
    cursor = office.state(server).get("cursor", "")
    unit = office.office_unit(server)
    while True:
        try:
            reply = upstream.changes(cursor)
        except CursorGone:
            reply = upstream.snapshot()
            report.resynced = True
        with server.db.tx() as tx:
            for change in reply.changes:
                apply_change(server, tx, unit, change)
            office.put_state(tx, server, cursor=reply.cursor, last_pull_at=server.now())
        report.pulled += len(reply.changes)
        cursor = reply.cursor
        if not reply.more:
            return


def apply_change(server: Server, tx: Tx, unit: str | None, change: p.Change) -> str:
    kind, payload = change.kind, change.payload
    if kind == "dossier.status":
        return _status(server, tx, unit, payload)
    if kind == "dossier.online":
        return _online(server, tx, unit, payload)
    if kind in ("catalog.snapshot", "calendar.snapshot"):
        return _snapshot(server, tx, kind, payload)
    return "ignored"


def _status(server: Server, tx: Tx, unit: str | None, payload: dict) -> str:
    dossier_id = str(payload.get("id"))
    row = tx.one("SELECT unit_code, version FROM dossiers WHERE id = ?", [dossier_id])
    if row is None or (unit is not None and row[0] != unit):
        return "ignored"  # not one of the hub's dossiers
    version = int(payload.get("version") or 0)
    if version <= row[1] or not isinstance(payload.get("status"), str):
        return "old"
    tx.execute(
        "UPDATE dossiers SET status = ?, version = ?, due_at = COALESCE(?, due_at),"
        " updated_at = ? WHERE id = ?",
        [payload["status"], version, payload.get("due_at"), server.now(), dossier_id],
    )
    server.add_change(tx, row[0], "dossier.status", dossier_id, payload)
    return "applied"


def _online(server: Server, tx: Tx, unit: str | None, payload: dict) -> str:
    dossier_id = str(payload.get("id"))
    code = str(payload.get("code") or "")
    if tx.one("SELECT 1 FROM dossiers WHERE id = ?", [dossier_id]) is not None:
        return _status(server, tx, unit, payload)
    if unit is None or not code.startswith(unit + "-"):
        return "ignored"
    intake = {k: v for k, v in payload.items() if k not in ("status", "version")}
    applicant = payload.get("applicant")
    if not isinstance(applicant, dict):
        applicant = {}
    now = server.now()
    inserted = tx.one(
        "INSERT INTO dossiers (id, code, unit_code, station_id, origin, procedure_code,"
        " procedure_name, channel, status, version, received_at, due_at, applicant_name, intake,"
        " created_at, updated_at) VALUES (?, ?, ?, NULL, 'province', ?, ?, 'online', ?, ?, ?, ?,"
        " ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
        [
            dossier_id,
            code,
            unit,
            str(payload.get("procedure") or ""),
            str(payload.get("procedure_name") or ""),
            str(payload.get("status") or "received"),
            int(payload.get("version") or 1),
            str(payload.get("received_at") or now),
            str(payload.get("due_at") or payload.get("received_at") or now),
            str(applicant.get("name") or ""),
            json.dumps(intake, ensure_ascii=False, sort_keys=True),
            now,
            now,
        ],
    )
    if inserted is None:
        return "ignored"  # its code is taken on the hub: left for a person at the province
    papers = [x for x in payload.get("papers") or [] if isinstance(x, dict)]
    for i, paper in enumerate(papers, start=1):
        tx.execute(
            "INSERT INTO documents (dossier_id, ordinal, document_id, name, pdf_sha256, pages,"
            " updated_at) VALUES (?, ?, '', ?, NULL, 0, ?) ON CONFLICT DO NOTHING",
            [dossier_id, i, str(paper.get("name") or f"Giấy tờ {i}")[:1000], now],
        )
    bump_code_next(tx, code)
    server.add_change(tx, unit, "dossier.online", dossier_id, payload)
    return "inserted"


def _snapshot(server: Server, tx: Tx, kind: str, payload: dict) -> str:
    version = str(payload.get("version") or "")
    data = payload.get("data")
    if not version or not isinstance(data, dict):
        return "ignored"
    new = tx.one(
        "INSERT INTO snapshots (kind, version, sha256, data, published_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING RETURNING version",
        [
            kind.partition(".")[0],
            version,
            str(payload.get("sha256") or ""),
            json.dumps(data, ensure_ascii=False, sort_keys=True),
            server.now(),
        ],
    )
    if new is None:
        return "old"
    server.add_change(tx, "*", kind, version, payload)
    return "installed"
