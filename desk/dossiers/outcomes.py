"""The other two ways an intake can end at the counter, each one transaction.

- Incomplete (chưa đủ): the officer tells the citizen what is missing on Mẫu 02; the
  dossier is recorded and waits for the papers, its time limit not yet running.
- Refused (từ chối tiếp nhận): Mẫu 03 with the reason; the dossier is recorded for the
  book and the province, owes no fee, and no appointment is given.
"""

from desk.catalog.fees import FeeQuote
from desk.dossiers.intake import receive
from desk.dossiers.lifecycle import refuse, request_supplement
from desk.dossiers.model import Dossier


def receive_incomplete(
    store, request: dict, *, missing: list[dict], reason: str, actor: str
) -> Dossier:
    """Record the dossier and, in the same transaction, ask for the missing papers (Mẫu 02)."""
    with store.write():
        dossier = receive(store, request, actor=actor)
        return request_supplement(
            store, dossier.code, reason=reason, items=missing, actor=actor, at=dossier.received_at
        )


def refuse_at_intake(store, request: dict, *, reason: str, actor: str) -> Dossier:
    """Record the dossier as refused at the counter (Mẫu 03): no fee, nothing to come back for."""
    with store.write():
        dossier = receive(
            store, request, actor=actor, fee=FeeQuote(0, "Không thu: từ chối tiếp nhận")
        )
        return refuse(store, dossier.code, reason=reason, actor=actor, at=dossier.received_at)
