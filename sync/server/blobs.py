"""Uploaded files on the server, content-addressed, assembled from resumable chunks.

A chunk is written at its offset into `uploads/<sha256>.part` and fsynced before the
database moves the file's `received` mark; when every byte is there the whole file is
hashed, and only a file whose SHA-256 matches its name is renamed into
`blobs/ab/cd/<sha256>` and counted present. A chunk cut short never reaches the disk.
(An object-store backend can come later behind the same methods.)
"""

import hashlib
import os
from pathlib import Path

from desk.store.atomic import fsync_dir


class BlobStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.blobs = self.root / "blobs"
        self.uploads = self.root / "uploads"
        self.blobs.mkdir(parents=True, exist_ok=True)
        self.uploads.mkdir(parents=True, exist_ok=True)

    def path_for(self, digest: str) -> Path:
        return self.blobs / digest[:2] / digest[2:4] / digest

    def part_for(self, digest: str) -> Path:
        return self.uploads / f"{digest}.part"

    def has(self, digest: str) -> bool:
        return self.path_for(digest).is_file()

    def write_chunk(self, digest: str, offset: int, data: bytes) -> None:
        """Put `data` at `offset` of the partial file, durably (overlaps rewrite equal bytes)."""
        part = self.part_for(digest)
        fd = os.open(part, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        try:
            os.lseek(fd, offset, os.SEEK_SET)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)

    def part_size(self, digest: str) -> int:
        try:
            return self.part_for(digest).stat().st_size
        except FileNotFoundError:
            return 0

    def finish(self, digest: str, size: int) -> bool:
        """Verify the assembled file and move it into place; False if the hash is wrong."""
        if self.has(digest):
            return True
        part = self.part_for(digest)
        try:
            with open(part, "rb") as fh:
                h = hashlib.sha256()
                total = 0
                while block := fh.read(1024 * 1024):
                    h.update(block)
                    total += len(block)
        except FileNotFoundError:
            return self.has(digest)
        if total != size or h.hexdigest() != digest:
            self.discard(digest)
            return False
        final = self.path_for(digest)
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(part, final)
        except FileNotFoundError:
            return self.has(digest)
        fsync_dir(final.parent)
        return True

    def discard(self, digest: str) -> None:
        self.part_for(digest).unlink(missing_ok=True)

    def put_whole(self, digest: str, data: bytes) -> bool:
        """A file brought whole (from a USB stick): the same checks as an upload."""
        if hashlib.sha256(data).hexdigest() != digest:
            return False
        self.discard(digest)
        self.write_chunk(digest, 0, data)
        return self.finish(digest, len(data))

    def read(self, digest: str) -> bytes:
        return self.path_for(digest).read_bytes()

    def verify(self, digest: str) -> bool:
        """Re-hash a stored file (tests and audits)."""
        try:
            return hashlib.sha256(self.read(digest)).hexdigest() == digest
        except FileNotFoundError:
            return False
