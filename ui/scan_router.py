"""Every scan, from the keyboard-wedge filter or the serial scanner, goes here and is answered.

The payload is classified by desk.scan.route (card, dossier, ticket, or text) and the window
is told through signals; the officer always sees what was read. A dossier code is looked up
in the background first, so "Đã quét mã … — không tìm thấy hồ sơ này" says why nothing
opened instead of an empty list. Unknown payloads are shown, never dropped.

While the scanner check ("quét thử") is open it sets `capture`: scans are then only shown
there, so testing a scanner opens no dossier and fills no form behind the check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from desk import dossiers
from desk.errors import NotFound
from desk.scan.route import Routed, route

SHOWN_CHARS = 80  # how much of an unknown payload the status bar shows


@dataclass(frozen=True)
class ScanRecord:
    """One scan as the check lists it: where it came from and what it was taken for."""

    source: str  # "wedge" (keyboard) or "serial"
    routed: Routed
    raw_bytes: int = 0  # for serial payloads: how many bytes arrived

    @property
    def summary(self) -> str:
        return describe(self.routed)


def describe(routed: Routed) -> str:
    """What a scan was taken for, in a few Vietnamese words."""
    if routed.error:
        return routed.error
    if routed.kind == "dossier":
        return f"Mã hồ sơ {routed.value}"
    if routed.kind == "citizen_id":
        card = routed.value
        return f"Thẻ căn cước {card.id_number} — {card.name}"
    if routed.kind == "ticket":
        return f"Phiếu xếp hàng số {routed.value.number}"
    return f"Mã không thuộc hệ thống: «{_short(routed.text)}»"


class ScanRouter(QObject):
    open_dossier = Signal(str)  # the code of a dossier this store holds
    citizen_card = Signal(object)  # a valid desk.citizen_id.CitizenCard
    ticket = Signal(object)  # a desk.payloads.TicketRef
    message = Signal(str)  # feedback for the status bar
    problem = Signal(str)  # feedback that something was read but could not be used
    handled = Signal(object)  # a ScanRecord, for the scanner check

    def __init__(
        self,
        store,
        runner,
        *,
        today: Callable,
        lookup_base_url: str | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self._today = today
        self._lookup = lookup_base_url or None
        self.capture = False

    def handle(self, payload: str | bytes, source: str = "wedge") -> Routed:
        raw = len(payload) if isinstance(payload, bytes | bytearray) else 0
        routed = route(payload, today=self._today(), lookup_base_url=self._lookup)
        self.handled.emit(ScanRecord(source, routed, raw))
        if not self.capture:
            self._act(routed)
        return routed

    def _act(self, routed: Routed) -> None:
        if routed.kind == "dossier" and routed.ok:
            self._open(routed.value)
        elif routed.kind == "citizen_id" and routed.ok:
            card = routed.value
            self.citizen_card.emit(card)
            self.message.emit(f"Đã quét căn cước: {card.display_name}, số {card.id_number}.")
        elif routed.kind == "ticket" and routed.ok:
            self.ticket.emit(routed.value)
            self.message.emit(f"Đã quét phiếu xếp hàng số {routed.value.number}.")
        elif routed.kind == "citizen_id":
            self.problem.emit(f"Đã quét thẻ căn cước nhưng không dùng được: {routed.error}")
        elif routed.kind == "ticket":
            self.problem.emit(f"Đã quét phiếu xếp hàng nhưng không đọc được: {routed.error}")
        elif routed.error:
            self.problem.emit(f"Đã quét nhưng không dùng được: {routed.error}")
        else:
            self.problem.emit(
                f"Đã quét «{_short(routed.text)}» — không phải mã hồ sơ, phiếu xếp hàng "
                "hay thẻ căn cước."
            )

    def _open(self, code: str) -> None:
        store = self.store

        def found(_dossier) -> None:
            self.open_dossier.emit(code)
            self.message.emit(f"Đã quét mã hồ sơ {code}.")

        def missing(error: BaseException) -> None:
            if isinstance(error, NotFound):
                self.problem.emit(f"Đã quét mã {code} — không tìm thấy hồ sơ này.")
            else:
                self.runner.report(error)

        self.runner.run(lambda: dossiers.get(store, code), found, missing)


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SHOWN_CHARS else flat[: SHOWN_CHARS - 1] + "…"
