"""What the province does on its server: change a dossier's processing status (it flows
back to the desk), publish catalog and holiday snapshots, send an online dossier to a
commune, see what it holds and what each station has sent.

The same functions serve the admin HTTP endpoints (token-protected) and `desk server …`.
"""

import hashlib
import json
import secrets

from desk import clock as clock_mod
from desk.dossiers.model import STATUS_LABELS, Status
from desk.errors import DeskError
from desk.ids import uuid7
from sync import protocol as p
from sync.errors import Clash, Missing, Unacceptable, Unauthorized
from sync.server.core import Server
from sync.server.db import Tx
from sync.server.ops import bump_code_next
from sync.server.pool import UPSTREAM_KEY

# The province decides these; handing the result back (returned) stays at the counter.
PROVINCE_STATUSES = {
    Status.IN_PROGRESS.value,
    Status.SUPPLEMENT_REQUESTED.value,
    Status.DONE.value,
    Status.REFUSED.value,
    Status.STOPPED.value,
}
ADMIN_TOKEN_FILE = "admin-token"


# --- the admin credential ----------------------------------------------------------------
def admin_token(server: Server, *, renew: bool = False) -> str:
    """The province's admin token: kept in the data directory (0600), its hash in the database."""
    path = server.data_dir / ADMIN_TOKEN_FILE
    if path.exists() and not renew:
        token = path.read_text(encoding="utf-8").strip()
    else:
        token = secrets.token_urlsafe(32)
        path.write_text(token + "\n", encoding="utf-8")
        path.chmod(0o600)
    with server.db.tx() as tx:
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('admin_token_sha256', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [p.token_sha256(token)],
        )
    return token


def check_admin(server: Server, token: str | None) -> None:
    with server.db.tx(write=False) as tx:
        stored = tx.scalar("SELECT value FROM meta WHERE key = 'admin_token_sha256'")
    if not token or stored is None or not secrets.compare_digest(stored, p.token_sha256(token)):
        raise Unauthorized("Cần mã quản trị của máy chủ.")


# --- reading ---------------------------------------------------------------------------
def _files_of(tx: Tx, dossier_id: str) -> list[dict]:
    rows = tx.all(
        "SELECT d.ordinal, d.name, d.pdf_sha256, d.pages, COALESCE(f.present, 0), f.size"
        " FROM documents d LEFT JOIN files f ON f.sha256 = d.pdf_sha256"
        " WHERE d.dossier_id = ? AND d.pdf_sha256 IS NOT NULL ORDER BY d.ordinal",
        [dossier_id],
    )
    return [
        {
            "ordinal": r[0],
            "name": r[1],
            "sha256": r[2],
            "pages": r[3],
            "present": bool(r[4]),
            "size": r[5],
        }
        for r in rows
    ]


def _dossier_row_json(tx: Tx, row: dict) -> dict:
    files = _files_of(tx, row["id"])
    conflicts = tx.dicts(
        "SELECT op_id, station_id, kind, base_version, server_version, created_at FROM conflicts"
        " WHERE dossier_id = ? AND resolved_at IS NULL ORDER BY created_at",
        [row["id"]],
    )
    return {
        "id": row["id"],
        "code": row["code"],
        "unit_code": row["unit_code"],
        "station_id": row["station_id"],
        "origin": row["origin"],
        "procedure": row["procedure_code"],
        "status": row["status"],
        "version": row["version"],
        "received_at": row["received_at"],
        "due_at": row["due_at"],
        "files": files,
        "complete": all(f["present"] for f in files),
        "conflict": bool(row["conflict"]),
        "conflicts": conflicts,
    }


_COLUMNS = (
    "id, code, unit_code, station_id, origin, procedure_code, status, version, received_at,"
    " due_at, conflict"
)


def dossiers(server: Server, unit_code: str) -> list[dict]:
    """What the server holds for a unit: per dossier its files and whether it is complete."""
    with server.db.tx(write=False) as tx:
        rows = tx.dicts(
            f"SELECT {_COLUMNS} FROM dossiers WHERE unit_code = ? ORDER BY code", [unit_code]
        )
        return [_dossier_row_json(tx, r) for r in rows]


def dossier_json(server: Server, *, code: str | None = None, dossier_id: str | None = None):
    where, key = ("code", code) if code else ("id", dossier_id)
    with server.db.tx(write=False) as tx:
        rows = tx.dicts(f"SELECT {_COLUMNS} FROM dossiers WHERE {where} = ?", [key])
        return _dossier_row_json(tx, rows[0]) if rows else None


def snapshot_changes(tx: Tx, unit_code: str) -> list[p.Change]:
    """A unit's whole present state as changes, for a station that lost its cursor."""
    out: list[p.Change] = []
    for kind in ("catalog", "calendar"):
        row = tx.one(
            "SELECT version, sha256, data FROM snapshots WHERE kind = ? ORDER BY published_at DESC,"
            " version DESC LIMIT 1",
            [kind],
        )
        if row:
            out.append(
                p.Change(
                    seq=0,
                    kind=f"{kind}.snapshot",
                    entity_id=row[0],
                    payload={"version": row[0], "sha256": row[1], "data": json.loads(row[2])},
                )
            )
    for r in tx.dicts(
        "SELECT id, code, origin, status, version, due_at, intake FROM dossiers WHERE unit_code = ?"
        " ORDER BY code",
        [unit_code],
    ):
        state = {
            "id": r["id"],
            "code": r["code"],
            "status": r["status"],
            "version": r["version"],
            "due_at": r["due_at"],
        }
        if r["origin"] == "province":
            intake = json.loads(r["intake"])
            out.append(
                p.Change(
                    seq=0, kind="dossier.online", entity_id=r["id"], payload={**intake, **state}
                )
            )
        else:
            out.append(p.Change(seq=0, kind="dossier.status", entity_id=r["id"], payload=state))
    return out


def stations_overview(server: Server, unit_code: str | None = None) -> list[dict]:
    """Each station's last contact and backlog, for the province's dashboard."""
    return server.stations(unit_code)


# --- writing ---------------------------------------------------------------------------
def _province_only(server: Server, what: str) -> None:
    """An office hub enrolled with the province takes these from the province, never makes
    them: versions or numbers of its own would diverge from the province's."""
    with server.db.tx(write=False) as tx:
        if tx.scalar("SELECT 1 FROM meta WHERE key = ?", [UPSTREAM_KEY]) is not None:
            raise Clash(
                f"{what} do máy chủ của tỉnh quản lý; máy chủ văn phòng nhận về khi đồng bộ.",
                code="province_only",
            )


def set_status(
    server: Server,
    code: str,
    status: str,
    *,
    note: str = "",
    by: str = "tỉnh",
    due_at: str | None = None,
) -> dict:
    """The province moves a dossier on; the change reaches the desk on its next pull."""
    _province_only(server, "Trạng thái giải quyết hồ sơ")
    if status not in PROVINCE_STATUSES:
        allowed = ", ".join(sorted(PROVINCE_STATUSES))
        raise Unacceptable(f"Trạng thái «{status}» không hợp lệ; chọn một trong: {allowed}.")
    if due_at is not None:
        try:
            due_at = clock_mod.iso(clock_mod.parse(due_at))
        except DeskError as exc:
            raise Unacceptable(exc.message) from exc
    now = server.now()
    with server.db.tx() as tx:
        row = tx.one(
            "SELECT id, unit_code, version FROM dossiers WHERE code = ?" + tx.for_update, [code]
        )
        if row is None:
            raise Missing(f"Không tìm thấy hồ sơ {code}.")
        dossier_id, unit, version = row
        tx.execute(
            "UPDATE dossiers SET status = ?, due_at = COALESCE(?, due_at), version = ?,"
            " updated_at = ? WHERE id = ?",
            [status, due_at, version + 1, now, dossier_id],
        )
        due = tx.scalar("SELECT due_at FROM dossiers WHERE id = ?", [dossier_id])
        payload = {
            "id": dossier_id,
            "code": code,
            "status": status,
            "version": version + 1,
            "due_at": due,
            "note": note[:2000],
            "by": by[:200],
            "at": now,
        }
        server.add_change(tx, unit, "dossier.status", dossier_id, payload)
    return payload


def publish(server: Server, kind: str, data: dict) -> dict:
    """A catalog or holiday snapshot for every desk, validated as the desk will read it."""
    if kind not in ("catalog", "calendar"):
        raise Unacceptable("Chỉ công bố được danh mục (catalog) hoặc lịch nghỉ (calendar).")
    try:
        if kind == "catalog":
            from desk.catalog import load_catalog

            canonical = load_catalog(data).to_json()
        else:
            from desk.calendar import load_snapshot

            canonical = load_snapshot(data).to_json()
    except DeskError as exc:
        raise Unacceptable(exc.message) from exc
    version = str(canonical.get("version") or "")
    if not version:
        raise Unacceptable("Bản công bố phải có phiên bản (version).")
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with server.db.tx() as tx:
        new = tx.one(
            "INSERT INTO snapshots (kind, version, sha256, data, published_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING RETURNING version",
            [kind, version, sha, text, server.now()],
        )
        if new is not None:
            server.add_change(
                tx,
                "*",
                f"{kind}.snapshot",
                version,
                {"version": version, "sha256": sha, "data": canonical},
            )
    return {"kind": kind, "version": version, "sha256": sha, "new": new is not None}


def add_online_dossier(server: Server, unit_code: str, intake: dict) -> dict:
    """A dossier filed online for a commune: numbered from the unit's server-side sequence,
    so it never collides with a desk's block or station-scoped number."""
    from pydantic import ValidationError

    _province_only(server, "Hồ sơ trực tuyến")
    try:
        checked = p.OnlineIntake.model_validate(intake)
    except ValidationError as exc:
        raise Unacceptable(
            "Hồ sơ trực tuyến không hợp lệ: cần mã thủ tục, tên người nộp, giấy tờ có tên."
        ) from exc
    intake = checked.model_dump()
    procedure = checked.procedure
    applicant = intake["applicant"]
    now_dt = server.clock.now()
    now = clock_mod.iso(now_dt)
    received_at = intake.get("received_at") or now
    due_at = intake.get("due_at")
    try:
        received_at = clock_mod.iso(clock_mod.parse(str(received_at)))
        due_at = clock_mod.iso(clock_mod.parse(str(due_at))) if due_at else received_at
    except DeskError as exc:
        raise Unacceptable(exc.message) from exc
    day = clock_mod.parse(received_at).date()
    dossier_id = uuid7()
    with server.db.tx() as tx:
        if tx.one("SELECT 1 FROM units WHERE code = ?", [unit_code]) is None:
            raise Missing(f"Không có đơn vị {unit_code} trên máy chủ.")
        tx.execute(
            "INSERT INTO code_next (unit_code, day, next) VALUES (?, ?, 1) ON CONFLICT DO NOTHING",
            [unit_code, day.isoformat()],
        )
        n = tx.scalar(
            "SELECT next FROM code_next WHERE unit_code = ? AND day = ?" + tx.for_update,
            [unit_code, day.isoformat()],
        )
        if n > 9999:
            raise Unacceptable("Đã hết số hồ sơ trong ngày.")
        code = f"{unit_code}-{day:%y%m%d}-{n:04d}"
        papers = [x for x in intake.get("papers") or [] if isinstance(x, dict)]
        body = {
            "id": dossier_id,
            "code": code,
            "procedure": procedure,
            "procedure_name": str(intake.get("procedure_name") or procedure),
            "channel": "online",
            "delivery": str(intake.get("delivery") or "counter"),
            "received_at": received_at,
            "due_at": due_at,
            "fee": checked.fee,
            "sets": 1,
            "papers": papers,
            "applicant": applicant,
        }
        tx.execute(
            "INSERT INTO dossiers (id, code, unit_code, station_id, origin, procedure_code,"
            " procedure_name, channel, status, version, received_at, due_at, applicant_name, intake,"
            " created_at, updated_at) VALUES (?, ?, ?, NULL, 'province', ?, ?, 'online', 'received',"
            " 1, ?, ?, ?, ?, ?, ?)",
            [
                dossier_id,
                code,
                unit_code,
                procedure,
                body["procedure_name"],
                received_at,
                due_at,
                str(applicant.get("name")),
                json.dumps(body, ensure_ascii=False, sort_keys=True),
                now,
                now,
            ],
        )
        for i, paper in enumerate(papers, start=1):
            tx.execute(
                "INSERT INTO documents (dossier_id, ordinal, document_id, name, pdf_sha256, pages,"
                " updated_at) VALUES (?, ?, '', ?, NULL, 0, ?)",
                [dossier_id, i, str(paper.get("name") or f"Giấy tờ {i}")[:1000], now],
            )
        bump_code_next(tx, code)
        payload = {**body, "status": "received", "version": 1}
        server.add_change(tx, unit_code, "dossier.online", dossier_id, payload)
    return payload


# --- the public lookup ------------------------------------------------------------------
def mask_name(name: str) -> str:
    """«Nguyễn Văn An» → «Nguyễn V. A.»: enough for the citizen to recognise, no more."""
    words = name.split()
    if not words:
        return ""
    return " ".join([words[0], *(w[0] + "." for w in words[1:])])


def lookup(server: Server, code: str) -> dict:
    """What anyone holding the receipt may see: procedure, status, appointment; no ID
    number, address or phone, and the name masked."""
    code = code.strip().upper()
    with server.db.tx(write=False) as tx:
        row = tx.one(
            "SELECT code, procedure_name, procedure_code, status, received_at, due_at, applicant_name"
            " FROM dossiers WHERE code = ?",
            [code],
        )
    if row is None:
        raise Missing(f"Không tìm thấy hồ sơ có mã {code}.")
    try:
        label = STATUS_LABELS[Status(row[3])]
    except ValueError:
        label = row[3]
    return {
        "code": row[0],
        "procedure": row[1] or row[2],
        "status": row[3],
        "status_label": label,
        "received_at": row[4],
        "appointment": row[5],
        "applicant": mask_name(row[6]),
    }
