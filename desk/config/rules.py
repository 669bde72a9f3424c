"""What each setting may hold. One checker per top-level key, given the whole new value.

A dotted change ("office.phone") is checked as the whole "office" it makes, so a rule
that ties two members together (hours) holds whichever member is set.
"""

import re
from collections.abc import Callable
from typing import Any

from desk.errors import InvalidInput
from desk.text import clean

URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
PHONE = re.compile(r"^[0-9+() .\-/]{6,40}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
THERMAL_WIDTHS = (384, 512, 576)
PRINTER_ROLES = ("a4", "receipt", "ticket")
MAX_RECEIPT_COPIES = 4  # liên of Mẫu 01: the citizen's, the one kept, and spares


def _dict(key: str, value: Any) -> dict:
    if not isinstance(value, dict):
        raise InvalidInput(f"Thiết lập '{key}' phải là một nhóm giá trị (JSON {{…}}).")
    return dict(value)


def _text(value: Any, label: str, *, required: bool = False, limit: int = 300) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise InvalidInput(f"{label}: phải là chữ.")
    text = clean(str(value))
    if required and not text:
        raise InvalidInput(f"Hãy nhập {label.lower()}.")
    if len(text) > limit:
        raise InvalidInput(f"{label} dài quá {limit} ký tự.")
    return text


def url(value: Any, label: str) -> str:
    text = _text(value, label)
    if text and not URL.match(text):
        raise InvalidInput(
            f"{label} phải là địa chỉ web bắt đầu bằng http:// hoặc https://, "
            f"ví dụ https://dichvucong.example.vn/tra-cuu?ma= (đang là “{text}”)."
        )
    return text


def _int(value: Any, label: str, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise InvalidInput(f"{label} phải là một số từ {low} đến {high}.")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InvalidInput(f"{label} phải là một số từ {low} đến {high}.") from None
    if not low <= number <= high:
        raise InvalidInput(f"{label} phải từ {low} đến {high}, không phải {number}.")
    return number


OFFICE_LABELS = {
    "name": "Tên cơ quan",
    "parent_name": "Cơ quan cấp trên",
    "desk_name": "Tên bộ phận tiếp nhận",
    "place_name": "Địa danh",
    "address": "Địa chỉ",
    "phone": "Số điện thoại",
    "email": "Thư điện tử",
    "lookup_base_url": "Địa chỉ tra cứu hồ sơ",
    "tax_code": "Mã số thuế",
    "bank_bin": "Mã ngân hàng (BIN)",
    "bank_account": "Số tài khoản",
    "bank_account_name": "Tên tài khoản",
    "leader_name": "Họ tên lãnh đạo",
    "leader_title": "Chức danh lãnh đạo",
}


def office(value: Any, current: Any, _db) -> dict:
    data = _dict("office", value)
    old = current if isinstance(current, dict) else {}
    if data.get("unit_code") != old.get("unit_code"):
        raise InvalidInput(
            "Mã đơn vị đổi riêng (trang Văn phòng hoặc 'desk init --unit …'): "
            "được kiểm tra với hồ sơ đã có."
        )
    for key, label in OFFICE_LABELS.items():
        if key in data:
            data[key] = _text(data[key], label, required=key in ("name", "desk_name"))
    if not data.get("name"):
        raise InvalidInput("Hãy nhập tên cơ quan.")
    if data.get("phone") and not PHONE.match(data["phone"]):
        raise InvalidInput(
            f"Số điện thoại “{data['phone']}” chỉ gồm chữ số, dấu cách, + ( ) . - /, ví dụ 0262 3123 456."
        )
    if data.get("email") and not EMAIL.match(data["email"]):
        raise InvalidInput(f"Thư điện tử “{data['email']}” không hợp lệ.")
    if "lookup_base_url" in data:
        data["lookup_base_url"] = url(data["lookup_base_url"], "Địa chỉ tra cứu hồ sơ")
    if data.get("bank_bin") and not re.fullmatch(r"\d{6}", data["bank_bin"]):
        raise InvalidInput("Mã ngân hàng (BIN) gồm đúng 6 chữ số.")
    if data.get("tax_code") and not re.fullmatch(r"\d{10}(-\d{3})?", data["tax_code"]):
        raise InvalidInput("Mã số thuế gồm 10 chữ số (hoặc 10 chữ số, gạch ngang, 3 chữ số).")
    if data.get("receipt_copies") is not None:
        data["receipt_copies"] = _int(
            data["receipt_copies"], "Số liên giấy tiếp nhận", 1, MAX_RECEIPT_COPIES
        )
    return data


def hours(value: Any, _current: Any, _db) -> dict:
    from desk.calendar import OfficeHours

    return OfficeHours.from_json(_dict("hours", value)).to_json()


def counters(value: Any, _current: Any, db) -> list:
    if not isinstance(value, list) or not value:
        raise InvalidInput("Văn phòng phải có ít nhất một quầy.")
    known = None
    if db is not None:
        known = {r[0] for r in db.execute("SELECT code FROM services")}
    seen: set[int] = set()
    result = []
    for item in value:
        item = _dict("counters", item)
        number = _int(item.get("number"), "Số quầy", 1, 99)
        if number in seen:
            raise InvalidInput(f"Quầy số {number} có hai lần.")
        seen.add(number)
        name = _text(item.get("name") or f"Quầy {number}", "Tên quầy", required=True, limit=60)
        services = item.get("services") or []
        if not isinstance(services, list):
            raise InvalidInput(f"Dịch vụ của quầy {number} phải là một danh sách mã.")
        codes = [clean(str(s)).upper() for s in services]
        if known is not None:
            missing = [c for c in codes if c not in known]
            if missing:
                raise InvalidInput(
                    f"Quầy {number}: không có dịch vụ mã {', '.join(missing)}. "
                    f"Các mã có: {', '.join(sorted(known))}."
                )
        result.append({"number": number, "name": name, "services": list(dict.fromkeys(codes))})
    return sorted(result, key=lambda c: c["number"])


def printers(value: Any, _current: Any, _db) -> dict:
    data = _dict("printers", value)
    for role in PRINTER_ROLES:
        if role in data:
            data[role] = (data[role] or "").strip() if isinstance(data[role], str | None) else None
            if data[role] is None:
                raise InvalidInput("Địa chỉ máy in phải là chữ, ví dụ tcp://192.168.1.50:9100.")
    if data.get("thermal_width") not in (None, *THERMAL_WIDTHS):
        raise InvalidInput(
            f"Khổ in nhiệt phải là một trong {', '.join(map(str, THERMAL_WIDTHS))} điểm."
        )
    return data


def scan(value: Any, _current: Any, _db) -> dict:
    from desk.scan.enhance import MODES

    data = _dict("scan", value)
    if "mode" in data and data["mode"] not in MODES:
        raise InvalidInput(f"Chế độ màu phải là một trong: {', '.join(MODES)}.")
    if "dpi" in data:
        data["dpi"] = _int(data["dpi"], "Độ phân giải (dpi)", 100, 600)
    for key in ("hot_folder", "camera"):
        if key in data:
            data[key] = _text(data[key], "Thư mục" if key == "hot_folder" else "Camera", limit=500)
    return data


def forms(value: Any, _current: Any, _db) -> dict:
    data = _dict("forms", value)
    if "receipt_copies" in data:
        raise InvalidInput("Số liên giấy tiếp nhận đặt ở office.receipt_copies (trang Văn phòng).")
    return data


def fee_receipt(value: Any, _current: Any, _db) -> dict:
    """Mẫu số and Ký hiệu of the office's fee receipts (biên lai), as registered."""
    data = _dict("fee_receipt", value)
    if not all(isinstance(data.get(k), str) and data[k].strip() for k in ("form", "series")):
        raise InvalidInput(
            'Biên lai cần Mẫu số và Ký hiệu, ví dụ {"form": "01BLP0-001", "series": "HP-26P"}.'
        )
    return data


def kiosk(value: Any, current: Any, _db) -> dict:
    data = _dict("kiosk", value)
    old = current if isinstance(current, dict) else {}
    if data.get("pin_hash") != old.get("pin_hash"):
        raise InvalidInput(
            "Mã PIN ki-ốt được đặt trong cửa sổ Thiết lập hoặc bằng 'desk settings kiosk-pin'."
        )
    return data


def sync(value: Any, _current: Any, _db) -> dict:
    data = _dict("sync", value)
    for key, label in (
        ("hub_url", "Địa chỉ máy chủ văn phòng"),
        ("server_url", "Địa chỉ máy chủ tỉnh"),
    ):
        if key in data:
            data[key] = url(data[key], label)
    return data


def backup(value: Any, _current: Any, _db) -> dict:
    """backup.keep: how many daily copies stay; backup.daily: on or off; backup.usb: the
    stick's folder (refused inside the data directory when a copy is made)."""
    data = _dict("backup", value)
    keep = data.get("keep")
    if "keep" in data and (isinstance(keep, bool) or not isinstance(keep, int) or keep < 1):
        raise InvalidInput("backup.keep là số bản sao lưu giữ lại: một số nguyên từ 1 trở lên.")
    if "daily" in data and not isinstance(data["daily"], bool):
        raise InvalidInput("backup.daily là true (sao lưu hằng ngày) hoặc false.")
    if "usb" in data:
        data["usb"] = _text(data["usb"], "Thư mục ổ USB (backup.usb)", limit=500)
    return data


def station(_value: Any, _current: Any, _db) -> dict:
    raise InvalidInput("Số máy (quầy) đặt bằng 'desk init --station N'.")


CHECKS: dict[str, Callable[[Any, Any, Any], Any]] = {
    "office": office,
    "hours": hours,
    "counters": counters,
    "printers": printers,
    "scan": scan,
    "forms": forms,
    "kiosk": kiosk,
    "sync": sync,
    "backup": backup,
    "fee_receipt": fee_receipt,
    "station": station,
}


def validate(key: str, value: Any, current: Any = None, db=None) -> Any:
    """The whole value to store under top-level `key`, cleaned; InvalidInput says why not.

    `current` is what is stored now (some rules compare), `db` lets rules look up codes.
    Keys without a rule are stored as given.
    """
    check = CHECKS.get(key)
    return check(value, current, db) if check else value
