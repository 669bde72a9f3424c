"""This station's printers by role: what each one is, how it is now, a test print.

Shared by the settings window (live status, "In thử") and `desk settings printers`.
"""

from desk.errors import InvalidInput, PrinterError

from .devices import PrinterStatus
from .devices.status import offline, unknown

ROLES = {
    "a4": "Máy in A4 (giấy tiếp nhận, phiếu)",
    "receipt": "Máy in biên nhận khổ nhỏ (in nhiệt)",
    "ticket": "Máy in vé số thứ tự (ki-ốt)",
}
NO_A4 = "Chưa chọn máy in A4: khi in, giấy tờ được lưu thành tệp PDF."
NO_THERMAL = "Chưa chọn máy in."
OS_PRINTER = "Máy in của hệ điều hành."


def _role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"Vai trò máy in phải là một trong: {', '.join(ROLES)}.")
    return role


def role_status(role: str, address: str, *, virtual=None) -> PrinterStatus:
    """How the printer at `address` is now; never raises for a printer that is off."""
    address = (address or "").strip()
    if not address:
        return unknown(NO_A4 if _role(role) == "a4" else NO_THERMAL)
    if address.startswith("qt:"):
        return unknown(OS_PRINTER)  # the window asks the operating system itself
    from .devices import status

    try:
        return status(address, virtual=virtual)
    except PrinterError as exc:
        return offline(exc.message)


def test_print(store, role: str, *, printer: str | None = None, sender=None, actor: str = ""):
    """Print the test page of `role` (A4 page or thermal strip) through the print queue."""
    if _role(role) == "a4":
        from .a4_test import print_a4_test

        return print_a4_test(store, printer=printer, sender=sender, actor=actor)
    from .jobs import print_test, printer_for

    address = printer_for(store, role, printer)
    return print_test(store, printer=address, sender=sender, actor=actor)
