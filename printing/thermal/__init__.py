"""Thermal tickets and receipt slips: rendered to a 1-bit image at the printer's dot width
with a bundled font, sent as an ESC/POS raster. No Vietnamese text byte is ever sent.

    render_ticket(view, width) -> Image      ticket_bytes(view, width, options) -> bytes
    render_slip(dossier, office, width)      slip_bytes(dossier, office, width, options)
    encode_image(img, options) -> bytes      test_page(width, options) -> bytes
"""

from desk.dossiers.model import Dossier
from desk.office import Office

from .encode import EscposOptions, ImageMode, encode_image, encode_images
from .fonts import SANS, FontFiles
from .media import WIDTHS, Media, media_for
from .slip import render_slip
from .testpage import render_test_page, test_page
from .ticket import TicketView, render_ticket


def ticket_bytes(view: TicketView, width: int = 576, options: EscposOptions | None = None) -> bytes:
    """The whole print job for one queue ticket."""
    return encode_image(render_ticket(view, width), options)


def slip_bytes(
    dossier: Dossier, office: Office, width: int = 576, options: EscposOptions | None = None
) -> bytes:
    """The whole print job for one receipt slip."""
    return encode_image(render_slip(dossier, office, width), options)


__all__ = [
    "SANS",
    "WIDTHS",
    "EscposOptions",
    "FontFiles",
    "ImageMode",
    "Media",
    "TicketView",
    "encode_image",
    "encode_images",
    "media_for",
    "render_slip",
    "render_test_page",
    "render_ticket",
    "slip_bytes",
    "test_page",
    "ticket_bytes",
]
