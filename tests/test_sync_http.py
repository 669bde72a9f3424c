"""The real server (uvicorn in its own process, its clock under faketime) and the real client
over sockets on 127.0.0.1: the CLI end to end, hostile replies, TLS with a pinned
certificate, revocation, the clock check, a client killed mid-upload, and concurrent
duplicate pushes on SQLite and PostgreSQL."""

import hashlib
import json
import signal
import sqlite3
import subprocess
import threading
import time
from datetime import timedelta

import httpx
import pytest
from faultproxy import FaultProxy
from helpers import OFFICE_TIME, REPO
from sync_support import (
    UNIT,
    ServerProcess,
    desk_argv,
    faketime_env,
    forget_faketime,
    intake_request,
    scan,
    server_set,
)

from desk import clock, dossiers
from sync import protocol as p
from sync.client import config, enrol, status, sync_once
from sync.client.http import HttpUpstream
from sync.errors import TlsError, UpstreamAuthError, UpstreamProtocolError


@pytest.fixture
def server(tmp_path):
    s = ServerProcess(tmp_path / "server")
    yield s
    s.stop()


def test_cli_end_to_end(cli, data_dir, server, tmp_path):
    code = server.add_station()
    r = cli("enrol", server.url, code, data=data_dir)
    assert r.code == 0, r.err
    r = cli("dossier", "new", "--json-file", _json_file(tmp_path, intake_request(1)), data=data_dir)
    assert r.code == 0, r.err
    dossier_code = r.out.split("\t")[0]
    r = cli("sync", "status", "--json", data=data_dir)
    assert json.loads(r.out)["state"] == "pending"
    r = cli("sync", "--once", "--json", data=data_dir)
    assert r.code == 0, r.out + r.err
    assert json.loads(r.out)["complete"]
    r = cli("server", "dossiers", "--unit", UNIT, "--json", data=server.data_dir)
    held = server_set(json.loads(r.out))
    assert list(held) == [dossier_code] and held[dossier_code]["complete"]
    r = cli("server", "status", dossier_code, "done", "--note", "Đã ký", data=server.data_dir)
    assert r.code == 0, r.err
    assert "Có kết quả" in r.out and "done" not in r.out  # the province reads words, not codes
    assert cli("sync", "--once", data=data_dir).code == 0
    r = cli("dossier", "show", dossier_code, "--json", data=data_dir)
    assert json.loads(r.out)["status"] == "done"
    r = cli("server", "station", "list", "--json", data=server.data_dir)
    [st] = json.loads(r.out)
    assert st["state"] == "enrolled" and st["backlog"] == 0 and st["last_push_at"]
    assert json.loads(cli("sync", "status", "--json", data=data_dir).out)["state"] == "synced"


def _json_file(tmp_path, data) -> str:
    path = tmp_path / f"req-{hashlib.sha1(json.dumps(data).encode()).hexdigest()[:8]}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _enrol(store, url, server, unit=UNIT):
    enrol(store, url, server.add_station(unit))
    return config.connect(store)


def _reply(status: str, kind: str | None, body: bytes) -> bytes:
    head = f"HTTP/1.1 {status}\r\n" + (f"Content-Type: {kind}\r\n" if kind else "")
    return (head + f"Content-Length: {len(body)}\r\n\r\n").encode() + body


HOSTILE = {
    "captive portal": _reply("200 OK", "text/html", b"<html><body>Dang nhap Wi-Fi</body></html>"),
    "empty 200": _reply("200 OK", None, b""),
    "truncated json": _reply("200 OK", "application/json", b'{"protocol": 1, "results": ['),
    "wrong schema": _reply("200 OK", "application/json", b'{"ok": true}'),
    "proxy 403 page": _reply("403 Forbidden", "text/html", b"Forbidden"),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hostile_reply_marks_nothing_sent(store, server, kind):
    proxy = FaultProxy(server.port)
    try:
        upstream = _enrol(store, proxy.url, server)
        d = dossiers.receive(store, intake_request(1), actor="canbo")
        # The push reaches the server and commits; the desk gets something else back.
        proxy.set_plan(lambda i, m, path: HOSTILE[kind] if path.startswith("/v1/ops") else None)
        report = sync_once(store, upstream)
        assert report.error and "không đúng giao thức" in report.error
        assert store.scalar("SELECT COUNT(*) FROM outbox WHERE state = 'ACKED'") == 0
        assert status(store).state == "offline"
        proxy.clear()
        report = sync_once(store, upstream)
        assert report.complete and report.duplicate == 1
        assert list(server_set(server.dossiers())) == [d.code]
    finally:
        proxy.close()


def test_protocol_errors_are_refused_by_the_http_client_directly():
    def portal(request):
        return httpx.Response(200, html="<html>login</html>")

    up = HttpUpstream("http://portal.invalid", "t", transport=httpx.MockTransport(portal))
    with pytest.raises(UpstreamProtocolError):
        up.hello()


def test_revoked_station_stops_and_says_so(store, server, cli):
    upstream = _enrol(store, server.url, server)
    assert sync_once(store, upstream).complete
    station_id = store.setting("sync.station_id")
    r = cli("server", "station", "revoke", station_id, data=server.data_dir)
    assert r.code == 0, r.err
    dossiers.receive(store, intake_request(1), actor="canbo")
    report = sync_once(store, upstream)
    assert not report.complete and not report.retryable
    assert status(store).state == "revoked"
    with pytest.raises(UpstreamAuthError):
        upstream.hello()


def test_tls_with_the_provinces_own_certificate(store, tmp_path):
    import trustme

    ca = trustme.CA(key_type=trustme.KeyType.ECDSA)  # RSA keys take seconds to make
    cert = ca.issue_cert("127.0.0.1", key_type=trustme.KeyType.ECDSA)
    cert_pem, key_pem, ca_pem = tmp_path / "cert.pem", tmp_path / "key.pem", tmp_path / "ca.pem"
    cert.cert_chain_pems[0].write_to_path(str(cert_pem))
    cert.private_key_pem.write_to_path(str(key_pem))
    ca.cert_pem.write_to_path(str(ca_pem))
    server = ServerProcess(tmp_path / "server", tls=(cert_pem, key_pem))
    try:
        code = server_code(server)
        with pytest.raises(TlsError) as err:
            enrol(store, server.url, code)  # the system does not trust the province's CA
        assert "chứng chỉ" in str(err.value)
        enrol(store, server.url, code, cert=str(ca_pem))
        dossiers.receive(store, intake_request(1), actor="canbo")
        with config.connect(store) as upstream:
            assert sync_once(store, upstream).complete
    finally:
        server.stop()


def server_code(server) -> str:
    r = httpx.post(
        server.url + "/admin/stations",
        json={"unit": UNIT},
        headers={"Authorization": f"Bearer {server.admin_token}"},
        verify=False,
    )
    return r.json()["enrol_code"]


def test_a_server_clock_ten_minutes_ahead_stops_intake(cli, data_dir, tmp_path):
    ahead = clock.iso(clock.parse(OFFICE_TIME) + timedelta(minutes=10))
    server = ServerProcess(tmp_path / "server", at=ahead)
    try:
        assert cli("enrol", server.url, server.add_station(), data=data_dir).code == 0
        cli("sync", "--once", data=data_dir)
        r = cli("sync", "status", "--json", data=data_dir)
        r = cli(
            "dossier", "new", "--json-file", _json_file(tmp_path, intake_request(1)), data=data_dir
        )
        assert r.code == 4
        assert "lệch với giờ của máy chủ" in r.err
        r = cli("clock", "check", "--json", data=data_dir)
        assert "upstream" in r.out
    finally:
        server.stop()


def test_client_killed_mid_upload_resumes_and_converges(data_dir, tmp_path, office_clock):
    from desk.store import open_store

    server = ServerProcess(tmp_path / "server")
    proxy = FaultProxy(server.port, rate=400_000)  # slow enough to be killed mid-file
    try:
        with open_store(data_dir, clock=office_clock) as store:
            enrol(store, proxy.url, server.add_station())
            d = dossiers.receive(store, intake_request(1), actor="canbo")
            paper = scan(store, d.code, 1, size=3_000_000)
        sha = paper.pdf_sha256
        child = subprocess.Popen(
            desk_argv("--data", data_dir, "sync", "--once"),
            env=faketime_env(),
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while _received(server, sha) < p.CHUNK_SIZE and time.monotonic() < deadline:
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait()
        forget_faketime(child.pid)
        part = _received(server, sha)
        assert 0 < part < 3_000_000, part
        again = subprocess.Popen(
            desk_argv("--data", data_dir, "sync", "--once", "--server", server.url),
            env=faketime_env(),
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        output, _ = again.communicate(timeout=120)
        forget_faketime(again.pid)
        assert again.returncode == 0, output
        held = server_set(server.dossiers())
        assert held[d.code]["complete"]
        size, wire = _file_row(server, sha)
        assert wire - size <= p.CHUNK_SIZE, (wire, size)  # at most one chunk sent twice
    finally:
        proxy.close()
        server.stop()


def _received(server, sha) -> int:
    try:
        with sqlite3.connect(server.data_dir / "server.sqlite", timeout=5) as conn:
            row = conn.execute("SELECT received FROM files WHERE sha256 = ?", [sha]).fetchone()
    except sqlite3.Error:
        return 0
    return row[0] if row else 0


def _file_row(server, sha):
    with sqlite3.connect(server.data_dir / "server.sqlite", timeout=5) as conn:
        return conn.execute("SELECT size, wire_bytes FROM files WHERE sha256 = ?", [sha]).fetchone()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_two_clients_push_the_same_ops_concurrently_over_http(store, tmp_path, backend, request):
    url = request.getfixturevalue("pg_db") if backend == "postgres" else None
    server = ServerProcess(tmp_path / "server", db_url=url)
    try:
        _enrol(store, server.url, server)
        for n in range(30):
            dossiers.receive(store, intake_request(n), actor="canbo")
        from sync.client.local import next_batch

        ops = next_batch(store)
        token = config.token(store)
        barrier = threading.Barrier(3)
        results = []

        def push():
            with HttpUpstream(server.url, token) as up:
                barrier.wait()
                results.append(up.push(p.PushRequest(ops=ops)))

        threads = [threading.Thread(target=push) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        held = server.dossiers()
        assert len(held) == 30 and len({d["code"] for d in held}) == 30
        for i in range(30):
            statuses = sorted(r.results[i].status for r in results)
            assert statuses == ["applied", "duplicate", "duplicate"]
    finally:
        server.stop()


def test_station_scoping_over_http(tmp_path, server, store):
    upstream = _enrol(store, server.url, server)
    d = dossiers.receive(store, intake_request(1), actor="canbo")
    assert sync_once(store, upstream).complete
    other = server.add_station("000.00.88.H88")
    token = "b" * 40
    r = httpx.post(
        server.url + "/v1/enrol",
        json={"code": other, "token_sha256": p.token_sha256(token), "unit_code": "000.00.88.H88"},
    )
    assert r.status_code == 200, r.text
    h = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{server.url}/v1/dossiers/{d.code}", headers=h).status_code == 404
    mine = config.token(store)
    own = httpx.get(
        f"{server.url}/v1/dossiers/{d.code}", headers={"Authorization": f"Bearer {mine}"}
    )
    assert own.status_code == 200 and own.json()["code"] == d.code
    forged = {
        "op_id": "forged-1",
        "seq": 1,
        "entity": "dossier",
        "entity_id": d.id,
        "kind": "dossier.refuse",
        "payload": {"status": "refused"},
        "base_version": 1,
        "created_at": OFFICE_TIME,
    }
    r = httpx.post(f"{server.url}/v1/ops", json={"ops": [forged]}, headers=h)
    assert r.json()["results"][0]["code"] == "forbidden"
    assert server_set(server.dossiers())[d.code]["status"] == "received"
    assert httpx.get(f"{server.url}/v1/hello").status_code == 401


def test_lookup_page_and_its_rate_limit(server, store):
    upstream = _enrol(store, server.url, server)
    d = dossiers.receive(store, intake_request(1), actor="canbo")
    sync_once(store, upstream)
    page = httpx.get(f"{server.url}/tra-cuu/{d.code}")
    assert page.status_code == 200 and "Trần T. T. 1." in page.text
    assert "0912000000" not in page.text and "03830100001" not in page.text
    q = httpx.get(f"{server.url}/tra-cuu", params={"ma": d.code})
    assert d.code in q.text
    codes = [httpx.get(f"{server.url}/v1/lookup/{d.code}").status_code for _ in range(15)]
    assert 429 in codes
