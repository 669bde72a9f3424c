"""Counters (quầy) and the services each serves: the `counters` setting, one row at a time."""

from desk.errors import NotFound

from .change import change


def set_counter(
    store,
    number: int,
    *,
    name: str | None = None,
    services: list[str] | None = None,
    actor: str,
    user=None,
) -> list[dict]:
    """Add counter `number` or change its name or services; returns all counters."""
    counters = [dict(c) for c in store.setting("counters") or []]
    row = next((c for c in counters if c.get("number") == number), None)
    if row is None:
        row = {"number": number, "name": name or f"Quầy {number}", "services": []}
        counters.append(row)
    if name is not None:
        row["name"] = name
    if services is not None:
        row["services"] = services
    return change(store, "counters", counters, actor=actor, user=user)


def remove_counter(store, number: int, *, actor: str, user=None) -> list[dict]:
    counters = [dict(c) for c in store.setting("counters") or []]
    left = [c for c in counters if c.get("number") != number]
    if len(left) == len(counters):
        raise NotFound(f"Không có quầy số {number}.")
    return change(store, "counters", left, actor=actor, user=user)
