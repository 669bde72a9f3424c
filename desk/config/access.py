"""Who may change which setting from the window.

The station's own equipment (printers, camera, scanner folder) may be set by whoever
works at it: the office has no IT staff, and a jammed printer cannot wait for the
admin. Everything that shapes the office (identity, hours, counters, accounts, kiosk,
servers) is the admin's. `user=None` is the machine's own command line.
"""

from desk.errors import AuthError

STATION_KEYS = frozenset({"printers", "scan", "scanner"})  # this PC's own equipment


def top_key(key: str) -> str:
    return key.partition(".")[0]


def may_change(user, key: str) -> bool:
    if user is None or getattr(user, "role", None) == "admin":
        return True
    return top_key(key) in STATION_KEYS


def require_may_change(user, key: str) -> None:
    if not may_change(user, key):
        raise AuthError("Chỉ tài khoản quản trị được thay đổi thiết lập này.")
