"""`desk server import DIR`: operations and files a desk wrote to a USB stick during a long
outage (`desk sync export`), applied with the same idempotency as a push. Importing the same
stick twice, or the desk pushing the same operations later, changes nothing more."""

import json
from pathlib import Path

from sync import protocol as p
from sync.errors import Missing, Unacceptable, Unauthorized
from sync.server.core import Server
from sync.server.ops import Station, process

FORMAT = "desk-sync-export"


def find_exports(folder: Path) -> list[Path]:
    folder = Path(folder)
    if (folder / "manifest.json").is_file():
        return [folder]
    return sorted(d for d in folder.glob("desk-export-*") if (d / "manifest.json").is_file())


def import_dir(server: Server, folder: Path) -> dict:
    exports = find_exports(folder)
    if not exports:
        raise Missing(f"Không thấy bản xuất đồng bộ nào trong {folder}.")
    totals = {
        "exports": 0,
        "files": 0,
        "files_bad": 0,
        "applied": 0,
        "duplicate": 0,
        "rejected": 0,
        "retry": 0,
    }
    rejected: list[dict] = []
    for export in exports:
        done = _import_one(server, export)
        totals["exports"] += 1
        for key in ("files", "files_bad", "applied", "duplicate", "rejected", "retry"):
            totals[key] += done[key]
        rejected.extend(done["rejected_ops"])
    return {**totals, "rejected_ops": rejected}


def _import_one(server: Server, export: Path) -> dict:
    try:
        manifest = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Unacceptable(f"Tệp manifest.json trong {export} không đọc được: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise Unacceptable(f"{export} không phải bản xuất đồng bộ của Bộ phận Một cửa.")
    with server.db.tx(write=False) as tx:
        row = tx.one(
            "SELECT id, unit_code, number, name, mode, revoked_at FROM stations WHERE id = ?",
            [str(manifest.get("station_id"))],
        )
    if row is None:
        raise Missing(f"Máy trạm {manifest.get('station_id')} không có trên máy chủ này.")
    if row[5] is not None:
        raise Unauthorized(f"Máy trạm {row[3]} đã bị thu hồi; không nhập bản xuất của nó.")
    station = Station(row[0], row[1], row[2], row[3], row[4])
    counts = {"files": 0, "files_bad": 0, "applied": 0, "duplicate": 0, "rejected": 0, "retry": 0}
    for entry in manifest.get("files", []):
        sha, size = str(entry.get("sha256")), int(entry.get("size", -1))
        path = export / "files" / sha
        data = path.read_bytes() if path.is_file() else b""
        if len(data) != size or not server.blobs.put_whole(sha, data):
            counts["files_bad"] += 1
            continue
        now = server.now()
        with server.db.tx() as tx:
            tx.execute(
                "INSERT INTO files (sha256, size, received, present, created_at, completed_at)"
                " VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (sha256) DO UPDATE SET present = 1,"
                " received = excluded.size, completed_at = COALESCE(files.completed_at, excluded.completed_at)",
                [sha, size, size, now, now],
            )
        counts["files"] += 1
    ops = []
    with open(export / "ops.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                ops.append(p.Op.model_validate_json(line))
    rejected = []
    # Ops wait for their predecessors exactly as in a push: go round while progress is made.
    waiting = ops
    while waiting:
        still = []
        now = server.now()
        with server.db.tx() as tx:
            for op in waiting:
                result = process(tx, station, op, now)
                if result.status == "retry":
                    still.append(op)
                    continue
                counts[result.status] += 1
                if result.status == "rejected":
                    rejected.append({"op_id": op.op_id, "kind": op.kind, "reason": result.reason})
        if len(still) == len(waiting):
            counts["retry"] += len(still)
            break
        waiting = still
    return {**counts, "rejected_ops": rejected}
