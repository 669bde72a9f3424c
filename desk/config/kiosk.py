"""The kiosk's PIN (leaving full screen, reaching its settings): kept only as a hash."""

import re

from desk.errors import InvalidInput
from desk.store import audit
from desk.store import settings as settings_mod
from desk.users import check_password, hash_password

from .access import require_may_change

PIN = re.compile(r"^\d{4,8}$")


def set_kiosk_pin(store, pin: str, *, actor: str, user=None) -> None:
    require_may_change(user, "kiosk")
    pin = (pin or "").strip()
    if not PIN.match(pin):
        raise InvalidInput("Mã PIN ki-ốt gồm 4 đến 8 chữ số.")
    digest = hash_password(pin)
    at = store.now()
    with store.write() as db:
        kiosk = settings_mod.get(db, "kiosk") or {}
        kiosk["pin_hash"] = digest
        settings_mod.put(db, "kiosk", kiosk, at=at)
        audit.record(db, actor, "kiosk.pin", "settings", "kiosk.pin_hash", at=at)


def clear_kiosk_pin(store, *, actor: str, user=None) -> None:
    require_may_change(user, "kiosk")
    at = store.now()
    with store.write() as db:
        kiosk = settings_mod.get(db, "kiosk") or {}
        if kiosk.pop("pin_hash", None) is None:
            return
        settings_mod.put(db, "kiosk", kiosk, at=at)
        audit.record(db, actor, "kiosk.pin_clear", "settings", "kiosk.pin_hash", at=at)


def has_kiosk_pin(store) -> bool:
    return bool(store.setting("kiosk.pin_hash"))


def check_kiosk_pin(store, pin: str) -> bool:
    stored = store.setting("kiosk.pin_hash")
    return bool(stored) and check_password((pin or "").strip(), stored)
