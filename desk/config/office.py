"""The office's identity where it touches stored dossiers: the unit code."""

from desk.setup import check_unit_code, init_office

from .access import require_may_change


def has_dossiers(store) -> bool:
    """Once a dossier exists its code carries the unit code, which then cannot change."""
    return store.scalar("SELECT 1 FROM dossiers LIMIT 1") is not None


def set_unit_code(store, code: str, *, actor: str, user=None) -> str:
    """A new unit code (checked by desk.setup), refused once dossiers exist."""
    require_may_change(user, "office")
    code = check_unit_code(code)
    if store.setting("office.unit_code") == code:
        return code
    init_office(store, unit_code=code, actor=actor)  # Conflict when dossiers exist
    return code
