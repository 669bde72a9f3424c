"""The office's local store: one SQLite file plus a content-addressed file folder.

`open_store` creates the data directory, applies migrations and returns a `Store`.
Everything that changes data goes through `store.write()`.
"""

from datetime import datetime
from pathlib import Path

from desk import clock as clock_mod
from desk.errors import StorageError

from . import settings as settings_mod
from .db import Database
from .files import FileStore
from .migrations import migrations
from .private import make_private_dir, protect_data_dir
from .sealing import Sealer

DB_NAME = "desk.sqlite"


class Store:
    def __init__(
        self,
        data_dir: Path,
        database: Database,
        *,
        clock: clock_mod.Clock | None = None,
        sealer: Sealer | None = None,
    ):
        self.data_dir = Path(data_dir)
        self.database = database
        self.clock = clock or clock_mod.SYSTEM
        self.files = FileStore(self.data_dir / "files", sealer)
        self._cache: dict = {}

    def now(self) -> datetime:
        """Office time from the store's clock (injected in tests and long-running windows)."""
        return self.clock.now()

    # --- reading and writing -------------------------------------------------
    @property
    def db(self):
        return self.database.db

    @property
    def conn(self):
        return self.database.conn

    def write(self):
        return self.database.write()

    def query(self, sql: str, params=()) -> list[dict]:
        return self.database.query(sql, params)

    def one(self, sql: str, params=()) -> dict | None:
        return self.database.one(sql, params)

    def scalar(self, sql: str, params=()):
        return self.database.scalar(sql, params)

    # --- settings --------------------------------------------------------------
    def setting(self, key: str, default=None):
        return settings_mod.get(self.conn, key, default)

    def set_setting(self, key: str, value) -> None:
        with self.write() as db:
            settings_mod.put(db, key, value, at=self.now())

    @property
    def is_initialised(self) -> bool:
        return self.setting("office") is not None and self.setting("station") is not None

    @property
    def station(self) -> dict:
        station = self.setting("station")
        if not station:
            raise StorageError(
                "Máy này chưa được khởi tạo cho văn phòng nào; hãy chạy 'desk init'."
            )
        return station

    def office(self):
        from desk.office import Office

        data = self.setting("office")
        if not data:
            raise StorageError("Chưa có thông tin văn phòng; hãy chạy 'desk init'.")
        known = set(Office.__dataclass_fields__)
        return Office(**{k: v for k, v in data.items() if k in known})

    def cached(self, key, build):
        """Per-store memo for derived read-only objects (catalog, calendar) keyed by version."""
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def close(self) -> None:
        self.database.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_store(
    data_dir: Path,
    *,
    create: bool = True,
    clock: clock_mod.Clock | None = None,
    sealer: Sealer | None = None,
) -> Store:
    data_dir = Path(data_dir)
    path = data_dir / DB_NAME
    if not create and not path.exists():
        raise StorageError(f"Không có dữ liệu văn phòng tại {data_dir}; hãy chạy 'desk init'.")
    try:
        make_private_dir(data_dir, fix_existing=False)  # personal data: this account only
    except OSError as exc:
        raise StorageError(f"Không tạo được thư mục dữ liệu {data_dir}: {exc}") from exc
    database = Database(path)
    with database.write() as db:
        migrations.apply(db)
    protect_data_dir(data_dir)  # the new database file; an older office's modes repaired
    return Store(data_dir, database, clock=clock, sealer=sealer)


__all__ = ["Store", "open_store"]
