"""Dossier codes (mã hồ sơ) `{unit}-{yyMMdd}-{nnnn}`, unique without asking anyone.

Three sources of the sequence number, in order:

- standalone: this station is the unit's only desk, so its own per-day counter
  is the unit's sequence (0001, 0002, …);
- a block reserved from upstream (hub or province) for that day, while it lasts;
- offline fallback for a station of a multi-desk office with no block left: a
  station-scoped number `{station:02d}{n:03d}` (5+ digits). Block numbers stay
  within 4 digits, and each station owns its two leading digits, so no two
  desks can ever print the same code, and nothing shared is derived offline.
"""

from datetime import date

from desk.errors import Conflict

BLOCK_MAX = 9999


def _bump(db, day: str, scope: str) -> int:
    row = db.execute(
        "INSERT INTO code_counters (day, scope, next) VALUES (?, ?, 2)"
        " ON CONFLICT(day, scope) DO UPDATE SET next = next + 1 RETURNING next - 1",
        [day, scope],
    ).fetchone()
    return row[0]


def _from_block(db, day: str) -> int | None:
    row = db.execute(
        "SELECT id, next FROM code_blocks WHERE day = ? AND next <= last ORDER BY first LIMIT 1",
        [day],
    ).fetchone()
    if row is None:
        return None
    db.execute("UPDATE code_blocks SET next = next + 1 WHERE id = ?", [row[0]])
    return row[1]


def allocate(db, *, unit_code: str, station: dict, day: date) -> str:
    """Next code for a dossier received on `day`; call inside the intake transaction."""
    day_key = day.isoformat()
    prefix = f"{unit_code}-{day:%y%m%d}-"
    if station.get("mode", "standalone") == "standalone":
        return f"{prefix}{_bump(db, day_key, 'unit'):04d}"
    number = _from_block(db, day_key)
    if number is not None:
        return f"{prefix}{number:04d}"
    station_no = int(station["number"])
    n = _bump(db, day_key, f"station:{station_no}")
    return f"{prefix}{station_no:02d}{n:03d}"


def add_block(db, *, day: date, first: int, last: int, source: str, reserved_at: str) -> None:
    """Record a number block that upstream reserved for this station."""
    if not (1 <= first <= last <= BLOCK_MAX):
        raise Conflict(f"Khối số hồ sơ không hợp lệ: {first}–{last}.")
    overlap = db.execute(
        "SELECT 1 FROM code_blocks WHERE day = ? AND NOT (last < ? OR first > ?)",
        [day.isoformat(), first, last],
    ).fetchone()
    if overlap:
        raise Conflict(f"Khối số {first}–{last} ngày {day:%d/%m/%Y} trùng với khối đã có.")
    db.execute(
        "INSERT INTO code_blocks (day, first, last, next, source, reserved_at) VALUES (?, ?, ?, ?, ?, ?)",
        [day.isoformat(), first, last, first, source, reserved_at],
    )


def next_book_number(db, unit_code: str, year: int) -> int:
    """Số thứ tự in the unit's Sổ theo dõi hồ sơ for the year: one book per office, not
    per desk, so a desk set up again (a new station id) goes on from the last number.

    A member desk of a multi-desk office counts here on its own until the hub numbers
    the office's book (see docs/due-dates.md, "Sổ theo dõi")."""
    row = db.execute(
        "UPDATE unit_book_counters SET next = next + 1 WHERE unit_code = ? AND year = ?"
        " RETURNING next - 1",
        [unit_code, year],
    ).fetchone()
    if row is not None:
        return row[0]
    # The unit's first dossier of the year here: go on after any number already given.
    last = db.execute(
        "SELECT COALESCE(MAX(book_number), 0) FROM dossiers WHERE unit_code = ? AND book_year = ?",
        [unit_code, year],
    ).fetchone()[0]
    db.execute(
        "INSERT INTO unit_book_counters (unit_code, year, next) VALUES (?, ?, ?)",
        [unit_code, year, last + 2],
    )
    return last + 1
