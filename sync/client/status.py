"""What the window shows about sync: one line for the status bar, a badge per dossier,
and the rejected operations with the server's reason and what the officer can do."""

from dataclasses import asdict, dataclass
from datetime import datetime

from desk import clock
from sync.client import config
from sync.client.local import OP_DOSSIER
from sync.client.upload import pending_bytes

BADGES = {
    "unsent": "Chưa gửi",
    "sending": "Đang gửi",
    "sent": "Đã gửi",
    "error": "Lỗi, đang thử lại",
    "rejected": "Lỗi cần xử lý",
    "conflict": "Xung đột",
}

# What the officer can do about each reason the server gives.
HINTS = {
    "conflict": "Cấp tỉnh đã cập nhật hồ sơ trong lúc máy này thay đổi. Chọn «Nhận theo cấp "
    "tỉnh» (thay đổi của máy này được giữ trong lịch sử), rồi làm lại thao tác nếu vẫn cần.",
    "code_taken": "Mã hồ sơ bị trùng ở cấp tỉnh. Hồ sơ vẫn ở máy này; hãy gọi cấp tỉnh để "
    "được cấp mã thay thế.",
    "wrong_unit": "Hồ sơ không thuộc đơn vị của máy này. Hãy kiểm tra mã đơn vị và gọi cấp tỉnh.",
    "forbidden": "Hồ sơ không thuộc đơn vị của máy này. Hãy gọi cấp tỉnh.",
    "op_reused": "Lỗi dữ liệu đồng bộ; hãy gọi bộ phận kỹ thuật của tỉnh.",
    "unknown_kind": "Máy chủ chưa nhận loại thao tác này; sẽ gửi khi máy chủ được cập nhật.",
    "invalid": "Dữ liệu không hợp lệ theo máy chủ; hãy gọi bộ phận kỹ thuật của tỉnh.",
    "exists": "Hồ sơ đã có ở cấp tỉnh; hãy gọi cấp tỉnh để đối chiếu.",
}
DEFAULT_HINT = "Hãy gọi cấp tỉnh; hồ sơ vẫn được giữ nguyên ở máy này."


@dataclass(frozen=True)
class SyncStatus:
    state: str  # not_enrolled | synced | pending | offline | rejected | revoked
    text: str  # the status bar's line, in Vietnamese
    server_url: str
    pending_ops: int
    pending_dossiers: int
    pending_bytes: int
    oldest_pending: str | None
    rejected: int
    conflicts: int
    last_success_at: str | None
    last_attempt_at: str | None
    last_error: str | None
    error_since: str | None

    def to_json(self) -> dict:
        return asdict(self)


def _when(text: str | None) -> str:
    if not text:
        return "—"
    moment = clock.parse(text)
    return f"{moment:%H:%M %d/%m}"


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB".replace(".", ",")


def status(store) -> SyncStatus:
    cfg = config.upstream(store)
    st = config.state(store)
    row = store.one(
        f"SELECT COUNT(*) AS n, COUNT(DISTINCT {OP_DOSSIER}) AS d, MIN(o.created_at) AS oldest"
        " FROM outbox o WHERE o.state IN ('PENDING', 'SENDING', 'ERROR')"
    ) or {"n": 0, "d": 0, "oldest": None}
    rejected = store.scalar(
        "SELECT COUNT(*) FROM outbox WHERE state = 'REJECTED' AND resolved_at IS NULL"
    )
    conflicts = store.scalar(
        "SELECT COUNT(*) FROM outbox WHERE state = 'REJECTED' AND resolved_at IS NULL"
        " AND result_code = 'conflict'"
    )
    size = pending_bytes(store)
    enrolled = config.is_enrolled(store)
    error = st.get("last_error")
    if not enrolled:
        state = "not_enrolled"
        text = "Chưa kết nối máy chủ đồng bộ"
        if row["n"]:
            text += f" · {row['d']} hồ sơ chờ gửi"
    elif st.get("revoked"):
        state, text = "revoked", "Máy này đã bị thu hồi quyền đồng bộ; hãy đăng ký lại"
    elif rejected:
        state, text = "rejected", f"{rejected} thao tác bị từ chối, cần xử lý"
    elif error and st.get("error_since"):
        state = "offline"
        text = f"Mất kết nối từ {_when(st['error_since'])}"
        if row["n"]:
            text += f" · chờ gửi {row['d']} hồ sơ, {_mb(size)}"
    elif row["n"]:
        state = "pending"
        text = f"Chờ gửi {row['d']} hồ sơ, {_mb(size)}, cũ nhất {_when(row['oldest'])}"
    else:
        state = "synced"
        text = "Đã đồng bộ" + (
            f" lúc {_when(st.get('last_success_at'))}" if st.get("last_success_at") else ""
        )
    return SyncStatus(
        state=state,
        text=text,
        server_url=cfg.get("server_url", ""),
        pending_ops=row["n"],
        pending_dossiers=row["d"],
        pending_bytes=size,
        oldest_pending=row["oldest"],
        rejected=rejected,
        conflicts=conflicts,
        last_success_at=st.get("last_success_at"),
        last_attempt_at=st.get("last_attempt_at"),
        last_error=error,
        error_since=st.get("error_since"),
    )


def badges(store, dossier_ids: list[str] | None = None) -> dict[str, str]:
    """A badge key per dossier (see BADGES): the worst state among its operations."""
    rank = {"conflict": 6, "rejected": 5, "error": 4, "sending": 3, "unsent": 2, "sent": 1}
    if dossier_ids is not None:
        # The rows a list shows: read through the indexes, not the whole outbox.
        marks = ", ".join("?" for _ in dossier_ids) or "NULL"
        rows = store.query(
            "SELECT o.entity_id AS d, o.state, o.result_code, o.resolved_at FROM outbox o"
            f" WHERE o.entity = 'dossier' AND o.entity_id IN ({marks})"
            " UNION ALL"
            " SELECT doc.dossier_id AS d, o.state, o.result_code, o.resolved_at FROM outbox o"
            " JOIN documents doc ON doc.id = o.entity_id"
            f" WHERE o.entity = 'document' AND doc.dossier_id IN ({marks})",
            [*dossier_ids, *dossier_ids],
        )
    else:
        rows = store.query(
            f"SELECT {OP_DOSSIER} AS d, o.state, o.result_code, o.resolved_at FROM outbox o"
            " WHERE o.entity IN ('dossier', 'document')"
        )
    out: dict[str, str] = {}
    wanted = set(dossier_ids) if dossier_ids is not None else None
    for r in rows:
        d = r["d"]
        if d is None or (wanted is not None and d not in wanted):
            continue
        state = r["state"]
        if state == "ACKED" or (state == "REJECTED" and r["resolved_at"]):
            badge = "sent"
        elif state == "REJECTED":
            badge = "conflict" if r["result_code"] == "conflict" else "rejected"
        elif state == "ERROR":
            badge = "error"
        elif state == "SENDING":
            badge = "sending"
        else:
            badge = "unsent"
        if rank[badge] > rank.get(out.get(d, ""), 0):
            out[d] = badge
    return out


def rejected_ops(store) -> list[dict]:
    rows = store.query(
        f"SELECT o.op_id, o.kind, o.created_at, o.last_error, o.result_code, {OP_DOSSIER} AS dossier_id,"
        " d.code FROM outbox o LEFT JOIN dossiers d ON d.id = "
        + OP_DOSSIER
        + " WHERE o.state = 'REJECTED' AND o.resolved_at IS NULL ORDER BY o.seq"
    )
    held = {
        r["dossier_id"]
        for r in store.query("SELECT DISTINCT dossier_id FROM sync_held WHERE applied_at IS NULL")
    }
    return [
        {
            "op_id": r["op_id"],
            "kind": r["kind"],
            "code": r["code"],
            "dossier_id": r["dossier_id"],
            "created_at": r["created_at"],
            "reason": r["last_error"] or "",
            "reason_code": r["result_code"] or "",
            "hint": HINTS.get(r["result_code"] or "", DEFAULT_HINT),
            "can_accept_upstream": r["dossier_id"] in held,
        }
        for r in rows
    ]


def age(text: str | None, now: datetime) -> float | None:
    return (now - clock.parse(text)).total_seconds() if text else None
