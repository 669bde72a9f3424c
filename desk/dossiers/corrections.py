"""Correcting what was taken in (a phone number typed wrong, a summary to complete).

The desk owns its intake fields, but the province may have moved the dossier meanwhile:
the correction carries the version it was made on (`base_version` of its operation), so
upstream applies it only on that version and keeps it for a person otherwise. Processing
fields (status, dates) are never corrected here.
"""

import json

from desk import clock
from desk.dossiers.model import DELIVERIES, Dossier
from desk.dossiers.query import get
from desk.errors import InvalidInput, NotFound
from desk.ids import uuid7
from desk.store import audit, outbox
from desk.text import clean

# field → (column or applicant key, longest text)
DOSSIER_FIELDS = {"summary": 2000, "note": 2000, "authority": 500, "delivery": 10, "sets": 3}
APPLICANT_FIELDS = {"applicant.phone": 20, "applicant.address": 500, "applicant.email": 200}


def _checked(fields: dict) -> dict:
    known = set(DOSSIER_FIELDS) | set(APPLICANT_FIELDS)
    unknown = sorted(set(fields) - known)
    if unknown:
        raise InvalidInput(
            f"Không sửa được trường {', '.join(unknown)}; chỉ sửa được: {', '.join(sorted(known))}."
        )
    if not fields:
        raise InvalidInput("Chưa có trường nào để sửa.")
    out: dict = {}
    for key, value in fields.items():
        if key == "sets":
            try:
                sets = int(value)
            except (TypeError, ValueError) as exc:
                raise InvalidInput("Số bộ hồ sơ phải là số nguyên dương.") from exc
            if not 1 <= sets <= 99:
                raise InvalidInput("Số bộ hồ sơ phải từ 1 đến 99.")
            out[key] = sets
            continue
        text = clean(str(value))
        limit = DOSSIER_FIELDS.get(key) or APPLICANT_FIELDS[key]
        if len(text) > limit:
            raise InvalidInput(f"Trường {key} quá dài (tối đa {limit} ký tự).")
        if key == "delivery" and text not in DELIVERIES:
            raise InvalidInput("Hình thức trả phải là counter (tại quầy) hoặc post (bưu chính).")
        out[key] = text
    return out


def correct(store, code: str, fields: dict, *, actor: str) -> Dossier:
    """Change intake fields of a dossier; one transaction with its history, outbox and audit."""
    fields = _checked(fields)
    recorded = store.now()
    with store.write() as db:
        row = db.execute(
            "SELECT id, code, version, applicant_id, data FROM dossiers WHERE code = ?",
            [code.strip()],
        ).fetchone()
        if row is None:
            raise NotFound(f"Không tìm thấy hồ sơ có mã {code!r}.")
        dossier_id, code, version, applicant_id, data_text = row
        data = json.loads(data_text or "{}")
        columns = {k: v for k, v in fields.items() if k in DOSSIER_FIELDS}
        person = dict(data.get("applicant") or {})
        for key, value in fields.items():
            if key in APPLICANT_FIELDS:
                name = key.partition(".")[2]
                person[name] = value
                db.execute(
                    f"UPDATE applicants SET {name} = ?, updated_at = ? WHERE id = ?",
                    [value, clock.iso(recorded), applicant_id],
                )
        data["applicant"] = person
        columns.update(
            {
                "data": json.dumps(data, ensure_ascii=False),
                "version": version + 1,
                "updated_at": clock.iso(recorded),
            }
        )
        sets = ", ".join(f"{name} = ?" for name in columns)
        db.execute(f"UPDATE dossiers SET {sets} WHERE id = ?", [*columns.values(), dossier_id])
        db.execute(
            "INSERT INTO dossier_events (id, dossier_id, at, kind, actor, note, data)"
            " VALUES (?, ?, ?, 'corrected', ?, ?, ?)",
            [
                uuid7(),
                dossier_id,
                clock.iso(recorded),
                actor,
                "Sửa thông tin: " + ", ".join(sorted(fields)),
                json.dumps(fields, ensure_ascii=False),
            ],
        )
        outbox.enqueue(
            db,
            store.station["id"],
            "dossier",
            dossier_id,
            "dossier.corrected",
            {"id": dossier_id, "code": code, "fields": fields},
            version,
            at=recorded,
        )
        audit.record(
            db,
            actor,
            "dossier.correct",
            "dossier",
            dossier_id,
            {"code": code, **fields},
            at=recorded,
        )
    return get(store, code)
