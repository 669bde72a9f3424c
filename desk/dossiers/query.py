"""Reading dossiers: one by code, lists by status, search."""

from desk.dossiers import search as search_index
from desk.dossiers.model import Dossier, Status
from desk.dossiers.records import dossier_from_row
from desk.errors import InvalidInput, NotFound

_DOSSIER_COLS = "rowid AS _rowid, *"


def _papers(store, dossier_id: str) -> list[dict]:
    return store.query(
        "SELECT id, ordinal, name, kind, count, pages, shown FROM documents"
        " WHERE dossier_id = ? ORDER BY ordinal",
        [dossier_id],
    )


def _events(store, dossier_id: str) -> list[dict]:
    return store.query(
        "SELECT * FROM dossier_events WHERE dossier_id = ? ORDER BY at, rowid", [dossier_id]
    )


def _full(store, row: dict) -> Dossier:
    return dossier_from_row(row, _papers(store, row["id"]), _events(store, row["id"]))


def get(store, code: str) -> Dossier:
    row = store.one(f"SELECT {_DOSSIER_COLS} FROM dossiers WHERE code = ?", [code.strip()])
    if row is None:
        raise NotFound(f"Không tìm thấy hồ sơ có mã {code!r}.")
    return _full(store, row)


def get_by_id(store, dossier_id: str) -> Dossier:
    row = store.one(f"SELECT {_DOSSIER_COLS} FROM dossiers WHERE id = ?", [dossier_id])
    if row is None:
        raise NotFound(f"Không tìm thấy hồ sơ {dossier_id!r}.")
    return _full(store, row)


def _brief(rows: list[dict]) -> list[Dossier]:
    # Lists show no papers or history; those are read when one dossier is opened.
    return [dossier_from_row(row, [], []) for row in rows]


def parse_status(text: str | None) -> Status | None:
    if not text:
        return None
    try:
        return Status(text)
    except ValueError as exc:
        names = ", ".join(s.value for s in Status)
        raise InvalidInput(
            f"Trạng thái không hợp lệ: {text!r}. Chọn một trong: {names}, overdue."
        ) from exc


def list_dossiers(
    store,
    *,
    status: str | None = None,
    view: str | None = None,
    field: str | None = None,
    officer: str | None = None,
    channel: str | None = None,
    limit: int = 100,
    offset: int = 0,
    received_from=None,
    received_to=None,
) -> list[Dossier]:
    """Newest first. `view` is one of desk.dossiers.views.VIEWS (today, due_today, due_soon,
    overdue, to_return), asked at the store's time; the other filters narrow it."""
    from desk.dossiers.views import view_clause

    where: list[str] = []
    params: list = []
    if status == "overdue":  # the CLI's --status overdue
        view, status = "overdue", None
    if view:
        clause, values = view_clause(store, view, store.now())
        where.append(clause)
        params += values
    if (chosen := parse_status(status)) is not None:
        where.append("status = ?")
        params.append(chosen.value)
    if field:
        where.append("json_extract(data, '$.field') = ?")
        params.append(field)
    if officer:
        where.append("receiver = ?")
        params.append(officer)
    if channel:
        where.append("channel = ?")
        params.append(channel)
    if received_from:
        where.append("received_at >= ?")
        params.append(received_from)
    if received_to:
        where.append("received_at < ?")
        params.append(received_to)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = store.query(
        f"SELECT {_DOSSIER_COLS} FROM dossiers {clause} ORDER BY received_at DESC, rowid DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return _brief(rows)


def search(store, text: str, *, limit: int = 50) -> list[Dossier]:
    """Names, ID numbers, phones, codes; folded like the index ("nguyen van duc")."""
    rowids = search_index.search_rowids(store.conn, text, limit=limit)
    if not rowids:
        return []
    marks = ",".join("?" * len(rowids))
    rows = store.query(f"SELECT {_DOSSIER_COLS} FROM dossiers WHERE rowid IN ({marks})", rowids)
    order = {rowid: i for i, rowid in enumerate(rowids)}
    rows.sort(key=lambda r: order[r["_rowid"]])
    return _brief(rows)


def counts_by_status(store) -> dict[str, int]:
    return {
        row["status"]: row["n"]
        for row in store.query("SELECT status, COUNT(*) AS n FROM dossiers GROUP BY status")
    }


def unsynced_count(conn) -> int:
    """Dossiers with a change not yet accepted upstream: what the status bar counts
    ("Chưa đồng bộ lên hệ thống tỉnh: N hồ sơ", desk.labels.sync_status_text)."""
    row = conn.execute(
        "SELECT COUNT(DISTINCT entity_id) FROM outbox"
        " WHERE entity = 'dossier' AND state IN ('PENDING', 'SENDING', 'ERROR')"
    ).fetchone()
    return int(row[0] or 0)
