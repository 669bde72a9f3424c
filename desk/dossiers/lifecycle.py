"""What may happen to a dossier after intake, and nothing else.

received → (supplement requested ↔ supplemented) → in progress → done → returned,
plus refused and stopped from any open state, and one apology with a new date.
Each step is one transaction: the row, a history line, the upstream operation
and the audit entry. An illegal step is refused with a Vietnamese message.
"""

import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from desk import clock
from desk.calendar.timelimit import LimitKind, TimeLimit
from desk.dossiers.model import PAPER_KINDS, Dossier, Status
from desk.dossiers.query import get
from desk.errors import IllegalTransition, InvalidInput
from desk.ids import uuid7
from desk.officers import signing_name
from desk.store import audit, outbox
from desk.store.snapshots import calendar
from desk.text import clean

S = Status
OPEN = {S.RECEIVED, S.SUPPLEMENT_REQUESTED, S.IN_PROGRESS}

# action → (states it may start from, label for messages)
ALLOWED: dict[str, tuple[set[Status], str]] = {
    "request_supplement": ({S.RECEIVED, S.IN_PROGRESS}, "yêu cầu bổ sung"),
    "supplement": ({S.SUPPLEMENT_REQUESTED}, "nhận bổ sung"),
    "start": ({S.RECEIVED}, "chuyển giải quyết"),
    "finish": ({S.RECEIVED, S.IN_PROGRESS}, "ghi nhận có kết quả"),
    "return": ({S.DONE}, "trả kết quả"),
    "refuse": (OPEN, "từ chối"),
    "stop": (OPEN, "dừng giải quyết"),
    "apologise": (OPEN | {S.DONE}, "xin lỗi và hẹn lại"),
}


def can(action: str, status: Status) -> bool:
    return status in ALLOWED[action][0]


def allowed_actions(status: Status) -> list[str]:
    return [action for action, (starts, _) in ALLOWED.items() if status in starts]


@dataclass(frozen=True)
class Change:
    status: Status
    columns: dict
    data: dict
    note: str
    event_data: dict


def _apply(
    store, code: str, action: str, actor: str, decide, *, at: datetime | None = None
) -> Dossier:
    recorded = store.now()
    at = at or recorded
    with store.write() as db:
        row = db.execute(
            "SELECT id, code, status, version, due_at, paused_at, paused_remaining, data, station_id"
            " FROM dossiers WHERE code = ?",
            [code.strip()],
        ).fetchone()
        if row is None:
            from desk.errors import NotFound

            raise NotFound(f"Không tìm thấy hồ sơ có mã {code!r}.")
        dossier_id, code, status_text, version, due_at, paused_at, remaining, data_text, _ = row
        status = Status(status_text)
        starts, label = ALLOWED[action]
        if status not in starts:
            raise IllegalTransition(
                f"Không thể {label} hồ sơ {code}: hồ sơ đang ở trạng thái «{status.label}»."
            )
        data = json.loads(data_text or "{}")
        current = {"due_at": due_at, "paused_at": paused_at, "paused_remaining": remaining}
        change: Change = decide(status, data, current, at)
        columns = {
            **change.columns,
            "status": change.status.value,
            "data": json.dumps(change.data, ensure_ascii=False),
        }
        columns["version"] = version + 1
        columns["updated_at"] = clock.iso(at)
        sets = ", ".join(f"{name} = ?" for name in columns)
        db.execute(f"UPDATE dossiers SET {sets} WHERE id = ?", [*columns.values(), dossier_id])
        db.execute(
            "INSERT INTO dossier_events (id, dossier_id, at, kind, actor, from_status, to_status, note, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                uuid7(),
                dossier_id,
                clock.iso(at),
                action,
                actor,
                status.value,
                change.status.value,
                change.note,
                json.dumps(change.event_data, ensure_ascii=False),
            ],
        )
        payload = {
            "id": dossier_id,
            "code": code,
            "action": action,
            "at": clock.iso(at),
            "from": status.value,
            "to": change.status.value,
            **{k: v for k, v in change.columns.items() if k in ("due_at", "paused_at")},
            **change.event_data,
            # event_data may carry its own "to" (who it went to); the new status stays here.
            "status": change.status.value,
        }
        outbox.enqueue(
            db,
            store.station["id"],
            "dossier",
            dossier_id,
            f"dossier.{action}",
            payload,
            version,
            at=recorded,
        )
        audit.record(
            db,
            actor,
            f"dossier.{action}",
            "dossier",
            dossier_id,
            {"code": code, "to": change.status.value},
            at=recorded,
        )
    return get(store, code)


def _limit(data: dict) -> TimeLimit:
    return TimeLimit.from_json(data["time_limit"])


def _reason(text: str, what: str) -> str:
    reason = clean(text)
    if not reason:
        raise InvalidInput(f"Hãy ghi rõ {what}.")
    if len(reason) > 2000:
        raise InvalidInput(f"{what.capitalize()} quá dài (tối đa 2000 ký tự).")
    return reason


def request_supplement(
    store, code: str, *, reason: str, items: list[dict] | None = None, actor: str, at=None
):
    """Mẫu 02: the clock stops until the citizen brings what is missing."""
    reason = _reason(reason, "lý do yêu cầu bổ sung")
    wanted = []
    for i, item in enumerate(items or [], start=1):
        name = clean(item.get("name", ""))
        kind = item.get("kind", "original")
        if not name or kind not in PAPER_KINDS:
            raise InvalidInput(f"Giấy tờ cần bổ sung thứ {i} thiếu tên hoặc sai loại bản.")
        wanted.append({"name": name, "kind": kind, "count": int(item.get("count", 1))})
    cal = calendar(store)
    officer = signing_name(store, actor)

    def decide(status, data, current, when):
        due = clock.parse(current["due_at"])
        remaining = cal.pause_remaining(due, when, _limit(data))
        data = {
            **data,
            "resume_status": status.value,
            "pause_unit": "days" if _limit(data).kind is LimitKind.WORKING_DAYS else "time",
            "supplement": {
                "requested_at": clock.iso(when),
                "reason": reason,
                "items": wanted,
                "officer": officer,  # a name for Mẫu 02; the login is in the history
            },
        }
        return Change(
            S.SUPPLEMENT_REQUESTED,
            {"paused_at": clock.iso(when), "paused_remaining": _seconds(remaining)},
            data,
            reason,
            {"reason": reason, "items": wanted},
        )

    return _apply(store, code, "request_supplement", actor, decide, at=at)


def _seconds(remaining) -> float:
    return remaining.total_seconds() if hasattr(remaining, "total_seconds") else float(remaining)


def supplement(store, code: str, *, actor: str, note: str = "", at=None):
    """The citizen brought the papers: the clock resumes with the time that was left."""
    cal = calendar(store)

    def decide(status, data, current, when):
        remaining = timedelta(seconds=current["paused_remaining"] or 0)
        limit = _limit(data)
        unit = data.pop("pause_unit", "")
        if limit.kind is LimitKind.WORKING_DAYS and unit != "days":
            # Paused before whole-day counting: the working time left, in days begun.
            remaining = timedelta(days=math.ceil(remaining / cal.hours.day_length))
        new_due = cal.resume_due(remaining, when, limit)
        back = Status(data.pop("resume_status", S.RECEIVED.value))
        supplement_info = dict(data.get("supplement") or {})
        supplement_info["supplemented_at"] = clock.iso(when)
        data = {**data, "supplement": supplement_info}
        return Change(
            back,
            {"paused_at": None, "paused_remaining": None, "due_at": clock.iso(new_due)},
            data,
            clean(note) or f"Hẹn trả mới {new_due:%H:%M %d/%m/%Y}",
            {"due_at": clock.iso(new_due)},
        )

    return _apply(store, code, "supplement", actor, decide, at=at)


def start(store, code: str, *, actor: str, to: str = "", at=None):
    """Handed over to the body that decides (Phiếu kiểm soát, first row)."""
    to = clean(to)

    def decide(status, data, current, when):
        return Change(
            S.IN_PROGRESS, {}, data, f"Chuyển {to}" if to else "Chuyển giải quyết", {"to": to}
        )

    return _apply(store, code, "start", actor, decide, at=at)


def finish(store, code: str, *, actor: str, result: str = "", at=None):
    result = clean(result)

    def decide(status, data, current, when):
        return Change(
            S.DONE, {}, {**data, "result": result}, result or "Đã có kết quả", {"result": result}
        )

    return _apply(store, code, "finish", actor, decide, at=at)


COLLECTOR_RELATIONS = {
    "applicant": "Chính người yêu cầu",
    "authorised": "Người được ủy quyền",
    "family": "Người thân (có giấy tờ chứng minh)",
    "post": "Nhân viên bưu chính",
}


def _collector(collector: dict | None, to: str) -> dict:
    """Who took the result and how they were identified (kept with the return event)."""
    if not collector:
        return {"name": to}
    relation = collector.get("relation", "applicant")
    if relation not in COLLECTOR_RELATIONS:
        raise InvalidInput(f"Quan hệ của người nhận không hợp lệ: {relation!r}.")
    return {
        "name": clean(collector.get("name") or to),
        "id_number": clean(collector.get("id_number", "")),
        "relation": relation,
        "verified_by": clean(collector.get("verified_by", "")),  # cccd_qr | chip | papers
        "note": clean(collector.get("note", "")),
    }


def return_result(
    store,
    code: str,
    *,
    actor: str,
    to: str,
    via: str = "counter",
    collector: dict | None = None,
    at=None,
):
    """Handed back to the citizen (or someone they authorised), who signs; or sent by post."""
    to = _reason(to, "người nhận kết quả")
    if via not in ("counter", "post"):
        raise InvalidInput("Hình thức trả phải là counter (tại quầy) hoặc post (bưu chính).")
    who = _collector(collector, to)

    by = signing_name(store, actor)

    def decide(status, data, current, when):
        data = {
            **data,
            "returned_at": clock.iso(when),
            "returned_to": to,
            "returned_via": via,
            "collector": who,
            "returned_by": by,
        }
        return Change(
            S.RETURNED, {}, data, f"Trả cho {to}", {"to": to, "via": via, "collector": who}
        )

    return _apply(store, code, "return", actor, decide, at=at)


def return_many(
    store,
    codes: list[str],
    *,
    actor: str,
    to: str,
    via: str = "counter",
    collector: dict | None = None,
) -> list[Dossier]:
    """Ông Đường collects three results at once: all or none."""
    with store.write():
        return [
            return_result(store, code, actor=actor, to=to, via=via, collector=collector)
            for code in codes
        ]


def refuse(store, code: str, *, reason: str, actor: str, at=None):
    """Mẫu 03. A refused dossier owes no appointment, and no fee unless a receipt for it
    was already issued (the money then stays on the biên lai's books)."""
    reason = _reason(reason, "lý do từ chối")

    def decide(status, data, current, when):
        data = {**data, "refusal_reason": reason}
        columns: dict = {"paused_at": None}
        if not data.get("fee_receipt"):
            columns |= {"fee": 0, "fee_detail": ""}
            data = {**data, "fee_name": "", "fee_category": ""}
        return Change(S.REFUSED, columns, data, reason, {"reason": reason})

    return _apply(store, code, "refuse", actor, decide, at=at)


def stop(store, code: str, *, reason: str, actor: str, at=None):
    """Thông báo dừng giải quyết (TT 03/2025 Mẫu 05): the citizen withdraws."""
    reason = _reason(reason, "lý do dừng giải quyết")

    def decide(status, data, current, when):
        data = {**data, "stop_reason": reason}
        return Change(S.STOPPED, {"paused_at": None}, data, reason, {"reason": reason})

    return _apply(store, code, "stop", actor, decide, at=at)


def apologise(
    store, code: str, *, reason: str, new_due: datetime, actor: str, signer: str = "", at=None
):
    """Mẫu 04: a late dossier gets one apology and one new date, never a second."""
    reason = _reason(reason, "lý do chậm trả")
    new_due = clock.to_vn(new_due)
    cal = calendar(store)
    if not cal.is_working_day(new_due.date()):
        raise InvalidInput(
            f"Ngày hẹn mới {new_due:%d/%m/%Y} là ngày nghỉ; hãy chọn một ngày làm việc."
        )

    def decide(status, data, current, when):
        if data.get("apology"):
            raise IllegalTransition(
                "Hồ sơ này đã được hẹn lại một lần; không được hẹn lại lần nữa."
            )
        old_due = clock.parse(current["due_at"])
        if new_due <= old_due:
            raise InvalidInput("Ngày hẹn mới phải sau ngày hẹn cũ.")
        apology = {
            "at": clock.iso(when),
            "reason": reason,
            "old_due": clock.iso(old_due),
            "new_due": clock.iso(new_due),
            "signer": clean(signer),
        }
        return Change(
            status, {"due_at": clock.iso(new_due)}, {**data, "apology": apology}, reason, apology
        )

    return _apply(store, code, "apologise", actor, decide, at=at)
