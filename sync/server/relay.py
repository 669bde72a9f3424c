"""The office hub relays up: every op it applied goes to the province once, as it came.

Each op is rebuilt from its `processed_ops` row with its original id and an identical body
(checked against the body hash taken when it arrived: an op that cannot be rebuilt exactly
is set aside, never sent altered), so a replay anywhere in the chain — the relay sent twice,
a counter pushing the same op to the province — is a `duplicate` there. Ops go in order of
arrival at the hub (the rowid; office mode is SQLite only), in batches within the protocol's
limits, and **files first**: the PDF a `document.scanned` names is uploaded (resumable, the
desk's own chunk loop) before the op goes.

The province's answers: applied/duplicate → done; rejected → kept with its reason (shown by
`desk hub status`) and the dossier's later ops wait behind it, as on a desk (no hot loop on
bad data); retry → sent again on a later round.
"""

import json
import logging
from dataclasses import asdict, dataclass, field

from desk.errors import DeskError
from sync import protocol as p
from sync.client.upload import UploadStats, send_file
from sync.errors import SyncError
from sync.server import office
from sync.server.core import Server
from sync.server.pool import reserve_ahead

log = logging.getLogger("desk.hub")
WAITING = "status = 'applied' AND relay_state IS NULL"
SET_ASIDE = ("rejected", "unrelayable")


@dataclass
class RelayReport:
    pushed: int = 0
    applied: int = 0
    duplicate: int = 0
    rejected: int = 0
    retry: int = 0
    unrelayable: int = 0
    pulled: int = 0
    resynced: bool = False
    upload: UploadStats = field(default_factory=UploadStats)
    remaining: int = 0  # ops not acknowledged by the province at the end (set aside included)
    error: str | None = None

    @property
    def complete(self) -> bool:
        return self.error is None and self.remaining == 0

    @property
    def progress(self) -> bool:
        return bool(self.applied or self.duplicate or self.pulled or self.upload.bytes_sent)

    def to_json(self) -> dict:
        data = asdict(self)
        data["complete"] = self.complete
        return data


def _blocked(tx) -> set[str]:
    """Dossiers with an op the province refused (or the hub could not rebuild)."""
    return {
        r[0]
        for r in tx.all(
            "SELECT DISTINCT dossier_id FROM processed_ops WHERE relay_state IN (?, ?)"
            " AND dossier_id IS NOT NULL",
            list(SET_ASIDE),
        )
    }


def _op(row: dict) -> p.Op | None:
    """The op exactly as it arrived, or None when its row cannot give it back."""
    if not row["entity"] or not row["entity_id"]:
        return None
    try:
        op = p.Op(
            op_id=row["op_id"],
            seq=row["seq"],
            entity=row["entity"],
            entity_id=row["entity_id"],
            kind=row["kind"],
            payload=json.loads(row["payload"]),
            base_version=row["base_version"],
            created_at=row["created_at"],
        )
    except ValueError:
        return None
    return op if p.op_body_sha256(op) == row["body_sha256"] else None


def _set_aside(server: Server, op_id: str, reason: str) -> None:
    with server.db.tx() as tx:
        tx.execute(
            "UPDATE processed_ops SET relay_state = 'unrelayable', relay_code = 'unrelayable',"
            " relay_reason = ? WHERE op_id = ?",
            [reason, op_id],
        )


def _file(server: Server, sha: str) -> tuple[int, bool, bool] | None:
    with server.db.tx(write=False) as tx:
        row = tx.one("SELECT size, present, relayed_at FROM files WHERE sha256 = ?", [sha])
    return None if row is None else (int(row[0]), bool(row[1]), row[2] is not None)


def _file_up(server: Server, upstream, sha: str, report: RelayReport) -> bool:
    """The PDF at the province before the op naming it; False if the hub lacks it."""
    known = _file(server, sha)
    if known is None or not known[1]:
        return False
    size, _present, relayed = known
    if relayed:
        return True
    if send_file(upstream, sha, size, server.blobs.read, report.upload):
        report.upload.files += 1
    with server.db.tx() as tx:
        tx.execute(
            "UPDATE files SET relayed_at = ? WHERE sha256 = ? AND relayed_at IS NULL",
            [server.now(), sha],
        )
    return True


def next_batch(
    server: Server, skip: set[str], report: RelayReport | None = None
) -> tuple[list[p.Op], dict[str, str | None]]:
    """The next ops to relay in arrival order; `skip`: dossiers that wait this round."""
    with server.db.tx(write=False) as tx:
        blocked = _blocked(tx) | skip
        rows = tx.dicts(
            "SELECT op_id, seq, entity, entity_id, kind, payload, base_version, created_at,"
            f" body_sha256, dossier_id FROM processed_ops WHERE {WAITING} ORDER BY rowid LIMIT ?",
            [p.MAX_BATCH_OPS * 5],
        )
    batch: list[p.Op] = []
    dossier_of: dict[str, str | None] = {}
    size = 0
    for row in rows:
        dossier = row["dossier_id"]
        if (dossier is not None and dossier in blocked) or row["op_id"] in skip:
            continue
        op = _op(row)
        if op is None:
            _set_aside(
                server,
                row["op_id"],
                "Máy chủ văn phòng không dựng lại được đúng thao tác này để gửi lên tỉnh.",
            )
            if report is not None:
                report.unrelayable += 1
            if dossier is not None:
                blocked.add(dossier)
            continue
        weight = len(row["payload"]) + 300
        if batch and (len(batch) >= p.MAX_BATCH_OPS or size + weight > p.MAX_BATCH_BYTES):
            break
        batch.append(op)
        dossier_of[op.op_id] = dossier
        size += weight
    return batch, dossier_of


def waiting_count(server: Server) -> int:
    with server.db.tx(write=False) as tx:
        return int(tx.scalar(f"SELECT COUNT(*) FROM processed_ops WHERE {WAITING}"))


def unsettled_count(server: Server) -> int:
    """Not acknowledged by the province: waiting, or set aside for a person."""
    with server.db.tx(write=False) as tx:
        return int(
            tx.scalar(
                "SELECT COUNT(*) FROM processed_ops WHERE status = 'applied'"
                " AND (relay_state IS NULL OR relay_state IN (?, ?))",
                list(SET_ASIDE),
            )
        )


def push_round(server: Server, upstream, report: RelayReport, skip: set[str]) -> bool:
    """Files, then one batch of ops. True when something moved: an op acknowledged or set
    aside, or a dossier told to wait (`skip` grows); so a round of these always ends."""
    before = len(skip)
    batch, dossier_of = next_batch(server, skip, report)
    if not batch:
        return False
    ready: list[p.Op] = []
    for op in batch:
        dossier = dossier_of[op.op_id]
        if dossier is not None and dossier in skip:
            continue  # an earlier op of its dossier waits for its file
        sha = op.payload.get("pdf_sha256") if op.kind == "document.scanned" else None
        if isinstance(sha, str) and not _file_up(server, upstream, sha, report):
            _note(server, op.op_id, "file_missing", "Tệp PDF chưa đủ trên máy chủ văn phòng.")
            skip.add(dossier or op.op_id)  # files first: its dossier waits
            continue
        ready.append(op)
    if not ready:
        return len(skip) > before
    pending = max(0, waiting_count(server) - len(ready))
    reply = upstream.push(p.PushRequest(ops=ready, pending=pending, app_version=office.APP_VERSION))
    now = server.now()
    moved = False
    with server.db.tx() as tx:
        for result in reply.results:
            setattr(report, result.status, getattr(report, result.status) + 1)
            if result.status in ("applied", "duplicate"):
                moved = True
                tx.execute(
                    "UPDATE processed_ops SET relay_state = 'done', relayed_at = ?,"
                    " relay_code = NULL, relay_reason = NULL WHERE op_id = ?",
                    [now, result.op_id],
                )
            elif result.status == "rejected":
                moved = True
                tx.execute(
                    "UPDATE processed_ops SET relay_state = 'rejected', relayed_at = ?,"
                    " relay_code = ?, relay_reason = ? WHERE op_id = ?",
                    [now, result.code or "rejected", result.reason or "", result.op_id],
                )
            else:  # retry: its dossier waits for a later round
                _note(server, result.op_id, result.code or "retry", result.reason or "", tx)
                skip.add(dossier_of[result.op_id] or result.op_id)
    report.pushed += len(ready)
    return moved or len(skip) > before


def _note(server: Server, op_id: str, code: str, reason: str, tx=None) -> None:
    """Why an op still waits (shown by `desk hub status`); it stays to be sent again."""
    sql = "UPDATE processed_ops SET relay_code = ?, relay_reason = ? WHERE op_id = ?"
    if tx is not None:
        tx.execute(sql, [code, reason, op_id])
        return
    with server.db.tx() as own:
        own.execute(sql, [code, reason, op_id])


def relay_up(server: Server, upstream, report: RelayReport) -> None:
    skip: set[str] = set()  # dossiers (or lone ops) that wait until the next round
    while push_round(server, upstream, report, skip):
        pass


def relay_once(server: Server, upstream=None) -> RelayReport:
    """Up (files first, then ops), down (the province's changes), and up once more for what
    the pull released. Never raises a sync error: the report says what stopped it, and the
    hub's state keeps the last attempt, success and error for `desk hub status`."""
    from sync.server.relay_down import relay_down

    report = RelayReport()
    started = server.now()
    office.record_state(server, last_attempt_at=started)
    own = upstream is None
    try:
        if own:
            upstream = office.connect(server)
        upstream.hello()
        reserve_ahead(server, upstream)
        relay_up(server, upstream, report)
        relay_down(server, upstream, report)
        relay_up(server, upstream, report)
    except SyncError as exc:
        report.error = exc.message
    except DeskError as exc:  # a damaged file on the hub, a refused request
        report.error = exc.message
    finally:
        if own and upstream is not None:
            upstream.close()
    report.remaining = unsettled_count(server)
    now = server.now()
    if report.error is None:
        office.record_state(server, last_success_at=now, last_error=None, error_since=None)
    else:
        since = office.state(server).get("error_since") or started
        office.record_state(server, last_error=report.error, error_since=since)
    return report
