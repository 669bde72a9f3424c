"""From photos or flatbed scans of one paper to its PDF: the steps in order, no Qt.

photo → find the page → flatten it at the target dpi ┐
flatbed scan → deskew → trim the lid → rescale      ┴→ even light, white paper → blank? →
colour mode → compress → PDF. The window runs this in a worker; the CLI calls it directly.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from desk.errors import InvalidInput
from desk.scan.blank import COVERAGE_THRESHOLD, WHITE_THRESHOLD, is_blank
from desk.scan.deskew import crop_border, deskew
from desk.scan.detect import detect_page
from desk.scan.enhance import MODES, apply_mode, flatten
from desk.scan.geometry import polygon_area
from desk.scan.pdf import PaperPdf, paper_pdf
from desk.scan.rectify import A4_MM, page_pixels, rectify

LETTER_MM = (215.9, 279.4)


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
class ScannedPage:
    """One page ready for the PDF, and what was done to get it."""

    image: np.ndarray  # BGR for colour, grey for gray, 0/255 grey for bw
    mode: str
    blank: bool
    corners: np.ndarray | None = None  # the page in the photo, when it was detected
    confidence: float | None = None
    skew: float | None = None  # degrees removed from a flatbed scan


@dataclass
class ScanResult:
    pdf: PaperPdf | None
    pages: list[ScannedPage] = field(default_factory=list)
    dropped_blank: list[int] = field(default_factory=list)  # input indices left out


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
        level, skew = deskew(image)
        page = _to_dpi(crop_border(level), settings.dpi)
    elif found:
        corners, confidence = found.corners, found.confidence
        page = rectify(image, found.corners, dpi=settings.dpi)
    else:
        page = _to_dpi(image, settings.dpi)
    page = flatten(page)
    blank = is_blank(page, settings.white_threshold, settings.coverage_threshold)
    out, mode = apply_mode(page, settings.mode)
    return ScannedPage(out, mode, blank, corners, confidence, skew)


def scan_to_pdf(
    images: Sequence[np.ndarray],
    settings: ScanSettings = ScanSettings(),
    *,
    title: str | None = None,
) -> ScanResult:
    """All pages of one paper → one PDF (blank pages left out when asked)."""
    pages = [prepare_page(im, settings) for im in images]
    keep = [i for i, p in enumerate(pages) if not (settings.drop_blank and p.blank)]
    dropped = [i for i in range(len(pages)) if i not in keep]
    if not keep:
        return ScanResult(None, pages, dropped)
    pdf = paper_pdf(
        [pages[i].image for i in keep], [pages[i].mode for i in keep], settings.dpi, title=title
    )
    return ScanResult(pdf, pages, dropped)
