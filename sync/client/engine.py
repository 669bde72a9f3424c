"""One sync: say hello (and measure the clock), reserve code blocks, upload files, push
operations, pull changes; repeated until nothing is left or an error stops it.

Every step commits locally before the next: a cut or a crash anywhere leaves operations
to send again (idempotent at the server) and a cursor that was stored in the same
transaction as what it covers. Failures are recorded for the status bar; nothing is
given up silently.
"""

import logging
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from desk import clock
from desk.errors import DeskError
from desk.store import settings as settings_mod
from sync import protocol as p
from sync.client import config, local
from sync.client.upload import UploadStats, upload_pending
from sync.errors import CodesExhausted, CursorGone, SyncError, UpstreamAuthError

log = logging.getLogger("desk.sync")
BLOCK_SIZE = 50
BLOCK_LOW = 10


@dataclass
class SyncReport:
    pushed: int = 0
    applied: int = 0
    duplicate: int = 0
    rejected: int = 0
    retry: int = 0
    pulled: int = 0
    resynced: bool = False
    blocks: int = 0
    upload: UploadStats = field(default_factory=UploadStats)
    remaining: int = 0  # operations not acknowledged at the end
    error: str | None = None
    retryable: bool = True

    @property
    def complete(self) -> bool:
        return self.error is None and self.remaining == 0

    def to_json(self) -> dict:
        data = asdict(self)
        data["complete"] = self.complete
        return data


def measure_clock(store, upstream) -> p.HelloReply:
    """Hello, and the server's time minus ours (half the round trip counted)."""
    import time

    before = store.now()
    t0 = time.monotonic()
    hello = upstream.hello()
    elapsed = time.monotonic() - t0
    theirs = clock.parse(hello.server_time)
    ours = before + timedelta(seconds=elapsed / 2)
    offset = (theirs - ours).total_seconds()
    with store.write() as db:
        settings_mod.put(
            db,
            "clock.upstream",
            {"offset_seconds": round(offset, 3), "at": clock.iso(before)},
            at=store.now(),
        )
    return hello


def reserve_blocks(store, upstream, *, size: int = BLOCK_SIZE, low: int = BLOCK_LOW) -> int:
    """Keep at least `low` 4-digit numbers in hand for today and tomorrow (member stations)."""
    from desk.dossiers.codes import add_block

    station = store.station
    if station.get("mode", "standalone") != "member":
        return 0
    unit = store.office().unit_code
    today = store.now().date()
    got = 0
    for day in (today, today + timedelta(days=1)):
        left = store.scalar(
            "SELECT COALESCE(SUM(last - next + 1), 0) FROM code_blocks WHERE day = ?",
            [day.isoformat()],
        )
        if left >= low:
            continue
        prefix = f"{unit}-{day:%y%m%d}-"
        used = [
            int(r["code"][len(prefix) :])
            for r in store.query(
                "SELECT code FROM dossiers WHERE substr(code, 1, ?) = ?", [len(prefix), prefix]
            )
            if len(r["code"]) == len(prefix) + 4 and r["code"][len(prefix) :].isdigit()
        ]
        counted = store.scalar(
            "SELECT next - 1 FROM code_counters WHERE day = ? AND scope = 'unit'", [day.isoformat()]
        )
        blocks = store.scalar("SELECT MAX(last) FROM code_blocks WHERE day = ?", [day.isoformat()])
        floor = max([0, counted or 0, blocks or 0, *used])
        if floor >= 9999:
            continue
        try:
            reply = upstream.reserve(p.ReserveRequest(day=day.isoformat(), size=size, floor=floor))
        except CodesExhausted:
            continue  # none to give (a hub cut off from the province): station-scoped numbers
        with store.write() as db:
            add_block(
                db,
                day=day,
                first=reply.first,
                last=reply.last,
                source="upstream",
                reserved_at=clock.iso(store.now()),
            )
        got += 1
    return got


def push_round(store, upstream, report: SyncReport) -> int:
    """Push one batch; returns how many operations were sent."""
    ops = local.next_batch(store)
    if not ops:
        return 0
    # The backlog the province sees: what would still wait once this batch is taken.
    pending = max(
        0,
        store.scalar("SELECT COUNT(*) FROM outbox WHERE state IN ('PENDING', 'SENDING', 'ERROR')")
        - len(ops),
    )
    local.mark_sending(store, ops)
    try:
        reply = upstream.push(
            p.PushRequest(ops=ops, pending=pending, app_version=config.APP_VERSION)
        )
    except DeskError as exc:
        local.mark_failed(store, ops, exc.message)
        raise
    except Exception as exc:
        local.mark_failed(store, ops, "Lỗi ngoài dự kiến khi gửi.")
        raise SyncError("Lỗi ngoài dự kiến khi gửi lên máy chủ.") from exc
    counts = local.record_results(store, ops, reply)
    report.pushed += len(ops)
    for key, value in counts.items():
        setattr(report, key, getattr(report, key) + value)
    return len(ops) if counts["applied"] + counts["duplicate"] + counts["rejected"] else 0


def pull(store, upstream, report: SyncReport) -> None:
    cursor = config.state(store).get("cursor", "")
    while True:
        try:
            reply = upstream.changes(cursor)
        except CursorGone:
            log.warning("cursor %r unknown upstream: full resync", cursor)
            reply = upstream.snapshot()
            report.resynced = True
        with store.write() as db:
            for change in reply.changes:
                local.apply_change(db, store, change)
            local.release_held(db, store)
            config.put_state(db, store, cursor=reply.cursor, last_pull_at=clock.iso(store.now()))
        report.pulled += len(reply.changes)
        cursor = reply.cursor
        if not reply.more:
            return


def remaining(store) -> int:
    return store.scalar(
        "SELECT COUNT(*) FROM outbox WHERE state IN ('PENDING', 'SENDING', 'ERROR')"
        " OR (state = 'REJECTED' AND resolved_at IS NULL)"
    )


def sync_once(store, upstream, *, progress=None, max_rounds: int = 10_000) -> SyncReport:
    """Everything that can go now, then the news from upstream. Never raises a SyncError:
    the report says what stopped it (and the status bar shows it)."""
    report = SyncReport()
    revoked = False
    started = clock.iso(store.now())
    config.record_state(store, last_attempt_at=started)
    try:
        measure_clock(store, upstream)
        report.blocks = reserve_blocks(store, upstream)
        for _ in range(max_rounds):
            upload_pending(store, upstream, report.upload, progress)
            if not push_round(store, upstream, report):
                break
        pull(store, upstream, report)
        # What the pull released may let more go (a settled dossier); one more round.
        upload_pending(store, upstream, report.upload, progress)
        while push_round(store, upstream, report):
            pass
    except SyncError as exc:
        report.error = exc.message
        report.retryable = bool(getattr(exc, "retryable", True))
        revoked = isinstance(exc, UpstreamAuthError)
    report.remaining = remaining(store)
    now = clock.iso(store.now())
    if report.error is None:
        config.record_state(
            store, last_success_at=now, last_error=None, error_since=None, revoked=False
        )
    else:
        st = config.state(store)
        config.record_state(
            store,
            last_error=report.error,
            error_since=st.get("error_since") or started,
            revoked=revoked,
        )
    return report


def made_progress(report: SyncReport) -> bool:
    return bool(report.upload.bytes_sent or report.applied or report.duplicate or report.pulled)
