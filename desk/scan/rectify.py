"""From the page's four corners in a photo to a flat page image at a chosen dpi.

Detection may work on a small copy, but the page is always sampled from the full-resolution
photo: detection can be lossy, rectification must not. TT 05/2025/TT-BNV asks 200 dpi for
papers and 300 dpi for maps and drawings, so the output size is the paper's physical size
at that dpi (A4 at 200 dpi = 1654 × 2339), portrait or landscape as the quad is.
"""

import cv2
import numpy as np

from desk.errors import InvalidInput
from desk.scan.geometry import order_corners, side_ratio

A4_MM = (210.0, 297.0)
DPI_PAPERS = 200
DPI_DRAWINGS = 300


def page_pixels(
    dpi: float, size_mm: tuple[float, float] = A4_MM, *, landscape: bool = False
) -> tuple[int, int]:
    """(width, height) in pixels of a paper of `size_mm` (portrait) at `dpi`."""
    if not 50 <= dpi <= 1200:
        raise InvalidInput(f"Độ phân giải {dpi} dpi không hợp lệ (từ 50 đến 1200).")
    w, h = (round(mm / 25.4 * dpi) for mm in size_mm)
    return (h, w) if landscape else (w, h)


def rectify(
    image: np.ndarray, corners, *, dpi: float = DPI_PAPERS, size_mm: tuple[float, float] = A4_MM
) -> np.ndarray:
    """The page inside `corners` (TL, TR, BR, BL, image pixels) warped flat to its size at `dpi`."""
    quad = order_corners(corners)
    out_w, out_h = page_pixels(dpi, size_mm, landscape=side_ratio(quad) > 1.0)
    src = image
    # shrinking a lot with a plain warp aliases print: pre-shrink to about the output scale
    extent = max(float(np.linalg.norm(quad[1] - quad[0])), float(np.linalg.norm(quad[3] - quad[0])))
    shrink = max(out_w, out_h) / max(extent, 1.0)
    if shrink < 0.7:
        f = shrink / 0.8
        src = cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        quad = (quad + 0.5) * f - 0.5
    # the corners are the page's outer edges; pixel centres sit half a pixel inside them
    dst = np.array(
        [[-0.5, -0.5], [out_w - 0.5, -0.5], [out_w - 0.5, out_h - 0.5], [-0.5, out_h - 0.5]],
        np.float32,
    )
    m = cv2.getPerspectiveTransform(quad.astype(np.float32), dst)
    return cv2.warpPerspective(
        src, m, (out_w, out_h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
