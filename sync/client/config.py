"""Where a desk keeps what it knows about its upstream.

- settings "sync": the server address, the station id the server gave, the unit, the
  server's id, the certificate file to trust (if the province has its own CA);
- settings "sync_state": the pull cursor and the last attempt, success and error, which
  the status bar reads;
- the file `station-token` in the data directory: the station's secret, made on this PC
  at enrolment (the server keeps only its hash), never printed with the settings.
"""

import json
import os
from pathlib import Path

from desk.store import settings as settings_mod
from sync.errors import NotEnrolled

TOKEN_FILE = "station-token"


def upstream(store) -> dict:
    return store.setting("sync") or {}


def is_enrolled(store) -> bool:
    cfg = upstream(store)
    return bool(cfg.get("server_url") and cfg.get("station_id")) and token_path(store).exists()


def token_path(store) -> Path:
    return Path(store.data_dir) / TOKEN_FILE


def read_token_file(store) -> dict:
    try:
        return json.loads(token_path(store).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_token_file(store, data: dict) -> None:
    from desk.store.atomic import write_atomic

    path = token_path(store)
    write_atomic(path, json.dumps(data).encode("utf-8"))
    if os.name != "nt":
        path.chmod(0o600)


def token(store) -> str:
    data = read_token_file(store)
    if not data.get("token") or not data.get("enrolled"):
        raise NotEnrolled(
            "Máy này chưa đăng ký với máy chủ đồng bộ; hãy chạy 'desk enrol ĐỊA_CHỈ MÃ_ĐĂNG_KÝ'."
        )
    return str(data["token"])


def state(store) -> dict:
    return store.setting("sync_state") or {}


def put_state(db, store, **values) -> None:
    """Update sync_state members inside the caller's transaction."""
    current = settings_mod.get(db, "sync_state") or {}
    current.update(values)
    settings_mod.put(db, "sync_state", current, at=store.now())


def record_state(store, **values) -> None:
    with store.write() as db:
        put_state(db, store, **values)


def connect(store, server_url: str | None = None):
    """The HTTP upstream for this desk; `server_url` overrides the address for one run."""
    from sync.client.http import HttpUpstream

    cfg = upstream(store)
    if not cfg.get("server_url"):
        raise NotEnrolled(
            "Máy này chưa đăng ký với máy chủ đồng bộ; hãy chạy 'desk enrol ĐỊA_CHỈ MÃ_ĐĂNG_KÝ'."
        )
    cert = cfg.get("cert") or None
    if cert and not Path(cert).is_absolute():
        cert = str(Path(store.data_dir) / cert)
    return HttpUpstream(
        server_url or cfg["server_url"], token(store), cert=cert, app_version=APP_VERSION
    )


APP_VERSION = "desk/0.1"
