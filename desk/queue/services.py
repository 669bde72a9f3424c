"""Services a citizen picks at the kiosk (one per group of fields), each with its ticket prefix."""

import json
from dataclasses import dataclass

from desk.errors import InvalidInput, NotFound


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    prefix: str  # the letter before the number: A012
    fields: tuple[str, ...]  # lĩnh vực of the catalog served here
    ordinal: int = 0
    active: bool = True


DEFAULT_SERVICES = (
    Service("HT", "Tư pháp - Hộ tịch", "A", ("Hộ tịch",), 1),
    Service("CT", "Chứng thực", "B", ("Chứng thực",), 2),
    Service("DX", "Đất đai - Xây dựng", "C", ("Đất đai", "Xây dựng"), 3),
    Service("KD", "Đăng ký kinh doanh", "D", ("Đăng ký kinh doanh",), 4),
    Service("XH", "Lao động - Bảo trợ xã hội - Y tế", "E", ("Bảo trợ xã hội", "Bảo hiểm y tế"), 5),
    Service("TK", "Trả kết quả", "F", (), 6),
)


def _service(row: dict) -> Service:
    return Service(
        row["code"],
        row["name"],
        row["prefix"],
        tuple(json.loads(row["fields"])),
        row["ordinal"],
        bool(row["active"]),
    )


def ensure_default_services(db) -> None:
    """First start: the usual commune services, if the office has none yet."""
    if db.execute("SELECT 1 FROM services LIMIT 1").fetchone():
        return
    for s in DEFAULT_SERVICES:
        db.execute(
            "INSERT INTO services (code, name, prefix, fields, ordinal, active) VALUES (?, ?, ?, ?, ?, 1)",
            [s.code, s.name, s.prefix, json.dumps(list(s.fields), ensure_ascii=False), s.ordinal],
        )


def list_services(store, *, active_only: bool = True) -> list[Service]:
    where = "WHERE active = 1" if active_only else ""
    return [
        _service(r) for r in store.query(f"SELECT * FROM services {where} ORDER BY ordinal, code")
    ]


def service(store, code: str | None = None) -> Service:
    """The service with `code`, or the first active one when no code is given."""
    services = list_services(store)
    if not services:
        raise InvalidInput("Văn phòng chưa có dịch vụ nào để lấy số; hãy thiết lập dịch vụ.")
    if code is None:
        return services[0]
    for s in services:
        if s.code.upper() == code.strip().upper():
            return s
    names = ", ".join(f"{s.code} ({s.name})" for s in services)
    raise NotFound(f"Không có dịch vụ mã {code!r}. Các dịch vụ: {names}.")
