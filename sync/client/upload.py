"""Scanned PDFs go up before the operations that name them, in resumable chunks.

The server's copy is the truth about where to resume: ask how much it holds, send the
rest chunk by chunk. A cut costs at most the chunk in flight; a restart (even after the
process was killed) asks again and carries on from the server's byte. The local file
stays: the desk keeps every file it scanned.
"""

import json
from dataclasses import dataclass, field

from desk import clock
from desk.errors import DeskError
from sync import protocol as p
from sync.errors import OffsetMismatch


@dataclass
class UploadStats:
    files: int = 0
    bytes_needed: int = 0  # what had to go up, once
    bytes_sent: int = 0  # every chunk attempt, cut ones included
    mismatches: int = 0
    failed: list = field(default_factory=list)


def pending_files(store) -> list[tuple[str, int]]:
    """PDFs named by operations not yet sent, and not yet on the server."""
    rows = store.query(
        "SELECT o.payload FROM outbox o WHERE o.kind = 'document.scanned'"
        " AND o.state IN ('PENDING', 'SENDING', 'ERROR') ORDER BY o.seq"
    )
    wanted: list[str] = []
    for r in rows:
        sha = json.loads(r["payload"]).get("pdf_sha256")
        if sha and sha not in wanted:
            wanted.append(sha)
    if not wanted:
        return []
    sizes = {
        r["sha256"]: r["size"]
        for r in store.query(
            f"SELECT sha256, size FROM files WHERE uploaded_at IS NULL AND sha256 IN ({','.join('?' * len(wanted))})",
            wanted,
        )
    }
    return [(sha, sizes[sha]) for sha in wanted if sha in sizes]


def pending_bytes(store) -> int:
    return sum(size for _, size in pending_files(store))


def mark_uploaded(store, sha: str) -> None:
    with store.write() as db:
        db.execute(
            "UPDATE files SET uploaded_at = ? WHERE sha256 = ? AND uploaded_at IS NULL",
            [clock.iso(store.now()), sha],
        )


def upload_file(
    store,
    upstream,
    sha: str,
    size: int,
    stats: UploadStats,
    progress=None,
    *,
    chunk: int = p.CHUNK_SIZE,
) -> None:
    # hash-checked read: a damaged local file is never sent
    if send_file(upstream, sha, size, store.files.read, stats, progress, chunk=chunk):
        stats.files += 1
    mark_uploaded(store, sha)


def send_file(
    upstream,
    sha: str,
    size: int,
    read,
    stats: UploadStats,
    progress=None,
    *,
    chunk: int = p.CHUNK_SIZE,
) -> bool:
    """Bring one file to `upstream` from where its copy ends; `read(sha)` gives the bytes
    (only read when something must go). False if it was there already. Shared by the desk
    and the office hub relaying its files to the province."""
    state = upstream.file_state(sha, size)
    if state.present:
        return False
    data = read(sha)
    offset = state.offset
    mismatches = 0
    while True:
        if state.present:
            break
        if offset >= size and size > 0:
            state = upstream.file_state(sha, size)  # all bytes there but not verified: ask
            if not state.present:
                offset = state.offset
                if offset >= size:
                    raise OffsetMismatch("Máy chủ chưa xác nhận tệp; sẽ thử lại.")
            continue
        piece = data[offset : offset + chunk]
        stats.bytes_sent += len(piece)
        try:
            state = upstream.put_chunk(sha, size, offset, piece)
        except OffsetMismatch:
            mismatches += 1
            stats.mismatches += 1
            if mismatches > 3:
                raise
            state = upstream.file_state(sha, size)
        offset = state.offset
        if progress is not None:
            progress(sha, offset, size)
        if size == 0:
            break
    return True


def upload_pending(
    store, upstream, stats: UploadStats, progress=None, *, chunk: int = p.CHUNK_SIZE
) -> None:
    files = pending_files(store)
    total = sum(size for _, size in files)
    stats.bytes_needed += total
    done = 0

    def step(_sha, offset, _size):
        if progress is not None:
            progress(done + offset, total)

    for sha, size in files:
        try:
            upload_file(store, upstream, sha, size, stats, step, chunk=chunk)
        except DeskError as exc:
            from sync.errors import SyncError

            if isinstance(exc, SyncError):
                raise
            stats.failed.append({"sha256": sha, "error": exc.message})  # damaged local file
        done += size
