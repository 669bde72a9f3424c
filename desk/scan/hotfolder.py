"""The hot folder (thư mục máy quét): a folder any scanner's own software saves into.

A scanner writes a file over seconds, often under a temporary name, so a file is taken only
once its size and modification time have stayed the same for a settle time and it decodes.
Every file taken or refused is written to the store's ledger (name, size, mtime, SHA-256):
it is never taken twice, not after a restart and not when the same scan is copied in again
under another name. A file that settled but does not decode is refused once, with a message
the officer can act on, and left where it is. Taken files move to `da-nhan/` so the officer
sees what was picked up. No Qt: the window polls this on a timer through its runner.
"""

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desk import clock
from desk.errors import ImageError, InvalidInput, NotFound
from desk.inputs import read_file
from desk.scan.imageio import MAX_FILE_BYTES, page_blobs
from desk.store.guard import refuse_data_dir

SETTLE_SECONDS = 2.0
DONE_DIR = "da-nhan"
# names scanner software, browsers and editors use while a file is still being written
IGNORED_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".lock")
IGNORED_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}


@dataclass(frozen=True)
class Arrival:
    """A complete file taken from the folder, decoded and cut into the pages to keep."""

    name: str
    path: Path  # where it is now (in the done folder once moved)
    data: bytes
    sha256: str
    blobs: list[bytes] = field(repr=False)  # one per page (imageio.page_blobs)


@dataclass(frozen=True)
class Refusal:
    name: str
    message: str  # Vietnamese, for the officer
    duplicate: bool = False


@dataclass
class Poll:
    taken: list[Arrival] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)  # still being written or settling


def _too_big(size: int) -> str:
    mb = 1024 * 1024
    return (
        f"tệp quá lớn ({size // mb} MB, tối đa {MAX_FILE_BYTES // mb} MB); hãy quét ở độ "
        "phân giải thấp hơn hoặc chia thành nhiều tệp."
    )


def ignored(name: str) -> bool:
    low = name.lower()
    return low.startswith((".", "~")) or low.endswith(IGNORED_SUFFIXES) or low in IGNORED_NAMES


class HotFolder:
    """Polls one folder; remembers in memory how long each file has been still."""

    def __init__(
        self,
        path: str | Path,
        ledger,
        *,
        settle: float = SETTLE_SECONDS,
        done_dir: str | None = DONE_DIR,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.path = Path(path)
        data_dir = getattr(ledger, "data_dir", None)
        if data_dir is not None:  # it moves what it takes: never the store's own files
            refuse_data_dir(self.path, data_dir, what="thư mục máy quét")
        self.ledger = ledger
        self.settle = float(settle)
        self.done_dir = done_dir
        self.clock = clock
        self._key = str(self.path.resolve())
        self._seen: dict[str, tuple[tuple[int, int], float]] = {}  # name → (size, mtime), since

    def poll(
        self, now: float | None = None, deliver: Callable[[Arrival], None] | None = None
    ) -> Poll:
        """Files complete since the last poll. `deliver(arrival)` runs inside the transaction
        that records the file as taken, so a file is taken exactly when its pages are stored;
        if it raises, nothing is recorded and the file is offered again."""
        now = self.clock() if now is None else now
        if not self.path.is_dir():
            raise NotFound(
                f"Không thấy thư mục máy quét {self.path}. Hãy kiểm tra ổ đĩa, thư mục chia sẻ "
                "hoặc chọn lại thư mục trong màn hình Số hóa."
            )
        out = Poll()
        present = set()
        for entry in sorted(os.scandir(self.path), key=lambda e: e.name):
            if ignored(entry.name) or not entry.is_file():
                continue
            present.add(entry.name)
            self._one(entry.name, now, out, deliver)
        for gone in set(self._seen) - present:
            del self._seen[gone]
        return out

    def _one(self, name: str, now: float, out: Poll, deliver) -> None:
        path = self.path / name
        try:
            st = path.stat()
        except OSError:
            return  # moved or deleted between listing and looking
        key = (st.st_size, st.st_mtime_ns)
        seen = self._seen.get(name)
        if st.st_size == 0 or seen is None or seen[0] != key:
            self._seen[name] = (key, now)
            out.waiting.append(name)
            return
        still_for = now - seen[1]
        if still_for < self.settle:
            out.waiting.append(name)
            return
        done = self._ledger_status(name, key)
        if done is not None:
            if done != "rejected":
                self._move_done(path)  # recorded before a crash, not moved yet
            self._seen.pop(name, None)
            return
        if st.st_size > MAX_FILE_BYTES:  # refused from its size, never read
            message = f"Không nhận được tệp «{name}» từ thư mục máy quét: " + _too_big(st.st_size)
            self._record(name, key, "", "rejected", message)
            out.refused.append(Refusal(name, message))
            self._seen.pop(name, None)
            return
        try:
            data = read_file(path, limit=MAX_FILE_BYTES, what="tệp ảnh")
        except (OSError, InvalidInput):  # still held open by the scanner (Windows), or swapped
            out.waiting.append(name)
            return
        digest = hashlib.sha256(data).hexdigest()
        earlier = self.ledger.one(
            "SELECT name, status, message FROM hotfolder_files WHERE sha256 = ?"
            " ORDER BY CASE status WHEN 'taken' THEN 0 ELSE 1 END, id LIMIT 1",
            [digest],
        )
        if earlier and earlier["status"] == "taken":
            message = (
                f"Tệp «{name}» trùng với ảnh «{earlier['name']}» đã nhận trước đó; không nhận lại."
            )
            self._record(name, key, digest, "duplicate", message)
            self._move_done(path)
            out.refused.append(Refusal(name, message, duplicate=True))
            self._seen.pop(name, None)
            return
        try:
            blobs = page_blobs(data)  # pages decoded one at a time, limits checked first
        except ImageError as exc:
            if still_for < 2 * self.settle:
                out.waiting.append(name)  # maybe a pause in the writing: one more settle time
                return
            message = f"Không nhận được tệp «{name}» từ thư mục máy quét: {exc.message}"
            self._record(name, key, digest, "rejected", message)
            out.refused.append(Refusal(name, message))
            self._seen.pop(name, None)
            return
        try:
            st2 = path.stat()
        except OSError:
            return
        if (st2.st_size, st2.st_mtime_ns) != key:
            self._seen[name] = ((st2.st_size, st2.st_mtime_ns), now)
            out.waiting.append(name)
            return
        arrival = Arrival(name, path, data, digest, blobs)
        with self.ledger.write():
            self._record(name, key, digest, "taken", "")
            if deliver is not None:
                deliver(arrival)
        moved = self._move_done(path)
        out.taken.append(Arrival(name, moved, data, digest, blobs))
        self._seen.pop(name, None)

    def _ledger_status(self, name: str, key: tuple[int, int]) -> str | None:
        row = self.ledger.one(
            "SELECT status FROM hotfolder_files WHERE folder = ? AND name = ? AND size = ?"
            " AND mtime_ns = ? ORDER BY id DESC LIMIT 1",
            [self._key, name, key[0], key[1]],
        )
        return row["status"] if row else None

    def _record(self, name: str, key: tuple[int, int], digest: str, status: str, message: str):
        with self.ledger.write() as db:
            db.execute(
                "INSERT INTO hotfolder_files (folder, name, size, mtime_ns, sha256, status,"
                " message, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    self._key,
                    name,
                    key[0],
                    key[1],
                    digest,
                    status,
                    message,
                    clock.iso(self.ledger.now()),
                ],
            )

    def _move_done(self, path: Path) -> Path:
        """Into the done folder under a free name; where it is if that fails (file locked)."""
        if not self.done_dir:
            return path
        target_dir = self.path / self.done_dir
        target = target_dir / path.name
        n = 1
        while target.exists():
            target = target_dir / f"{path.stem}-{n}{path.suffix}"
            n += 1
        try:
            target_dir.mkdir(exist_ok=True)
            os.replace(path, target)
        except OSError:
            return path
        return target


def history(ledger, path: str | Path, limit: int = 50) -> list[dict]:
    """The latest files taken or refused from this folder, newest first."""
    return ledger.query(
        "SELECT name, size, sha256, status, message, at FROM hotfolder_files WHERE folder = ?"
        " ORDER BY id DESC LIMIT ?",
        [str(Path(path).resolve()), limit],
    )
