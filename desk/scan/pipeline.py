"""From photos or flatbed scans of one paper to its PDF: the steps in order, no Qt.

photo → find the page → flatten it at the target dpi ┐
flatbed scan → deskew → trim the lid → rescale      ┴→ even light, white paper → blank? →
colour mode → compress → PDF. The window runs this in a worker; the CLI calls it directly.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import cv2
import numpy as np

from desk.errors import InvalidInput
from desk.scan.blank import COVERAGE_THRESHOLD, WHITE_THRESHOLD, is_blank
from desk.scan.deskew import crop_border, deskew
from desk.scan.detect import detect_page
from desk.scan.enhance import MODES, apply_mode, flatten
from desk.scan.geometry import polygon_area
from desk.scan.pdf import EncodedPage, PaperPdf, build_pdf, encode_page
from desk.scan.rectify import A4_MM, DPI_DRAWINGS, page_pixels, rectify

LETTER_MM = (215.9, 279.4)
MAX_OUTPUT_DPI = 400  # A4 at 400 dpi is 15.5 megapixels: finer than the 300 the law asks


@dataclass(frozen=True)
class ScanSettings:
    """What the officer chose (or the scanner profile says)."""

    mode: str = "color"  # the legal copy: colour as the original (TT 05/2025/TT-BNV)
    dpi: int = 200  # 200 for papers, 300 for maps and drawings
    detect: bool = True  # a camera shot: find the page and flatten its perspective
    flat: bool = False  # a flatbed scan: deskew and trim instead
    drop_blank: bool = True
    white_threshold: int = WHITE_THRESHOLD
    coverage_threshold: float = COVERAGE_THRESHOLD

    def __post_init__(self):
        if self.mode not in MODES:
            raise InvalidInput(
                f"Chế độ màu '{self.mode}' không hợp lệ; chọn một trong: {', '.join(MODES)}."
            )
        page_pixels(self.dpi)  # validates the dpi


@dataclass(frozen=True)
class PageNote:
    """What was done to one page, kept after its pixels have gone into the PDF."""

    mode: str
    blank: bool
    dpi: int
    corners: np.ndarray | None = None  # the page in the photo, when it was detected
    confidence: float | None = None
    skew: float | None = None  # degrees removed from a flatbed scan


@dataclass(frozen=True)
class ScannedPage:
    """One page ready for the PDF, and what was done to get it."""

    image: np.ndarray  # BGR for colour, grey for gray, 0/255 grey for bw
    mode: str
    blank: bool
    corners: np.ndarray | None = None  # the page in the photo, when it was detected
    confidence: float | None = None
    skew: float | None = None  # degrees removed from a flatbed scan
    dpi: int = 200  # of the image: the asked dpi, or lower (see output_dpi)

    @property
    def note(self) -> PageNote:
        return PageNote(self.mode, self.blank, self.dpi, self.corners, self.confidence, self.skew)

    def encoded(self) -> EncodedPage:
        return encode_page(self.image, self.mode, self.dpi)


@dataclass
class ScanResult:
    pdf: PaperPdf | None
    pages: list[PageNote] = field(default_factory=list)
    dropped_blank: list[int] = field(default_factory=list)  # input indices left out


def output_dpi(asked: int, source_dpi: float) -> int:
    """The dpi a page is made at: the one asked, but not finer than what the photo or scan
    holds once past the 300 dpi the law asks for drawings, and never above MAX_OUTPUT_DPI.

    A 1600×1200 photo asked at 1200 dpi would otherwise become a 139-megapixel A4 page
    (7 GB while it is processed) of invented detail.
    """
    return int(min(asked, max(DPI_DRAWINGS, math.ceil(source_dpi)), MAX_OUTPUT_DPI))


def _quad_dpi(corners) -> float:
    """How finely the photo holds the page: its longer side in pixels over A4's length."""
    q = np.asarray(corners, np.float64).reshape(4, 2)
    sides = [float(np.linalg.norm(q[(i + 1) % 4] - q[i])) for i in range(4)]
    return max(sides) / (A4_MM[1] / 25.4)


def _scan_dpi(image: np.ndarray) -> float:
    """A flatbed scan carries the glass's paper size: A4 or Letter wide."""
    h, w = image.shape[:2]
    ratio = max(h, w) / min(h, w)
    width_mm = (
        LETTER_MM[0]
        if abs(ratio - LETTER_MM[1] / LETTER_MM[0]) < abs(ratio - A4_MM[1] / A4_MM[0])
        else A4_MM[0]
    )
    return min(h, w) / (width_mm / 25.4)


def _to_dpi(image: np.ndarray, dpi: int) -> np.ndarray:
    f = dpi / _scan_dpi(image)
    if abs(f - 1) < 0.01:
        return image
    interp = cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC
    return cv2.resize(image, None, fx=f, fy=f, interpolation=interp)


def _near_dpi(image: np.ndarray, dpi: int) -> np.ndarray:
    """A scan at more than twice the dpi asked is brought down to about twice it before it
    is turned and trimmed: a 60-megapixel scan is not rotated whole for a 200 dpi page."""
    f = 2 * output_dpi(dpi, _scan_dpi(image)) / _scan_dpi(image)
    if f >= 1.0:
        return image
    return cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)


def _looks_scanned(image: np.ndarray, found) -> bool:
    """A4-shaped to within 2.5% (a scanner's page, not a camera's 4:3, 3:2 or 16:9 frame)
    and either no clear page in it or a page filling it."""
    h, w = image.shape[:2]
    if abs(max(h, w) / min(h, w) / (A4_MM[1] / A4_MM[0]) - 1) >= 0.025:
        return False
    return found.confidence < 0.6 or abs(polygon_area(found.corners)) > 0.8 * w * h


def prepare_page(image: np.ndarray, settings: ScanSettings = ScanSettings()) -> ScannedPage:
    """One photo or scan → one clean page in its colour mode. A flatbed scan imported
    among photos (no clear page outline, A4-shaped) is treated as a flatbed scan."""
    corners = confidence = skew = None
    found = detect_page(image) if settings.detect and not settings.flat else None
    if settings.flat or (found and _looks_scanned(image, found)):
        image = _near_dpi(image, settings.dpi)
        level, skew = deskew(image)
        level = crop_border(level)
        dpi = output_dpi(settings.dpi, _scan_dpi(level))
        page = _to_dpi(level, dpi)
        del level
    elif found:
        corners, confidence = found.corners, found.confidence
        dpi = output_dpi(settings.dpi, _quad_dpi(found.corners))
        page = rectify(image, found.corners, dpi=dpi)
    else:
        dpi = output_dpi(settings.dpi, _scan_dpi(image))
        page = _to_dpi(image, dpi)
    page = flatten(page)
    blank = is_blank(page, settings.white_threshold, settings.coverage_threshold)
    out, mode = apply_mode(page, settings.mode)
    return ScannedPage(out, mode, blank, corners, confidence, skew, dpi)


def scan_to_pdf(
    images: Iterable[np.ndarray],
    settings: ScanSettings = ScanSettings(),
    *,
    title: str | None = None,
) -> ScanResult:
    """All pages of one paper → one PDF (blank pages left out when asked).

    `images` may be a generator: each page is prepared and compressed before the next is
    asked for, so a long paper costs one page of memory plus its compressed pages."""
    notes: list[PageNote] = []
    encoded: list[EncodedPage] = []
    for image in images:
        page = prepare_page(image, settings)
        del image  # the photo goes before the next one is decoded
        notes.append(page.note)
        if not (settings.drop_blank and page.blank):
            encoded.append(page.encoded())
        del page
    dropped = [i for i, n in enumerate(notes) if settings.drop_blank and n.blank]
    if not encoded:
        return ScanResult(None, notes, dropped)
    return ScanResult(PaperPdf(build_pdf(encoded, title=title), encoded), notes, dropped)
