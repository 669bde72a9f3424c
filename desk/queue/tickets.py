"""Numbered tickets: unique and sequential per service per day, allocated atomically."""

import json
from dataclasses import dataclass
from datetime import datetime

from desk import clock
from desk.ids import uuid7
from desk.payloads import TicketRef, ticket_payload
from desk.queue.services import Service, service

WAITING = ("issued",)


@dataclass(frozen=True)
class Ticket:
    id: str
    day: str  # yyyy-mm-dd
    service_code: str
    number: int
    label: str  # "A012"
    priority: bool
    status: str
    issued_at: datetime

    def ref(self, unit_code: str) -> TicketRef:
        return TicketRef(unit_code, self.day.replace("-", ""), self.label, self.id)


def _ticket(row: dict) -> Ticket:
    return Ticket(
        row["id"],
        row["day"],
        row["service_code"],
        row["number"],
        row["label"],
        bool(row["priority"]),
        row["status"],
        clock.parse(row["issued_at"]),
    )


def issue(
    store, service_code: str | None = None, *, priority: bool = False, at: datetime | None = None
) -> Ticket:
    """The next number of the service for today; the unique index makes a race impossible."""
    svc: Service = service(store, service_code)
    at = at or store.now()
    day = at.date().isoformat()
    ticket_id = uuid7()
    with store.write() as db:
        number = db.execute(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM tickets WHERE day = ? AND service_code = ?",
            [day, svc.code],
        ).fetchone()[0]
        db.execute(
            "INSERT INTO tickets (id, day, service_code, number, label, priority, status, issued_at, data)"
            " VALUES (?, ?, ?, ?, ?, ?, 'issued', ?, ?)",
            [
                ticket_id,
                day,
                svc.code,
                number,
                f"{svc.prefix}{number:03d}",
                int(priority),
                clock.iso(at),
                json.dumps({"service_name": svc.name}, ensure_ascii=False),
            ],
        )
    return _ticket(store.one("SELECT * FROM tickets WHERE id = ?", [ticket_id]))


def people_ahead(store, ticket: Ticket) -> int:
    return store.scalar(
        "SELECT COUNT(*) FROM tickets WHERE day = ? AND service_code = ? AND status = 'issued' AND number < ?",
        [ticket.day, ticket.service_code, ticket.number],
    )


def ticket_view(store, ticket: Ticket):
    """What the thermal ticket shows (printing.thermal.TicketView), from the store."""
    from desk.queue.services import service as find

    office = store.office()
    return {
        "office_name": office.name,
        "number": ticket.label,
        "service_name": find(store, ticket.service_code).name,
        "issued_at": ticket.issued_at,
        "people_ahead": people_ahead(store, ticket),
        "qr_payload": ticket_payload(ticket.ref(office.unit_code)),
        "priority": ticket.priority,
    }
