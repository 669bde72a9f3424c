"""Backups of the office database: safe to aim, complete while the desk writes, verified.

A backup once aimed at the live database corrupted it, and one taken during a long import
never finished (the online backup API starts over each time another process writes). So:

- the destination is checked before anything is opened: never the database, its WAL or
  SHM, nor anywhere in the data directory except its own `backups/` folder, nor over a file
  that is not an SQLite database (an earlier backup may be replaced, a document may not);
- the copy is `VACUUM INTO` a private temporary file from a read snapshot: in WAL mode the
  desk keeps writing meanwhile, and the copy is one consistent moment, compacted;
- the copy is fsynced and passes `PRAGMA integrity_check` before it takes its final name, so
  "Đã sao lưu" is only ever said about a backup that opens;
- a backup killed half-way leaves `.desk-backup-….part` (and SQLite's `-journal` of it);
  the part is locked while it is written, so the next backup into that folder removes
  those whose lock is free (the OS drops it when the process dies, kill -9 included).

The daily backup keeps a number of copies in `DATA/backups/` and may write one to a USB
stick with the scanned files beside it (see `daily_backup`, `usb_backup`).
"""

import contextlib
import os
import re
import secrets
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desk.errors import StorageError
from desk.store.atomic import copy_atomic, fsync_dir
from desk.store.guard import refuse_data_dir, refuse_foreign_file
from desk.store.private import make_private_dir

BACKUP_DIR = "backups"  # inside the data directory: the daily copies
USB_DIR = "desk-sao-luu"  # on a USB stick: {USB_DIR}/{unit code}/
SQLITE_MAGIC = b"SQLite format 3\x00"
NAME_RE = re.compile(r"^desk-(\d{8})-(\d{6})(?:-\d+)?\.sqlite$")
PART_RE = re.compile(r"^\.desk-backup-(\d+)-[0-9a-f]+\.part(?:-journal)?$")
DEFAULT_KEEP = 14


def database_path(conn: sqlite3.Connection) -> Path:
    """The file behind a connection's main database."""
    for _, name, path in conn.execute("PRAGMA database_list").fetchall():
        if name == "main" and path:
            return Path(path)
    raise StorageError("Cơ sở dữ liệu này không nằm trên đĩa; không sao lưu được.")


def _target(dest: Path, now: datetime) -> Path:
    """A file path; a folder (existing, or named without a suffix) gets a dated name."""
    if dest.is_dir() or not dest.suffix:
        name = f"desk-{now:%Y%m%d-%H%M%S}"
        target, n = dest / f"{name}.sqlite", 2
        while target.exists():  # two backups within one second
            target, n = dest / f"{name}-{n}.sqlite", n + 1
        return target
    return dest


def _hold(fd: int) -> None:
    """Mark a part file as being written: an exclusive lock the OS drops when we die."""
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except ImportError:
        pass  # Windows: an open file cannot be deleted, which protects it the same way


def _abandoned(path: str) -> bool:
    """True when no living process writes `path` (its lock is free)."""
    try:
        import fcntl
    except ImportError:
        return True  # Windows: unlink fails on a file another process has open
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def sweep_parts(folder: Path) -> list[Path]:
    """Remove what killed backups left in `folder` (a part nobody holds, and SQLite's
    journal of it); returns what was removed."""
    removed: list[Path] = []
    try:
        names = {entry.name for entry in os.scandir(folder)}
    except OSError:
        return removed
    for name in sorted(names):
        if not PART_RE.match(name):
            continue
        part = name.removesuffix("-journal")
        if part != name and part in names:
            continue  # goes with its part file
        if part == name and not _abandoned(str(folder / name)):
            continue
        for leftover in (part, part + "-journal"):
            if leftover in names:
                with contextlib.suppress(OSError):
                    os.unlink(folder / leftover)
                    removed.append(folder / leftover)
    return removed


def verify(path: Path) -> None:
    """StorageError unless `path` is a whole SQLite database with the desk's tables."""
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise StorageError(f"Không mở được bản sao lưu {path}: {exc}") from exc
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        ok = [r[0] for r in result] == ["ok"]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error as exc:
        raise StorageError(f"Bản sao lưu {path} hỏng: {exc}") from exc
    finally:
        conn.close()
    if not ok:
        raise StorageError(f"Bản sao lưu {path} không toàn vẹn: {result[0][0]}")
    if "dossiers" not in tables:
        raise StorageError(f"{path} không phải bản sao lưu dữ liệu văn phòng.")


def backup(source: sqlite3.Connection | Path, dest: Path, *, now: datetime) -> Path:
    """Copy the database to `dest` (a file, or a folder: then named by `now`, office time).

    `source` is a connection to the database (or its path); the copy comes from a
    connection of its own. Returns the verified backup's path.
    """
    db_path = database_path(source) if isinstance(source, sqlite3.Connection) else Path(source)
    data_dir = db_path.parent
    target = _target(Path(dest), now)
    refuse_data_dir(target, data_dir, what="nơi sao lưu", allow=(BACKUP_DIR,))
    refuse_foreign_file(
        target,
        magic=(SQLITE_MAGIC,),
        what="bản sao lưu cơ sở dữ liệu",
        hint="Hãy chọn một thư mục hoặc một tên tệp mới.",
    )
    folder = target.parent
    tmp = folder / f".desk-backup-{os.getpid()}-{secrets.token_hex(4)}.part"
    held = None
    try:
        make_private_dir(folder)
        sweep_parts(folder)
        held = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)  # private from birth
        _hold(held)
        reader = sqlite3.connect(str(db_path), timeout=30)
        try:
            reader.execute("PRAGMA busy_timeout = 30000")
            reader.execute("VACUUM INTO ?", [str(tmp)])
        finally:
            reader.close()
        os.fsync(held)  # VACUUM INTO does not sync its output
        verify(tmp)
        os.close(held)
        held = None
        os.replace(tmp, target)
        fsync_dir(folder)
    except StorageError:
        _discard(tmp, held)
        raise
    except (OSError, sqlite3.Error) as exc:
        _discard(tmp, held)
        raise StorageError(f"Không sao lưu được vào {target}: {exc}") from exc
    except BaseException:
        _discard(tmp, held)
        raise
    return target


def _discard(tmp: Path, held: int | None) -> None:
    if held is not None:
        with contextlib.suppress(OSError):
            os.close(held)
    for path in (tmp, tmp.with_name(tmp.name + "-journal")):
        with contextlib.suppress(OSError):
            path.unlink()


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime  # office time, from the name
    size: int


def list_backups(folder: Path) -> list[BackupFile]:
    """The desk's backups in `folder`, newest first (named desk-YYYYMMDD-HHMMSS.sqlite)."""
    from desk.clock import VN_TZ

    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        m = NAME_RE.match(entry.name)
        if not m or not entry.is_file():
            continue
        try:
            taken = datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S")
            size = entry.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(BackupFile(Path(entry.path), taken.replace(tzinfo=VN_TZ), size))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete the desk's backups in `folder` beyond the newest `keep` (never other files)."""
    keep = max(1, int(keep))
    removed = []
    for old in list_backups(folder)[keep:]:
        with contextlib.suppress(OSError):
            old.path.unlink()
            removed.append(old.path)
    return removed


def keep_count(store) -> int:
    value = store.setting("backup.keep", DEFAULT_KEEP)
    return (
        value
        if isinstance(value, int) and not isinstance(value, bool) and value > 0
        else DEFAULT_KEEP
    )


@dataclass
class BackupReport:
    """What a backup run did, for the CLI and the window to say."""

    made: Path | None = None  # None: today's was already there
    usb: Path | None = None
    usb_files: int = 0  # scanned files newly copied to the stick
    removed: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # Vietnamese, for the officer


def daily_backup(store, *, keep: int | None = None, force: bool = False) -> BackupReport:
    """Today's automatic backup (office day) into DATA/backups, then the oldest pruned.

    Once a day: a second call the same day does nothing unless `force`. When the setting
    `backup.usb` names a folder that is present (a plugged-in stick), a copy goes there too.
    """
    folder = store.data_dir / BACKUP_DIR
    make_private_dir(folder)
    report = BackupReport()
    today = store.now().date()
    done_today = any(b.taken_at.date() == today for b in list_backups(folder))
    if force or not done_today:
        report.made = backup(store.conn, folder, now=store.now())
        report.removed = prune(folder, keep or keep_count(store))
    usb = store.setting("backup.usb")
    if isinstance(usb, str) and usb.strip() and (report.made or force):
        if Path(usb).is_dir():
            copy = usb_backup(store, Path(usb), keep=keep)
            report.usb, report.usb_files = copy.usb, copy.usb_files
            report.removed += copy.removed
        else:
            report.notes.append(f"Chưa cắm ổ USB sao lưu ({usb}); lần sau sẽ chép.")
    return report


def usb_backup(store, root: Path, *, keep: int | None = None) -> BackupReport:
    """A backup onto a USB stick (or any folder outside the data directory): the database
    into `{root}/desk-sao-luu/{unit}/`, and the scanned files beside it, copied only when
    missing (they are named by their SHA-256, so a copy is never stale)."""
    root = Path(root)
    if not root.is_dir():
        raise StorageError(f"Không thấy ổ USB hoặc thư mục {root}; hãy cắm ổ rồi thử lại.")
    unit = store.office().unit_code if store.is_initialised else "desk"
    folder = root / USB_DIR / unit
    make_private_dir(folder)  # a folder, though the unit code has dots in it
    report = BackupReport()
    report.usb = backup(store.conn, folder, now=store.now())
    report.removed = prune(folder, keep or keep_count(store))
    report.usb_files = mirror_files(store.data_dir / "files", folder / "files")
    return report


def mirror_files(source: Path, target: Path) -> int:
    """Copy content-addressed files missing from `target`; returns how many were copied."""
    copied = 0
    if not source.is_dir():
        return 0
    for path in source.rglob("*"):
        if not path.is_file() or path.name.startswith("."):
            continue
        dest = target / path.relative_to(source)
        try:
            if dest.exists() and dest.stat().st_size == path.stat().st_size:
                continue
            make_private_dir(dest.parent)
            copy_atomic(path, dest)
        except OSError as exc:
            if getattr(exc, "errno", None) == 28:  # ENOSPC
                raise StorageError(
                    f"Ổ {target} đã đầy: đã chép {copied} tệp số hóa; hãy dùng ổ lớn hơn."
                ) from exc
            raise StorageError(f"Không chép được tệp số hóa vào {target}: {exc}") from exc
        copied += 1
    return copied
