"""`desk sync export DIR`: for an outage of many days, the pending operations and their
files on a USB stick, for `desk server import` at the province.

Nothing is marked sent: the stick may be lost. The operations keep their ids, so when the
line comes back the server answers "duplicate" for what the stick already delivered.
The manifest is written last: a stick pulled out half-way has no manifest and is refused.
"""

import json
from pathlib import Path

from desk import clock
from desk.store.atomic import write_atomic
from sync.client import config
from sync.client.upload import pending_files
from sync.errors import NotEnrolled

FORMAT = "desk-sync-export"


def export_pending(store, folder: Path) -> dict:
    cfg = config.upstream(store)
    if not cfg.get("station_id"):
        raise NotEnrolled(
            "Máy này chưa đăng ký với máy chủ đồng bộ nên cấp tỉnh chưa nhận được bản xuất của nó."
        )
    now = store.now()
    station = store.station
    target = Path(folder) / f"desk-export-{int(station.get('number', 0)):02d}-{now:%Y%m%d-%H%M%S}"
    rows = store.query(
        "SELECT op_id, seq, entity, entity_id, kind, payload, base_version, created_at FROM outbox"
        " WHERE state IN ('PENDING', 'SENDING', 'ERROR') ORDER BY seq"
    )
    lines = []
    for r in rows:
        op = {**r, "payload": json.loads(r["payload"])}
        lines.append(json.dumps(op, ensure_ascii=False, sort_keys=True))
    files = []
    for sha, size in pending_files(store):
        write_atomic(target / "files" / sha, store.files.read(sha))
        files.append({"sha256": sha, "size": size})
    write_atomic(target / "ops.jsonl", ("\n".join(lines) + "\n").encode("utf-8"))
    manifest = {
        "format": FORMAT,
        "version": 1,
        "station_id": cfg["station_id"],
        "unit_code": cfg.get("unit_code", ""),
        "server_id": cfg.get("server_id", ""),
        "created_at": clock.iso(now),
        "ops": len(lines),
        "files": files,
    }
    write_atomic(
        target / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    )
    return {
        "folder": str(target),
        "ops": len(lines),
        "files": len(files),
        "bytes": sum(f["size"] for f in files),
    }
