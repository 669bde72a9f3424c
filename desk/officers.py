"""Officers by their full names, for paper: a login ("canbo1", "cli:root") is never printed.

History and the audit log keep who acted (the login, or the OS user of a CLI action);
what a citizen takes home names the officer as a person ("Lê Thị Thu Hà"). The window
passes the logged-in officer's login as the actor, and its full name comes from the
users table; a CLI action by someone who is not a user prints the office's configured
receiving officer, or leaves the line blank for a handwritten signature.
"""

from desk.text import clean


def full_name(store, actor: str | None) -> str:
    """The full name of the user whose login is `actor`; "" when no user has that login."""
    login = clean(actor or "").lower()
    if not login:
        return ""
    row = store.one("SELECT full_name FROM users WHERE username = ? AND active = 1", [login])
    return clean(row["full_name"]) if row else ""


def signing_name(store, actor: str | None, given: str | None = None) -> str:
    """The name printed above a signature line for an action by `actor`: `given` (the
    window's officer), else the user's full name, else the office's receiving officer, else ""."""
    name = clean(given or "") or full_name(store, actor)
    if name:
        return name
    office = store.setting("office") or {}
    return clean(office.get("receiving_officer", ""))


def printable(text: str | None) -> str:
    """A name fit to print above a signature: never a login ("canbo1", "cli:root").

    Names are resolved when the action happens (above); this guards paper against records
    kept before that, which held the login. A person's name has at least two words."""
    name = clean(text or "")
    if not name or ":" in name or " " not in name or name == name.lower():
        return ""
    return name
