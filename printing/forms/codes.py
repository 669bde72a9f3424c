"""The dossier code as a Code 128 (for the desk's USB scanner) and a QR (for the citizen's phone).

Both are drawn as vectors, so they stay sharp at any printer resolution. The QR comes from
segno with the UTF-8 ECI header and never as a Micro QR (phones do not read those); a
module of about 0.6 mm reads from paper with any phone camera. The Code 128 module is
0.72 pt (10 mil), inside what a cheap handheld scanner resolves.
"""

from functools import lru_cache

import segno
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from printing.fonts import SERIF

BAR_MODULE = 0.72
MIN_BAR_MODULE = 0.5
BAR_HEIGHT = 11 * mm
QR_SIZE = 23 * mm  # including the 4-module quiet zone
QR_BORDER = 4
CAPTION_SIZE = 10


@lru_cache(maxsize=64)
def qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The modules of the lookup QR; kept for the other liên and reprints (encoding a QR
    is the slowest part of a receipt)."""
    qr = segno.make(payload, error="m", micro=False, encoding="utf-8", eci=True)
    return tuple(tuple(bool(m) for m in row) for row in qr.matrix)


def draw_qr(canvas, matrix, x: float, y: float, size: float) -> None:
    """QR with its quiet zone inside the square (x, y, size); dark runs as single rectangles."""
    count = len(matrix)
    module = size / (count + 2 * QR_BORDER)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        top = y + size - (QR_BORDER + r + 1) * module
        c = 0
        while c < count:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < count and row[c]:
                c += 1
            path.rect(x + (QR_BORDER + start) * module, top, (c - start) * module, module)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


class Barcode(Flowable):
    """Code 128 of the dossier code, from the left margin; narrower modules only if it must."""

    def __init__(self, code: str):
        super().__init__()
        self.code = code
        self._symbol: Code128 | None = None

    def wrap(self, avail_width, avail_height):
        module = BAR_MODULE
        while True:
            symbol = Code128(
                self.code,
                barWidth=module,
                barHeight=BAR_HEIGHT,
                humanReadable=False,
                fontName=SERIF.regular,
                quiet=1,
                lquiet=10 * module,
                rquiet=10 * module,
            )
            if symbol.width <= avail_width or module <= MIN_BAR_MODULE:
                break
            module = max(MIN_BAR_MODULE, module * avail_width / symbol.width)
        self._symbol = symbol
        self.width, self.height = symbol.width, BAR_HEIGHT
        return self.width, self.height

    def draw(self):
        self._symbol.drawOn(self.canv, 0, 0)


class QRCode(Flowable):
    """The lookup QR, quiet zone included in `size`, with an optional caption under it."""

    def __init__(self, payload: str, size: float = QR_SIZE, caption: str = ""):
        super().__init__()
        self.matrix = qr_matrix(payload)
        self.size, self.caption = size, caption

    def wrap(self, avail_width, avail_height):
        self.width = self.size
        self.height = self.size + (CAPTION_SIZE + 2 if self.caption else 0)
        return self.width, self.height

    def draw(self):
        draw_qr(self.canv, self.matrix, 0, self.height - self.size, self.size)
        if self.caption:
            self.canv.setFont(SERIF.italic, CAPTION_SIZE)
            self.canv.drawCentredString(self.size / 2, 1, self.caption)
