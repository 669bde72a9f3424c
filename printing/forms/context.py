"""What a template may print: a Dossier and an Office flattened into named strings and rows.

Templates only ever see these names (`{applicant_name}`, `{due_time}`…), so a province can
reword a form without touching code, and a form never reaches into the records itself.
An empty string means "not known": the engine prints dotted leaders there for the officer
to fill in by hand, as on a blank paper form.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from desk.catalog.money import dong_in_words
from desk.clock import to_vn
from desk.dossiers.lateness import was_late
from desk.dossiers.model import PAPER_KINDS, Dossier, Person, Status
from desk.office import Office
from desk.text import clean, nfc

from . import vnformat as vn

# Event kinds that move the paper dossier between bodies (the rows of the Phiếu kiểm soát),
# besides the status changes received → in_progress (desk hands over) and → done (back).
HANDOVER_KINDS = frozenset({"transfer", "handover"})

_OFFICE_PREFIXES = (
    "ủy ban nhân dân",
    "uỷ ban nhân dân",
    "ubnd",
    "trung tâm phục vụ hành chính công",
    "xã",
    "phường",
    "thị trấn",
    "đặc khu",
)


@dataclass(frozen=True)
class Context:
    """Strings for placeholders, dates for the place-and-date line, rows for tables."""

    values: dict[str, str]
    dates: dict[str, datetime | None]
    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)


def upper(text: str) -> str:
    return nfc(text).upper()


def reason(text: str) -> str:
    """A reason as typed, without its final full stop (templates add their own)."""
    return clean(text).rstrip(" .;")


def place_of(office: Office) -> str:
    """The địa danh: the office's setting, else its name without "UBND xã"."""
    if office.place_name:
        return clean(office.place_name)
    name = clean(office.name)
    changed = True
    while changed:
        changed = False
        for prefix in _OFFICE_PREFIXES:
            if name.lower().startswith(prefix + " "):
                name = name[len(prefix) + 1 :].strip()
                changed = True
    return name


def signer_authority(office: Office) -> str:
    """The line above the chairman's title ("TM. ỦY BAN NHÂN DÂN"), as NĐ 30/2020 signs."""
    explicit = office.extra.get("signer_authority")
    if explicit is not None:
        return upper(explicit)
    lowered = clean(office.name).lower()
    if lowered.startswith(("ubnd", "ủy ban nhân dân", "uỷ ban nhân dân")):
        return "TM. ỦY BAN NHÂN DÂN"
    return ""


def _person(prefix: str, person: Person | None) -> dict[str, str]:
    p = person or Person(name="")
    return {
        f"{prefix}_name": clean(p.name),
        f"{prefix}_id": clean(p.id_number),
        f"{prefix}_dob": vn.short_date(p.dob),
        f"{prefix}_address": clean(p.address),
        f"{prefix}_phone": clean(p.phone),
        f"{prefix}_email": clean(p.email),
    }


def _first_status_at(dossier: Dossier, status: Status) -> datetime | None:
    for event in sorted(dossier.events, key=lambda e: e.at):
        if event.to_status == status.value:
            return event.at
    return None


def _count(paper, kind: str) -> str:
    return vn.two_digits(paper.count) if paper.kind == kind else ""


def paper_rows(papers) -> list[dict[str, str]]:
    rows = []
    for index, paper in enumerate(papers, start=1):
        rows.append(
            {
                "ordinal": str(paper.ordinal or index),
                "name": clean(paper.name),
                "kind": PAPER_KINDS.get(paper.kind, paper.kind),
                "count": vn.two_digits(paper.count),
                "original": _count(paper, "original"),
                "certified": _count(paper, "certified"),
                "photo": _count(paper, "photo"),
                "pages": str(paper.pages) if paper.pages else "",
            }
        )
    return rows


def _timing(at: datetime, due: datetime) -> str:
    """Trước hạn / Đúng hạn / Quá hạn, as the result column of the Phiếu kiểm soát asks."""
    if to_vn(at).date() < to_vn(due).date():
        return "Trước hạn"
    return "Đúng hạn" if at <= due else "Quá hạn"


def handover_rows(dossier: Dossier, desk: str, authority: str) -> list[dict[str, str]]:
    """One row per hand-over of the paper dossier, from the dossier's history.

    Values only (giver, taker, hour, day, result, note); the template words the cells.
    """
    rows = []
    for event in sorted(dossier.events, key=lambda e: e.at):
        data = event.data or {}
        if event.kind in HANDOVER_KINDS:
            giver, taker = data.get("from", ""), data.get("to", "")
        elif event.to_status == Status.IN_PROGRESS.value:
            giver, taker = desk, data.get("to") or authority
        elif event.to_status == Status.DONE.value:
            giver, taker = data.get("from") or authority, desk
        else:
            continue
        result = data.get("result", "") if event.kind in HANDOVER_KINDS else ""
        if taker == desk and event.to_status == Status.DONE.value:
            result = _timing(event.at, dossier.due_at)
        local = to_vn(event.at)
        rows.append(
            {
                "giver": clean(giver),
                "taker": clean(taker),
                "hour": f"{local.hour:02d} giờ {local.minute:02d} phút",
                "day": vn.long_date(local),
                "result": result,
                "note": clean(data.get("note", "")),
            }
        )
    if not rows:
        # Printed at intake: the first leg is known, the officer fills in the time by hand.
        rows.append({"giver": desk, "taker": authority})
    return rows


def book_row(dossier: Dossier, index: int, office: Office, *, as_of: datetime) -> dict[str, str]:
    """One line of the Sổ theo dõi hồ sơ; lateness against the result's time, else `as_of`."""
    applicant = dossier.applicant
    contact = clean(applicant.address)
    if applicant.phone:
        contact = f"{contact}; ĐT: {clean(applicant.phone)}" if contact else clean(applicant.phone)
    notes = [clean(dossier.note)] if dossier.note else []
    if dossier.status in (Status.REFUSED, Status.STOPPED, Status.SUPPLEMENT_REQUESTED):
        notes.append(dossier.status_label)
    if was_late(dossier, as_of):
        notes.append("Quá hạn")
    return {
        "number": str(dossier.book_number or index),
        "code": dossier.code,
        "procedure": clean(dossier.procedure_name),
        "sets": vn.two_digits(dossier.sets),
        "applicant": clean(applicant.name),
        "contact": contact,
        "authority": clean(dossier.authority) or clean(office.name),
        "received": vn.short_time(dossier.received_at).replace(" ", "\n"),
        "due": vn.short_time(dossier.due_at).replace(" ", "\n"),
        "transferred": vn.short_date(_first_status_at(dossier, Status.IN_PROGRESS)),
        "result_back": vn.short_date(_first_status_at(dossier, Status.DONE)),
        "returned": vn.short_date(dossier.returned_at),
        "signed": "",
        "note": "; ".join(notes),
        "channel": dossier.channel_label,
        "status": dossier.status_label,
    }


def office_values(office: Office) -> dict[str, str]:
    return {
        "office_name": clean(office.name),
        "office_name_upper": upper(clean(office.name)),
        "parent_name": clean(office.parent_name),
        "parent_name_upper": upper(clean(office.parent_name)),
        "desk_name": clean(office.desk_name),
        "desk_name_upper": upper(clean(office.desk_name)),
        "unit_code": office.unit_code,
        "place": place_of(office),
        "office_address": clean(office.address),
        "office_phone": clean(office.phone),
        "office_email": clean(office.email),
        "tax_code": clean(office.tax_code),
        "leader_name": clean(office.leader_name),
        "leader_title": upper(clean(office.leader_title)),
        "signer_authority": signer_authority(office),
        "fee_form": clean(office.extra.get("fee_receipt_form", "")),
        "fee_series": clean(office.extra.get("fee_receipt_series", "")),
    }


def build(
    dossier: Dossier, office: Office, officer: str | None = None, *, printed_at: datetime
) -> Context:
    """Everything any form of any set may print about this dossier, printed at `printed_at`."""
    v = office_values(office)
    applicant = dossier.applicant
    bearer = dossier.submitter or applicant
    v.update(_person("applicant", applicant))
    v.update(_person("submitter", dossier.submitter))
    v.update(_person("bearer", bearer))
    officer_name = clean(officer) or clean(dossier.receiver)
    supplement = dossier.supplement
    apology = dossier.apology
    refused_at = _first_status_at(dossier, Status.REFUSED)
    stopped_at = _first_status_at(dossier, Status.STOPPED)
    authority = clean(dossier.authority) or v["office_name"]
    v.update(
        {
            "code": dossier.code,
            "lookup_url": office.lookup_url(dossier.code),  # what the QR carries
            "lookup_site": office.lookup_url(dossier.code) if office.lookup_base_url else "",
            "procedure_code": dossier.procedure_code,
            "procedure_name": clean(dossier.procedure_name),
            "field": clean(dossier.field),
            "summary": clean(dossier.summary) or clean(dossier.procedure_name),
            "time_limit": clean(dossier.time_limit_text),
            "sets": vn.two_digits(dossier.sets),
            "channel": dossier.channel_label,
            "delivery": dossier.delivery_label,
            "status": dossier.status_label,
            "authority": authority,
            "note": clean(dossier.note),
            "result": clean(dossier.result),
            "returned_to": clean(dossier.returned_to),
            "returned_time": vn.long_time(dossier.returned_at) if dossier.returned_at else "",
            "received_time": vn.long_time(dossier.received_at),
            "received_date": vn.long_date(dossier.received_at),
            "received_year": str(to_vn(dossier.received_at).year),
            "due_time": vn.long_time(dossier.due_at),
            "due_date": vn.long_date(dossier.due_at),
            "book_number": str(dossier.book_number) if dossier.book_number else "",
            "officer": officer_name,
            "supplement_reason": reason(supplement.reason) if supplement else "",
            "supplement_officer": (clean(supplement.officer) if supplement else "") or officer_name,
            "refusal_reason": reason(dossier.refusal_reason),
            "stop_reason": reason(dossier.stop_reason),
            "stopped_date": vn.long_date(stopped_at) if stopped_at else "",
            "apology_reason": reason(apology.reason) if apology else "",
            "old_due_time": vn.long_time(apology.old_due if apology else dossier.due_at),
            "new_due_time": vn.long_time(apology.new_due) if apology else "",
            "apology_signer": (clean(apology.signer) if apology else "") or v["leader_name"],
            "fee_amount": vn.money(dossier.fee) if dossier.fee else "",
            "fee_words": dong_in_words(dossier.fee) if dossier.fee else "",
            "fee_detail": clean(dossier.fee_detail)
            or (
                f"Phí, lệ phí giải quyết thủ tục {clean(dossier.procedure_name)}"
                if dossier.fee
                else ""
            ),
            "payment_method": "",
            "fee_number": "",
        }
    )
    dates: dict[str, datetime | None] = {
        "received_at": dossier.received_at,
        "supplement_at": supplement.requested_at if supplement else None,
        "refused_at": refused_at,
        "stopped_at": stopped_at,
        "apology_at": apology.at if apology else None,
        "returned_at": dossier.returned_at,
        "today": printed_at,
    }
    rows = {
        "papers": paper_rows(dossier.papers),
        "supplement_items": paper_rows(supplement.items if supplement else ()),
        "handovers": handover_rows(dossier, v["desk_name"], authority),
    }
    return Context(values=v, dates=dates, rows=rows)


def book_context(
    office: Office,
    date_from: date,
    date_to: date,
    rows: list[dict[str, str]],
    *,
    printed_at: datetime,
) -> Context:
    """The Sổ: the office, the period it covers, one row per dossier."""
    v = office_values(office)
    v.update(
        {
            "date_from": vn.short_date(date_from),
            "date_to": vn.short_date(date_to),
            "year": str(date_to.year),
        }
    )
    return Context(values=v, dates={"today": printed_at}, rows={"book": rows})
