"""Receiving a dossier (tiếp nhận): one transaction from code to outbox.

The code, the applicant, the dossier, its papers, the first history line, the
search entry, the upstream operation and the audit entry are committed together;
only after the commit does the caller learn the code, so a receipt can never
name a dossier the database does not hold.
"""

import json
from dataclasses import dataclass
from datetime import datetime

from desk import clock
from desk.calendar.timelimit import TimeLimit
from desk.catalog.fees import FeeQuote
from desk.catalog.model import Procedure
from desk.dossiers import codes
from desk.dossiers import search as search_index
from desk.dossiers.model import Dossier, Paper, Status
from desk.dossiers.query import get_by_id
from desk.dossiers.records import paper_to_json, person_to_json
from desk.dossiers.request import IntakeRequest, parse_request
from desk.errors import InvalidInput
from desk.ids import uuid7
from desk.office import body_name
from desk.officers import full_name
from desk.store import audit, outbox
from desk.store.snapshots import calendar, catalog_version


def _papers_for(request: IntakeRequest, procedure) -> tuple[Paper, ...]:
    if request.papers is not None:
        return request.papers
    # No list given: the procedure's required papers, as the checklist shows them.
    return tuple(
        Paper(ordinal=i, name=p.name, kind=p.kind, count=p.count, shown=p.shown_only)
        for i, p in enumerate((p for p in procedure.papers if not p.optional), start=1)
    )


def _limit(request: IntakeRequest, procedure):
    """The time limit, lengthened when the officer chose the statutory extension."""
    if not request.extension_days:
        return procedure.time_limit, None
    from desk.catalog import extended_limit

    limit, option = extended_limit(procedure, request.extension_days)
    return limit, {
        "days": request.extension_days,
        "reason": request.extension_reason,
        "basis": option.basis,
        "when": option.when,
        "text": option.text(request.extension_days),
    }


def _fee(store, request: IntakeRequest, procedure, papers: tuple[Paper, ...]) -> FeeQuote:
    """The officer's amount, else the office's own rate for the procedure, else the catalog's rule."""
    from desk.catalog.fees import FeeKind
    from desk.catalog.money import format_dong

    if request.fee is not None:
        if procedure.fee.kind is FeeKind.FREE and request.fee:
            raise InvalidInput(
                f"Thủ tục {procedure.code} ({procedure.name}) không thu lệ phí; "
                f"không nhận số tiền {format_dong(request.fee)}."
            )
        return FeeQuote(request.fee, f"{format_dong(request.fee)} (nhập tại quầy)")
    local = store.setting(f"fees.{procedure.code}")
    if isinstance(local, int) and local >= 0:
        return FeeQuote(local, f"{format_dong(local)} (mức thu của tỉnh)")
    basis = dict(request.fee_basis)
    basis.setdefault("pages", sum(p.pages for p in papers) or 1)
    basis.setdefault("copies", 1)
    basis.setdefault("cases", 1)
    return procedure.fee.quote(pages=basis["pages"], copies=basis["copies"], cases=basis["cases"])


def _upsert_applicant(db, request: IntakeRequest, now: str) -> str:
    person = request.applicant
    if person.id_number:
        row = db.execute(
            "SELECT id FROM applicants WHERE id_number = ? LIMIT 1", [person.id_number]
        ).fetchone()
        if row:
            db.execute(
                "UPDATE applicants SET name = ?, dob = COALESCE(?, dob), sex = COALESCE(NULLIF(?, ''), sex),"
                " address = COALESCE(NULLIF(?, ''), address), phone = COALESCE(NULLIF(?, ''), phone),"
                " email = COALESCE(NULLIF(?, ''), email), updated_at = ? WHERE id = ?",
                [
                    person.name,
                    person.dob.isoformat() if person.dob else None,
                    person.sex,
                    person.address,
                    person.phone,
                    person.email,
                    now,
                    row[0],
                ],
            )
            return row[0]
    applicant_id = uuid7()
    db.execute(
        "INSERT INTO applicants (id, id_number, name, dob, sex, address, phone, email, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            applicant_id,
            person.id_number,
            person.name,
            person.dob.isoformat() if person.dob else None,
            person.sex,
            person.address,
            person.phone,
            person.email,
            now,
            now,
        ],
    )
    return applicant_id


@dataclass(frozen=True)
class Plan:
    """What an intake would record, computed before anything is written: the window shows
    it live while the officer ticks papers, and `receive` commits exactly this."""

    request: IntakeRequest
    procedure: Procedure
    papers: tuple[Paper, ...]
    fee: FeeQuote
    received_at: datetime
    due_at: datetime
    catalog_version: str
    limit: TimeLimit  # the procedure's, or lengthened by the statutory extension chosen
    extension: dict | None = None
    provisional: tuple = ()  # days counted over holidays not yet announced (calendar.due_info)

    def to_json(self) -> dict:
        return {
            "procedure": {"code": self.procedure.code, "name": self.procedure.name},
            "papers": [paper_to_json(p) for p in self.papers],
            "fee": self.fee.amount,
            "fee_detail": self.fee.detail,
            "received_at": clock.iso(self.received_at),
            "due_at": clock.iso(self.due_at),
            "time_limit": self.limit.text(),
            "extension": self.extension,
            "due_provisional": [m.date.isoformat() for m in self.provisional],
        }


def plan(store, request: IntakeRequest | dict, *, at: datetime | None = None) -> Plan:
    """The fee, the appointment and the papers of an intake at `at` (default: now)."""
    if not isinstance(request, IntakeRequest):  # a dict, or whatever a JSON line held
        request = parse_request(request, now=store.now())
    catalog = catalog_version(store)
    procedure = catalog.get(request.procedure)
    received_at = request.received_at or at or store.now()
    limit, extension = _limit(request, procedure)
    due = calendar(store).due_info(received_at, limit)
    papers = _papers_for(request, procedure)
    fee = _fee(store, request, procedure, papers)
    return Plan(
        request,
        procedure,
        papers,
        fee,
        received_at,
        due.due,
        catalog.version,
        limit,
        extension,
        tuple(due.provisional_days) if due.provisional else (),
    )


def receive(
    store, request: IntakeRequest | dict, *, actor: str, fee: FeeQuote | None = None
) -> Dossier:
    """Take a dossier in; returns it as committed (code, due date-time, fee).

    `fee` replaces the computed one (a dossier refused at the counter owes nothing)."""
    recorded = store.now()
    planned = plan(store, request, at=recorded)
    request, procedure, papers = planned.request, planned.procedure, planned.papers
    fee = fee or planned.fee
    received_at, due_at = planned.received_at, planned.due_at
    station = store.station
    office = store.office()
    now = clock.iso(recorded)
    dossier_id = uuid7()
    limit = planned.limit
    data = {
        "procedure_name": procedure.name,
        "procedure_short_name": procedure.short_name,
        "field": procedure.field,
        "time_limit": limit.to_json(),
        "time_limit_text": limit.text(),
        "applicant": person_to_json(request.applicant),
        "submitter": person_to_json(request.submitter),
        "warnings": list(request.warnings),
        "extra": request.extra,
        # Names for paper: the receiving officer as a person, the fee as the law names it.
        "receiver_name": request.receiver or full_name(store, actor),
        "fee_name": procedure.fee.name if fee.amount else "",
        "fee_category": procedure.fee.fee_category if fee.amount else "",
    }
    if planned.extension:
        data["extension"] = planned.extension
    if planned.provisional:
        data["due_provisional"] = [m.date.isoformat() for m in planned.provisional]
    with store.write() as db:
        code = codes.allocate(
            db, unit_code=office.unit_code, station=station, day=received_at.date()
        )
        book = codes.next_book_number(db, office.unit_code, received_at.year)
        applicant_id = _upsert_applicant(db, request, now)
        cursor = db.execute(
            "INSERT INTO dossiers (id, code, unit_code, station_id, procedure_code, catalog_version, applicant_id,"
            " channel, delivery, status, received_at, due_at, fee, fee_detail, sets, receiver, authority,"
            " summary, note, book_year, book_number, data, version, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
            [
                dossier_id,
                code,
                office.unit_code,
                station["id"],
                procedure.code,
                planned.catalog_version,
                applicant_id,
                request.channel,
                request.delivery,
                Status.RECEIVED.value,
                clock.iso(received_at),
                clock.iso(due_at),
                fee.amount,
                fee.detail,
                request.sets,
                request.receiver or actor,
                request.authority or procedure.settling_agency(body_name(office)),
                request.summary or procedure.name,
                request.note,
                received_at.year,
                book,
                json.dumps(data, ensure_ascii=False),
                now,
                now,
            ],
        )
        rowid = cursor.lastrowid
        for paper in papers:
            db.execute(
                "INSERT INTO documents (id, dossier_id, ordinal, name, kind, count, pages, shown)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    uuid7(),
                    dossier_id,
                    paper.ordinal,
                    paper.name,
                    paper.kind,
                    paper.count,
                    paper.pages,
                    int(paper.shown),
                ],
            )
        db.execute(
            "INSERT INTO dossier_events (id, dossier_id, at, kind, actor, from_status, to_status, note, data)"
            " VALUES (?, ?, ?, 'received', ?, NULL, 'received', ?, '{}')",
            [
                uuid7(),
                dossier_id,
                clock.iso(received_at),
                actor,
                f"Hẹn trả {due_at:%H:%M %d/%m/%Y}" + (" (dự kiến)" if planned.provisional else ""),
            ],
        )
        people = (
            [request.applicant, request.submitter] if request.submitter else [request.applicant]
        )
        search_index.upsert(
            db,
            rowid,
            search_index.index_text(
                code,
                *(p.name for p in people),
                *(p.id_number for p in people),
                *(p.phone for p in people),
                procedure.name,
            ),
        )
        payload = {
            "id": dossier_id,
            "code": code,
            "procedure": procedure.code,
            "procedure_name": procedure.name,  # what the receipt's lookup page tells the citizen
            "catalog_version": planned.catalog_version,
            "channel": request.channel,
            "delivery": request.delivery,
            "received_at": clock.iso(received_at),
            "due_at": clock.iso(due_at),
            "fee": fee.amount,
            "sets": request.sets,
            "papers": [paper_to_json(p) for p in papers],
            **{k: v for k, v in data.items() if k in ("applicant", "submitter", "extension")},
        }
        outbox.enqueue(
            db, station["id"], "dossier", dossier_id, "dossier.received", payload, at=recorded
        )
        audit.record(
            db, actor, "dossier.receive", "dossier", dossier_id, {"code": code}, at=recorded
        )
    return get_by_id(store, dossier_id)
