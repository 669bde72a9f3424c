"""QR and Code 128 drawn with whole-dot modules, so a 203-dpi head prints them crisp.

QR codes come from segno with the UTF-8 ECI header and never as Micro QR (ZBar guesses
the encoding of Vietnamese text without ECI). Modules are at least 3 dots (0.375 mm) and
aim at 4-8 dots, which phone cameras and counter scanners read off thermal paper.
"""

import numpy as np
import segno
from barcode import Code128
from PIL import Image

from desk.errors import InvalidInput

from .media import Media

QUIET_MODULES = 4  # QR quiet zone
BAR_QUIET_MODULES = 10  # Code 128 quiet zone


def qr_module(symbol_modules: int, media: Media, max_mm: float) -> int:
    """Dots per module: as large as fits in `max_mm`, between 3 and 8 dots."""
    side = min(media.dots(max_mm), media.width - 2 * media.dots(2))
    return max(3, min(8, side // (symbol_modules + 2 * QUIET_MODULES)))


def qr_image(payload: str, media: Media, *, max_mm: float = 32.0, error: str = "m") -> Image.Image:
    """The QR as a mode "1" image including its quiet zone."""
    if not payload:
        raise InvalidInput("Nội dung mã QR trống.")
    try:
        symbol = segno.make(payload, encoding="utf-8", eci=True, micro=False, error=error)
    except segno.DataOverflowError as exc:
        raise InvalidInput(f"Nội dung quá dài để in thành mã QR ({len(payload)} ký tự).") from exc
    matrix = np.array([list(row) for row in symbol.matrix], dtype=bool)
    module = qr_module(matrix.shape[0], media, max_mm)
    return _bitmap(np.pad(matrix, QUIET_MODULES), module, module)


def code128_image(text: str, media: Media, *, height_mm: float = 10.0) -> Image.Image | None:
    """Code 128 with 2-dot modules, or None when it would not fit the printable width.

    The quiet zone may shrink inside the image: the unprintable edge of the roll (4-5 mm
    on both 58 and 80 mm paper) already gives the 10 modules (2.5 mm) a scanner needs.
    """
    module = 2  # 0.25 mm at 203 dpi, 0.28 mm at 180 dpi: narrow bars a scanner still reads
    bars = np.array([c == "1" for c in Code128(text).build()[0]], dtype=bool)
    if bars.size * module > media.width:
        return None
    quiet = min(BAR_QUIET_MODULES, (media.width - bars.size * module) // (2 * module))
    return _bitmap(np.pad(bars, quiet)[np.newaxis, :], module, media.dots(height_mm))


def _bitmap(dark: np.ndarray, sx: int, sy: int) -> Image.Image:
    """Boolean modules (True = ink) scaled up by whole dots into a white-paper image."""
    pixels = np.where(dark, 0, 255).astype(np.uint8)
    pixels = np.repeat(np.repeat(pixels, sy, axis=0), sx, axis=1)
    return Image.fromarray(pixels).convert("1")
