"""Full-text search over dossiers that folds case, tone marks and đ→d.

The FTS5 row for a dossier shares its rowid and holds folded text, so the query
is folded the same way: "nguyen van duc" finds "Nguyễn Văn Đức". Every word of
the query must match the start of a word (prefix search), newest first.
"""

import re

from desk.text import fold

_TOKEN = re.compile(r"[0-9a-z]+")


def index_text(*parts: str | None) -> str:
    return " ".join(fold(p) for p in parts if p)


def upsert(db, rowid: int, text: str) -> None:
    db.execute("DELETE FROM dossier_search WHERE rowid = ?", [rowid])
    db.execute("INSERT INTO dossier_search (rowid, body) VALUES (?, ?)", [rowid, text])


def match_expression(text: str) -> str | None:
    tokens = _TOKEN.findall(fold(text))
    if not tokens:
        return None
    return " AND ".join(f'"{tok}"*' for tok in tokens[:12])


def search_rowids(db, text: str, limit: int = 50, offset: int = 0) -> list[int]:
    expr = match_expression(text)
    if expr is None:
        return []
    return [
        row[0]
        for row in db.execute(
            "SELECT rowid FROM dossier_search WHERE dossier_search MATCH ? ORDER BY rowid DESC LIMIT ? OFFSET ?",
            [expr, limit, offset],
        )
    ]
