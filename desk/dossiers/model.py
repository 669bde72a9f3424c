"""What a dossier (hồ sơ) looks like to everything outside the store.

Forms, receipts, the window and the CLI read these frozen records; only
`desk.dossiers` writes. Times are aware datetimes in office time (UTC+7).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from desk.labels import CHANNELS, DELIVERIES, PAPER_KINDS, STATUS_LABELS


class Status(StrEnum):
    RECEIVED = "received"  # Đã tiếp nhận
    SUPPLEMENT_REQUESTED = "supplement_requested"  # Chờ bổ sung
    IN_PROGRESS = "in_progress"  # Đang giải quyết
    DONE = "done"  # Đã có kết quả, chờ trả
    RETURNED = "returned"  # Đã trả kết quả
    REFUSED = "refused"  # Từ chối tiếp nhận / giải quyết
    STOPPED = "stopped"  # Dừng giải quyết (công dân rút)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.value]


# Closed without a result to hand back: no appointment is owed any more.
CLOSED_WITHOUT_RESULT = frozenset({Status.REFUSED, Status.STOPPED})

__all__ = [
    "CHANNELS",
    "CLOSED_WITHOUT_RESULT",
    "DELIVERIES",
    "PAPER_KINDS",
    "STATUS_LABELS",
    "Apology",
    "Dossier",
    "Event",
    "Extension",
    "FeeReceiptNumber",
    "Paper",
    "Person",
    "Status",
    "SupplementRequest",
]


@dataclass(frozen=True)
class Person:
    """The applicant (chủ hồ sơ) or the person who hands the dossier in (người nộp)."""

    name: str
    id_number: str = ""
    dob: date | None = None
    sex: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    id_method: str = ""  # how identity was checked: cccd_qr, chip, vneid, manual


@dataclass(frozen=True)
class Paper:
    """One required paper (thành phần hồ sơ) as handed in."""

    ordinal: int
    name: str
    kind: str = "original"  # original | certified | photo
    count: int = 1
    pages: int = 0
    id: str = ""
    shown: bool = False  # xuất trình: shown for checking and handed back, not received

    @property
    def kind_label(self) -> str:
        return PAPER_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class Event:
    """One line of the dossier's history."""

    at: datetime
    kind: str
    actor: str
    from_status: str | None = None
    to_status: str | None = None
    note: str = ""
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SupplementRequest:
    """Mẫu 02: what the citizen must add, and why."""

    requested_at: datetime
    reason: str
    items: tuple[Paper, ...] = ()
    officer: str = ""
    supplemented_at: datetime | None = None


@dataclass(frozen=True)
class Apology:
    """Mẫu 04: a late dossier's apology and its one new date."""

    at: datetime
    reason: str
    old_due: datetime
    new_due: datetime
    signer: str = ""


@dataclass(frozen=True)
class Extension:
    """The longer time limit the law allows, chosen at intake (e.g. kết hôn needing
    verification: 05 working days, Luật Hộ tịch 2014 Art. 18(2)); not an apology."""

    days: int  # working days added (or, for a same-day procedure, the whole limit)
    reason: str  # why, as the officer wrote it
    basis: str = ""  # the provision that allows it


@dataclass(frozen=True)
class FeeReceiptNumber:
    """The biên lai issued for the dossier's fee: Mẫu số, Ký hiệu and its number (NĐ 123/2020)."""

    form: str  # mẫu số
    series: str  # ký hiệu
    number: int
    issued_at: datetime
    issued_by: str = ""  # full name of the officer who collected the money

    @property
    def number_text(self) -> str:
        return f"{self.number:07d}"


@dataclass(frozen=True)
class Dossier:
    id: str
    code: str
    unit_code: str
    procedure_code: str
    procedure_name: str
    field: str  # lĩnh vực
    time_limit_text: str  # as printed: "05 ngày làm việc", "Trong ngày"
    applicant: Person
    papers: tuple[Paper, ...]
    channel: str  # direct | online | post
    delivery: str  # counter | post
    status: Status
    received_at: datetime
    due_at: datetime
    fee: int = 0  # đồng
    fee_detail: str = ""
    submitter: Person | None = None  # None when the applicant came in person
    sets: int = 1  # số lượng hồ sơ (bộ)
    receiver: str = ""  # officer who took it in
    authority: str = ""  # cơ quan giải quyết, when not this office
    summary: str = ""  # trích yếu / nội dung yêu cầu
    note: str = ""
    supplement: SupplementRequest | None = None
    refusal_reason: str = ""
    stop_reason: str = ""
    apology: Apology | None = None
    result: str = ""  # what is handed back (giấy khai sinh, bản sao…)
    returned_at: datetime | None = None
    returned_to: str = ""
    paused_at: datetime | None = None  # the time limit is stopped (waiting for a supplement)
    version: int = 1
    catalog_version: str = ""
    book_number: int = 0  # số thứ tự in the Sổ theo dõi for its year
    events: tuple[Event, ...] = ()
    receiver_name: str = ""  # the receiving officer's full name, as forms print it
    procedure_short_name: str = ""  # for narrow columns (the Sổ)
    extension: Extension | None = None  # statutory extension chosen at intake
    fee_name: str = ""  # "Phí chứng thực bản sao từ bản chính", "Lệ phí đăng ký hộ tịch"
    fee_category: str = ""  # "phi" | "le_phi" (see desk.labels.FEE_CATEGORIES)
    fee_receipt: FeeReceiptNumber | None = None
    due_provisional: bool = False  # counted over holidays not yet announced
    returned_by: str = ""  # full name of the officer who handed the result back

    @property
    def appointment(self) -> datetime | None:
        """The due date-time the citizen holds, or None once refused or stopped."""
        return None if self.status in CLOSED_WITHOUT_RESULT else self.due_at

    @property
    def received_papers(self) -> tuple[Paper, ...]:
        return tuple(p for p in self.papers if not p.shown)

    @property
    def shown_papers(self) -> tuple[Paper, ...]:
        return tuple(p for p in self.papers if p.shown)

    def is_overdue(self, now: datetime) -> bool:
        """Late at `now` (see desk.dossiers.lateness): ask with the office clock's time."""
        from desk.dossiers.lateness import is_overdue

        return is_overdue(self.status, self.due_at, self.paused_at is not None, now)

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def channel_label(self) -> str:
        return CHANNELS.get(self.channel, self.channel)

    @property
    def delivery_label(self) -> str:
        return DELIVERIES.get(self.delivery, self.delivery)
