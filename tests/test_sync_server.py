"""The server's handler on both of its databases (SQLite file, real PostgreSQL): exactly-once
under replays and concurrent duplicates, the change cursor under concurrent writers,
resumable verified files, enrolment and unit scoping."""

import hashlib
import random
import threading
import time

import pytest
from sync_support import UNIT

from sync import protocol as p
from sync.errors import Clash, Forbidden, Gone, Missing, Unacceptable, Unauthorized
from sync.server import admin
from sync.server.core import Server

STAMP = "2026-11-25T09:30:00+07:00"


@pytest.fixture(params=["sqlite", "postgres"])
def server(request, tmp_path, office_clock):
    url = request.getfixturevalue("pg_db") if request.param == "postgres" else None
    s = Server(tmp_path / "server", url, clock=office_clock)
    yield s
    s.close()


def enrolled(server, unit=UNIT, token="tok-" + "a" * 20):
    _st, code = server.add_station(unit)
    server.enrol(p.EnrolRequest(code=code, token_sha256=p.token_sha256(token), unit_code=unit))
    return server.session(token)


def received(n: int, unit=UNIT, *, op_id=None, code=None) -> p.Op:
    dossier_id = f"d-{unit}-{n}"
    return p.Op(
        op_id=op_id or f"op-{unit}-{n}",
        seq=n,
        entity="dossier",
        entity_id=dossier_id,
        kind="dossier.received",
        payload={
            "id": dossier_id,
            "code": code or f"{unit}-261125-{n:04d}",
            "procedure": "1.001193",
            "received_at": STAMP,
            "due_at": "2026-11-27T09:30:00+07:00",
            "applicant": {"name": f"Người Thử {n}"},
            "papers": [{"name": "Tờ khai"}],
        },
        created_at=STAMP,
    )


def step(n: int, op_no: int, base: int, to: str = "in_progress", unit=UNIT) -> p.Op:
    return p.Op(
        op_id=f"op-{unit}-{n}-{op_no}",
        seq=1000 + op_no,
        entity="dossier",
        entity_id=f"d-{unit}-{n}",
        kind="dossier.start",
        payload={"status": to},
        base_version=base,
        created_at=STAMP,
    )


def count(server, sql, args=()):
    with server.db.tx(write=False) as tx:
        return tx.scalar(sql, args)


def test_replays_are_duplicates_and_a_changed_body_is_refused(server):
    s = enrolled(server)
    op = received(1)
    first = s.push(p.PushRequest(ops=[op])).results[0]
    again = s.push(p.PushRequest(ops=[op, op])).results
    assert first.status == "applied"
    assert [r.status for r in again] == ["duplicate", "duplicate"]
    forged = op.model_copy(update={"payload": {**op.payload, "fee": 999}})
    [no] = s.push(p.PushRequest(ops=[forged])).results
    assert no.status == "rejected" and no.code == "op_reused"
    assert count(server, "SELECT COUNT(*) FROM dossiers") == 1
    assert count(server, "SELECT COUNT(*) FROM processed_ops") == 1


def test_two_clients_pushing_the_same_ops_at_once_make_one_row(server):
    s = enrolled(server)
    ops = [received(n) for n in range(1, 21)]
    barrier = threading.Barrier(2)
    results: list[list] = []

    def push():
        barrier.wait()
        results.append(s.push(p.PushRequest(ops=ops)).results)

    threads = [threading.Thread(target=push) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert count(server, "SELECT COUNT(*) FROM dossiers") == 20
    assert count(server, "SELECT COUNT(*) FROM processed_ops") == 20
    for i in range(20):
        statuses = sorted(r[i].status for r in results)
        assert statuses == ["applied", "duplicate"]


def test_steps_in_order_out_of_order_and_conflicting(server):
    s = enrolled(server)
    s.push(p.PushRequest(ops=[received(1)]))
    # A step made on version 2 arrives before the one made on version 1: it waits.
    later = step(1, 2, base=2, to="done")
    [wait] = s.push(p.PushRequest(ops=[later])).results
    assert wait.status == "retry"
    [a, b] = s.push(p.PushRequest(ops=[step(1, 1, base=1), later])).results
    assert (a.status, b.status) == ("applied", "applied")
    assert b.state.version == 3 and b.state.status == "done"
    admin.set_status(server, f"{UNIT}-261125-0001", "refused")
    [c] = s.push(p.PushRequest(ops=[step(1, 3, base=3, to="returned")])).results
    assert c.status == "rejected" and c.code == "conflict" and "cấp tỉnh" in c.reason
    row = admin.dossier_json(server, code=f"{UNIT}-261125-0001")
    assert row["status"] == "refused" and row["conflict"] and len(row["conflicts"]) == 1
    # Behind the conflict, later steps of the dossier are kept too, not applied.
    [d] = s.push(p.PushRequest(ops=[step(1, 4, base=4)])).results
    assert d.code == "conflict"
    assert admin.dossier_json(server, code=f"{UNIT}-261125-0001")["status"] == "refused"


def test_a_station_cannot_touch_another_units_dossiers(server):
    a = enrolled(server, "000.00.01.H01", token="tok-a-" + "x" * 20)
    b = enrolled(server, "000.00.02.H01", token="tok-b-" + "x" * 20)
    a.push(p.PushRequest(ops=[received(1, "000.00.01.H01")]))
    [no] = b.push(p.PushRequest(ops=[step(1, 1, base=1, unit="000.00.01.H01")])).results
    assert no.status == "retry" or no.code == "forbidden"
    # B's own op naming A's dossier by id:
    foreign = step(1, 9, base=1).model_copy(
        update={"entity_id": "d-000.00.01.H01-1", "op_id": "x-9"}
    )
    [no] = b.push(p.PushRequest(ops=[foreign])).results
    assert no.status == "rejected" and no.code == "forbidden"
    [no] = b.push(
        p.PushRequest(ops=[received(2, "000.00.02.H01", code="000.00.01.H01-261125-0002")])
    ).results
    assert no.code == "wrong_unit"
    with pytest.raises(Missing):
        b.dossier("000.00.01.H01-261125-0001")
    admin.set_status(server, "000.00.01.H01-261125-0001", "done")
    assert [c.kind for c in a.changes("").changes] == ["dossier.status"]
    assert b.changes("").changes == []
    assert admin.dossier_json(server, code="000.00.01.H01-261125-0001")["status"] == "done"


def test_enrolment_is_one_time_idempotent_and_revocable(server):
    st, code = server.add_station(UNIT)
    req = p.EnrolRequest(code=code, token_sha256=p.token_sha256("t" * 30), unit_code=UNIT)
    server.enrol(req)
    server.enrol(req)  # the same desk again (its answer was lost): accepted
    with pytest.raises(Clash):
        server.enrol(req.model_copy(update={"token_sha256": p.token_sha256("u" * 30)}))
    with pytest.raises(Unauthorized):
        server.enrol(req.model_copy(update={"code": "AAAA-BBBB-CCCC-DDDD"}))
    _st2, code2 = server.add_station(UNIT)
    with pytest.raises(Forbidden):
        server.enrol(
            p.EnrolRequest(
                code=code2, token_sha256=p.token_sha256("v" * 30), unit_code="000.00.77.H77"
            )
        )
    server.session("t" * 30).hello()
    server.revoke(st["id"])
    with pytest.raises(Unauthorized):
        server.session("t" * 30)


def test_files_resume_at_the_servers_byte_and_are_verified(server):
    s = enrolled(server)
    data = random.Random(3).randbytes(1_000_000)
    sha = hashlib.sha256(data).hexdigest()
    assert s.file_state(sha, len(data)).offset == 0
    s.put_chunk(sha, len(data), 0, data[:300_000])
    with pytest.raises(Clash):  # ahead of what the server holds
        s.put_chunk(sha, len(data), 600_000, data[600_000:700_000])
    st = s.file_state(sha, len(data))
    assert (st.offset, st.present) == (300_000, False)
    s.put_chunk(sha, len(data), 200_000, data[200_000:500_000])  # overlap after a lost reply
    done = s.put_chunk(sha, len(data), 500_000, data[500_000:])
    assert done.present and server.blobs.verify(sha)
    # Bytes that do not hash to the name are never counted present.
    bad = random.Random(4).randbytes(1000)
    fake = hashlib.sha256(b"something else").hexdigest()
    with pytest.raises(Unacceptable):
        s.put_chunk(fake, len(bad), 0, bad)
    assert not s.file_state(fake, len(bad)).present
    assert s.file_state(fake, len(bad)).offset == 0


def test_a_dossier_is_complete_only_when_its_files_are_present(server):
    s = enrolled(server)
    data = b"%PDF-1.4 " + random.Random(5).randbytes(5000)
    sha = hashlib.sha256(data).hexdigest()
    scanned = p.Op(
        op_id="scan-1",
        seq=2,
        entity="document",
        entity_id="doc-1",
        kind="document.scanned",
        payload={
            "code": f"{UNIT}-261125-0001",
            "ordinal": 1,
            "name": "Tờ khai",
            "pdf_sha256": sha,
            "pages": ["x"],
        },
        created_at=STAMP,
    )
    s.push(p.PushRequest(ops=[received(1), scanned]))
    row = admin.dossier_json(server, code=f"{UNIT}-261125-0001")
    assert not row["complete"] and row["files"][0]["present"] is False
    s.put_chunk(sha, len(data), 0, data)
    assert admin.dossier_json(server, code=f"{UNIT}-261125-0001")["complete"]


def test_code_blocks_never_overlap_and_skip_numbers_already_used(server):
    a = enrolled(server, token="tok-1-" + "y" * 20)
    b = enrolled(server, token="tok-2-" + "y" * 20)
    a.push(p.PushRequest(ops=[received(7)]))  # a desk used 0007 before it was a member
    first = a.reserve(p.ReserveRequest(day="2026-11-25", size=5))
    second = b.reserve(p.ReserveRequest(day="2026-11-25", size=5, floor=20))
    assert first.first == 8 and second.first == 21
    assert b.reserve(p.ReserveRequest(day="2026-11-26", size=5)).first == 1


def test_change_cursor_never_skips_rows_under_concurrent_writers(server):
    """The classic trap: sequence numbers given out in one order, committed in another."""
    s = enrolled(server)
    writers, per_writer = 6, 25
    stop = threading.Event()
    seen: list[int] = []

    def write(w: int):
        rng = random.Random(w)
        for i in range(per_writer):
            with server.db.tx() as tx:
                server.add_change(tx, UNIT, "dossier.status", f"x{w}-{i}", {"w": w, "i": i})
                time.sleep(rng.random() * 0.004)  # commit late, after others took numbers

    def read():
        cursor = ""
        while True:
            done = stop.is_set()
            reply = s.changes(cursor, limit=7)
            seen.extend(c.seq for c in reply.changes)
            cursor = reply.cursor
            if done and not reply.more:
                return

    reader = threading.Thread(target=read)
    reader.start()
    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    reader.join()
    assert seen == sorted(seen) and len(seen) == len(set(seen))
    assert len(seen) == writers * per_writer


def test_an_unknown_or_pruned_cursor_is_gone(server):
    s = enrolled(server)
    with pytest.raises(Gone):
        s.changes("someone-else:3")
    for i in range(3):
        with server.db.tx() as tx:
            server.add_change(tx, UNIT, "dossier.status", f"x{i}", {})
    cursor = s.changes("").cursor
    server.prune_changes(below=3)
    with pytest.raises(Gone):
        s.changes(f"{server.server_id}:1")
    assert s.changes(cursor).changes == []
