"""The office hub's background relay and what `desk hub status` shows.

The relay runs in its own thread, off the event loop: a round whenever the hub is enrolled
upstream — every `every` seconds, or as soon as a push applied something. After a failure
it waits like a desk (sync.client.backoff: 30 s, 1, 2, 4 … minutes, cap 15, jitter; at once
again after a failure that had made progress) and never gives up: the last error stays in
the hub's state for `desk hub status`.
"""

import json
import logging
import threading

from sync.client.backoff import Backoff
from sync.server import office
from sync.server.core import Server
from sync.server.relay import SET_ASIDE, WAITING, relay_once

log = logging.getLogger("desk.hub")


class RelayThread(threading.Thread):
    def __init__(self, server: Server, every: float, backoff: Backoff | None = None):
        super().__init__(name="hub-relay", daemon=True)
        self.server = server
        self.every = every
        self.backoff = backoff or Backoff()
        self._halt = threading.Event()

    def stop(self) -> None:
        self._halt.set()
        self.server.news.set()
        self.join(timeout=60)

    def run(self) -> None:
        while not self._halt.is_set():
            self.server.news.clear()  # what arrives from here on wakes the next wait
            wait = self.every
            if office.is_enrolled(self.server):
                try:
                    report = relay_once(self.server)
                except Exception:  # never let the thread die: the next round tries again
                    log.exception("relay round failed")
                    self._halt.wait(self.backoff.failure())
                    continue
                if report.error is not None:
                    log.warning("relay: %s", report.error)
                    # A failure waits its backoff, not for news.
                    self._halt.wait(self.backoff.failure(progress=report.progress))
                    continue
                self.backoff.success()
            if not self._halt.is_set():
                self.server.news.wait(wait)


def status(server: Server) -> dict:
    """Enrolled or not, where to, what still waits, and how the last relay went."""
    config = office.upstream_config(server)
    state = office.state(server)
    with server.db.tx(write=False) as tx:
        waiting = tx.dicts(
            f"SELECT op_id, kind, payload, relay_code, relay_reason FROM processed_ops WHERE {WAITING}"
            " ORDER BY rowid"
        )
        set_aside = tx.dicts(
            "SELECT p.op_id, p.kind, p.relay_state, p.relay_code, p.relay_reason, d.code"
            " FROM processed_ops p LEFT JOIN dossiers d ON d.id = p.dossier_id"
            " WHERE p.status = 'applied' AND p.relay_state IN (?, ?) ORDER BY p.rowid",
            list(SET_ASIDE),
        )
        wanted = {
            json.loads(r["payload"]).get("pdf_sha256")
            for r in waiting
            if r["kind"] == "document.scanned"
        }
        files = [
            r
            for r in tx.all("SELECT sha256, size FROM files WHERE relayed_at IS NULL")
            if r[0] in wanted
        ]
    return {
        "unit": office.office_unit(server),
        "enrolled": office.is_enrolled(server),
        "upstream_url": config.get("url"),
        "station_number": config.get("number"),
        "ops_waiting": len(waiting),
        "files_waiting": len(files),
        "files_waiting_bytes": sum(int(r[1]) for r in files),
        "waiting_reasons": [
            {
                "op_id": r["op_id"],
                "kind": r["kind"],
                "code": r["relay_code"],
                "reason": r["relay_reason"],
            }
            for r in waiting
            if r["relay_code"]
        ],
        "set_aside": [
            {
                "op_id": r["op_id"],
                "kind": r["kind"],
                "dossier": r["code"],
                "state": r["relay_state"],
                "code": r["relay_code"],
                "reason": r["relay_reason"],
            }
            for r in set_aside
        ],
        "last_attempt_at": state.get("last_attempt_at"),
        "last_success_at": state.get("last_success_at"),
        "last_error": state.get("last_error"),
        "error_since": state.get("error_since"),
        "cursor": state.get("cursor", ""),
        "last_pull_at": state.get("last_pull_at"),
    }
