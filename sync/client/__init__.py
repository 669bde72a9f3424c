"""The desk's sync client: enrol once, then push, upload and pull (see sync.client.engine)."""

from sync.client.config import connect, is_enrolled
from sync.client.engine import SyncReport, sync_once
from sync.client.enrol import enrol
from sync.client.export import export_pending
from sync.client.local import accept_upstream
from sync.client.status import BADGES, SyncStatus, badges, rejected_ops, status

__all__ = [
    "BADGES",
    "SyncReport",
    "SyncStatus",
    "accept_upstream",
    "badges",
    "connect",
    "enrol",
    "export_pending",
    "is_enrolled",
    "rejected_ops",
    "status",
    "sync_once",
]
