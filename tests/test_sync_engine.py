"""The desk's sync engine against the server's own handler, in-process (no socket):
intake, scans and lifecycle reach the server exactly once; status comes back; conflicts
are kept for a person; code blocks; the clock offset; full resync; USB export/import."""

import html
import json
from datetime import timedelta

import pytest
from sync_support import UNIT, enrol_in_process, intake_request, scan, server_set

from desk import clock_check, dossiers
from desk.clock import FixedClock
from desk.errors import ClockError
from sync.client import accept_upstream, badges, rejected_ops, status, sync_once
from sync.server import admin
from sync.server.app import lookup_html
from sync.server.core import Server


@pytest.fixture
def server(tmp_path, office_clock):
    s = Server(tmp_path / "server", clock=office_clock)
    yield s
    s.close()


@pytest.fixture
def upstream(store, server):
    return enrol_in_process(store, server)


def test_enrolment_makes_a_member_station_with_the_servers_number(store, server, upstream):
    assert store.station["mode"] == "member"
    assert store.station["number"] == 1
    assert store.setting("sync.unit_code") == UNIT
    rows = server.stations(UNIT)
    assert rows[0]["state"] == "enrolled"


def test_intake_scan_and_steps_reach_the_server_once(store, server, upstream):
    a = dossiers.receive(store, intake_request(1), actor="canbo")
    b = dossiers.receive(store, intake_request(2), actor="canbo")
    scan(store, a.code, 1)
    dossiers.start(store, a.code, actor="canbo")
    report = sync_once(store, upstream)
    assert report.complete, report
    held = server_set(admin.dossiers(server, UNIT))
    assert set(held) == {a.code, b.code}
    assert held[a.code]["status"] == "in_progress"
    assert held[a.code]["version"] == 2
    assert held[a.code]["complete"] and held[a.code]["files"][0]["present"]
    sha = held[a.code]["files"][0]["sha256"]
    assert server.blobs.verify(sha)
    # A second sync sends nothing new; replays would be duplicates.
    again = sync_once(store, upstream)
    assert again.pushed == 0 and again.complete
    assert status(store).state == "synced"
    assert set(badges(store).values()) == {"sent"}


def test_codes_come_from_blocks_reserved_upstream(store, server, upstream):
    sync_once(store, upstream)
    blocks = store.query("SELECT day, first, last FROM code_blocks ORDER BY day")
    assert [b["day"] for b in blocks] == ["2026-11-25", "2026-11-26"]
    d = dossiers.receive(store, intake_request(1), actor="canbo")
    assert d.code.endswith("-0001")


def test_offline_member_station_uses_station_scoped_numbers(store, server, upstream):
    # Enrolled, but never synced today: no block in hand → station 01's own numbers.
    d = dossiers.receive(store, intake_request(1), actor="canbo")
    assert d.code.endswith("-01001")
    assert sync_once(store, upstream).complete


def test_two_stations_offline_all_day_never_collide(
    tmp_path, office_template, office_clock, server
):
    import shutil

    from desk.store import open_store

    stores = []
    for i in range(2):
        shutil.copytree(office_template, tmp_path / f"d{i}")
        s = open_store(tmp_path / f"d{i}", clock=office_clock)
        stores.append((s, enrol_in_process(s, server)))
    # Morning online: each reserves a block; then the line is down all day.
    for s, up in stores:
        sync_once(s, up)
    codes = []
    for n in range(70):  # more than one block each: the fallback kicks in
        for s, _ in stores:
            codes.append(dossiers.receive(s, intake_request(n), actor="x").code)
    assert len(set(codes)) == len(codes)
    for s, up in stores:
        assert sync_once(s, up).complete
        s.close()
    assert len(admin.dossiers(server, UNIT)) == 140


def test_status_from_the_province_flows_back(store, server, upstream):
    d = dossiers.receive(store, intake_request(1), actor="canbo")
    sync_once(store, upstream)
    admin.set_status(server, d.code, "done", note="Đã ký kết quả")
    report = sync_once(store, upstream)
    assert report.pulled == 1
    mine = dossiers.get(store, d.code)
    assert mine.status.value == "done" and mine.version == 2
    assert mine.events[-1].kind == "upstream"
    # The desk hands the result back; the province sees it.
    dossiers.return_result(store, d.code, actor="canbo", to="Trần Thị Thử 1")
    assert sync_once(store, upstream).complete
    assert server_set(admin.dossiers(server, UNIT))[d.code]["status"] == "returned"


def test_a_conflict_is_kept_and_settled_by_a_person(store, server, upstream):
    d = dossiers.receive(store, intake_request(1), actor="canbo")
    sync_once(store, upstream)
    # Offline, the desk starts processing; meanwhile the province refuses it.
    dossiers.start(store, d.code, actor="canbo")
    admin.set_status(server, d.code, "refused", note="Sai thẩm quyền")
    report = sync_once(store, upstream)
    assert report.rejected == 1 and not report.complete
    held = server_set(admin.dossiers(server, UNIT))[d.code]
    assert held["status"] == "refused" and held["conflict"]  # not overwritten, flagged
    assert dossiers.get(store, d.code).status.value == "in_progress"  # nor here
    assert badges(store)[d.id] == "conflict"
    [rej] = rejected_ops(store)
    assert rej["reason_code"] == "conflict" and rej["can_accept_upstream"]
    assert status(store).state == "rejected"
    accept_upstream(store, rej["op_id"], actor="canbo")
    assert dossiers.get(store, d.code).status.value == "refused"
    assert sync_once(store, upstream).complete
    assert not server_set(admin.dossiers(server, UNIT))[d.code]["conflict"]
    # From now on the desk's steps apply again.
    assert status(store).state == "synced"


def test_status_change_waits_behind_unsent_local_steps(store, server, upstream):
    d = dossiers.receive(store, intake_request(1), actor="canbo")
    sync_once(store, upstream)
    admin.set_status(server, d.code, "in_progress")
    dossiers.start(store, d.code, actor="canbo")  # local, not yet sent
    from sync.client.engine import SyncReport, pull

    pull(store, upstream, SyncReport())  # news before our push: held, not applied
    assert store.scalar("SELECT COUNT(*) FROM sync_held WHERE applied_at IS NULL") == 1
    assert dossiers.get(store, d.code).version == 2


def test_catalog_and_holidays_are_swapped_atomically(store, server, upstream):
    from desk.calendar import bundled_snapshot
    from desk.catalog import bundled_catalog

    cat = bundled_catalog().to_json()
    cat["version"] = "2026.12-tinh"
    cal = bundled_snapshot().to_json()
    cal["version"] = "2026.12-tinh"
    admin.publish(server, "catalog", cat)
    admin.publish(server, "calendar", cal)
    sync_once(store, upstream)
    assert store.scalar("SELECT version FROM catalog_versions WHERE active = 1") == "2026.12-tinh"
    assert store.scalar("SELECT version FROM calendar_versions WHERE active = 1") == "2026.12-tinh"


def test_online_dossier_arrives_at_the_commune(store, server, upstream):
    online = admin.add_online_dossier(
        server,
        UNIT,
        {
            "procedure": "1.001193",
            "applicant": {"name": "Phạm Văn Mạng"},
            "papers": [{"name": "Tờ khai"}],
        },
    )
    sync_once(store, upstream)
    mine = dossiers.get(store, online["code"])
    assert mine.channel == "online" and mine.applicant.name == "Phạm Văn Mạng"
    # Blocks never hand out its number again.
    later = dossiers.receive(store, intake_request(5), actor="canbo")
    assert later.code != online["code"]


def test_lost_cursor_means_full_resync_without_losing_local_ops(store, server, upstream):
    d = dossiers.receive(store, intake_request(1), actor="canbo")
    sync_once(store, upstream)
    admin.set_status(server, d.code, "in_progress")
    server.prune_changes(below=10)  # the server forgot its feed
    e = dossiers.receive(store, intake_request(2), actor="canbo")  # unsent local work
    report = sync_once(store, upstream)
    assert report.resynced and report.complete
    assert dossiers.get(store, d.code).status.value == "in_progress"
    assert e.code in server_set(admin.dossiers(server, UNIT))


def test_clock_offset_from_the_server_refuses_intake(store, tmp_path, office_clock):
    ahead = FixedClock(office_clock.now() + timedelta(minutes=12))
    server = Server(tmp_path / "server-ahead", clock=ahead)
    upstream = enrol_in_process(store, server)
    sync_once(store, upstream)
    measured = store.setting("clock.upstream")
    assert measured["offset_seconds"] == pytest.approx(720, abs=1)
    problem = clock_check.check(store)
    assert problem is not None and problem.kind == "upstream"
    with pytest.raises(ClockError):
        clock_check.require_plausible(store)
    server.close()


def test_usb_export_and_import_with_the_same_idempotency(store, server, upstream, tmp_path):
    from sync.client import export_pending
    from sync.server.importer import import_dir

    a = dossiers.receive(store, intake_request(1), actor="canbo")
    scan(store, a.code, 7)
    done = export_pending(store, tmp_path / "usb")
    assert done["ops"] == 2 and done["files"] == 1
    first = import_dir(server, tmp_path / "usb")
    assert first["applied"] == 2 and first["files"] == 1
    again = import_dir(server, tmp_path / "usb")
    assert again["applied"] == 0 and again["duplicate"] == 2
    held = server_set(admin.dossiers(server, UNIT))
    assert held[a.code]["complete"]
    # The line comes back: the desk's push is all duplicates, nothing twice.
    report = sync_once(store, upstream)
    assert report.complete and report.duplicate == 2 and report.applied == 0
    assert len(admin.dossiers(server, UNIT)) == 1


def test_lookup_masks_the_citizen(store, server, upstream):
    d = dossiers.receive(store, intake_request(1), actor="canbo")
    sync_once(store, upstream)
    found = admin.lookup(server, d.code)
    text = json.dumps(found, ensure_ascii=False)
    assert found["applicant"] == "Trần T. T. 1."
    for secret in ("03830100001", "0912000000", "Thôn Mẫu"):
        assert secret not in text
    assert found["appointment"] == d.due_at.isoformat(timespec="seconds")
    assert found["procedure"] == d.procedure_name  # the citizen reads a name, not a number
    assert html.escape(d.procedure_name) in lookup_html(found, "")


def test_a_correction_reaches_the_province_or_waits_for_a_person(
    store, server, upstream, cli, data_dir
):
    from desk.dossiers.corrections import correct

    d = dossiers.receive(store, intake_request(1), actor="canbo")
    sync_once(store, upstream)
    fixed = correct(
        store, d.code, {"applicant.phone": "0987654321", "summary": "Bổ sung"}, actor="canbo"
    )
    assert fixed.version == 2 and fixed.summary == "Bổ sung"
    assert sync_once(store, upstream).complete
    held = server.db  # the intake as the province holds it
    with held.tx(write=False) as tx:
        intake = json.loads(tx.scalar("SELECT intake FROM dossiers WHERE code = ?", [d.code]))
    assert intake["applicant"]["phone"] == "0987654321" and intake["summary"] == "Bổ sung"
    # Corrected offline while the province moved it: kept for a person, not applied.
    correct(store, d.code, {"note": "ghi chú"}, actor="canbo")
    admin.set_status(server, d.code, "in_progress")
    report = sync_once(store, upstream)
    assert report.rejected == 1
    assert rejected_ops(store)[0]["reason_code"] == "conflict"
    r = cli("dossier", "correct", d.code, "--set", "applicant.cccd=1", data=data_dir)
    assert r.code != 0 and "Không sửa được trường" in r.err


def test_a_fee_receipt_and_the_step_after_it_both_reach_the_province(store, server, upstream):
    from desk.fee_receipts import issue

    store.set_setting("fee_receipt", {"form": "01BLP0-001", "series": "TN-26P"})
    d = dossiers.receive(
        store,
        {**intake_request(3), "procedure": "2.000815", "papers": [{"name": "Học bạ", "pages": 4}]},
        actor="canbo",
    )
    issue(store, d.code, actor="canbo")
    dossiers.start(store, d.code, actor="canbo")
    report = sync_once(store, upstream)
    assert report.complete, report
    held = server_set(admin.dossiers(server, UNIT))[d.code]
    assert held["status"] == "in_progress" and held["version"] == 3
    assert set(badges(store).values()) == {"sent"}
