"""An intake in progress, kept as it is typed: a crash or a power cut mid-intake loses nothing.

The window saves the form's state here a moment after each change and deletes it once the
dossier is recorded; on the next start it offers to reopen what was left. The state is the
form's own JSON (applicant, procedure, papers as ticked, delivery); the core only keeps it.
"""

import json
from dataclasses import dataclass
from datetime import datetime

from desk import clock
from desk.errors import InvalidInput, NotFound
from desk.ids import uuid7

MAX_BYTES = 256 * 1024  # a form's state is a few KB; anything near this is not a form


@dataclass(frozen=True)
class IntakeDraft:
    id: str
    actor: str
    summary: str  # "Nguyễn Văn An — Đăng ký khai sinh", for the reopen question
    data: dict
    created_at: datetime
    updated_at: datetime

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "actor": self.actor,
            "summary": self.summary,
            "data": self.data,
            "created_at": clock.iso(self.created_at),
            "updated_at": clock.iso(self.updated_at),
        }


def _draft(row: dict) -> IntakeDraft:
    return IntakeDraft(
        id=row["id"],
        actor=row["actor"],
        summary=row["summary"],
        data=json.loads(row["data"]),
        created_at=clock.parse(row["created_at"]),
        updated_at=clock.parse(row["updated_at"]),
    )


def save(store, data: dict, *, actor: str, summary: str = "", draft_id: str | None = None) -> str:
    """Create or update a draft; returns its id."""
    text = json.dumps(data, ensure_ascii=False)
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise InvalidInput("Bản nháp quá lớn để lưu.")
    now = clock.iso(store.now())
    with store.write() as db:
        if (
            draft_id
            and db.execute("SELECT 1 FROM intake_drafts WHERE id = ?", [draft_id]).fetchone()
        ):
            db.execute(
                "UPDATE intake_drafts SET data = ?, summary = ?, actor = ?, updated_at = ? WHERE id = ?",
                [text, summary, actor, now, draft_id],
            )
            return draft_id
        draft_id = draft_id or uuid7()
        db.execute(
            "INSERT INTO intake_drafts (id, station_id, actor, summary, data, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [draft_id, store.station["id"], actor, summary, text, now, now],
        )
    return draft_id


def get(store, draft_id: str) -> IntakeDraft:
    row = store.one("SELECT * FROM intake_drafts WHERE id = ?", [draft_id])
    if row is None:
        raise NotFound(f"Không có bản nháp {draft_id}.")
    return _draft(row)


def list_drafts(store) -> list[IntakeDraft]:
    """This station's drafts, the most recently touched first."""
    rows = store.query(
        "SELECT * FROM intake_drafts WHERE station_id = ? ORDER BY updated_at DESC",
        [store.station["id"]],
    )
    return [_draft(r) for r in rows]


def discard(store, draft_id: str) -> None:
    with store.write() as db:
        db.execute("DELETE FROM intake_drafts WHERE id = ?", [draft_id])
