"""The SQLite file: pragmas for durability, one writer, a connection per thread.

A citizen leaves with a printed receipt, so a dossier acknowledged to the officer
must survive a power cut: WAL with synchronous=FULL, and every change in one
`BEGIN IMMEDIATE` transaction taken through a single writer lock, so that a
second writer waits instead of failing half-way.
"""

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import sqlite_utils

from desk.errors import StorageError

BUSY_TIMEOUT_MS = 10_000


def connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN/COMMIT ourselves; check_same_thread=False
    # lets close() from the owning Store reach connections made on worker threads.
    try:
        conn = sqlite3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
    except sqlite3.DatabaseError as exc:
        raise StorageError(
            f"Không mở được cơ sở dữ liệu {path}: {exc}. Hãy khôi phục từ bản sao lưu gần nhất."
        ) from exc
    if str(mode).lower() != "wal":
        raise StorageError(f"Cơ sở dữ liệu {path} không bật được chế độ WAL (đang là {mode}).")
    return conn


class Database:
    """Connections per thread over one file, and the one way to write."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        self._write_lock = threading.RLock()

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path)
            self._local.conn = conn
            self._local.db = sqlite_utils.Database(conn)
            with self._all_lock:
                self._all.append(conn)
        return conn

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils view of this thread's connection (reads, and writes inside `write()`)."""
        self.conn  # noqa: B018 (opens this thread's connection on first use)
        return self._local.db

    def query(self, sql: str, params=()) -> list[dict]:
        return list(self.db.query(sql, params))

    def one(self, sql: str, params=()) -> dict | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params=()):
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    @contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One unit of work, one transaction; nested calls join the outer one."""
        conn = self.conn
        with self._write_lock:
            if conn.in_transaction:
                yield self.db
                return
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StorageError(
                    "Cơ sở dữ liệu đang bận hoặc bị khóa bởi chương trình khác; hãy thử lại."
                ) from exc
            try:
                yield self.db
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            else:
                try:
                    conn.execute("COMMIT")
                except sqlite3.DatabaseError as exc:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise StorageError(f"Không ghi được dữ liệu: {exc}") from exc

    def close(self) -> None:
        with self._all_lock:
            conns, self._all = self._all, []
        for conn in conns:
            with suppress(sqlite3.Error):
                conn.close()
        self._local = threading.local()
