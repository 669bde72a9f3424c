"""The print queue: a ticket or receipt is written down before it is sent, and is never lost.

A job's bytes go to the content-addressed file store and its row to `print_jobs`
before any byte reaches the printer. It is marked done only after the printer
took the whole job. A printer that is absent, out of paper or open keeps the job
queued with the reason in Vietnamese and a time for the next try; a wrong
address fails it until someone fixes the setting or sends it to another printer.
A process killed while sending leaves the job "sending"; `recover` puts it back
in the queue, because a ticket printed twice is better than one never printed.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from desk import clock
from desk.errors import InvalidInput, NotFound, PrinterError, PrinterUnsupported
from desk.ids import uuid7
from desk.store import audit
from desk.store.files import record_file

log = logging.getLogger(__name__)

ESCPOS = "application/vnd.escpos"
PDF = "application/pdf"
BACKOFF = (5, 15, 30, 60, 120, 300)  # seconds between tries, then every 5 minutes

Sender = Callable[[str, bytes, str], None]  # (printer URI, bytes, mime)

STATUS_LABELS = {
    "queued": "Đang chờ in",
    "sending": "Đang gửi tới máy in",
    "done": "Đã in",
    "failed": "Không in được",
    "cancelled": "Đã hủy",
}


@dataclass(frozen=True)
class Job:
    id: str
    kind: str
    title: str
    ref: str
    printer: str
    mime: str
    sha256: str
    status: str
    attempts: int
    last_error: str
    next_try_at: datetime | None
    created_at: datetime
    done_at: datetime | None
    reprint_of: str | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def waiting(self) -> bool:
        return self.status in ("queued", "sending", "failed")


def _job(row: dict) -> Job:
    return Job(
        id=row["id"],
        kind=row["kind"],
        title=row["title"],
        ref=row["ref"],
        printer=row["printer"],
        mime=row["mime"],
        sha256=row["sha256"],
        status=row["status"],
        attempts=row["attempts"],
        last_error=row["last_error"],
        next_try_at=clock.parse(row["next_try_at"]) if row["next_try_at"] else None,
        created_at=clock.parse(row["created_at"]),
        done_at=clock.parse(row["done_at"]) if row["done_at"] else None,
        reprint_of=row["reprint_of"],
    )


def check_printer(printer: str, data_dir: Path | None = None) -> str:
    """Refuse an address that cannot work, or could destroy a file, before anything is stored.

    "qt:NAME" is an operating-system printer that only the window can drive (A4 PDFs);
    every other address is one printing.devices understands. A `file:`/`virtual:` printer
    never writes into the office's data directory (see printing.devices.targets).
    """
    printer = (printer or "").strip()
    if not printer:
        raise InvalidInput("Chưa chọn máy in; hãy đặt địa chỉ máy in trong thiết lập (printers).")
    if not printer.startswith("qt:"):
        from printing.devices import parse_printer_uri
        from printing.devices.targets import check_target

        check_target(parse_printer_uri(printer), data_dir)
    return printer


def submit(
    store,
    *,
    kind: str,
    title: str,
    data: bytes,
    mime: str,
    printer: str,
    ref: str = "",
    actor: str = "",
) -> Job:
    """Write the job down (file, then row); returns it queued. Nothing is sent here."""
    if not data:
        raise InvalidInput("Lệnh in trống.")
    printer = check_printer(printer, store.data_dir)
    digest = store.files.write(data)
    now = clock.iso(store.now())
    job_id = uuid7()
    with store.write() as db:
        record_file(db, digest, len(data), mime, at=store.now())
        db.execute(
            "INSERT INTO print_jobs (id, kind, title, ref, printer, mime, sha256, next_try_at, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [job_id, kind, title, ref, printer, mime, digest, now, now, now],
        )
        if actor:
            audit.record(
                db,
                actor,
                "print.submit",
                "print_job",
                job_id,
                {"kind": kind, "ref": ref},
                at=store.now(),
            )
    return get(store, job_id)


def get(store, job_id: str) -> Job:
    row = store.one("SELECT * FROM print_jobs WHERE id = ?", [job_id])
    if row is None:
        raise NotFound(f"Không có lệnh in {job_id}.")
    return _job(row)


def list_jobs(store, *, waiting_only: bool = False, limit: int = 200) -> list[Job]:
    where = "WHERE status IN ('queued', 'sending', 'failed')" if waiting_only else ""
    rows = store.query(
        f"SELECT * FROM print_jobs {where} ORDER BY created_at DESC, rowid DESC LIMIT ?", [limit]
    )
    return [_job(r) for r in rows]


def waiting_summary(store) -> dict:
    """For the window's printer indicator: how many wait and the latest reason."""
    row = store.one(
        "SELECT COUNT(*) AS n, MAX(CASE WHEN last_error != '' THEN updated_at END) AS at FROM print_jobs"
        " WHERE status IN ('queued', 'sending', 'failed')"
    )
    reason = ""
    if row["n"]:
        last = store.one(
            "SELECT last_error FROM print_jobs WHERE status IN ('queued', 'failed') AND last_error != ''"
            " ORDER BY updated_at DESC LIMIT 1"
        )
        reason = last["last_error"] if last else ""
    return {"waiting": row["n"], "reason": reason}


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=BACKOFF[min(attempts, len(BACKOFF)) - 1] if attempts else 0)


def attempt(
    store, job_id: str, sender: Sender | None = None, *, now: datetime | None = None
) -> Job:
    """Try to print one job now; the outcome is stored before this returns."""
    sender = sender or default_sender
    with store.write() as db:
        row = db.execute(
            "SELECT status, attempts FROM print_jobs WHERE id = ?", [job_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"Không có lệnh in {job_id}.")
        if row[0] in ("done", "cancelled"):
            return get(store, job_id)
        db.execute(
            "UPDATE print_jobs SET status = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ?",
            [clock.iso(store.now()), job_id],
        )
    job = get(store, job_id)
    try:
        data = store.files.read(job.sha256)
        sender(job.printer, data, job.mime)
    except PrinterError as exc:
        retry = bool(getattr(exc, "retryable", False))
        when = (now or store.now()) + _backoff(job.attempts)
        with store.write() as db:
            db.execute(
                "UPDATE print_jobs SET status = ?, last_error = ?, next_try_at = ?, updated_at = ? WHERE id = ?",
                [
                    "queued" if retry else "failed",
                    exc.message,
                    clock.iso(when) if retry else None,
                    clock.iso(store.now()),
                    job_id,
                ],
            )
        log.warning("print job %s (%s) not printed: %s", job_id, job.printer, exc.message)
        return get(store, job_id)
    except BaseException as exc:
        # Anything else (a bug, a killed disk): keep the job queued, never lose it.
        with store.write() as db:
            db.execute(
                "UPDATE print_jobs SET status = 'queued', last_error = ?, next_try_at = ?, updated_at = ? WHERE id = ?",
                [
                    f"Lỗi ngoài dự kiến khi in: {exc}",
                    clock.iso((now or store.now()) + _backoff(job.attempts)),
                    clock.iso(store.now()),
                    job_id,
                ],
            )
        raise
    done = clock.iso(store.now())
    with store.write() as db:
        db.execute(
            "UPDATE print_jobs SET status = 'done', last_error = '', next_try_at = NULL, done_at = ?, updated_at = ?"
            " WHERE id = ?",
            [done, done, job_id],
        )
    return get(store, job_id)


def due_jobs(store, *, now: datetime | None = None) -> list[Job]:
    now_text = clock.iso(now or store.now())
    rows = store.query(
        "SELECT * FROM print_jobs WHERE status = 'queued' AND (next_try_at IS NULL OR next_try_at <= ?)"
        " ORDER BY created_at, rowid",
        [now_text],
    )
    return [_job(r) for r in rows]


def run_due(store, sender: Sender | None = None, *, now: datetime | None = None) -> list[Job]:
    """Try every queued job whose time has come, oldest first; returns their new states."""
    return [attempt(store, job.id, sender, now=now) for job in due_jobs(store, now=now)]


def recover(store) -> int:
    """After a crash: jobs left "sending" go back to the queue."""
    with store.write() as db:
        return db.execute(
            "UPDATE print_jobs SET status = 'queued', next_try_at = NULL,"
            " last_error = 'Chương trình bị tắt khi đang in; sẽ in lại.' WHERE status = 'sending'"
        ).rowcount


def retry_now(store, job_id: str) -> Job:
    with store.write() as db:
        db.execute(
            "UPDATE print_jobs SET status = 'queued', next_try_at = NULL, updated_at = ?"
            " WHERE id = ? AND status IN ('queued', 'failed')",
            [clock.iso(store.now()), job_id],
        )
    return get(store, job_id)


def move(store, job_id: str, printer: str) -> Job:
    """Send a waiting job to another printer instead."""
    job = get(store, job_id)
    if not job.waiting:
        raise InvalidInput(
            f"Lệnh in «{job.title}» đã {job.status_label.lower()}; hãy dùng «In lại»."
        )
    printer = check_printer(printer, store.data_dir)
    with store.write() as db:
        db.execute(
            "UPDATE print_jobs SET printer = ?, status = 'queued', next_try_at = NULL, updated_at = ? WHERE id = ?",
            [printer, clock.iso(store.now()), job_id],
        )
    return get(store, job_id)


def reprint(store, job_id: str, *, printer: str | None = None, actor: str = "") -> Job:
    """A new job with the same bytes (a lost or crumpled ticket, a second copy)."""
    old = get(store, job_id)
    data = store.files.read(old.sha256)
    new = submit(
        store,
        kind=old.kind,
        title=old.title,
        data=data,
        mime=old.mime,
        printer=old.printer if printer is None else printer,  # "" is refused, not the old one
        ref=old.ref,
        actor=actor,
    )
    with store.write() as db:
        db.execute("UPDATE print_jobs SET reprint_of = ? WHERE id = ?", [old.id, new.id])
    return get(store, new.id)


def cancel(store, job_id: str, *, actor: str) -> Job:
    with store.write() as db:
        changed = db.execute(
            "UPDATE print_jobs SET status = 'cancelled', next_try_at = NULL, updated_at = ?"
            " WHERE id = ? AND status IN ('queued', 'failed')",
            [clock.iso(store.now()), job_id],
        ).rowcount
        if not changed:
            raise InvalidInput("Chỉ hủy được lệnh in đang chờ hoặc không in được.")
        audit.record(db, actor, "print.cancel", "print_job", job_id, at=store.now())
    return get(store, job_id)


def default_sender(printer: str, data: bytes, mime: str) -> None:
    """ESC/POS to any thermal printer address; PDFs to a file or a CUPS queue."""
    if mime == ESCPOS:
        from printing.devices import send

        send(printer, data)
        return
    scheme, _, target = printer.partition(":")
    if mime == PDF and scheme == "file":
        from printing.devices import send

        send(printer, data, check_status=False)  # a new file whole, a device or FIFO in place
        return
    if mime == PDF and scheme == "cups":
        from printing.devices.spooler import lp_submit

        lp_submit(target, data, raw=False)
        return
    raise PrinterUnsupported(
        f"Máy in «{printer}» chỉ in được từ cửa sổ chương trình (máy in của hệ điều hành)."
    )
