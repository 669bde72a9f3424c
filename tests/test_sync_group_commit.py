"""Group commit on the server: pushes waiting together share one transaction, each keeps
its own outcome, and nobody is answered before the shared COMMIT returned."""

import threading
from contextlib import contextmanager

import pytest

from sync.server.db import ServerDB
from sync.server.writer import GroupWriter


def _db(tmp_path, cls=ServerDB) -> ServerDB:
    db = cls(str(tmp_path / "server.sqlite"))
    with db.tx() as tx:
        tx.execute("CREATE TABLE pushes (name TEXT PRIMARY KEY)")
    return db


def _names(db: ServerDB) -> list[str]:
    with db.tx(write=False) as tx:
        return [r[0] for r in tx.all("SELECT name FROM pushes ORDER BY name")]


def _insert(name: str, seen: list | None = None):
    def apply(tx):
        if seen is not None:
            seen.append(id(tx))
        tx.execute("INSERT INTO pushes (name) VALUES (?)", [name])
        return name

    return apply


def test_pushes_that_wait_together_share_one_commit(tmp_path):
    db = _db(tmp_path)
    writer = GroupWriter(db)
    release = threading.Event()
    started = threading.Event()

    def slow(tx):  # holds the writer while the next five queue up
        started.set()
        release.wait(10)
        tx.execute("INSERT INTO pushes (name) VALUES ('first')")
        return "first"

    try:
        first = writer.submit(slow)
        assert started.wait(10)
        seen: list[int] = []
        later = [writer.submit(_insert(f"p{i}", seen)) for i in range(5)]
        release.set()
        assert first.result(10) == "first"
        assert [f.result(10) for f in later] == [f"p{i}" for i in range(5)]
        assert len(set(seen)) == 1  # one transaction for the five that waited together
        assert _names(db) == ["first", "p0", "p1", "p2", "p3", "p4"]
    finally:
        writer.close()
        db.close()


def test_a_failing_push_takes_back_only_its_own_effects(tmp_path):
    db = _db(tmp_path)
    writer = GroupWriter(db)
    release = threading.Event()

    def hold(tx):
        release.wait(10)

    def half_then_fail(tx):
        tx.execute("INSERT INTO pushes (name) VALUES ('half')")
        raise ValueError("thao tác hỏng")

    try:
        writer.submit(hold)
        good1 = writer.submit(_insert("a"))
        bad = writer.submit(half_then_fail)
        good2 = writer.submit(_insert("b"))
        release.set()
        assert good1.result(10) == "a" and good2.result(10) == "b"
        with pytest.raises(ValueError, match="thao tác hỏng"):
            bad.result(10)
        assert _names(db) == ["a", "b"]  # nothing of the failed push, all of the others
    finally:
        writer.close()
        db.close()


class CommitFails(ServerDB):
    """The disk refuses the commit (full, or gone): the batch must not be acknowledged."""

    fail = False

    @contextmanager
    def _tx(self, write):
        with super()._tx(write) as tx:
            yield tx
            if write and self.fail:
                raise OSError(28, "No space left on device")


def test_when_the_commit_fails_no_push_of_the_batch_is_acknowledged(tmp_path):
    db = _db(tmp_path, CommitFails)
    writer = GroupWriter(db)
    release = threading.Event()
    try:
        db.fail = True
        holder = writer.submit(lambda tx: release.wait(10))
        batch = [writer.submit(_insert(f"p{i}")) for i in range(3)]
        release.set()
        for future in [holder, *batch]:
            with pytest.raises(OSError, match="No space"):
                future.result(10)
        db.fail = False
        assert _names(db) == []
        assert writer.run(_insert("after")) == "after"  # the writer goes on afterwards
        assert _names(db) == ["after"]
    finally:
        writer.close()
        db.close()


def test_a_push_whose_caller_left_before_it_ran_is_not_applied(tmp_path):
    db = _db(tmp_path)
    writer = GroupWriter(db)
    release = threading.Event()
    try:
        writer.submit(lambda tx: release.wait(10))
        gone = writer.submit(_insert("gone"))
        assert gone.cancel()  # the station hung up while it waited
        kept = writer.submit(_insert("kept"))
        release.set()
        assert kept.result(10) == "kept"
        assert _names(db) == ["kept"]
    finally:
        writer.close()
        db.close()
