"""The queue ticket (phiếu số thứ tự) the kiosk prints: a number an elderly citizen can
read at arm's length, the service, how many people are ahead, and a QR of the ticket.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from PIL import Image

from desk.clock import to_vn

from .codes import qr_image
from .fonts import SANS, FontFiles
from .media import media_for
from .render import Sheet

DEFAULT_NOTE = "Vui lòng giữ phiếu này và chờ đến khi số của bạn được gọi."


@dataclass(frozen=True)
class TicketView:
    """What the ticket shows, already decided by the queue."""

    office_name: str
    number: str  # as printed and called, e.g. "A012"
    service_name: str
    issued_at: datetime
    people_ahead: int
    qr_payload: str  # desk.payloads.ticket_payload(...)
    note: str = DEFAULT_NOTE
    estimated_wait: timedelta | None = None
    counter_hint: str | None = None  # "Quầy số 2"
    priority: bool = False  # người cao tuổi, khuyết tật, phụ nữ mang thai…


def stamp(moment: datetime) -> str:
    """dd/mm/yyyy HH:MM in office time, as Vietnamese forms write it."""
    return to_vn(moment).strftime("%d/%m/%Y %H:%M")


def wait_text(wait: timedelta) -> str:
    minutes = max(1, round(wait.total_seconds() / 60))
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"khoảng {minutes} phút"
    return f"khoảng {hours} giờ {rest} phút" if rest else f"khoảng {hours} giờ"


def render_ticket(view: TicketView, width: int = 576, *, fonts: FontFiles = SANS) -> Image.Image:
    """The ticket as a mode "1" image exactly `width` dots wide (384, 512 or 576)."""
    media = media_for(width)
    small = media.narrow
    body = 3.8 if small else 4.2
    sheet = Sheet(media, fonts)
    sheet.space(1.5)
    sheet.text(view.office_name, 3.8 if small else 4.4, bold=True)
    sheet.rule()
    sheet.text("SỐ THỨ TỰ CỦA BẠN", 3.2 if small else 3.6, after_mm=1.0)
    # Regular weight: at this size it reads across a room, with half the ink of bold
    # (a bold stroke would be 4 mm of solid black, slowing the head).
    sheet.fit(view.number, 24.0 if small else 28.0, bold=False, min_mm=8.0, after_mm=2.5)
    if view.priority:
        sheet.framed("ƯU TIÊN", 4.5 if small else 5.0)
    sheet.text(view.service_name, 4.4 if small else 5.0, bold=True, after_mm=1.5)
    if view.counter_hint:
        sheet.text(f"Mời đến: {view.counter_hint}", body)
    sheet.text(stamp(view.issued_at), body)
    sheet.text(f"Số người đang chờ trước bạn: {max(0, view.people_ahead)}", body, bold=True)
    if view.estimated_wait is not None:
        sheet.text(f"Dự kiến chờ: {wait_text(view.estimated_wait)}", body)
    sheet.space(1.0)
    sheet.image(qr_image(view.qr_payload, media, max_mm=26.0 if small else 30.0))
    if view.note:
        sheet.text(view.note, 3.3 if small else 3.6)
    sheet.space(1.0)
    return sheet.render()
