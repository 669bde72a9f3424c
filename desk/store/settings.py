"""Office settings: small JSON values under dotted keys ("office.name", "hours")."""

import copy
import json
from datetime import datetime
from typing import Any

from desk import clock
from desk.errors import InvalidInput, NotFound


def get_all(db) -> dict[str, Any]:
    return {row[0]: json.loads(row[1]) for row in db.execute("SELECT key, value FROM settings")}


def get(db, key: str, default: Any = None) -> Any:
    top, _, rest = key.partition(".")
    row = db.execute("SELECT value FROM settings WHERE key = ?", [top]).fetchone()
    if row is None:
        return default
    value = json.loads(row[0])
    for part in rest.split(".") if rest else []:
        if not isinstance(value, dict) or part not in value:
            return default
        value = value[part]
    return value


def require(db, key: str) -> Any:
    marker = object()
    value = get(db, key, marker)
    if value is marker:
        raise NotFound(f"Chưa có thiết lập '{key}'.")
    return value


def merged(key: str, current: Any, value: Any) -> Any:
    """The whole top-level value once the dotted `key` ("printers.a4", or just "printers")
    is set to `value` in `current` (that top-level value now); `current` is not changed."""
    top, _, rest = key.partition(".")
    if not rest:
        return value
    whole = copy.deepcopy(current) if current is not None else {}
    if not isinstance(whole, dict):
        raise InvalidInput(f"Thiết lập '{top}' không phải là một nhóm nên không đặt được '{key}'.")
    node = whole
    parts = rest.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise InvalidInput(f"Không đặt được '{key}': '{part}' không phải là một nhóm.")
    node[parts[-1]] = value
    return whole


def put(db, key: str, value: Any, *, at: datetime) -> None:
    """Set a whole key or one dotted member of it; call inside a write transaction."""
    top, _, rest = key.partition(".")
    if not top:
        raise InvalidInput("Tên thiết lập không được để trống.")
    if rest:
        value = merged(key, get(db, top, {}), value)
    db.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        [top, json.dumps(value, ensure_ascii=False), clock.iso(at)],
    )


def parse_value(text: str) -> Any:
    """CLI values: JSON when it parses (numbers, lists, objects, true), else the text itself.
    Strict JSON: `Infinity` or `1e999` stay text instead of becoming a number nobody can use."""
    from desk import strict_json

    try:
        return strict_json.loads(text)
    except InvalidInput:
        return text
