"""A first start: the answers of the setup wizard (or `desk init`), checked, then one write.

Nothing is stored until every answer is good, and then everything is stored in one
transaction: a wizard cancelled or a power cut half-way leaves no office at all, and the
next start asks again. There is no placeholder office.
"""

from dataclasses import dataclass, field

from desk.errors import Conflict, InvalidInput, StorageError
from desk.text import clean

NOT_SET_UP = "chưa khởi tạo văn phòng; hãy chạy desk init hoặc mở chương trình để thiết lập."
COMMUNE_KINDS = ("xã", "phường", "đặc khu")
PROVINCE_KINDS = ("tỉnh", "thành phố")


def require_office(store) -> None:
    """Commands that work on an office refuse a data directory that has none."""
    if not store.is_initialised:
        raise StorageError(NOT_SET_UP)


def office_names(commune_kind: str, commune: str, province_kind: str, province: str) -> dict:
    """The names printed on forms from the commune's and the province's names.

    "Hòa Phú" in "Đắk Lắk" → UBND xã Hòa Phú, UBND tỉnh Đắk Lắk, place name "Hòa Phú";
    a numbered ward keeps its kind in the place name ("Phường 3, ngày …").
    """
    commune, province = clean(commune), clean(province)
    if commune_kind not in COMMUNE_KINDS:
        raise InvalidInput(f"Cấp xã phải là một trong: {', '.join(COMMUNE_KINDS)}.")
    if province_kind not in PROVINCE_KINDS:
        raise InvalidInput(f"Cấp tỉnh phải là một trong: {', '.join(PROVINCE_KINDS)}.")
    for kind, name in ((commune_kind, commune), (province_kind, province)):
        if not name:
            raise InvalidInput(f"Hãy nhập tên {kind}.")
        if name.casefold().startswith(("ubnd", "ủy ban", "uỷ ban")):
            raise InvalidInput(f"Chỉ nhập tên {kind}, ví dụ “Hòa Phú”, không kèm “UBND”.")
    place = commune if not commune.isdigit() else f"{commune_kind.capitalize()} {commune}"
    return {
        "name": f"UBND {commune_kind} {commune}",
        "parent_name": f"UBND {province_kind} {province}",
        "place_name": place,
    }


@dataclass(frozen=True)
class Admin:
    username: str
    full_name: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class FirstStart:
    """Everything a first start asks. `office` holds the Office fields (name, address…)."""

    unit_code: str
    office: dict
    hours: dict | None = None  # OfficeHours.to_json(); None keeps the default hours
    admin: Admin | None = None
    printers: dict = field(default_factory=dict)  # role (a4, receipt, ticket) → address
    station_number: int = 1


def check_admin(admin: Admin) -> Admin:
    from desk.users import check_new_user

    username, full_name = check_new_user(
        username=admin.username, full_name=admin.full_name, role="admin", password=admin.password
    )
    return Admin(username, full_name, admin.password)


def check_office(unit_code: str, office: dict) -> dict:
    """The office fields cleaned for unit `unit_code` (already checked), or InvalidInput."""
    from desk.config import rules
    from desk.setup import OFFICE_FIELDS

    unknown = set(office) - set(OFFICE_FIELDS)
    if unknown:
        raise InvalidInput(f"Thông tin văn phòng không biết: {', '.join(sorted(unknown))}.")
    fields = {k: v for k, v in office.items() if v not in (None, "")}
    fields = rules.office({**fields, "unit_code": unit_code}, {"unit_code": unit_code}, None)
    fields.pop("unit_code")
    fields.setdefault("desk_name", "Bộ phận Một cửa")
    return fields


def check_hours(hours: dict) -> dict:
    from desk.config import rules

    return rules.hours(hours, None, None)


def check(answers: FirstStart) -> FirstStart:
    """The answers cleaned, or InvalidInput with the first problem, in Vietnamese."""
    from desk.config import rules
    from desk.setup import check_unit_code

    unit = check_unit_code(answers.unit_code)
    office = check_office(unit, answers.office)
    hours = check_hours(answers.hours) if answers.hours is not None else None
    admin = check_admin(answers.admin) if answers.admin is not None else None
    printers = rules.printers(dict(answers.printers), None, None)
    if not 1 <= int(answers.station_number) <= 99:
        raise InvalidInput("Số máy (quầy) phải từ 1 đến 99.")
    return FirstStart(unit, office, hours, admin, printers, int(answers.station_number))


def apply(store, answers: FirstStart, *, check_printer=None):
    """Create the office, its hours, printers and first admin at once; returns the Office.

    `check_printer(key, value)`: the printing layer's address check (desk knows none).
    """
    from desk.config import change_many
    from desk.setup import init_office
    from desk.users import add_user

    if store.is_initialised:
        raise Conflict("Máy này đã có văn phòng; hãy sửa trong cửa sổ Thiết lập.")
    answers = check(answers)
    actor = answers.admin.username if answers.admin else "setup"
    values: dict = {}
    if answers.hours is not None:
        values["hours"] = answers.hours
    for role, address in answers.printers.items():
        values[f"printers.{role}"] = address
    with store.write():
        init_office(
            store,
            unit_code=answers.unit_code,
            station_number=answers.station_number,
            actor=actor,
            **answers.office,
        )
        if values:
            change_many(store, values, actor=actor, check=check_printer)
        if answers.admin is not None:
            add_user(
                store,
                username=answers.admin.username,
                full_name=answers.admin.full_name,
                role="admin",
                password=answers.admin.password,
                actor=actor,
            )
    return store.office()
