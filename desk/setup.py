"""Creating an office on this machine (idempotent): what `desk init` and the setup wizard do.

There is no placeholder office: a first start asks for the unit code and the name.
"""

from desk import clock
from desk.errors import Conflict, InvalidInput
from desk.ids import uuid7
from desk.store import audit
from desk.store import settings as settings_mod
from desk.store.snapshots import install_calendar, install_catalog
from desk.text import clean

# Printers are named by URI (see printing/devices); "virtual:" shows the paper on screen.
DEFAULT_SETTINGS = {
    "printers": {"a4": "", "receipt": "virtual:", "ticket": "virtual:"},
    "sync": {"hub_url": "", "server_url": ""},
    "counters": [{"number": 1, "name": "Quầy 1", "services": []}],
    "fees": {},
}
OFFICE_FIELDS = (
    "name",
    "parent_name",
    "desk_name",
    "place_name",
    "address",
    "phone",
    "email",
    "lookup_base_url",
    "tax_code",
    "bank_bin",
    "bank_account",
    "bank_account_name",
    "leader_name",
    "legal_name",
    "symbol",
    "receiving_officer",
    "receipt_copies",
)


def _valid_unit(code: str) -> str:
    """The QĐ 20/2020/QĐ-TTg shape (desk.units), refused in Vietnamese otherwise."""
    from desk.units import check_unit_code

    return check_unit_code(code).code


def _field(key: str, value) -> object:
    if key == "receipt_copies":
        try:
            copies = int(value)
        except (TypeError, ValueError) as exc:
            raise InvalidInput("Số liên Giấy tiếp nhận phải là số nguyên từ 1 đến 4.") from exc
        if not 1 <= copies <= 4:
            raise InvalidInput("Số liên Giấy tiếp nhận phải từ 1 đến 4.")
        return copies
    return clean(str(value))


def check_unit_code(code: str) -> str:
    """The unit code cleaned, or InvalidInput in Vietnamese (the setup wizard asks early)."""
    return _valid_unit(code)


def init_office(
    store,
    *,
    unit_code: str | None = None,
    station_number: int = 1,
    mode: str | None = None,
    actor: str = "system",
    **office_fields,
) -> dict:
    """Create or update the office; returns the office settings. Safe to run twice."""
    unknown = set(office_fields) - set(OFFICE_FIELDS)
    if unknown:
        raise InvalidInput(f"Thông tin văn phòng không biết: {', '.join(sorted(unknown))}.")
    at = store.now()
    now = clock.iso(at)
    with store.write() as db:
        office = settings_mod.get(db, "office") or {}
        current_unit = office.get("unit_code")
        if not unit_code and not current_unit:
            raise InvalidInput(
                "Văn phòng mới: hãy nhập mã định danh đơn vị (ví dụ 000.00.19.H47) và tên cơ quan."
            )
        new_unit: str = _valid_unit(unit_code) if unit_code else str(current_unit)
        if current_unit and new_unit != current_unit:
            has_dossiers = db.execute("SELECT 1 FROM dossiers LIMIT 1").fetchone()
            if has_dossiers:
                raise Conflict(
                    f"Văn phòng đã có hồ sơ với mã đơn vị {current_unit}; không đổi sang {new_unit} được."
                )
        office["unit_code"] = new_unit
        office.setdefault("desk_name", "Bộ phận Một cửa")
        for key, value in office_fields.items():
            if value is not None:
                office[key] = _field(key, value)
        if not office.get("name"):
            raise InvalidInput("Hãy nhập tên cơ quan, ví dụ 'UBND xã Hòa Phú'.")
        settings_mod.put(db, "office", office, at=at)
        db.execute(
            "INSERT INTO units (code, name, parent_name) VALUES (?, ?, ?)"
            " ON CONFLICT(code) DO UPDATE SET name = excluded.name, parent_name = excluded.parent_name",
            [new_unit, office["name"], office.get("parent_name", "")],
        )
        station = settings_mod.get(db, "station")
        if not station or station.get("unit_code") != new_unit:
            station = {
                "id": uuid7(),
                "unit_code": new_unit,
                "number": int(station_number),
                "name": f"Quầy {station_number}",
                "mode": mode or "standalone",
            }
            db.execute(
                "INSERT INTO stations (id, unit_code, number, name, created_at) VALUES (?, ?, ?, ?, ?)",
                [station["id"], new_unit, station["number"], station["name"], now],
            )
        elif mode:
            station["mode"] = mode
        if station["mode"] not in ("standalone", "member"):
            raise InvalidInput(
                "Chế độ máy phải là standalone (một máy) hoặc member (thuộc văn phòng có máy chủ)."
            )
        settings_mod.put(db, "station", station, at=at)
        if settings_mod.get(db, "hours") is None:
            from desk.calendar import OfficeHours

            settings_mod.put(db, "hours", OfficeHours().to_json(), at=at)
        from desk.queue.services import ensure_default_services

        ensure_default_services(db)
        for key, value in DEFAULT_SETTINGS.items():
            if settings_mod.get(db, key) is None:
                settings_mod.put(db, key, value, at=at)
        audit.record(db, actor, "office.init", "unit", new_unit, {"name": office["name"]}, at=at)
    if store.scalar("SELECT 1 FROM catalog_versions WHERE active = 1") is None:
        from desk.catalog import bundled_catalog

        install_catalog(store, bundled_catalog().to_json())
    if store.scalar("SELECT 1 FROM calendar_versions WHERE active = 1") is None:
        from desk.calendar import bundled_snapshot

        install_calendar(store, bundled_snapshot().to_json())
    return store.setting("office")
