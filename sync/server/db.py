"""The server's database: SQLite for a small province or an office, PostgreSQL by URL.

One thin adapter so the same SQL runs on both: `?` placeholders (turned into `%s` for
psycopg), explicit BEGIN/COMMIT, savepoints, and `FOR UPDATE` where PostgreSQL needs a
row lock (SQLite's BEGIN IMMEDIATE already serialises writers). Connections are per
thread: uvicorn runs each request in a worker thread.
"""

import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sync.errors import ServerError

SQLITE_BUSY_MS = 30_000


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


class Tx:
    """One transaction's cursor: `?` placeholders on both backends."""

    def __init__(self, conn, postgres: bool):
        self.conn = conn
        self.postgres = postgres
        self.for_update = " FOR UPDATE" if postgres else ""
        self._savepoints = 0

    def execute(self, sql: str, params: tuple | list = ()):
        if self.postgres:
            if not params:
                return self.conn.execute(sql)
            sql = sql.replace("?", "%s")
        return self.conn.execute(sql, params)

    def one(self, sql: str, params: tuple | list = ()) -> tuple | None:
        return self.execute(sql, params).fetchone()

    def all(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        return list(self.execute(sql, params).fetchall())

    def scalar(self, sql: str, params: tuple | list = ()) -> Any:
        row = self.one(sql, params)
        return row[0] if row else None

    def dicts(self, sql: str, params: tuple | list = ()) -> list[dict]:
        cur = self.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Undo one operation's effect without losing the rest of the batch."""
        self._savepoints += 1
        name = f"sp{self._savepoints}"
        self.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.execute(f"ROLLBACK TO SAVEPOINT {name}")
            self.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            self.execute(f"RELEASE SAVEPOINT {name}")


class ServerDB:
    def __init__(self, url: str, data_dir: Path | None = None):
        self.url = url
        self.postgres = is_postgres(url)
        if not self.postgres:
            path = re.sub(r"^sqlite:///?", "", url) if url.startswith("sqlite:") else url
            self.path = Path(path)
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._all: list = []
        self._lock = threading.Lock()
        # SQLite has one writer at a time; queueing on a lock here is fair and prompt,
        # where SQLite's own busy handler sleeps up to 100 ms between tries.
        self._write_lock = threading.Lock() if not self.postgres else None

    def _connect(self):
        if self.postgres:
            import psycopg

            try:
                conn = psycopg.connect(self.url, autocommit=True)
            except psycopg.Error as exc:
                raise ServerError(
                    f"Không kết nối được cơ sở dữ liệu PostgreSQL: {exc}", status=503
                ) from exc
            return conn
        conn = sqlite3.connect(
            str(self.path),
            isolation_level=None,
            check_same_thread=False,
            timeout=SQLITE_BUSY_MS / 1000,
        )
        conn.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    @property
    def conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is not None and self.postgres and conn.closed:
            conn = None
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def tx(self, *, write: bool = True) -> Iterator[Tx]:
        """One transaction; committed when the block ends without an exception."""
        lock = self._write_lock if write else None
        if lock is not None:
            lock.acquire()
        try:
            with self._tx(write) as tx:
                yield tx
        finally:
            if lock is not None:
                lock.release()

    @contextmanager
    def _tx(self, write: bool) -> Iterator[Tx]:
        conn = self.conn
        tx = Tx(conn, self.postgres)
        begin = "BEGIN" if self.postgres or not write else "BEGIN IMMEDIATE"
        try:
            conn.execute(begin)
        except Exception:
            self._drop(conn)
            raise
        try:
            yield tx
        except BaseException:
            with suppress(Exception):
                conn.execute("ROLLBACK")
            if self.postgres and getattr(conn, "closed", False):
                self._drop(conn)
            raise
        else:
            try:
                conn.execute("COMMIT")
            except Exception:
                with suppress(Exception):
                    conn.execute("ROLLBACK")
                raise

    def _drop(self, conn) -> None:
        self._local.conn = None
        with suppress(Exception):
            conn.close()

    def close(self) -> None:
        with self._lock:
            conns, self._all = self._all, []
        for conn in conns:
            with suppress(Exception):
                conn.close()
        self._local = threading.local()
