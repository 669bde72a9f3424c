"""Printer addresses checked before the settings store them (desk/ cannot parse them).

`change_setting` is desk.config.change with this check: the settings window and
`desk settings set` both go through it, so both refuse the same addresses the same way.
"""

from typing import Any

from desk.config import change, change_many
from desk.errors import PrinterAddressError

from .devices import Kind, parse_printer_uri
from .devices.targets import check_target

ROLES = ("a4", "receipt", "ticket")
A4_KINDS = (Kind.FILE, Kind.CUPS)


def check_address(role: str, address: str, data_dir=None) -> str:
    """The address to store for `role`, or PrinterAddressError in Vietnamese ("" = none).

    With the office's `data_dir`, a file or virtual printer that would write into it (the
    database, the scans) is refused too (printing.devices.targets)."""
    address = (address or "").strip()
    if not address:
        return ""
    if role == "a4":
        if address.startswith("qt:"):
            name = address[3:].strip()
            if not name:
                raise PrinterAddressError("Hãy chọn một máy in A4 trong danh sách máy in.")
            return f"qt:{name}"
        parsed = parse_printer_uri(address)
        if parsed.kind not in A4_KINDS:
            raise PrinterAddressError(
                "Máy in A4 là máy in của hệ điều hành (chọn trong danh sách), "
                "cups:TÊN_HÀNG_ĐỢI hoặc file:ĐƯỜNG_DẪN.pdf; "
                f"“{address}” là địa chỉ của máy in nhiệt."
            )
        check_target(parsed, data_dir)
        return address
    if address.startswith("qt:"):
        raise PrinterAddressError(
            "Máy in nhiệt (biên nhận, vé) cần địa chỉ tcp://…, usb:…, serial:…, win32:…, "
            "cups:… hoặc virtual:, không phải máy in A4 của hệ điều hành."
        )
    check_target(parse_printer_uri(address), data_dir)
    return address


def check_printer_setting(key: str, value: Any, data_dir=None) -> Any:
    """desk.config's `check`: the addresses under "printers" parsed; other keys as given."""
    top, _, rest = key.partition(".")
    if top != "printers":
        return value
    if rest:
        if rest in ROLES and isinstance(value, str):
            return check_address(rest, value, data_dir)
        return value
    if not isinstance(value, dict):
        return value
    return {
        role: check_address(role, address, data_dir)
        if role in ROLES and isinstance(address, str)
        else address
        for role, address in value.items()
    }


def _checker(store):
    return lambda key, value: check_printer_setting(key, value, store.data_dir)


def change_setting(store, key: str, value: Any, *, actor: str, user=None) -> Any:
    return change(store, key, value, actor=actor, user=user, check=_checker(store))


def change_settings(store, values: dict[str, Any], *, actor: str, user=None) -> dict:
    return change_many(store, values, actor=actor, user=user, check=_checker(store))
