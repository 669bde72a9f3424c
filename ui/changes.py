"""Mutations say what changed; each window refreshes itself. No widget calls another."""

from PySide6.QtCore import QObject, Signal

DOSSIERS = "dossiers"
CATALOG = "catalog"
SETTINGS = "settings"
OUTBOX = "outbox"
QUEUE = "queue"
PRINT_JOBS = "print_jobs"
SCANS = "scans"  # draft pages of a dossier's papers (Số hóa)
USERS = "users"  # accounts added, locked, their roles or passwords changed


class ChangeBus(QObject):
    changed = Signal(object)  # frozenset of the names above

    def emit(self, *names: str) -> None:
        self.changed.emit(frozenset(names))
