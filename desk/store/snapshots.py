"""The catalog and the holiday calendar as versioned snapshots, swapped atomically.

The bundled snapshots are installed on first start; the province may send newer
ones, which replace the active version in one transaction. Old versions stay so
that a dossier can always be shown with the procedure it was received under.
"""

import json

from desk import clock
from desk.text import fold


def install_catalog(store, data: dict, *, activate: bool = True) -> str:
    from desk.catalog import load_catalog

    catalog = load_catalog(data)  # validates before anything is written
    canonical = catalog.to_json()
    with store.write() as db:
        exists = db.execute(
            "SELECT 1 FROM catalog_versions WHERE version = ?", [catalog.version]
        ).fetchone()
        if not exists:
            db.execute(
                "INSERT INTO catalog_versions (version, effective_from, source, imported_at, active, data)"
                " VALUES (?, ?, ?, ?, 0, ?)",
                [
                    catalog.version,
                    str(canonical.get("effective_from") or ""),
                    str(canonical.get("source") or ""),
                    clock.iso(store.now()),
                    json.dumps(canonical, ensure_ascii=False),
                ],
            )
            for proc in catalog.procedures:
                db.execute(
                    "INSERT INTO procedures (version, code, name, field, search, data) VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        catalog.version,
                        proc.code,
                        proc.name,
                        proc.field,
                        fold(" ".join([proc.code, proc.name, proc.field])),
                        json.dumps(proc.to_json(), ensure_ascii=False),
                    ],
                )
        if activate:
            db.execute("UPDATE catalog_versions SET active = 0 WHERE active = 1")
            db.execute(
                "UPDATE catalog_versions SET active = 1 WHERE version = ?", [catalog.version]
            )
    return catalog.version


def catalog_version(store, version: str | None = None):
    """The active catalog (or a given version), parsed once per store."""
    from desk.catalog import load_catalog
    from desk.errors import CatalogError, NotFound

    if version is None:
        version = store.scalar("SELECT version FROM catalog_versions WHERE active = 1")
        if version is None:
            raise CatalogError("Chưa có danh mục thủ tục hành chính; hãy chạy 'desk init'.")

    def build():
        raw = store.scalar("SELECT data FROM catalog_versions WHERE version = ?", [version])
        if raw is None:
            raise NotFound(f"Không có phiên bản danh mục '{version}'.")
        return load_catalog(json.loads(raw))

    return store.cached(("catalog", version), build)


def install_calendar(store, data: dict, *, activate: bool = True) -> str:
    from desk.calendar import load_snapshot

    snapshot = load_snapshot(data)
    with store.write() as db:
        db.execute(
            "INSERT OR IGNORE INTO calendar_versions (version, imported_at, active, data) VALUES (?, ?, 0, ?)",
            [
                snapshot.version,
                clock.iso(store.now()),
                json.dumps(snapshot.to_json(), ensure_ascii=False),
            ],
        )
        if activate:
            db.execute("UPDATE calendar_versions SET active = 0 WHERE active = 1")
            db.execute(
                "UPDATE calendar_versions SET active = 1 WHERE version = ?", [snapshot.version]
            )
    return snapshot.version


def calendar(store):
    """The working-day calendar with the active holiday snapshot and the office's hours."""
    from desk.calendar import Calendar, OfficeHours, load_snapshot

    version = store.scalar("SELECT version FROM calendar_versions WHERE active = 1")
    hours_json = store.setting("hours")

    def build():
        snapshot = None
        if version is not None:
            raw = store.scalar("SELECT data FROM calendar_versions WHERE version = ?", [version])
            snapshot = load_snapshot(json.loads(raw))
        hours = OfficeHours.from_json(hours_json) if hours_json else OfficeHours()
        return Calendar(snapshot, hours)

    return store.cached(("calendar", version, json.dumps(hours_json, sort_keys=True)), build)
