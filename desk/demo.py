"""A made-up office with made-up citizens and dossiers, for demos, training and screenshots.

Every person here is invented: names are random combinations, ID numbers are
generated to look well-formed, phone numbers are random.
"""

import random
from datetime import date, datetime, timedelta
from typing import Any

from desk.dossiers import intake, lifecycle
from desk.setup import init_office
from desk.users import add_user

DEMO_OFFICE: dict[str, Any] = {
    "unit_code": "000.00.99.H99",
    "name": "UBND xã Đông Hòa",
    "parent_name": "UBND tỉnh Minh Khang",
    "place_name": "Đông Hòa",
    "address": "Số 1 đường Trung tâm, xã Đông Hòa, tỉnh Minh Khang",
    "phone": "0200 3800 000",
    "lookup_base_url": "https://dichvucong.minhkhang.example.vn/tra-cuu/",
    "leader_name": "Trần Minh Quang",
    "tax_code": "0109999999",
}
# Made-up receipt form and series (a real office uses the ones registered for it).
DEMO_FEE_RECEIPT = {"form": "01BLP0-001", "series": "DH-26P"}
DEMO_PASSWORD = "demo1234"
DEMO_USERS = (
    ("quantri", "Quản trị hệ thống", "admin"),
    ("lanhdao", "Trần Minh Quang", "leader"),
    ("canbo1", "Lê Thị Thu Hà", "officer"),
    ("canbo2", "Phạm Văn Sơn", "officer"),
)

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE_M = ["Văn", "Minh", "Đức", "Quốc", "Hữu", "Thanh", "Công", "Xuân"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Kim", "Thanh", "Mỹ", "Bích", "Thúy"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Tuấn",
    "Đức",
    "Thắng",
    "Vinh",
]
GIVEN_F = [
    "Giang",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Thảo",
    "Trang",
    "Vy",
    "Yến",
    "Nhung",
    "Duyên",
    "Ánh",
]
HAMLETS = [
    "Thôn Đông",
    "Thôn Tây",
    "Thôn Bắc",
    "Thôn Nam",
    "Xóm Mới",
    "Xóm Chợ",
    "Ấp Một",
    "Ấp Hai",
]
PROVINCE_CODES = ("001", "025", "036", "038", "040", "046", "048", "052", "079", "092")

# Procedure codes and how often each turns up at a commune counter.
MIX = (
    ("2.000815", 30),  # chứng thực bản sao
    ("1.001193", 14),  # khai sinh
    ("2.000884", 10),  # chứng thực chữ ký
    ("1.004873", 8),  # xác nhận tình trạng hôn nhân
    ("2.000635", 8),  # trích lục
    ("1.000894", 5),  # kết hôn
    ("1.000656", 3),  # khai tử
)


def _person(rng: random.Random, today: date) -> dict:
    female = rng.random() < 0.5
    name = " ".join(
        [
            rng.choice(FAMILY),
            rng.choice(MIDDLE_F if female else MIDDLE_M),
            rng.choice(GIVEN_F if female else GIVEN_M),
        ]
    )
    dob = date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28))
    century_digit = (0 if dob.year < 2000 else 2) + (1 if female else 0)
    id_number = f"{rng.choice(PROVINCE_CODES)}{century_digit}{dob.year % 100:02d}{rng.randint(0, 999999):06d}"
    return {
        "name": name,
        "id_number": id_number,
        "dob": dob.isoformat(),
        "sex": "Nữ" if female else "Nam",
        "address": f"{rng.choice(HAMLETS)}, xã Đông Hòa, tỉnh Minh Khang",
        "phone": f"09{rng.randint(0, 99_999_999):08d}",
    }


# Why a counter refuses each procedure, when it does (no reason: never refused here). A
# chứng thực bản sao is the commune's own work: it is refused for the paper, not the place.
REFUSALS = {
    "2.000815": "Bản chính bị tẩy xóa, sửa chữa, không xác định được nội dung "
    "(Nghị định 23/2015/NĐ-CP Điều 22)",
    "2.000884": "Giấy tờ cần chứng thực chữ ký có nội dung trái pháp luật "
    "(Nghị định 23/2015/NĐ-CP Điều 25)",
    "1.000894": "Bên nam chưa đủ 20 tuổi, chưa đủ điều kiện kết hôn "
    "(Luật Hôn nhân và gia đình 2014 Điều 8)",
    "1.004873": "Người yêu cầu đang có vợ, không xác nhận được tình trạng độc thân",
}
DECIDED_BY = {"Hộ tịch": "Công chức Tư pháp - Hộ tịch", "Chứng thực": "Công chức Tư pháp - Hộ tịch"}


def _reception_moments(cal, today: date, days: int, rng: random.Random):
    """Moments inside the counter's sessions on the days it receives, oldest first."""
    day = today - timedelta(days=days)
    while day <= today:
        sessions = cal.reception_sessions(day)
        if sessions:
            moments = []
            for _ in range(rng.randint(3, 8)):
                start, end = rng.choice(sessions)
                span = int((end - start).total_seconds() // 60)
                moments.append(start + timedelta(minutes=rng.randint(0, span - 1)))
            yield from sorted(moments)
        day += timedelta(days=1)


def _open(cal, moment: datetime) -> datetime:
    """`moment` if the office is at work then, else its next opening on a working day."""
    if cal.is_working_day(moment) and cal.is_open(moment):
        return moment
    return cal.start_of_count(moment)


def _procedure_codes(catalog) -> list[tuple[str, int]]:
    known = {p.code for p in catalog}
    mix = [(code, weight) for code, weight in MIX if code in known]
    return mix or [(p.code, 1) for p in catalog]


def _papers(code: str, rng: random.Random, request: dict) -> None:
    """Papers as a citizen hands them in: for a chứng thực bản sao, the original is shown
    and handed back, the copies are what is certified and paid for."""
    if code == "2.000815":
        pages = rng.choice([1, 2, 3, 5, 8, 12, 37])
        copies = rng.choice([1, 1, 2, 3])
        request["papers"] = [
            {
                "name": "Bản chính cần chứng thực",
                "kind": "original",
                "count": 1,
                "pages": pages,
                "shown": True,
            },
            {"name": "Bản sao cần chứng thực", "kind": "photo", "count": copies, "pages": pages},
        ]
        request["fee_basis"] = {"pages": pages, "copies": copies}
    if code == "1.000894" and rng.random() < 0.3:
        request["extension"] = {
            "days": 5,
            "reason": "Cần xác minh điều kiện kết hôn của bên nữ thường trú ở tỉnh khác",
        }


def fill(store, *, days: int = 30, seed: int = 7, now: datetime | None = None) -> int:
    """Create the demo office, users and dossiers; returns the number of dossiers."""
    from desk.store.snapshots import calendar, catalog_version

    rng = random.Random(seed)
    init_office(store, actor="demo", **DEMO_OFFICE)
    for username, full_name, role in DEMO_USERS:
        if store.one("SELECT 1 FROM users WHERE username = ?", [username]) is None:
            add_user(
                store,
                username=username,
                full_name=full_name,
                role=role,
                password=DEMO_PASSWORD,
                actor="demo",
            )
    if store.setting("fee_receipt") is None:
        store.set_setting("fee_receipt", DEMO_FEE_RECEIPT)
    cal = calendar(store)
    catalog = catalog_version(store)
    codes, weights = zip(*_procedure_codes(catalog), strict=True)
    now = now or store.now()
    # The officers act by their logins, as the window's logged-in officer does; paper
    # names them by their full names (desk.officers).
    officers = [u[0] for u in DEMO_USERS if u[2] == "officer"]
    count = 0
    for moment in _reception_moments(cal, now.date(), days, rng):
        if moment > now:
            break
        code = rng.choices(codes, weights)[0]
        officer = rng.choice(officers)
        request = {
            "procedure": code,
            "applicant": _person(rng, now.date()),
            "received_at": moment.isoformat(),
        }
        _papers(code, rng, request)
        if rng.random() < 0.15:
            request["submitter"] = _person(rng, now.date())
        if code in REFUSALS and rng.random() < 0.04:
            # Refused at the counter: recorded with its Mẫu 03, no fee, no appointment.
            request.pop("extension", None)
            dossier = intake.receive(store, request, actor=officer)
            lifecycle.refuse(store, dossier.code, reason=REFUSALS[code], actor=officer, at=moment)
            count += 1
            continue
        dossier = intake.receive(store, request, actor=officer)
        count += 1
        _advance(store, cal, dossier, rng, now, officer)
    return count


def _advance(store, cal, dossier, rng: random.Random, now: datetime, officer: str) -> None:
    """Move older dossiers along so the list shows every state a real office has, each
    step in office hours on a working day."""
    age = now - dossier.received_at
    code = dossier.code
    if rng.random() < 0.02 and age > timedelta(days=1):
        at = _open(cal, dossier.received_at + timedelta(minutes=20))
        if at <= now:
            lifecycle.request_supplement(
                store,
                code,
                reason="Thiếu bản sao giấy tờ tùy thân",
                items=[{"name": "Bản sao CCCD", "kind": "photo"}],
                actor=officer,
                at=at,
            )
        return
    if dossier.due_at > now and rng.random() < 0.6:
        return  # still within its time, not yet started
    start_at = _open(cal, dossier.received_at + timedelta(minutes=30))
    if start_at > now:
        return
    to = DECIDED_BY.get(dossier.field, "")
    lifecycle.start(store, code, actor=officer, to=to, at=start_at)
    if dossier.due_at > now or rng.random() < 0.08:
        return  # in progress (the second case makes it overdue)
    done_at = _open(cal, max(dossier.due_at - timedelta(minutes=rng.randint(10, 120)), start_at))
    if done_at > now:
        return
    lifecycle.finish(store, code, actor=officer, result="Kết quả đã ký", at=done_at)
    if rng.random() < 0.85:
        back = _open(cal, done_at + timedelta(hours=rng.randint(0, 48)))
        if back <= now:
            lifecycle.return_result(store, code, actor=officer, to=dossier.applicant.name, at=back)
