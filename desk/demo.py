"""A made-up office with made-up citizens and dossiers, for demos, training and screenshots.

Every person here is invented: names are random combinations, ID numbers are
generated to look well-formed, phone numbers are random.
"""

import random
from datetime import date, datetime, timedelta
from typing import Any

from desk import clock
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
}
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


def _working_moments(cal, today: date, days: int, rng: random.Random):
    day = today - timedelta(days=days)
    while day <= today:
        if cal.is_working_day(day):
            moments = []
            for _ in range(rng.randint(3, 8)):
                hour = rng.choice([7, 8, 9, 10, 13, 14, 15, 16])
                minute = rng.randint(0, 59) if hour not in (7, 13) else rng.randint(30, 59)
                moments.append(
                    datetime(day.year, day.month, day.day, hour, minute, tzinfo=clock.VN_TZ)
                )
            yield from sorted(moments)
        day += timedelta(days=1)


def _procedure_codes(catalog) -> list[tuple[str, int]]:
    known = {p.code for p in catalog}
    mix = [(code, weight) for code, weight in MIX if code in known]
    return mix or [(p.code, 1) for p in catalog]


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
    cal = calendar(store)
    catalog = catalog_version(store)
    codes, weights = zip(*_procedure_codes(catalog), strict=True)
    now = now or store.now()
    officers = [u for u in DEMO_USERS if u[2] == "officer"]
    count = 0
    for moment in _working_moments(cal, now.date(), days, rng):
        if moment > now:
            break
        code = rng.choices(codes, weights)[0]
        officer = rng.choice(officers)[1]
        request = {
            "procedure": code,
            "applicant": _person(rng, now.date()),
            "received_at": moment.isoformat(),
        }
        if code == "2.000815":
            pages = rng.choice([1, 2, 3, 5, 8, 12, 37])
            copies = rng.choice([1, 1, 2, 3])
            request["papers"] = [
                {
                    "name": "Bản chính cần chứng thực",
                    "kind": "original",
                    "count": copies,
                    "pages": pages,
                }
            ]
            request["fee_basis"] = {"pages": pages, "copies": copies}
        if rng.random() < 0.15:
            request["submitter"] = _person(rng, now.date())
        dossier = intake.receive(store, request, actor=officer)
        count += 1
        _advance(store, dossier, rng, now, officer)
    return count


def _advance(store, dossier, rng: random.Random, now: datetime, officer: str) -> None:
    """Move older dossiers along so the list shows every state a real office has."""
    age = now - dossier.received_at
    roll = rng.random()
    code = dossier.code
    if roll < 0.03:
        lifecycle.refuse(
            store, code, reason="Hồ sơ không thuộc thẩm quyền giải quyết của xã", actor=officer
        )
        return
    if roll < 0.05 and age > timedelta(days=1):
        at = dossier.received_at + timedelta(hours=2)
        lifecycle.request_supplement(
            store,
            code,
            reason="Thiếu bản sao giấy tờ tùy thân",
            items=[{"name": "Bản sao CCCD"}],
            actor=officer,
            at=at,
        )
        return
    if dossier.due_at > now and rng.random() < 0.6:
        return  # still within its time, not yet started
    start_at = min(dossier.received_at + timedelta(minutes=30), now)
    lifecycle.start(store, code, actor=officer, to="Công chức Tư pháp - Hộ tịch", at=start_at)
    if dossier.due_at > now or rng.random() < 0.08:
        return  # in progress (the second case makes it overdue)
    done_at = dossier.due_at - timedelta(minutes=rng.randint(10, 120))
    lifecycle.finish(store, code, actor=officer, result="Kết quả đã ký", at=max(done_at, start_at))
    if rng.random() < 0.85:
        back = min(dossier.due_at + timedelta(hours=rng.randint(0, 48)), now)
        lifecycle.return_result(store, code, actor=officer, to=dossier.applicant.name, at=back)
