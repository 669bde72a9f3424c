"""A dossier filed online at the province and addressed to this commune, taken into the
local store as the counter's own (same tables, its history says where it came from)."""

import json

from desk import clock
from desk.dossiers import codes
from desk.dossiers.model import PAPER_KINDS, Status
from desk.dossiers.search import index_text, upsert
from desk.ids import uuid7
from desk.store import audit


def _text(value, limit: int = 500) -> str:
    return str(value or "")[:limit]


def insert_online(db, store, payload: dict) -> None:
    station = store.station
    now = store.now()
    stamp = clock.iso(now)
    applicant = payload.get("applicant") if isinstance(payload.get("applicant"), dict) else {}
    person = {
        "name": _text(applicant.get("name")),
        "id_number": _text(applicant.get("id_number"), 20),
        "dob": applicant.get("dob"),
        "sex": _text(applicant.get("sex"), 10),
        "address": _text(applicant.get("address")),
        "phone": _text(applicant.get("phone"), 30),
        "email": _text(applicant.get("email"), 200),
        "id_method": "online",
    }
    applicant_id = uuid7()
    db.execute(
        "INSERT INTO applicants (id, id_number, name, dob, sex, address, phone, email, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            applicant_id,
            person["id_number"],
            person["name"],
            person["dob"],
            person["sex"],
            person["address"],
            person["phone"],
            person["email"],
            stamp,
            stamp,
        ],
    )
    received_at = clock.parse(str(payload["received_at"]))
    catalog = db.execute("SELECT version FROM catalog_versions WHERE active = 1").fetchone()
    try:
        status = Status(str(payload.get("status") or "received")).value
    except ValueError:
        status = Status.RECEIVED.value
    data = {
        "procedure_name": _text(payload.get("procedure_name") or payload.get("procedure"), 1000),
        "field": _text(payload.get("field")),
        "applicant": person,
        "submitter": None,
        "source": "online",
    }
    book = codes.next_book_number(db, station["id"], received_at.year)
    cursor = db.execute(
        "INSERT INTO dossiers (id, code, unit_code, station_id, procedure_code, catalog_version, applicant_id,"
        " channel, delivery, status, received_at, due_at, fee, sets, summary, book_year, book_number,"
        " data, version, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'online', ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)",
        [
            payload["id"],
            payload["code"],
            store.office().unit_code,
            station["id"],
            _text(payload.get("procedure"), 100),
            catalog[0] if catalog else "",
            applicant_id,
            "post" if payload.get("delivery") == "post" else "counter",
            status,
            clock.iso(received_at),
            clock.iso(clock.parse(str(payload["due_at"]))),
            int(payload.get("fee") or 0),
            data["procedure_name"],
            received_at.year,
            book,
            json.dumps(data, ensure_ascii=False),
            int(payload.get("version") or 1),
            stamp,
            stamp,
        ],
    )
    for i, paper in enumerate(payload.get("papers") or [], start=1):
        if not isinstance(paper, dict):
            continue
        kind = paper.get("kind") if paper.get("kind") in PAPER_KINDS else "original"
        db.execute(
            "INSERT INTO documents (id, dossier_id, ordinal, name, kind, count, pages) VALUES (?, ?, ?, ?, ?, ?, 0)",
            [uuid7(), payload["id"], i, _text(paper.get("name"), 1000) or f"Giấy tờ {i}", kind, 1],
        )
    db.execute(
        "INSERT INTO dossier_events (id, dossier_id, at, kind, actor, from_status, to_status, note, data)"
        " VALUES (?, ?, ?, 'received', 'cấp tỉnh', NULL, ?, 'Hồ sơ nộp trực tuyến', '{}')",
        [uuid7(), payload["id"], clock.iso(received_at), status],
    )
    upsert(
        db,
        cursor.lastrowid,
        index_text(payload["code"], person["name"], person["id_number"], person["phone"]),
    )
    audit.record(
        db,
        "upstream",
        "dossier.online",
        "dossier",
        payload["id"],
        {"code": payload["code"]},
        at=now,
    )
