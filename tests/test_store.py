"""The store: durability settings, migrations, transactions, files, audit chain, backup."""

import sqlite3

import pytest

from desk.errors import NotFound, StorageError
from desk.store import audit, open_store, outbox
from desk.store import settings as settings_mod
from desk.store.backup import backup


def test_pragmas_are_durable(empty_store):
    conn = empty_store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_migrations_apply_once_and_reopen(tmp_path):
    with open_store(tmp_path) as s:
        applied = [r["name"] for r in s.query("SELECT name FROM _sqlite_migrations")]
    with open_store(tmp_path) as s:
        again = [r["name"] for r in s.query("SELECT name FROM _sqlite_migrations")]
    assert applied == again
    assert "0001_initial" in applied


def test_write_rolls_back_everything_on_error(empty_store):
    with pytest.raises(RuntimeError), empty_store.write() as db:
        settings_mod.put(db, "office", {"name": "x"}, at=empty_store.now())
        raise RuntimeError("boom")
    assert empty_store.setting("office") is None


def test_nested_writes_join_one_transaction(empty_store):
    with pytest.raises(RuntimeError), empty_store.write():
        empty_store.set_setting("a", 1)
        with empty_store.write() as db:
            settings_mod.put(db, "b", 2, at=empty_store.now())
        raise RuntimeError
    assert empty_store.setting("a") is None and empty_store.setting("b") is None


def test_foreign_keys_are_enforced(empty_store):
    with pytest.raises(sqlite3.IntegrityError), empty_store.write() as db:
        db.execute(
            "INSERT INTO document_pages (document_id, page, sha256) VALUES ('nope', 1, 'nope')"
        )


def test_dotted_settings(empty_store):
    empty_store.set_setting("office.name", "UBND xã Một")
    empty_store.set_setting("office.contact.phone", "0200")
    assert empty_store.setting("office") == {"name": "UBND xã Một", "contact": {"phone": "0200"}}
    assert empty_store.setting("office.contact.phone") == "0200"
    assert empty_store.setting("office.missing", "d") == "d"
    with pytest.raises(NotFound):
        settings_mod.require(empty_store.conn, "printers")


def test_files_are_content_addressed_and_verified(empty_store):
    from desk.store.files import put_file

    digest = put_file(empty_store, b"page one", "image/jpeg")
    assert put_file(empty_store, b"page one", "image/jpeg") == digest
    assert empty_store.scalar("SELECT COUNT(*) FROM files") == 1
    assert empty_store.files.read(digest) == b"page one"
    path = empty_store.files.path_for(digest)
    assert not list(path.parent.glob("*.tmp"))
    path.write_bytes(b"tampered")
    with pytest.raises(StorageError):
        empty_store.files.read(digest)


def test_audit_chain_detects_tampering(empty_store):
    with empty_store.write() as db:
        for i in range(5):
            audit.record(
                db,
                "canbo1",
                "test.action",
                "thing",
                str(i),
                {"i": i, "tên": "Đức"},
                at=empty_store.now(),
            )
    assert audit.verify(empty_store.conn) == (True, None)
    with empty_store.write() as db:
        db.execute("UPDATE audit SET detail = '{\"i\":99}' WHERE entity_id = '2'")
    ok, broken = audit.verify(empty_store.conn)
    assert not ok and broken is not None
    with empty_store.write() as db:
        db.execute('UPDATE audit SET detail = \'{"i":2,"tên":"Đức"}\' WHERE entity_id = \'2\'')
        db.execute("DELETE FROM audit WHERE entity_id = '3'")
    assert audit.verify(empty_store.conn)[0] is False


def test_audit_and_outbox_are_stamped_with_the_office_clock(store, office_clock):
    from desk import dossiers

    office_clock.set("2026-11-26T14:05:00+07:00")
    dossiers.receive(
        store, {"procedure": "1.001193", "applicant": {"name": "Vũ Thị Hoa"}}, actor="a"
    )
    assert (
        store.scalar("SELECT at FROM audit ORDER BY id DESC LIMIT 1") == "2026-11-26T14:05:00+07:00"
    )
    assert store.scalar("SELECT created_at FROM outbox") == "2026-11-26T14:05:00+07:00"
    assert store.scalar("SELECT received_at FROM dossiers") == "2026-11-26T14:05:00+07:00"


def test_outbox_sequence_and_summary(empty_store):
    with empty_store.write() as db:
        ids = [
            outbox.enqueue(
                db, "st", "dossier", f"d{i}", "dossier.received", {"n": i}, at=empty_store.now()
            )
            for i in range(3)
        ]
    rows = empty_store.query("SELECT op_id, seq, state FROM outbox ORDER BY seq")
    assert [r["op_id"] for r in rows] == ids
    assert [r["seq"] for r in rows] == [1, 2, 3]
    assert outbox.pending_summary(empty_store.conn)["pending"] == 3


def test_backup_is_a_consistent_copy(store, tmp_path):
    store.set_setting("office.phone", "0200 123")
    dest = backup(store.conn, tmp_path / "bk", now=store.now())
    assert dest.name == "desk-20261125-093000.sqlite"  # named by office time
    copy = sqlite3.connect(dest)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert "0200 123" in copy.execute("SELECT value FROM settings WHERE key='office'").fetchone()[0]
    copy.close()


def test_unwritable_data_dir_gives_vietnamese_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError) as info:
        open_store(blocker / "sub")
    assert "Không tạo được thư mục dữ liệu" in info.value.message


def test_corrupt_database_gives_vietnamese_error(tmp_path):
    (tmp_path / "desk.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageError) as info:
        open_store(tmp_path)
    assert "sao lưu" in info.value.message


def test_same_content_stored_by_many_threads_at_once_is_whole(empty_store):
    import threading

    data = bytes(range(256)) * 4000
    barrier = threading.Barrier(8)
    errors = []

    def store_it():
        barrier.wait()
        try:
            empty_store.files.write(data)
        except Exception as exc:  # a shared temporary name would clash here
            errors.append(exc)

    threads = [threading.Thread(target=store_it) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    digest = empty_store.files.write(data)
    assert empty_store.files.read(digest) == data
    assert not list(empty_store.files.path_for(digest).parent.glob("*.tmp"))


def test_a_damaged_file_of_the_same_size_is_written_again(empty_store):
    digest = empty_store.files.write(b"trang mot")
    path = empty_store.files.path_for(digest)
    path.write_bytes(b"trang hai")  # same size, other bytes: a disk error
    assert empty_store.files.write(b"trang mot") == digest
    assert empty_store.files.read(digest) == b"trang mot"
