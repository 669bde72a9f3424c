"""One way to change settings: checked, written and audited in one transaction."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from desk.errors import InvalidInput
from desk.store import audit
from desk.store import settings as settings_mod

from .access import require_may_change
from .rules import validate

Check = Callable[[str, Any], Any]  # a layer above desk checks what desk cannot (printers)


def _outside_data(store, key: str, value: Any) -> None:
    """A folder an office writes to (the USB copy) is never inside its own data directory."""
    from desk.store.guard import refuse_data_dir

    top, _, rest = key.partition(".")
    if top != "backup":
        return
    usb = (
        value.get("usb")
        if not rest and isinstance(value, dict)
        else value
        if rest == "usb"
        else None
    )
    if isinstance(usb, str) and usb.strip():
        refuse_data_dir(Path(usb), store.data_dir, what="nơi sao lưu")


def change_many(
    store,
    values: dict[str, Any],
    *,
    actor: str,
    user=None,
    check: Check | None = None,
) -> dict[str, Any]:
    """Set several keys (dotted or whole) at once; returns each key's stored value.

    All or nothing: one bad value and nothing is written. Unchanged values are neither
    written nor audited, so a page may send all its fields.
    """
    for key in values:
        if not key or not key.partition(".")[0]:
            raise InvalidInput("Tên thiết lập không được để trống.")
        require_may_change(user, key)
    if check is not None:
        values = {key: check(key, value) for key, value in values.items()}
    for key, value in values.items():
        _outside_data(store, key, value)
    at = store.now()
    stored: dict[str, Any] = {}
    with store.write() as db:
        for key, value in values.items():
            top = key.partition(".")[0]
            current = settings_mod.get(db, top)
            new = validate(top, settings_mod.merged(key, current, value), current, db)
            if new != current:
                old = settings_mod.get(db, key)
                settings_mod.put(db, top, new, at=at)
                now = settings_mod.get(db, key)
                audit.record(
                    db, actor, "settings.set", "settings", key, {"value": now, "old": old}, at=at
                )
            stored[key] = settings_mod.get(db, key)
    return stored


def change(store, key: str, value: Any, *, actor: str, user=None, check: Check | None = None):
    """Set one key; returns the value as stored (cleaned)."""
    return change_many(store, {key: value}, actor=actor, user=user, check=check)[key]
