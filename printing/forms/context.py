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
from desk.labels import fee_label
from desk.office import Office, body_name, body_symbol, place_name
from desk.officers import printable
from desk.text import clean, nfc

from . import vnformat as vn

# Event kinds that move the paper dossier between bodies (the rows of the Phiếu kiểm soát):
# the desk hands it over ("start"), the result comes back ("finish"), or a recorded
# transfer. Nothing else is a hand-over: an apology or a supplement moves no paper.
HANDOVER_KINDS = frozenset({"transfer", "handover"})
OUT_KIND, BACK_KIND = "start", "finish"


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
    """The địa danh of the place-and-date line (see desk.office.place_name)."""
    return place_name(office)


def signer_authority(office: Office) -> str:
    """The line above the chairman's title ("TM. ỦY BAN NHÂN DÂN"), as NĐ 30/2020 signs."""
    explicit = office.extra.get("signer_authority")
    if explicit is not None:
        return upper(explicit)
    if body_name(office).lower().startswith("ủy ban nhân dân"):
        return "TM. ỦY BAN NHÂN DÂN"
    return ""


def person_name(text: str | None) -> str:
    """A name fit to print above a signature (desk.officers.printable): never a login."""
    return printable(text)


def body_heading(office: Office) -> str:
    """The issuing body in capitals as a signed letter heads it, in full:
    "ỦY BAN NHÂN DÂN" over "XÃ HÒA PHÚ" (NĐ 30/2020; no abbreviation for the body itself)."""
    full = upper(body_name(office))
    head = "ỦY BAN NHÂN DÂN"
    if full.startswith(head + " "):
        return f"{head}\n{full[len(head) + 1 :]}"
    return full


def letter_parent(office: Office) -> str:
    """The parent body's line above a letter's issuer: none for a People's Committee,
    whose letters carry no cơ quan chủ quản; else the parent, which may be abbreviated."""
    if body_name(office).lower().startswith("ủy ban nhân dân"):
        return ""
    return upper(clean(office.parent_name))


def authority_of(dossier: Dossier, office: Office) -> str:
    """The body that settles the dossier, by its name: records kept before intake named it
    carried the catalog's description ("Ủy ban nhân dân cấp xã nơi …") instead."""
    authority = clean(dossier.authority)
    if not authority or "cấp xã" in authority.lower():
        prefix = "Chủ tịch " if authority.lower().startswith("chủ tịch") else ""
        return prefix + body_name(office)
    return authority


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


def shown_list(papers) -> str:
    """Papers only shown for checking, as one line: "Căn cước của cha, mẹ (bản chính); …"."""
    return "; ".join(
        f"{clean(p.name)} ({PAPER_KINDS.get(p.kind, p.kind).lower()})" for p in papers if p.shown
    )


def paper_rows(papers) -> list[dict[str, str]]:
    """Table rows of the papers handed in (those only shown are listed apart)."""
    rows = []
    for index, paper in enumerate((p for p in papers if not p.shown), start=1):
        rows.append(
            {
                "ordinal": str(index),
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
        elif event.kind == OUT_KIND:
            giver, taker = desk, data.get("to") or authority
        elif event.kind == BACK_KIND:
            giver, taker = data.get("from") or authority, desk
        else:
            continue
        result = data.get("result", "") if event.kind in HANDOVER_KINDS else ""
        if event.kind == BACK_KIND:
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


def _short_agency(agency: str, office: Office) -> str:
    """In the Sổ's narrow column the office itself goes by its short name ("UBND xã …")."""
    full = body_name(office)
    if agency.endswith(full) and office.name and office.name != full:
        return agency[: -len(full)] + clean(office.name)
    return agency


def book_row(dossier: Dossier, index: int, office: Office, *, as_of: datetime) -> dict[str, str]:
    """One line of the Sổ theo dõi hồ sơ; lateness against the result's time, else `as_of`."""
    applicant = dossier.applicant
    contact = clean(applicant.address)
    if applicant.phone:
        contact = f"{contact}; ĐT: {clean(applicant.phone)}" if contact else clean(applicant.phone)
    notes = [clean(dossier.note)] if dossier.note else []
    if dossier.status in (Status.REFUSED, Status.STOPPED, Status.SUPPLEMENT_REQUESTED):
        notes.append(dossier.status_label)
    if dossier.extension is not None:
        notes.append(f"Kéo dài {dossier.extension.days:02d} ngày làm việc")
    if was_late(dossier, as_of):
        notes.append("Quá hạn")
    appointment = dossier.appointment
    return {
        "number": str(dossier.book_number or index),
        "code": dossier.code,
        "procedure": clean(dossier.procedure_short_name) or clean(dossier.procedure_name),
        "sets": vn.two_digits(dossier.sets),
        "applicant": clean(applicant.name),
        "contact": contact,
        "authority": _short_agency(authority_of(dossier, office), office),
        "received": vn.short_time(dossier.received_at).replace(" ", "\n"),
        "due": vn.short_time(appointment).replace(" ", "\n") if appointment else "",
        "transferred": vn.short_date(_first_status_at(dossier, Status.IN_PROGRESS)),
        "result_back": vn.short_date(_first_status_at(dossier, Status.DONE)),
        "returned": vn.short_date(dossier.returned_at),
        "signed": "",
        "note": "; ".join(notes),
        "channel": dossier.channel_label,
        "status": dossier.status_label,
    }


def _fee_part(amount: int, category: str, part: str) -> str:
    """The amount on the phí or the lệ phí line of the receipt; both blank when unknown."""
    if not category:
        return ""
    return f"{vn.money(amount)} đồng" if category == part else "Không"


def office_values(office: Office) -> dict[str, str]:
    return {
        "office_name": clean(office.name),
        "office_name_upper": upper(clean(office.name)),
        "parent_name": clean(office.parent_name),
        "parent_name_upper": upper(clean(office.parent_name)),
        "desk_name": clean(office.desk_name),
        "desk_name_upper": upper(clean(office.desk_name)),
        "unit_code": office.unit_code,
        "body_name": body_name(office),
        "body_heading": body_heading(office),
        "body_symbol": body_symbol(office),
        "letter_parent": letter_parent(office),
        "place": place_of(office),
        "office_address": clean(office.address),
        "office_phone": clean(office.phone).replace(" ", "\u00a0"),  # never split
        "office_email": clean(office.email),
        "tax_code": clean(office.tax_code),
        "leader_name": clean(office.leader_name),
        "leader_title": upper(clean(office.leader_title)),
        "signer_authority": signer_authority(office),
        "receiving_officer": person_name(office.receiving_officer),
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
    # People by their names, never a login: the officer the window names, else the one
    # recorded at intake, else the office's receiving officer, else a line to sign on.
    officer_name = (
        person_name(officer) or person_name(dossier.receiver_name) or v["receiving_officer"]
    )
    supplement = dossier.supplement
    apology = dossier.apology
    receipt = dossier.fee_receipt
    refused_at = _first_status_at(dossier, Status.REFUSED)
    stopped_at = _first_status_at(dossier, Status.STOPPED)
    authority = authority_of(dossier, office)
    extension = dossier.extension
    category = dossier.fee_category
    v.update(
        {
            "code": dossier.code,
            "lookup_url": office.lookup_url(dossier.code),  # what the QR carries
            "lookup_site": office.lookup_url(dossier.code) if office.lookup_base_url else "",
            "lookup_lead": " hoặc truy cập:" if office.lookup_base_url else ".",
            "procedure_code": dossier.procedure_code,
            "procedure_name": clean(dossier.procedure_name),
            "field": clean(dossier.field),
            "summary": clean(dossier.summary) or clean(dossier.procedure_name),
            "time_limit": clean(dossier.time_limit_text),
            "extension_text": (
                f"{clean(dossier.time_limit_text)}, kéo dài theo quy định vì: "
                f"{reason(extension.reason)}"
                + (f" ({clean(extension.basis)})" if extension.basis else "")
                if extension
                else ""
            ),
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
            "returning_officer": person_name(dossier.returned_by) or officer_name,
            "supplement_reason": reason(supplement.reason) if supplement else "",
            "supplement_officer": (person_name(supplement.officer) if supplement else "")
            or officer_name,
            "refusal_reason": reason(dossier.refusal_reason),
            "stop_reason": reason(dossier.stop_reason),
            "stopped_date": vn.long_date(stopped_at) if stopped_at else "",
            "apology_reason": reason(apology.reason) if apology else "",
            "old_due_time": vn.long_time(apology.old_due if apology else dossier.due_at),
            "new_due_time": vn.long_time(apology.new_due) if apology else "",
            "apology_signer": (clean(apology.signer) if apology else "") or v["leader_name"],
            "fee_amount": vn.money(dossier.fee) if dossier.fee else "",
            "fee_words": dong_in_words(dossier.fee) if dossier.fee else "",
            "fee_detail": clean(dossier.fee_detail),
            "fee_name": clean(dossier.fee_name)
            or (
                f"{fee_label(category)} giải quyết thủ tục {clean(dossier.procedure_name)}"
                if dossier.fee
                else ""
            ),
            "fee_label": fee_label(category),
            "fee_phi": _fee_part(dossier.fee, category, "phi"),
            "fee_le_phi": _fee_part(dossier.fee, category, "le_phi"),
            "payment_method": "",
            "fee_form": receipt.form if receipt else "",
            "fee_series": receipt.series if receipt else "",
            "fee_number": receipt.number_text if receipt else "",
            "fee_collector": (person_name(receipt.issued_by) if receipt else "") or officer_name,
            "shown_papers": shown_list(dossier.papers),
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
        "fee_receipt_at": receipt.issued_at if receipt else None,
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
