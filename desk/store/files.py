"""Content-addressed files (scanned pages, PDFs): written safely before any row names them.

Order matters for a power cut: write to a temporary name, fsync, rename atomically,
fsync the folder, and only then insert the row. A crash leaves at worst an
orphan file, never a row pointing at nothing. Identical content is stored once.
"""

import hashlib
import os
from pathlib import Path

from desk import clock
from desk.errors import NotFound, StorageError


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FileStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    def path_for(self, digest: str) -> Path:
        return self.root / digest[:2] / digest[2:4] / digest

    def write(self, data: bytes) -> str:
        """Durably store `data`; returns its SHA-256. Does not touch the database."""
        digest = sha256_hex(data)
        final = self.path_for(digest)
        if final.exists() and final.stat().st_size == len(data):
            return digest
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp = final.with_name(f"{digest}.{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, final)
            _fsync_dir(final.parent)
        except OSError as exc:
            raise StorageError(f"Không lưu được tệp vào {self.root}: {exc}") from exc
        return digest

    def read(self, digest: str) -> bytes:
        path = self.path_for(digest)
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise NotFound(f"Không tìm thấy tệp {digest[:12]}… trong kho tệp.") from exc
        if sha256_hex(data) != digest:
            raise StorageError(f"Tệp {digest[:12]}… bị hỏng (mã băm không khớp).")
        return data


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory for fsync; NTFS journals the rename
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def put_file(store, data: bytes, mime: str) -> str:
    """Write the bytes, then record the file row in the caller's transaction (or a new one)."""
    digest = store.files.write(data)
    with store.write() as db:
        db.execute(
            "INSERT OR IGNORE INTO files (sha256, size, mime, created_at) VALUES (?, ?, ?, ?)",
            [digest, len(data), mime, clock.iso(clock.now())],
        )
    return digest
