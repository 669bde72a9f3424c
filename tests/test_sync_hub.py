"""The office hub end to end, with real parts: the province is a real `desk server` process,
the hub a real `desk hub serve` process (both under faketime at office time), the counter a
real desk store syncing over HTTP with the real client. The relay runs by `desk hub sync
--once` (in-process, the office clock) unless a test starts the hub's own relay thread."""

import hashlib
import json
import sqlite3
import stat
import time

import httpx
import pytest
from sync_support import UNIT, HubProcess, ServerProcess, intake_request, scan, server_set

from desk import dossiers
from desk.catalog import bundled_catalog
from sync import protocol as p
from sync.client import config, enrol, sync_once
from sync.client.http import HttpUpstream

OTHER_UNIT = "000.00.99.H98"


@pytest.fixture
def province(tmp_path):
    s = ServerProcess(tmp_path / "province")
    yield s
    s.stop()


@pytest.fixture
def hub(tmp_path):
    h = HubProcess(tmp_path / "hub")
    yield h
    h.stop()


def _enrol_hub(cli, hub, province) -> None:
    r = cli("hub", "enrol", province.url, province.add_station(), data=hub.data_dir)
    assert r.code == 0, r.err
    assert "Đã đăng ký máy chủ văn phòng" in r.out


def _counter(store, hub):
    """The counter enrolled with the hub over HTTP (a member station of the hub's unit)."""
    enrol(store, hub.url, hub.add_station())
    return config.connect(store)


def _relay(cli, hub, *, ok: bool = True) -> dict:
    r = cli("hub", "sync", "--once", "--json", data=hub.data_dir)
    report = json.loads(r.out)
    assert (r.code == 0) is ok, r.out + r.err
    assert report["complete"] is ok
    return report


def _take_in(store, n: int = 1):
    d = dossiers.receive(store, intake_request(n), actor="canbo")
    scan(store, d.code, seed=n)
    return d


def _rows(data_dir, sql: str, args=()) -> list[tuple]:
    db = sqlite3.connect(data_dir / "server.sqlite")
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def _pdf_sha(store, code: str) -> str:
    return store.scalar(
        "SELECT s.pdf_sha256 FROM documents s JOIN dossiers d ON d.id = s.dossier_id"
        " WHERE d.code = ? AND s.pdf_sha256 IS NOT NULL",
        [code],
    )


def test_a_dossier_with_its_scan_reaches_the_province_once_and_complete(cli, store, province, hub):
    _enrol_hub(cli, hub, province)
    upstream = _counter(store, hub)
    d = _take_in(store)
    report = sync_once(store, upstream)
    assert report.complete and report.applied >= 2, report.to_json()
    assert province.dossiers() == []  # only the hub has it so far

    relayed = _relay(cli, hub)
    assert relayed["applied"] == relayed["pushed"] >= 2 and relayed["upload"]["files"] == 1

    [held] = province.dossiers()
    sha = _pdf_sha(store, d.code)
    assert held["code"] == d.code and held["complete"] and held["status"] == "received"
    assert [f["sha256"] for f in held["files"]] == [sha]
    blob = province.data_dir / "blobs" / sha[:2] / sha[2:4] / sha
    assert hashlib.sha256(blob.read_bytes()).hexdigest() == sha
    # The province holds each op with the hub's id and body: replays anywhere are duplicates.
    at_hub = _rows(hub.data_dir, "SELECT op_id, body_sha256 FROM processed_ops ORDER BY op_id")
    at_province = _rows(
        province.data_dir, "SELECT op_id, body_sha256 FROM processed_ops ORDER BY op_id"
    )
    assert at_province == at_hub
    st = json.loads(cli("hub", "status", "--json", data=hub.data_dir).out)
    assert st["enrolled"] and st["ops_waiting"] == 0 and st["files_waiting"] == 0
    assert st["last_success_at"] and st["last_error"] is None and st["unit"] == UNIT
    assert stat.S_IMODE((hub.data_dir / "hub-token").stat().st_mode) == 0o600
    # The processing status is the province's: an enrolled hub does not make one of its own.
    r = hub.admin("POST", f"/admin/dossiers/{d.code}/status", json={"status": "done"})
    assert r.status_code == 409 and "máy chủ của tỉnh" in r.json()["message"]


def test_replays_change_nothing_at_the_province(cli, store, province, hub):
    _enrol_hub(cli, hub, province)
    upstream = _counter(store, hub)
    d = _take_in(store)
    assert sync_once(store, upstream).complete
    _relay(cli, hub)
    before = _rows(province.data_dir, "SELECT op_id, status, result FROM processed_ops")

    again = _relay(cli, hub)  # nothing left to relay
    assert again["pushed"] == 0 and again["applied"] == 0
    # The counter sends every op again (a lost reply): duplicates at the hub, nothing relayed.
    with store.write() as db:
        db.execute("UPDATE outbox SET state = 'PENDING'")
    report = sync_once(store, upstream)
    assert report.complete and report.duplicate >= 2 and report.applied == 0
    assert _relay(cli, hub)["pushed"] == 0
    # The same ops pushed straight to the province (a desk enrolled there with copies of them):
    # the province answers duplicate for every one, so the bodies are identical.
    ops = [
        p.Op(
            op_id=r["op_id"],
            seq=r["seq"],
            entity=r["entity"],
            entity_id=r["entity_id"],
            kind=r["kind"],
            payload=json.loads(r["payload"]),
            base_version=r["base_version"],
            created_at=r["created_at"],
        )
        for r in store.query("SELECT * FROM outbox ORDER BY seq")
    ]
    token = json.loads((hub.data_dir / "hub-token").read_text())["token"]
    with HttpUpstream(province.url, token) as direct:
        reply = direct.push(p.PushRequest(ops=ops))
    assert {r.status for r in reply.results} == {"duplicate"}
    after = _rows(province.data_dir, "SELECT op_id, status, result FROM processed_ops")
    assert sorted(after) == sorted(before)
    assert list(server_set(province.dossiers())) == [d.code]


def test_a_status_from_the_province_reaches_the_counter_and_versions_stay_in_step(
    cli, store, province, hub
):
    _enrol_hub(cli, hub, province)
    upstream = _counter(store, hub)
    d = _take_in(store)
    assert sync_once(store, upstream).complete
    _relay(cli, hub)
    r = province.admin(
        "POST", f"/admin/dossiers/{d.code}/status", json={"status": "in_progress", "note": "Thụ lý"}
    )
    assert r.status_code == 200, r.text
    version = r.json()["version"]

    pulled = _relay(cli, hub)
    assert pulled["pulled"] == 1
    assert httpx.get(f"{hub.url}/v1/lookup/{d.code}").json()["status"] == "in_progress"
    report = sync_once(store, upstream)
    assert report.complete and report.pulled == 1
    shown = dossiers.get(store, d.code)
    assert shown.status.value == "in_progress" and shown.version == version

    # Applying the province's change again (the hub's cursor lost) changes nothing.
    feed = _rows(hub.data_dir, "SELECT COUNT(*) FROM changes")
    db = sqlite3.connect(hub.data_dir / "server.sqlite")
    db.execute("UPDATE meta SET value = json_set(value, '$.cursor', '') WHERE key = 'hub_state'")
    db.commit()
    db.close()
    assert _relay(cli, hub)["pulled"] >= 1
    assert _rows(hub.data_dir, "SELECT COUNT(*) FROM changes") == feed

    # The counter's next step is made on the province's version: applied at both, no conflict.
    dossiers.finish(store, d.code, actor="canbo")
    assert sync_once(store, upstream).complete
    assert _relay(cli, hub)["applied"] == 1
    [held] = province.dossiers()
    assert held["status"] == "done" and held["version"] == version + 1 and not held["conflict"]


def test_with_the_province_down_the_office_goes_on_and_the_relay_catches_up(
    cli, store, province, hub, tmp_path
):
    _enrol_hub(cli, hub, province)
    upstream = _counter(store, hub)
    province.stop()

    d = _take_in(store)
    report = sync_once(store, upstream)
    assert report.complete, report.to_json()
    # The hub never got numbers from the province: the counter numbers in its own space.
    assert report.blocks == 0 and len(d.code.rsplit("-", 1)[1]) == 5
    found = httpx.get(f"{hub.url}/v1/lookup/{d.code}").json()
    assert found["code"] == d.code and found["applicant"] == "Trần T. T. 1."
    page = httpx.get(f"{hub.url}/tra-cuu/{d.code}")
    assert page.status_code == 200 and "Trần T. T. 1." in page.text
    assert "0383010" not in page.text + json.dumps(found)  # no ID number

    r = cli("hub", "sync", "--once", data=hub.data_dir)
    assert r.code != 0
    assert "Không kết nối được máy chủ" in r.out and "chưa được tỉnh xác nhận" in r.out
    st = json.loads(cli("hub", "status", "--json", data=hub.data_dir).out)
    assert st["ops_waiting"] >= 2 and st["files_waiting"] == 1 and st["files_waiting_bytes"] > 0
    assert "Không kết nối được" in st["last_error"] and st["error_since"]
    text = cli("hub", "status", data=hub.data_dir).out
    assert "Chờ chuyển lên tỉnh" in text and "Lỗi gần nhất" in text

    back = ServerProcess(province.data_dir, port=province.port)
    try:
        _relay(cli, hub)
        [held] = back.dossiers()
        assert held["code"] == d.code and held["complete"]
        st = json.loads(cli("hub", "status", "--json", data=hub.data_dir).out)
        assert st["ops_waiting"] == 0 and st["last_error"] is None
    finally:
        back.stop()


def test_the_hub_serves_one_unit(cli, hub):
    r = hub.admin("POST", "/admin/stations", json={"unit": OTHER_UNIT})
    assert r.status_code == 403 and "chỉ phục vụ đơn vị" in r.json()["message"]
    r = cli("server", "station", "add", "--unit", OTHER_UNIT, data=hub.data_dir)
    assert r.code != 0 and "chỉ phục vụ đơn vị" in r.err
    assert hub.add_station()  # its own unit: fine
    r = cli("hub", "serve", "--unit", OTHER_UNIT, "--port", "1", data=hub.data_dir)
    assert r.code != 0 and f"không chạy cho đơn vị {OTHER_UNIT}" in r.err


def test_a_hub_not_enrolled_keeps_everything_and_says_so(cli, store, hub):
    upstream = _counter(store, hub)
    _take_in(store)
    assert sync_once(store, upstream).complete
    r = cli("hub", "sync", "--once", data=hub.data_dir)
    assert r.code != 0 and "chưa đăng ký với máy chủ của tỉnh" in r.out
    st = json.loads(cli("hub", "status", "--json", data=hub.data_dir).out)
    assert not st["enrolled"] and st["ops_waiting"] >= 2


def test_online_dossiers_and_the_catalog_come_down_through_the_hub(cli, store, province, hub):
    _enrol_hub(cli, hub, province)
    upstream = _counter(store, hub)
    r = province.admin(
        "POST",
        f"/admin/units/{UNIT}/online-dossiers",
        json={
            "procedure": "1.001193",
            "applicant": {"name": "Lê Văn Mẫu"},
            "papers": [{"name": "Tờ khai"}],
        },
    )
    assert r.status_code == 200, r.text
    code = r.json()["code"]
    cat = bundled_catalog().to_json()
    cat["version"] = "2026.12-tinh"
    assert province.admin("POST", "/admin/snapshots/catalog", json=cat).status_code == 200
    assert _relay(cli, hub)["pulled"] == 2
    assert _relay(cli, hub)["pulled"] == 0  # once
    report = sync_once(store, upstream)
    assert report.complete and report.pulled >= 2
    mine = dossiers.get(store, code)
    assert mine.status.value == "received" and mine.applicant.name == "Lê Văn Mẫu"
    assert store.scalar("SELECT version FROM catalog_versions WHERE active = 1") == "2026.12-tinh"
    # The hub never hands out that number in a block.
    nxt = _rows(hub.data_dir, "SELECT MAX(next) FROM code_next")[0][0]
    assert nxt > int(code.rsplit("-", 1)[1])


def test_the_hubs_own_relay_thread_takes_it_up(cli, store, province, tmp_path):
    hub = HubProcess(tmp_path / "hub-auto", relay_every=1)
    try:
        _enrol_hub(cli, hub, province)
        upstream = _counter(store, hub)
        d = _take_in(store)
        assert sync_once(store, upstream).complete
        deadline = time.monotonic() + 60
        held = {}
        while time.monotonic() < deadline:
            held = server_set(province.dossiers())
            if d.code in held and held[d.code]["complete"]:
                break
            time.sleep(0.2)
        assert d.code in held and held[d.code]["complete"], hub.read_log()
    finally:
        hub.stop()


def test_counters_number_from_the_provinces_blocks_held_by_the_hub(cli, store, province, hub):
    _enrol_hub(cli, hub, province)
    upstream = _counter(store, hub)
    _relay(cli, hub)  # the hub takes a pool of numbers from the province
    pool = _rows(hub.data_dir, "SELECT day, first, last FROM hub_blocks ORDER BY day")
    assert [(f, la) for _d, f, la in pool] == [(1, 200), (1, 200)]
    report = sync_once(store, upstream)
    assert report.complete and report.blocks == 2
    # The province numbers an online dossier past the hub's pool: no code meets twice.
    r = province.admin(
        "POST",
        f"/admin/units/{UNIT}/online-dossiers",
        json={"procedure": "1.001193", "applicant": {"name": "Lê Văn Mẫu"}, "papers": []},
    )
    assert r.json()["code"].endswith("-0201")
    d = _take_in(store)
    assert d.code.endswith("-0001")
    assert sync_once(store, upstream).complete
    assert _relay(cli, hub)["rejected"] == 0
    assert set(server_set(province.dossiers())) == {d.code, r.json()["code"]}


# --- the relay's bookkeeping, in-process (the hub and the province as handlers) -------------
@pytest.fixture
def pair(tmp_path, office_clock):
    from sync.server import office
    from sync.server.core import Server

    province = Server(tmp_path / "province-ip", clock=office_clock)
    hub = Server(tmp_path / "hub-ip", clock=office_clock)
    office.claim_unit(hub, UNIT)
    yield hub, province
    hub.close()
    province.close()


def _upstream_of(hub, province):
    """The hub's station at the province, in-process (LocalUpstream: the same errors)."""
    from sync.server.core import LocalUpstream

    _st, code = province.add_station(UNIT)
    token = "hub-" + "b" * 30
    province.enrol(p.EnrolRequest(code=code, token_sha256=p.token_sha256(token), unit_code=UNIT))
    return LocalUpstream(province.session(token))


def test_a_refusal_at_the_province_is_kept_and_its_dossier_waits(store, pair):
    from sync_support import enrol_in_process

    from sync.server import admin
    from sync.server.hub import status
    from sync.server.relay import relay_once

    hub, province = pair
    counter = enrol_in_process(store, hub)
    assert sync_once(store, counter).complete  # blocks from the hub's own counter (not enrolled)
    d = dossiers.receive(store, intake_request(1), actor="canbo")
    assert d.code.endswith("-0001")
    dossiers.start(store, d.code, actor="canbo")
    assert sync_once(store, counter).complete
    upstream = _upstream_of(hub, province)
    # The province gave the same number to an online dossier: the relayed intake is refused.
    admin.add_online_dossier(province, UNIT, {"procedure": "1.001193", "applicant": {"name": "A"}})
    report = relay_once(hub, upstream)
    assert report.rejected == 1 and report.applied == 0 and not report.complete
    st = status(hub)
    [kept] = st["set_aside"]
    assert kept["code"] == "code_taken" and "đã được dùng" in kept["reason"]
    assert kept["dossier"] == d.code and st["ops_waiting"] == 1  # the start waits behind it
    again = relay_once(hub, upstream)
    assert again.pushed == 0 and again.rejected == 0  # no hot loop on bad data


def test_an_op_the_hub_cannot_rebuild_exactly_is_set_aside_never_sent_altered(store, pair):
    from sync_support import enrol_in_process

    from sync.server import admin
    from sync.server.hub import status
    from sync.server.relay import relay_once

    hub, province = pair
    counter = enrol_in_process(store, hub)
    d = _take_in(store)
    assert sync_once(store, counter).complete
    with hub.db.tx() as tx:  # a row from before entity ids were kept
        tx.execute("UPDATE processed_ops SET entity = NULL WHERE kind = 'document.scanned'")
    report = relay_once(hub, _upstream_of(hub, province))
    assert report.unrelayable == 1 and report.applied == 1  # the intake went
    assert not report.complete
    [kept] = status(hub)["set_aside"]
    assert kept["state"] == "unrelayable" and kept["kind"] == "document.scanned"
    assert [x["code"] for x in admin.dossiers(province, UNIT)] == [d.code]


def test_the_schema_step_gives_old_rows_their_entity_back(tmp_path, office_clock):
    from sync.server import schema
    from sync.server.core import Server
    from sync.server.db import ServerDB

    op = p.Op(
        op_id="op-old-1",
        seq=1,
        entity="dossier",
        entity_id="d-old-1",
        kind="dossier.start",
        payload={"code": f"{UNIT}-261125-0001"},
        base_version=1,
        created_at="2026-11-25T09:30:00+07:00",
    )
    db = ServerDB(str(tmp_path / "old" / "server.sqlite"))
    with db.tx() as tx:
        tx.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        for stmt in schema.STEPS[0][1].split(";\n"):
            if stmt.strip():
                tx.execute(stmt)
        tx.execute("INSERT INTO meta (key, value) VALUES ('schema:0001_initial', 'applied')")
        tx.execute(
            "INSERT INTO processed_ops (op_id, station_id, seq, body_sha256, kind, dossier_id,"
            " status, result, payload, base_version, created_at, received_at)"
            " VALUES (?, 's', 1, ?, ?, ?, 'applied', '{}', ?, 1, ?, ?)",
            [
                op.op_id,
                p.op_body_sha256(op),
                op.kind,
                op.entity_id,
                json.dumps(op.payload),
                op.created_at,
                op.created_at,
            ],
        )
    db.close()
    server = Server(tmp_path / "old", clock=office_clock)
    try:
        with server.db.tx(write=False) as tx:
            row = tx.one("SELECT entity, entity_id FROM processed_ops")
            assert row == ("dossier", "d-old-1")
        from sync.server.relay import next_batch

        batch, _ = next_batch(server, set())
        assert batch == [op]  # rebuilt exactly: the same body hash
    finally:
        server.close()


def test_the_relay_thread_waits_when_not_enrolled_and_stops_at_once(pair, monkeypatch):
    from sync.server import hub as hub_mod

    hub, _province = pair
    looked = []
    monkeypatch.setattr(hub_mod.office, "is_enrolled", lambda server: looked.append(1) or False)
    thread = hub_mod.RelayThread(hub, every=3600)
    thread.start()
    hub.news.set()  # a push arrived: one more look, not a busy loop
    time.sleep(0.3)
    thread.stop()
    assert not thread.is_alive() and 1 <= len(looked) <= 3


def test_a_unit_syncs_through_its_hub_or_directly_never_both(cli, store, province, hub):
    from sync.errors import UpstreamRefused

    _enrol_hub(cli, hub, province)
    [st] = province.admin("GET", "/admin/stations").json()
    assert st["mode"] == "hub" and st["state"] == "enrolled"
    with pytest.raises(UpstreamRefused, match="đồng bộ qua máy chủ văn phòng"):
        enrol(store, province.url, province.add_station())


def test_a_hub_is_refused_where_the_unit_has_direct_stations(store, pair):
    from sync_support import enrol_in_process

    from sync.errors import Clash
    from sync.server import office

    hub, province = pair
    enrol_in_process(store, province)  # a PC of the unit enrolled straight with the province
    _st, code = province.add_station(UNIT)
    with pytest.raises(Clash, match="đã có máy trạm đăng ký trực tiếp"):
        office.enrol(hub, "http://in-process", code, upstream=province)
    assert not office.is_enrolled(hub)


def test_a_cursor_the_province_forgot_brings_its_snapshot_to_the_hub(store, pair):
    from sync_support import enrol_in_process

    from sync.server import admin, office
    from sync.server.relay import relay_once

    hub, province = pair
    counter = enrol_in_process(store, hub)
    d = dossiers.receive(store, intake_request(1), actor="canbo")
    assert sync_once(store, counter).complete
    upstream = _upstream_of(hub, province)
    assert relay_once(hub, upstream).complete
    changed = admin.set_status(province, d.code, "in_progress")
    with province.db.tx() as tx:
        top = tx.scalar("SELECT value FROM counters WHERE name = 'changes'")
    province.prune_changes(top)  # the hub's cursor (before the status) is below the floor now
    report = relay_once(hub, upstream)
    assert report.complete and report.resynced
    assert admin.lookup(hub, d.code)["status"] == "in_progress"
    assert office.state(hub)["cursor"] == f"{province.server_id}:{top}"
    assert sync_once(store, counter).complete
    assert dossiers.get(store, d.code).version == changed["version"]
    again = relay_once(hub, upstream)  # the snapshot again changes nothing more
    assert again.complete and not again.resynced and again.pulled == 0


def test_the_hub_can_speak_tls_on_the_lan(store, tmp_path):
    """An office that wants its LAN encrypted gives the hub a certificate; the counters pin
    the office's own CA as they would the province's."""
    import ssl

    import trustme

    ca = trustme.CA(key_type=trustme.KeyType.ECDSA)
    cert = ca.issue_cert("127.0.0.1", key_type=trustme.KeyType.ECDSA)
    cert_pem, key_pem, ca_pem = tmp_path / "cert.pem", tmp_path / "key.pem", tmp_path / "ca.pem"
    cert.cert_chain_pems[0].write_to_path(str(cert_pem))
    cert.private_key_pem.write_to_path(str(key_pem))
    ca.cert_pem.write_to_path(str(ca_pem))
    hub = HubProcess(tmp_path / "hub", tls=(cert_pem, key_pem))
    office_ca = ssl.create_default_context(cafile=str(ca_pem))
    try:
        assert hub.url.startswith("https://")
        r = httpx.post(
            hub.url + "/admin/stations",
            json={"unit": UNIT},
            headers={"Authorization": f"Bearer {hub.admin_token}"},
            verify=office_ca,
        )
        enrol(store, hub.url, r.json()["enrol_code"], cert=str(ca_pem))
        d = dossiers.receive(store, intake_request(1), actor="canbo")
        with config.connect(store) as upstream:
            assert sync_once(store, upstream).complete
        found = httpx.get(f"{hub.url}/v1/lookup/{d.code}", verify=office_ca).json()
        assert found["code"] == d.code and found["procedure"] == d.procedure_name
    finally:
        hub.stop()


def test_a_hubs_data_is_not_served_as_the_provinces(hub):
    """Started as `desk server`, the hub's data would take other units and stop relaying."""
    from helpers import free_port, run_desk

    ran = run_desk("--data", hub.data_dir, "server", "--port", str(free_port()), timeout=60)
    assert ran.returncode != 0
    err = ran.stderr.decode("utf-8")
    assert "máy chủ văn phòng" in err and "desk hub serve" in err
