"""Content-addressed files (scanned pages, PDFs): written safely before any row names them.

Order matters for a power cut: write to a temporary name, fsync, rename atomically,
fsync the folder, and only then insert the row. A crash leaves at worst an
orphan file, never a row pointing at nothing. Identical content is stored once.
"""

import hashlib
from datetime import datetime
from pathlib import Path

from desk import clock
from desk.errors import NotFound, StorageError
from desk.store.atomic import write_atomic
from desk.store.sealing import Plain, Sealer, unwrap, wrap


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FileStore:
    """Files named by the SHA-256 of their content. `sealer` (desk.store.sealing) encrypts
    the files written with `sealed=True` (scans of identity papers); the default changes
    nothing on disk."""

    def __init__(self, root: Path, sealer: Sealer | None = None):
        self.root = Path(root)
        self.sealer: Sealer = sealer or Plain()

    def path_for(self, digest: str) -> Path:
        return self.root / digest[:2] / digest[2:4] / digest

    def write(self, data: bytes, *, sealed: bool = False) -> str:
        """Durably store `data`; returns its SHA-256. Does not touch the database.

        A file already there is trusted only if it still hashes to its name: one left
        damaged (a disk error, a copy cut short) is written again.
        """
        digest = sha256_hex(data)
        final = self.path_for(digest)
        stored = wrap(self.sealer, data) if sealed else data
        if self._intact(final, digest, len(stored)):
            return digest
        try:
            write_atomic(final, stored)
        except OSError as exc:
            raise StorageError(f"Không lưu được tệp vào {self.root}: {exc}") from exc
        return digest

    def _intact(self, path: Path, digest: str, size: int) -> bool:
        try:
            if path.stat().st_size != size:
                return False
            return sha256_hex(unwrap(self.sealer, path.read_bytes())) == digest
        except (OSError, ValueError):
            return False

    def read(self, digest: str) -> bytes:
        path = self.path_for(digest)
        try:
            data = unwrap(self.sealer, path.read_bytes())
        except FileNotFoundError as exc:
            raise NotFound(f"Không tìm thấy tệp {digest[:12]}… trong kho tệp.") from exc
        except ValueError as exc:
            raise StorageError(
                f"Tệp {digest[:12]}… đã được mã hóa ({exc}); máy này chưa có khóa để mở."
            ) from exc
        if sha256_hex(data) != digest:
            raise StorageError(f"Tệp {digest[:12]}… bị hỏng (mã băm không khớp).")
        return data


def record_file(db, digest: str, size: int, mime: str, *, at: datetime) -> None:
    """The `files` row of a stored file; call inside the transaction that names it."""
    db.execute(
        "INSERT OR IGNORE INTO files (sha256, size, mime, created_at) VALUES (?, ?, ?, ?)",
        [digest, size, mime, clock.iso(at)],
    )


def put_file(store, data: bytes, mime: str) -> str:
    """Write the bytes, then record the file row in the caller's transaction (or a new one)."""
    digest = store.files.write(data)
    with store.write() as db:
        record_file(db, digest, len(data), mime, at=store.now())
    return digest
