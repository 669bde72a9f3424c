"""The intake request as typed at the counter or read from a JSON line, validated.

Accepted JSON (more keys are kept in `extra`):

    {"procedure": "1.001193",
     "applicant": {"cccd": "<raw QR payload>"}
                  or {"id_number", "name", "dob": "YYYY-MM-DD", "sex", "address", "phone", "email"},
     "submitter": {... same as applicant, when someone else hands it in},
     "papers": [{"name", "kind": "original|certified|photo", "count", "pages",
                 "shown": true when only shown for checking (xuất trình) and handed back}],
     "channel": "direct|online|post", "delivery": "counter|post",
     "received_at": "ISO time, default now", "sets": 1, "summary": "…", "note": "…",
     "authority": "…", "receiver": "officer's name",
     "fee_basis": {"pages": 37, "copies": 1, "cases": 1},
     "fee": 100000  (đồng; only where the province sets the amount and the catalog has none),
     "extension": {"days": 5, "reason": "…"}  (a statutory extension the catalog allows for
                  the procedure, chosen at intake; checked against the catalog on receipt)}

Papers may be left out: the procedure's required papers are then taken as handed in.
"""

import json
import math
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from desk import clock
from desk.dossiers.model import CHANNELS, DELIVERIES, PAPER_KINDS, Paper, Person
from desk.errors import InvalidInput
from desk.text import clean

MAX_TEXT = 2000
MAX_PAPERS = 200
MAX_EXTRA = 8_000  # characters of JSON in keys outside the form
RECEIVED_AHEAD = timedelta(minutes=10)  # two PCs' clocks a little apart
# Paper dossiers typed in long after (an outage, a backlog) are fine; a year typed wrong
# (2016 for 2026, 1926) is not: it would make a code (yyMMdd) and a due date decades off.
RECEIVED_BEHIND_YEARS = 3
RECEIVED_BEHIND = timedelta(days=RECEIVED_BEHIND_YEARS * 365 + 1)


@dataclass(frozen=True)
class IntakeRequest:
    procedure: str
    applicant: Person
    papers: tuple[Paper, ...] | None
    channel: str = "direct"
    delivery: str = "counter"
    received_at: datetime | None = None
    submitter: Person | None = None
    sets: int = 1
    summary: str = ""
    note: str = ""
    authority: str = ""
    receiver: str = ""
    fee_basis: dict = field(default_factory=dict)
    fee: int | None = None  # đồng, when the officer enters the amount (province-set fees)
    warnings: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)
    extension_days: int = 0  # statutory extension chosen at intake (0: none)
    extension_reason: str = ""


def _text(value, what: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        # A name or an ID number given as a JSON number loses its leading zeros; true/false
        # is nobody's name.
        raise InvalidInput(f"Trường '{what}' phải là chữ trong dấu nháy kép, không phải {value!r}.")
    text = clean(value)
    bad = next((ch for ch in text if unicodedata.category(ch) in ("Cc", "Cs")), None)
    if bad is not None:
        raise InvalidInput(f"Trường '{what}' chứa ký tự không hợp lệ (\\u{ord(bad):04x}).")
    if required and not text:
        raise InvalidInput(f"Thiếu '{what}'.")
    if len(text) > limit:
        raise InvalidInput(f"Trường '{what}' quá dài ({len(text)} ký tự, tối đa {limit}).")
    return text


def _int(value, what: str, *, default: int, low: int, high: int) -> int:
    """A whole number: 3, 3.0 or "3"; never 1.9 silently cut to 1, nor true, nor infinity."""
    if value is None or value == "":
        return default
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 12:
        number = int(value.strip())
    if number is None:
        raise InvalidInput(f"'{what}' phải là số nguyên, không phải {value!r}.")
    if not low <= number <= high:
        raise InvalidInput(f"'{what}' phải từ {low} đến {high}, không phải {number}.")
    return number


def _received_at(value, now: datetime) -> datetime | None:
    """A received time given with the request: not ahead of the office clock, not long past.

    The code (mã hồ sơ) and the due date are made from it, so a typo such as 2099 would
    print a receipt dated decades ahead.
    """
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"'received_at' phải là thời điểm dạng chữ, không phải {value!r}.")
    moment = clock.parse(value)
    if moment > now + RECEIVED_AHEAD:
        raise InvalidInput(
            f"Thời điểm nhận {moment:%H:%M %d/%m/%Y} ở sau giờ hiện tại ({now:%H:%M %d/%m/%Y}); "
            "hồ sơ không thể được nhận trong tương lai."
        )
    if moment < now - RECEIVED_BEHIND:
        raise InvalidInput(
            f"Thời điểm nhận {moment:%d/%m/%Y} đã quá {RECEIVED_BEHIND_YEARS} năm trước hôm nay "
            f"({now:%d/%m/%Y}); hãy kiểm tra lại năm."
        )
    return moment


def _extra(data: dict) -> dict:
    """Keys we do not know are kept (a province's own fields), within a small size."""
    extra = {k: v for k, v in data.items() if k not in KNOWN}
    if not extra:
        return extra
    size = len(json.dumps(extra, ensure_ascii=False))
    if size > MAX_EXTRA:
        names = ", ".join(sorted(map(str, extra))[:5])
        raise InvalidInput(
            f"Các trường ngoài mẫu ({names}{', …' if len(extra) > 5 else ''}) quá lớn "
            f"({size // 1000} KB, tối đa {MAX_EXTRA // 1000} KB)."
        )
    return extra


def _date(value, what: str, today: date) -> date | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise InvalidInput(f"'{what}' không phải ngày hợp lệ (NĂM-THÁNG-NGÀY): {value!r}.") from exc
    if day > today or day.year < 1900:
        raise InvalidInput(f"'{what}' không hợp lý: {day:%d/%m/%Y}.")
    return day


def parse_person(data, what: str, *, today: date) -> tuple[Person, list[str]]:
    if not isinstance(data, dict):
        raise InvalidInput(f"'{what}' phải là một đối tượng JSON.")
    if data.get("cccd"):
        from desk.citizen_id import parse_cccd

        card = parse_cccd(str(data["cccd"]), today=today)
        person = Person(
            name=card.name,
            id_number=card.id_number,
            dob=card.dob,
            sex=card.sex,
            address=card.address,
            phone=_text(data.get("phone"), f"{what}.phone", limit=20),
            email=_text(data.get("email"), f"{what}.email", limit=200),
            id_method="cccd_qr",
        )
        return person, list(card.warnings)
    warnings: list[str] = []
    id_number = _text(data.get("id_number"), f"{what}.id_number", limit=20)
    dob = _date(data.get("dob"), f"{what}.dob", today)
    sex = _text(data.get("sex"), f"{what}.sex", limit=10)
    if sex and sex not in {"Nam", "Nữ"}:
        raise InvalidInput(f"Giới tính phải là 'Nam' hoặc 'Nữ', không phải {sex!r}.")
    if id_number:
        from desk.citizen_id import validate_id_number

        warnings += validate_id_number(id_number, sex=sex or None, dob=dob)
    phone = _text(data.get("phone"), f"{what}.phone", limit=20)
    if phone and not all(ch.isdigit() or ch in " +.-" for ch in phone):
        raise InvalidInput(f"Số điện thoại chỉ gồm chữ số: {phone!r}.")
    person = Person(
        name=_text(data.get("name"), f"{what}.name", required=True, limit=500),
        id_number=id_number,
        dob=dob,
        sex=sex,
        address=_text(data.get("address"), f"{what}.address", limit=1000),
        phone=phone,
        email=_text(data.get("email"), f"{what}.email", limit=200),
        id_method=_text(data.get("id_method"), f"{what}.id_method", limit=20) or "manual",
    )
    return person, warnings


def parse_papers(items) -> tuple[Paper, ...] | None:
    if items is None:
        return None
    if not isinstance(items, list):
        raise InvalidInput("'papers' phải là một danh sách giấy tờ.")
    if len(items) > MAX_PAPERS:
        raise InvalidInput(f"Quá nhiều giấy tờ ({len(items)}, tối đa {MAX_PAPERS}).")
    papers = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InvalidInput(f"Giấy tờ thứ {i} phải là một đối tượng JSON.")
        kind = _text(item.get("kind") or "original", f"papers[{i}].kind")
        if kind not in PAPER_KINDS:
            raise InvalidInput(
                f"Loại bản của giấy tờ thứ {i} phải là original, certified hoặc photo, không phải {kind!r}."
            )
        papers.append(
            Paper(
                ordinal=i,
                name=_text(item.get("name"), f"papers[{i}].name", required=True, limit=500),
                kind=kind,
                count=_int(item.get("count"), f"papers[{i}].count", default=1, low=1, high=1000),
                pages=_int(item.get("pages"), f"papers[{i}].pages", default=0, low=0, high=100_000),
                shown=_flag(item.get("shown", item.get("shown_only")), f"papers[{i}].shown"),
            )
        )
    return tuple(papers)


def _flag(value, what: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InvalidInput(f"'{what}' phải là true hoặc false, không phải {value!r}.")
    return value


def parse_extension(data) -> tuple[int, str]:
    """(days, reason) of the statutory extension asked for at intake, (0, "") for none."""
    if data in (None, {}, ""):
        return 0, ""
    if not isinstance(data, dict):
        raise InvalidInput('\'extension\' phải có dạng {"days": 5, "reason": "…"}.')
    days = _int(data.get("days"), "extension.days", default=0, low=1, high=365)
    if not days:
        raise InvalidInput("Thiếu số ngày kéo dài ('extension.days').")
    reason = _text(data.get("reason"), "extension.reason", limit=1000)
    if not reason:
        raise InvalidInput("Hãy ghi rõ lý do kéo dài thời hạn ('extension.reason').")
    return days, reason


KNOWN = {
    "procedure",
    "applicant",
    "submitter",
    "papers",
    "channel",
    "delivery",
    "received_at",
    "sets",
    "summary",
    "note",
    "authority",
    "receiver",
    "fee_basis",
    "fee",
    "extension",
}


def parse_request(data, *, now: datetime) -> IntakeRequest:
    """Validate an intake request against the office's time `now` (dates of birth, card dates)."""
    if not isinstance(data, dict):
        raise InvalidInput("Hồ sơ phải là một đối tượng JSON ({…}).")
    procedure = _text(data.get("procedure"), "procedure", required=True, limit=100)
    if "applicant" not in data:
        raise InvalidInput("Thiếu thông tin người yêu cầu ('applicant').")
    today = now.date()
    applicant, warnings = parse_person(data["applicant"], "applicant", today=today)
    submitter = None
    if data.get("submitter"):
        submitter, more = parse_person(data["submitter"], "submitter", today=today)
        warnings += more
    channel = _text(data.get("channel") or "direct", "channel")
    if channel not in CHANNELS:
        raise InvalidInput(f"Kênh nộp phải là direct, online hoặc post, không phải {channel!r}.")
    delivery = _text(data.get("delivery") or "counter", "delivery")
    if delivery not in DELIVERIES:
        raise InvalidInput(f"Nơi nhận kết quả phải là counter hoặc post, không phải {delivery!r}.")
    received_at = _received_at(data.get("received_at"), now)
    basis = data.get("fee_basis") or {}
    if not isinstance(basis, dict):
        raise InvalidInput("'fee_basis' phải là một đối tượng JSON.")
    fee_basis = {
        key: _int(basis.get(key), f"fee_basis.{key}", default=0, low=0, high=100_000)
        for key in ("pages", "copies", "cases")
        if basis.get(key) not in (None, "")
    }
    extension_days, extension_reason = parse_extension(data.get("extension"))
    return IntakeRequest(
        procedure=procedure,
        applicant=applicant,
        papers=parse_papers(data.get("papers")),
        channel=channel,
        delivery=delivery,
        received_at=received_at,
        submitter=submitter,
        sets=_int(data.get("sets"), "sets", default=1, low=1, high=100),
        summary=_text(data.get("summary"), "summary"),
        note=_text(data.get("note"), "note"),
        authority=_text(data.get("authority"), "authority", limit=500),
        receiver=_text(data.get("receiver"), "receiver", limit=200),
        fee_basis=fee_basis,
        fee=None
        if data.get("fee") in (None, "")
        else _int(data["fee"], "fee", default=0, low=0, high=1_000_000_000),
        warnings=tuple(warnings),
        extra=_extra(data),
        extension_days=extension_days,
        extension_reason=extension_reason,
    )
