"""Enrolling this desk with a hub or the provincial server, once, with a one-time code.

The desk makes its own secret and sends only its hash, and keeps the secret before asking:
if the answer is lost on the way, enrolling again with the same code and the same secret is
accepted, so a cut line never burns the code. The server tells the station's number in
its unit; from then on the desk is a member station (dossier numbers from blocks the
server reserves, station-scoped numbers when offline).
"""

import hashlib
import secrets

from desk import clock
from desk.errors import Conflict
from desk.setup import init_office
from desk.store import audit
from desk.store import settings as settings_mod
from sync import protocol as p
from sync.client import config


def enrol(
    store, url: str, code: str, *, cert: str | None = None, actor: str = "system", upstream=None
) -> dict:
    from sync.client.http import HttpUpstream

    url = url.strip().rstrip("/")
    code_hash = hashlib.sha256(code.replace("-", "").strip().upper().encode()).hexdigest()
    saved = config.read_token_file(store)
    if saved.get("enrolled") and config.upstream(store).get("server_url"):
        raise Conflict(
            "Máy này đã đăng ký với máy chủ "
            f"{config.upstream(store)['server_url']}; không đăng ký lại được."
        )
    if saved.get("code_sha256") == code_hash and saved.get("token"):
        token = saved["token"]  # the same attempt again: keep the same secret
    else:
        token = secrets.token_urlsafe(32)
        config.write_token_file(
            store, {"token": token, "code_sha256": code_hash, "enrolled": False}
        )
    # A desk set up by enrolling alone (no office yet) takes the unit the code was made for.
    adopt = not store.is_initialised
    request = p.EnrolRequest(
        code=code.strip(),
        token_sha256=p.token_sha256(token),
        unit_code="" if adopt else store.office().unit_code,
        station_name="" if adopt else str(store.station.get("name", "")),
        app_version=config.APP_VERSION,
    )
    own = upstream is None
    client = upstream or HttpUpstream(url, None, cert=cert)
    try:
        reply = client.enrol(request)
    finally:
        if own:
            client.close()
    info = reply.station
    if adopt:
        init_office(
            store,
            unit_code=info.unit_code,
            actor=actor,
            name=info.unit_name or f"Đơn vị {info.unit_code}",
        )
    now = store.now()
    with store.write() as db:
        station = dict(settings_mod.get(db, "station") or {})
        station.update({"number": info.number, "mode": info.mode})
        db.execute("UPDATE stations SET number = ? WHERE id = ?", [info.number, station.get("id")])
        settings_mod.put(db, "station", station, at=now)
        settings_mod.put(
            db,
            "sync",
            {
                **(settings_mod.get(db, "sync") or {}),
                "server_url": url,
                "station_id": info.id,
                "unit_code": info.unit_code,
                "server_id": reply.server_id,
                "cert": cert or "",
                "enrolled_at": clock.iso(now),
            },
            at=now,
        )
        settings_mod.put(db, "sync_state", {"cursor": ""}, at=now)
        audit.record(
            db,
            actor,
            "sync.enrol",
            "station",
            info.id,
            {"server": url, "number": info.number},
            at=now,
        )
    config.write_token_file(store, {"token": token, "code_sha256": code_hash, "enrolled": True})
    return {"server_url": url, "station": info.model_dump(), "server_id": reply.server_id}
