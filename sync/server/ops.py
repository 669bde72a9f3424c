"""Applying one pushed operation on the server, exactly once.

The op id goes into `processed_ops` first, in the same transaction as the effect: the
primary key is the deduplication (two clients pushing the same op at once make one row,
the second waits on the first's lock and then finds it). The effect runs in a savepoint:
a rejected op keeps its `processed_ops` row with the rejection (a replay gets the same
answer), an op that must wait (`retry`) leaves nothing behind.

Ownership: the desk owns what it took in (intake fields, scans); the province owns the
processing status. A desk's change carries the version it was made on; if the province
moved the dossier meanwhile the change is kept in `conflicts` for a person, never applied
over the province's state, and the dossier's later changes from that desk wait behind it.
"""

import json
import re
from dataclasses import dataclass

from desk import clock
from desk.dossiers.model import Status
from desk.errors import InvalidInput
from desk.ids import uuid7
from sync.protocol import DossierState, Op, OpResult, op_body_sha256
from sync.server.db import Tx

LIFECYCLE = {
    "request_supplement",
    "supplement",
    "start",
    "finish",
    "return",
    "refuse",
    "stop",
    "apologise",
}
CODE_RE = re.compile(r"^(?P<unit>[0-9A-Z.]+)-(?P<day>\d{6})-(?P<n>\d{4,6})$")


@dataclass(frozen=True)
class Station:
    id: str
    unit_code: str
    number: int
    name: str
    mode: str


class Reject(Exception):
    def __init__(self, code: str, reason: str, *, conflict: tuple | None = None):
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.conflict = conflict  # (dossier_id, server_version) to keep for a person


class Retry(Exception):
    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason


def process(tx: Tx, station: Station, op: Op, now: str) -> OpResult:
    body = op_body_sha256(op)
    claimed = tx.one(
        "INSERT INTO processed_ops (op_id, station_id, seq, body_sha256, kind, dossier_id, status,"
        " result, payload, base_version, created_at, received_at, entity, entity_id)"
        " VALUES (?, ?, ?, ?, ?, NULL, 'pending', '{}', ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (op_id) DO NOTHING RETURNING op_id",
        [
            op.op_id,
            station.id,
            op.seq,
            body,
            op.kind,
            json.dumps(op.payload, ensure_ascii=False, sort_keys=True),
            op.base_version,
            op.created_at,
            now,
            op.entity,  # with the rest, the op can be rebuilt exactly (an office hub relays it)
            op.entity_id,
        ],
    )
    if claimed is None:
        return _replay(tx, op, body)
    try:
        with tx.savepoint():
            dossier_id, state = _apply(tx, station, op, now)
    except Retry as wait:
        tx.execute("DELETE FROM processed_ops WHERE op_id = ?", [op.op_id])
        return OpResult(op_id=op.op_id, status="retry", code=wait.code, reason=wait.reason)
    except Reject as no:
        if no.conflict is not None:
            _keep_conflict(tx, station, op, no.conflict, now)
        result = OpResult(op_id=op.op_id, status="rejected", code=no.code, reason=no.reason)
        tx.execute(
            "UPDATE processed_ops SET status = 'rejected', result = ?, dossier_id = ? WHERE op_id = ?",
            [result.model_dump_json(), no.conflict[0] if no.conflict else None, op.op_id],
        )
        return result
    result = OpResult(op_id=op.op_id, status="applied", state=state)
    tx.execute(
        "UPDATE processed_ops SET status = 'applied', result = ?, dossier_id = ? WHERE op_id = ?",
        [result.model_dump_json(), dossier_id, op.op_id],
    )
    return result


def _replay(tx: Tx, op: Op, body: str) -> OpResult:
    row = tx.one("SELECT body_sha256, result FROM processed_ops WHERE op_id = ?", [op.op_id])
    if row is None:  # claimed and then released by a concurrent retry: try again later
        return OpResult(op_id=op.op_id, status="retry", code="busy", reason="Máy chủ đang bận.")
    if row[0] != body:
        return OpResult(
            op_id=op.op_id,
            status="rejected",
            code="op_reused",
            reason="Mã thao tác này đã được dùng cho một nội dung khác; thao tác không được ghi nhận.",
        )
    stored = OpResult.model_validate_json(row[1])
    if stored.status == "applied":
        return stored.model_copy(update={"status": "duplicate"})
    return stored


def _keep_conflict(tx: Tx, station: Station, op: Op, conflict: tuple, now: str) -> None:
    dossier_id, server_version = conflict
    tx.execute(
        "INSERT INTO conflicts (id, dossier_id, op_id, station_id, kind, base_version, server_version,"
        " payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            uuid7(),
            dossier_id,
            op.op_id,
            station.id,
            op.kind,
            op.base_version,
            server_version,
            json.dumps(op.payload, ensure_ascii=False, sort_keys=True),
            now,
        ],
    )
    tx.execute("UPDATE dossiers SET conflict = 1 WHERE id = ?", [dossier_id])


def _apply(tx: Tx, station: Station, op: Op, now: str) -> tuple[str | None, DossierState | None]:
    kind = op.kind
    if kind == "dossier.received":
        return _received(tx, station, op, now)
    if kind == "document.scanned":
        return _scanned(tx, station, op, now)
    action = kind.partition(".")[2]
    if op.entity == "dossier" and action in LIFECYCLE:
        return _lifecycle(tx, station, op, now)
    if kind == "dossier.corrected":
        return _corrected(tx, station, op, now)
    if kind == "dossier.accept_upstream":
        return _accept_upstream(tx, station, op, now)
    if kind == "dossier.fee_receipt":
        return _fee_receipt(tx, station, op, now)
    raise Reject("unknown_kind", f"Máy chủ chưa hỗ trợ loại thao tác «{kind}».")


def state_of(tx: Tx, dossier_id: str) -> DossierState | None:
    row = tx.one(
        "SELECT id, code, status, version, due_at FROM dossiers WHERE id = ?", [dossier_id]
    )
    if row is None:
        return None
    return DossierState(id=row[0], code=row[1], status=row[2], version=row[3], due_at=row[4])


def _time(payload: dict, key: str, *, required: bool = True) -> str | None:
    value = payload.get(key)
    if value is None and not required:
        return None
    try:
        return clock.iso(clock.parse(str(value)))
    except (InvalidInput, TypeError, ValueError) as exc:
        raise Reject("invalid", f"Thời điểm «{key}» không hợp lệ trong thao tác.") from exc


def _text(payload: dict, key: str, default: str = "", limit: int = 2000) -> str:
    value = payload.get(key, default)
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise Reject("invalid", f"Trường «{key}» không hợp lệ trong thao tác.")
    return value


def bump_code_next(tx: Tx, code: str) -> None:
    """A 4-digit number used by a desk is never handed out again in a block."""
    m = CODE_RE.match(code)
    if not m or len(m.group("n")) != 4:
        return
    d = m.group("day")
    day = f"20{d[0:2]}-{d[2:4]}-{d[4:6]}"
    n = int(m.group("n"))
    tx.execute(
        "INSERT INTO code_next (unit_code, day, next) VALUES (?, ?, ?)"
        " ON CONFLICT (unit_code, day) DO UPDATE SET next = CASE WHEN code_next.next > excluded.next"
        " THEN code_next.next ELSE excluded.next END",
        [m.group("unit"), day, n + 1],
    )


def _received(tx: Tx, station: Station, op: Op, now: str):
    p = op.payload
    dossier_id = op.entity_id
    if p.get("id", dossier_id) != dossier_id:
        raise Reject("invalid", "Mã định danh hồ sơ trong thao tác không khớp.")
    code = _text(p, "code", limit=64)
    if not code.startswith(station.unit_code + "-") or not CODE_RE.match(code):
        raise Reject(
            "wrong_unit",
            f"Mã hồ sơ {code} không thuộc đơn vị {station.unit_code} của máy này.",
        )
    applicant = p.get("applicant") if isinstance(p.get("applicant"), dict) else {}
    received_at = _time(p, "received_at")
    due_at = _time(p, "due_at")
    papers = p.get("papers") if isinstance(p.get("papers"), list) else []
    inserted = tx.one(
        "INSERT INTO dossiers (id, code, unit_code, station_id, origin, procedure_code, procedure_name,"
        " channel, status, version, received_at, due_at, applicant_name, intake, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, 'desk', ?, ?, ?, 'received', 1, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING RETURNING id",
        [
            dossier_id,
            code,
            station.unit_code,
            station.id,
            _text(p, "procedure", limit=200),
            _text(p, "procedure_name", limit=1000),
            _text(p, "channel", "direct", limit=20),
            received_at,
            due_at,
            _text(applicant, "name", limit=500),
            json.dumps(p, ensure_ascii=False, sort_keys=True),
            now,
            now,
        ],
    )
    if inserted is None:
        same_id = tx.one("SELECT code FROM dossiers WHERE id = ?", [dossier_id])
        if same_id is not None:
            raise Reject("exists", f"Hồ sơ {same_id[0]} đã có ở cấp tỉnh.")
        raise Reject(
            "code_taken",
            f"Mã hồ sơ {code} đã được dùng cho một hồ sơ khác ở cấp tỉnh. Hồ sơ vẫn được giữ ở "
            "máy này; hãy báo cấp tỉnh để cấp mã thay thế.",
        )
    for i, paper in enumerate(papers, start=1):
        if not isinstance(paper, dict):
            continue
        tx.execute(
            "INSERT INTO documents (dossier_id, ordinal, document_id, name, pdf_sha256, pages, updated_at)"
            " VALUES (?, ?, '', ?, NULL, 0, ?) ON CONFLICT DO NOTHING",
            [dossier_id, int(paper.get("ordinal") or i), _text(paper, "name", limit=1000), now],
        )
    bump_code_next(tx, code)
    return dossier_id, state_of(tx, dossier_id)


def _dossier_for_update(tx: Tx, station: Station, *, dossier_id=None, code=None):
    where, key = ("id", dossier_id) if dossier_id else ("code", code)
    row = tx.one(
        f"SELECT id, code, unit_code, status, version, conflict FROM dossiers WHERE {where} = ?"
        + tx.for_update,
        [key],
    )
    if row is None:
        # Its intake has not arrived yet (or was refused): the desk sends it again later.
        raise Retry("waiting_intake", "Chờ thao tác tiếp nhận hồ sơ được ghi nhận trước.")
    if row[2] != station.unit_code:
        raise Reject("forbidden", "Hồ sơ không thuộc đơn vị của máy này.")
    return row


def _open_conflicts(tx: Tx, dossier_id: str, station: Station) -> int:
    return tx.scalar(
        "SELECT COUNT(*) FROM conflicts WHERE dossier_id = ? AND station_id = ? AND resolved_at IS NULL",
        [dossier_id, station.id],
    )


def _check_version(tx: Tx, station: Station, op: Op, row) -> None:
    dossier_id, code, _unit, _status, version, _conflict = row
    if _open_conflicts(tx, dossier_id, station):
        raise Reject(
            "conflict",
            f"Hồ sơ {code} đang có thay đổi chờ xử lý xung đột; thao tác này được giữ lại chờ "
            "người phụ trách xem xét.",
            conflict=(dossier_id, version),
        )
    base = op.base_version
    if base is None:
        raise Reject("invalid", "Thao tác thiếu phiên bản gốc của hồ sơ.")
    if base > version:
        raise Retry("out_of_order", "Chờ thao tác trước của hồ sơ được ghi nhận.")
    if base < version:
        raise Reject(
            "conflict",
            f"Hồ sơ {code} đã được cấp tỉnh cập nhật (phiên bản {version}) trong khi máy này "
            f"thay đổi từ phiên bản {base}. Thay đổi của máy này không ghi đè lên cấp tỉnh; "
            "nó được giữ lại để người phụ trách xem xét.",
            conflict=(dossier_id, version),
        )


def _lifecycle(tx: Tx, station: Station, op: Op, now: str):
    row = _dossier_for_update(tx, station, dossier_id=op.entity_id)
    _check_version(tx, station, op, row)
    to = _target_status(op)
    due_at = _time(op.payload, "due_at", required=False)
    tx.execute(
        "UPDATE dossiers SET status = ?, due_at = COALESCE(?, due_at), version = version + 1,"
        " updated_at = ? WHERE id = ?",
        [to, due_at, now, row[0]],
    )
    return row[0], state_of(tx, row[0])


# The status each desk step leads to, for payloads that do not say it outright.
STEP_STATUS = {
    "request_supplement": Status.SUPPLEMENT_REQUESTED.value,
    "start": Status.IN_PROGRESS.value,
    "finish": Status.DONE.value,
    "return": Status.RETURNED.value,
    "refuse": Status.REFUSED.value,
    "stop": Status.STOPPED.value,
}


def _target_status(op: Op) -> str:
    p = op.payload
    valid = {s.value for s in Status}
    action = op.kind.partition(".")[2]
    for candidate in (p.get("status"), STEP_STATUS.get(action)):
        if isinstance(candidate, str) and candidate in valid:
            return candidate
    if action == "apologise" and p.get("from") in valid:
        return str(p["from"])
    if action == "supplement" and p.get("to") in valid:
        return str(p["to"])
    raise Reject("invalid", "Thao tác không cho biết trạng thái mới của hồ sơ.")


def _corrected(tx: Tx, station: Station, op: Op, now: str):
    row = _dossier_for_update(tx, station, dossier_id=op.entity_id)
    _check_version(tx, station, op, row)
    fields = op.payload.get("fields")
    if not isinstance(fields, dict):
        raise Reject("invalid", "Thao tác sửa hồ sơ thiếu các trường được sửa.")
    intake = json.loads(tx.scalar("SELECT intake FROM dossiers WHERE id = ?", [row[0]]))
    intake.setdefault("corrections", []).append({"at": op.created_at, "fields": fields})
    intake.update({k: v for k, v in fields.items() if not k.startswith("applicant.")})
    for key, value in fields.items():
        if key.startswith("applicant.") and isinstance(intake.get("applicant"), dict):
            intake["applicant"][key.partition(".")[2]] = value
    name = (intake.get("applicant") or {}).get("name", "")
    tx.execute(
        "UPDATE dossiers SET intake = ?, applicant_name = ?, version = version + 1, updated_at = ?"
        " WHERE id = ?",
        [json.dumps(intake, ensure_ascii=False, sort_keys=True), str(name)[:500], now, row[0]],
    )
    return row[0], state_of(tx, row[0])


def _fee_receipt(tx: Tx, station: Station, op: Op, now: str):
    """The desk issued the fee receipt (biên lai): kept with the dossier, one version on,
    as on the desk, so the dossier's next step finds the version it was made from."""
    row = _dossier_for_update(tx, station, dossier_id=op.entity_id)
    _check_version(tx, station, op, row)
    p = op.payload
    receipt = {
        "form": _text(p, "form", limit=40),
        "series": _text(p, "series", limit=40),
        "number": p.get("number"),
        "issued_at": _time(p, "issued_at"),
        "issued_by": _text(p, "issued_by", limit=200),
        "amount": p.get("amount"),
    }
    if not isinstance(receipt["number"], int) or not isinstance(receipt["amount"], int):
        raise Reject("invalid", "Biên lai thiếu số hoặc số tiền.")
    intake = json.loads(tx.scalar("SELECT intake FROM dossiers WHERE id = ?", [row[0]]))
    intake["fee_receipt"] = receipt
    tx.execute(
        "UPDATE dossiers SET intake = ?, version = version + 1, updated_at = ? WHERE id = ?",
        [json.dumps(intake, ensure_ascii=False, sort_keys=True), now, row[0]],
    )
    return row[0], state_of(tx, row[0])


def _accept_upstream(tx: Tx, station: Station, op: Op, now: str):
    """The desk's person took the province's version: this desk's conflicts are settled."""
    row = _dossier_for_update(tx, station, dossier_id=op.entity_id)
    tx.execute(
        "UPDATE conflicts SET resolved_at = ?, resolution = 'accepted_upstream'"
        " WHERE dossier_id = ? AND station_id = ? AND resolved_at IS NULL",
        [now, row[0], station.id],
    )
    tx.execute(
        "UPDATE dossiers SET conflict = CASE WHEN EXISTS (SELECT 1 FROM conflicts c WHERE"
        " c.dossier_id = dossiers.id AND c.resolved_at IS NULL) THEN 1 ELSE 0 END WHERE id = ?",
        [row[0]],
    )
    return row[0], state_of(tx, row[0])


def _scanned(tx: Tx, station: Station, op: Op, now: str):
    p = op.payload
    row = _dossier_for_update(tx, station, code=_text(p, "code", limit=64))
    ordinal = p.get("ordinal")
    if not isinstance(ordinal, int) or not 1 <= ordinal <= 10_000:
        raise Reject("invalid", "Số thứ tự giấy tờ không hợp lệ.")
    sha = p.get("pdf_sha256")
    if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{64}", sha):
        raise Reject("invalid", "Mã băm tệp PDF không hợp lệ.")
    pages = p.get("pages") if isinstance(p.get("pages"), list) else []
    tx.execute(
        "INSERT INTO documents (dossier_id, ordinal, document_id, name, pdf_sha256, pages, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dossier_id, ordinal) DO UPDATE SET"
        " document_id = excluded.document_id, name = excluded.name, pdf_sha256 = excluded.pdf_sha256,"
        " pages = excluded.pages, updated_at = excluded.updated_at",
        [row[0], ordinal, op.entity_id, _text(p, "name", limit=1000), sha, len(pages), now],
    )
    tx.execute("UPDATE dossiers SET updated_at = ? WHERE id = ?", [now, row[0]])
    return row[0], state_of(tx, row[0])
