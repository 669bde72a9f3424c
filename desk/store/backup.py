"""Backups through SQLite's online backup API: consistent while the desk keeps working."""

import sqlite3
from datetime import datetime
from pathlib import Path

from desk.errors import StorageError


def backup(source: sqlite3.Connection, dest: Path, *, now: datetime) -> Path:
    """Copy the database to `dest` (a file, or a folder: then named by `now`, office time)."""
    dest = Path(dest)
    if dest.is_dir() or not dest.suffix:
        dest = dest / f"desk-{now:%Y%m%d-%H%M%S}.sqlite"
    tmp = dest.with_name(dest.name + ".part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(str(tmp))
        try:
            source.backup(target, pages=1024)
            ok = target.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            target.close()
        if ok != "ok":
            raise StorageError(f"Bản sao lưu {dest} không toàn vẹn: {ok}")
        tmp.replace(dest)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"Không sao lưu được vào {dest}: {exc}") from exc
    return dest
