"""Office mode: the server as an office hub of one unit, and its own credential upstream.

- `meta.office_unit`: the one unit the hub serves, stored on first start; stations of
  another unit are refused (`Server.add_station`), a start with another unit is refused.
- `hub-token` in the data directory (0600): the hub's secret with the province, made here
  at enrolment (the province keeps only its hash), kept before asking so a lost answer
  never burns the code — the same protocol as a desk's `desk enrol`.
- `meta.hub_upstream`: the province's address, the station it gave, its server id;
  `meta.hub_state`: the pull cursor and the last relay attempt, success and error.
"""

import hashlib
import json
import os
import secrets
from pathlib import Path

from desk.errors import Conflict, InvalidInput
from sync import protocol as p
from sync.errors import NotEnrolled
from sync.server.core import OFFICE_UNIT_KEY, Server
from sync.server.pool import UPSTREAM_KEY

TOKEN_FILE = "hub-token"
CERT_FILE = "upstream-cert.pem"
STATE_KEY = "hub_state"
APP_VERSION = "desk-hub/0.1"
NOT_ENROLLED = (
    "Máy chủ văn phòng chưa đăng ký với máy chủ của tỉnh; hãy chạy "
    "'desk hub enrol ĐỊA_CHỈ MÃ_ĐĂNG_KÝ'."
)


def _meta(server: Server, key: str) -> str | None:
    with server.db.tx(write=False) as tx:
        return tx.scalar("SELECT value FROM meta WHERE key = ?", [key])


def _put_meta(tx, key: str, value: str) -> None:
    tx.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def office_unit(server: Server) -> str | None:
    return _meta(server, OFFICE_UNIT_KEY)


def claim_unit(server: Server, unit: str | None) -> str:
    """The hub's unit: stored on the first start, the same one on every later start."""
    from desk.setup import _valid_unit

    if server.db.postgres:
        raise InvalidInput("Máy chủ văn phòng chạy trên SQLite trong thư mục dữ liệu của nó.")
    with server.db.tx() as tx:
        stored = tx.scalar("SELECT value FROM meta WHERE key = ?", [OFFICE_UNIT_KEY])
        if unit is None:
            if stored is None:
                raise InvalidInput("Lần chạy đầu của máy chủ văn phòng cần --unit MÃ_ĐƠN_VỊ.")
            return str(stored)
        unit = _valid_unit(unit)
        if stored is not None and stored != unit:
            raise Conflict(
                f"Thư mục dữ liệu này là máy chủ văn phòng của đơn vị {stored}; không chạy cho "
                f"đơn vị {unit} được. Hãy dùng một thư mục dữ liệu khác."
            )
        others = tx.scalar("SELECT COUNT(*) FROM stations WHERE unit_code <> ?", [unit])
        if stored is None and others:
            raise Conflict(
                "Thư mục dữ liệu này đã có máy trạm của đơn vị khác (máy chủ của tỉnh?); "
                "máy chủ văn phòng chỉ phục vụ một đơn vị."
            )
        if stored is None:
            _put_meta(tx, OFFICE_UNIT_KEY, unit)
    return unit


# --- the credential upstream -------------------------------------------------------------
def token_path(server: Server) -> Path:
    return server.data_dir / TOKEN_FILE


def _read_token_file(server: Server) -> dict:
    try:
        return json.loads(token_path(server).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_token_file(server: Server, data: dict) -> None:
    from desk.store.atomic import write_atomic

    path = token_path(server)
    write_atomic(path, json.dumps(data).encode("utf-8"))  # mkstemp: 0600 from the start
    if os.name != "nt":
        path.chmod(0o600)


def upstream_config(server: Server) -> dict:
    raw = _meta(server, UPSTREAM_KEY)
    return json.loads(raw) if raw else {}


def is_enrolled(server: Server) -> bool:
    saved = _read_token_file(server)
    return bool(upstream_config(server).get("url") and saved.get("enrolled"))


def enrol(server: Server, url: str, code: str, *, cert: Path | None = None, upstream=None) -> dict:
    """Enrol the hub with the province as a station of its unit, with a one-time code."""
    from sync.client.http import HttpUpstream

    url = url.strip().rstrip("/")
    if upstream_config(server).get("url") and _read_token_file(server).get("enrolled"):
        raise Conflict(
            f"Máy chủ văn phòng đã đăng ký với {upstream_config(server)['url']}; "
            "không đăng ký lại được."
        )
    code_hash = hashlib.sha256(code.replace("-", "").strip().upper().encode()).hexdigest()
    saved = _read_token_file(server)
    if saved.get("code_sha256") == code_hash and saved.get("token"):
        token = saved["token"]  # the same attempt again: the same secret
    else:
        token = secrets.token_urlsafe(32)
        _write_token_file(server, {"token": token, "code_sha256": code_hash, "enrolled": False})
    kept_cert = None
    if cert:
        import shutil

        kept_cert = server.data_dir / CERT_FILE
        shutil.copyfile(cert, kept_cert)
    unit = office_unit(server)
    request = p.EnrolRequest(
        code=code.strip(),
        token_sha256=p.token_sha256(token),
        unit_code=unit or "",
        station_name="Máy chủ văn phòng",
        app_version=APP_VERSION,
        mode="hub",
    )
    own = upstream is None
    client = upstream or HttpUpstream(url, None, cert=kept_cert)
    try:
        reply = client.enrol(request)
    finally:
        if own:
            client.close()
    info = reply.station
    if unit is None:
        claim_unit(server, info.unit_code)  # a hub enrolled before its first start
    config = {
        "url": url,
        "station_id": info.id,
        "unit_code": info.unit_code,
        "number": info.number,
        "server_id": reply.server_id,
        "cert": CERT_FILE if kept_cert else "",
        "enrolled_at": server.now(),
    }
    with server.db.tx() as tx:
        _put_meta(tx, UPSTREAM_KEY, json.dumps(config, ensure_ascii=False))
    _write_token_file(server, {"token": token, "code_sha256": code_hash, "enrolled": True})
    return config


def connect(server: Server):
    """The HTTP upstream (the province) with the hub's credential."""
    from sync.client.http import HttpUpstream

    config = upstream_config(server)
    saved = _read_token_file(server)
    if not config.get("url") or not saved.get("enrolled") or not saved.get("token"):
        raise NotEnrolled(NOT_ENROLLED)
    cert = server.data_dir / config["cert"] if config.get("cert") else None
    return HttpUpstream(config["url"], saved["token"], cert=cert, app_version=APP_VERSION)


# --- the relay's own state ------------------------------------------------------------------
def state(server: Server) -> dict:
    raw = _meta(server, STATE_KEY)
    return json.loads(raw) if raw else {}


def put_state(tx, server: Server, **values) -> None:
    """Update members of the relay state inside the caller's transaction."""
    raw = tx.scalar("SELECT value FROM meta WHERE key = ?", [STATE_KEY])
    current = json.loads(raw) if raw else {}
    current.update(values)
    _put_meta(tx, STATE_KEY, json.dumps(current, ensure_ascii=False))


def record_state(server: Server, **values) -> None:
    with server.db.tx() as tx:
        put_state(tx, server, **values)
