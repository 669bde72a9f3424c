"""Rows ↔ records: how a dossier is kept in SQLite and read back as a `Dossier`.

The dossier row keeps a snapshot of the applicant and procedure as received, so
a reprinted receipt always says what the first one said, whatever changes later
in the applicants table or the catalog.
"""

import json
from datetime import date, datetime

from desk import clock
from desk.dossiers.model import (
    Apology,
    Dossier,
    Event,
    Extension,
    FeeReceiptNumber,
    Paper,
    Person,
    Status,
    SupplementRequest,
)
from desk.labels import event_label, paper_kind_label


def person_to_json(person: Person | None) -> dict | None:
    if person is None:
        return None
    data = {
        "name": person.name,
        "id_number": person.id_number,
        "dob": person.dob.isoformat() if person.dob else None,
        "sex": person.sex,
        "address": person.address,
        "phone": person.phone,
        "email": person.email,
        "id_method": person.id_method,
    }
    return data


def person_from_json(data: dict | None) -> Person | None:
    if not data:
        return None
    return Person(
        name=data.get("name", ""),
        id_number=data.get("id_number", ""),
        dob=date.fromisoformat(data["dob"]) if data.get("dob") else None,
        sex=data.get("sex", ""),
        address=data.get("address", ""),
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        id_method=data.get("id_method", ""),
    )


def paper_to_json(paper: Paper) -> dict:
    data = {"name": paper.name, "kind": paper.kind, "count": paper.count, "pages": paper.pages}
    if paper.shown:
        data["shown"] = True
    return data


def _dt(text: str | None) -> datetime | None:
    return clock.parse(text) if text else None


def supplement_from_json(data: dict | None) -> SupplementRequest | None:
    if not data:
        return None
    return SupplementRequest(
        requested_at=clock.parse(data["requested_at"]),
        reason=data.get("reason", ""),
        items=tuple(
            Paper(
                ordinal=i, name=p["name"], kind=p.get("kind", "original"), count=p.get("count", 1)
            )
            for i, p in enumerate(data.get("items", []), start=1)
        ),
        officer=data.get("officer", ""),
        supplemented_at=_dt(data.get("supplemented_at")),
    )


def apology_from_json(data: dict | None) -> Apology | None:
    if not data:
        return None
    return Apology(
        at=clock.parse(data["at"]),
        reason=data.get("reason", ""),
        old_due=clock.parse(data["old_due"]),
        new_due=clock.parse(data["new_due"]),
        signer=data.get("signer", ""),
    )


def extension_from_json(data: dict | None) -> Extension | None:
    if not data:
        return None
    return Extension(
        days=int(data["days"]), reason=data.get("reason", ""), basis=data.get("basis", "")
    )


def fee_receipt_from_json(data: dict | None) -> FeeReceiptNumber | None:
    if not data:
        return None
    return FeeReceiptNumber(
        form=data["form"],
        series=data["series"],
        number=int(data["number"]),
        issued_at=clock.parse(data["issued_at"]),
        issued_by=data.get("issued_by", ""),
    )


def fee_receipt_to_json(receipt: FeeReceiptNumber | None) -> dict | None:
    if receipt is None:
        return None
    return {
        "form": receipt.form,
        "series": receipt.series,
        "number": receipt.number,
        "number_text": receipt.number_text,
        "issued_at": clock.iso(receipt.issued_at),
        "issued_by": receipt.issued_by,
    }


def event_from_row(row: dict) -> Event:
    return Event(
        at=clock.parse(row["at"]),
        kind=row["kind"],
        actor=row["actor"],
        from_status=row["from_status"],
        to_status=row["to_status"],
        note=row["note"],
        data=json.loads(row["data"] or "{}"),
    )


def dossier_from_row(row: dict, papers: list[dict], events: list[dict]) -> Dossier:
    data = json.loads(row["data"] or "{}")
    status = Status(row["status"])
    due = clock.parse(row["due_at"])
    return Dossier(
        id=row["id"],
        code=row["code"],
        unit_code=row["unit_code"],
        procedure_code=row["procedure_code"],
        procedure_name=data.get("procedure_name", row["procedure_code"]),
        field=data.get("field", ""),
        time_limit_text=data.get("time_limit_text", ""),
        applicant=person_from_json(data.get("applicant")) or Person(name=""),
        papers=tuple(
            Paper(
                ordinal=p["ordinal"],
                name=p["name"],
                kind=p["kind"],
                count=p["count"],
                pages=p["pages"],
                id=p["id"],
                shown=bool(p.get("shown", 0)),
            )
            for p in papers
        ),
        channel=row["channel"],
        delivery=row["delivery"],
        status=status,
        received_at=clock.parse(row["received_at"]),
        due_at=due,
        fee=row["fee"],
        fee_detail=row["fee_detail"],
        submitter=person_from_json(data.get("submitter")),
        sets=row["sets"],
        receiver=row["receiver"],
        authority=row["authority"],
        summary=row["summary"],
        note=row["note"],
        supplement=supplement_from_json(data.get("supplement")),
        refusal_reason=data.get("refusal_reason", ""),
        stop_reason=data.get("stop_reason", ""),
        apology=apology_from_json(data.get("apology")),
        result=data.get("result", ""),
        returned_at=_dt(data.get("returned_at")),
        returned_to=data.get("returned_to", ""),
        paused_at=_dt(row["paused_at"]),
        version=row["version"],
        catalog_version=row["catalog_version"],
        book_number=row["book_number"],
        events=tuple(event_from_row(e) for e in events),
        receiver_name=data.get("receiver_name", ""),
        procedure_short_name=data.get("procedure_short_name", ""),
        extension=extension_from_json(data.get("extension")),
        fee_name=data.get("fee_name", ""),
        fee_category=data.get("fee_category", ""),
        fee_receipt=fee_receipt_from_json(data.get("fee_receipt")),
        due_provisional=bool(data.get("due_provisional")),
        returned_by=data.get("returned_by", ""),
    )


def dossier_to_json(dossier: Dossier, *, now: datetime) -> dict:
    """Plain JSON for the CLI and scripts; `overdue` is as of `now` (the office clock)."""
    return {
        "id": dossier.id,
        "code": dossier.code,
        "unit_code": dossier.unit_code,
        "procedure": {
            "code": dossier.procedure_code,
            "name": dossier.procedure_name,
            "field": dossier.field,
            "time_limit": dossier.time_limit_text,
            "catalog_version": dossier.catalog_version,
        },
        "applicant": person_to_json(dossier.applicant),
        "submitter": person_to_json(dossier.submitter),
        "papers": [
            {**paper_to_json(p), "kind_label": paper_kind_label(p.kind)} for p in dossier.papers
        ],
        "channel": dossier.channel,
        "delivery": dossier.delivery,
        "status": dossier.status.value,
        "status_label": dossier.status_label,
        "received_at": clock.iso(dossier.received_at),
        "due_at": clock.iso(dossier.due_at),
        "appointment": clock.iso(dossier.appointment) if dossier.appointment else None,
        "due_provisional": dossier.due_provisional,
        "overdue": dossier.is_overdue(now),
        "fee": dossier.fee,
        "fee_detail": dossier.fee_detail,
        "fee_name": dossier.fee_name,
        "fee_category": dossier.fee_category,
        "fee_receipt": fee_receipt_to_json(dossier.fee_receipt),
        "extension": (
            {
                "days": dossier.extension.days,
                "reason": dossier.extension.reason,
                "basis": dossier.extension.basis,
            }
            if dossier.extension
            else None
        ),
        "sets": dossier.sets,
        "receiver": dossier.receiver,
        "receiver_name": dossier.receiver_name,
        "authority": dossier.authority,
        "summary": dossier.summary,
        "note": dossier.note,
        "refusal_reason": dossier.refusal_reason,
        "stop_reason": dossier.stop_reason,
        "result": dossier.result,
        "returned_at": clock.iso(dossier.returned_at) if dossier.returned_at else None,
        "returned_to": dossier.returned_to,
        "book_number": dossier.book_number,
        "version": dossier.version,
        "events": [
            {
                "at": clock.iso(e.at),
                "kind": e.kind,
                "label": event_label(e.kind),
                "actor": e.actor,
                "from": e.from_status,
                "to": e.to_status,
                "note": e.note,
            }
            for e in dossier.events
        ],
    }
