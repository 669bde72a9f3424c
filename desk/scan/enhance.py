"""Making a photographed page look scanned: even light, white paper, and the colour mode.

The paper's own colour is estimated everywhere on the page (print removed by a max filter on
a small copy, then smoothed) and each pixel is divided by it: shadows, a lamp's gradient and
the camera's colour cast all go at once, the paper becomes clean white (which is also what
makes the JPEG small), and print and seals keep their colour relative to the paper.
"""

import cv2
import numpy as np

from desk.errors import InvalidInput

MODES = ("color", "gray", "bw", "auto")
_WHITE_POINT = 0.88  # paper (1.0 after division) and its grain above this become pure white
_BLACK_POINT = 0.04


def _background(image: np.ndarray) -> np.ndarray:
    h, w = image.shape[:2]
    # a quarter-size copy: a 7×7 max filter there (28 px, 3.5 mm at 200 dpi) is wider than
    # any stroke of print, yet narrow enough to follow the edge of a shadow across the page
    f = 4
    small = cv2.resize(image, (max(8, w // f), max(8, h // f)), interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7))
    bg = cv2.dilate(small, kernel)  # print is darker than paper: the max filter removes it
    bg = cv2.medianBlur(bg, 5)
    bg = cv2.GaussianBlur(bg.astype(np.float32), (0, 0), 1.5)
    # a big dark area (a photo on an ID form) is not paper in shadow: never divide by
    # less than half of the paper's brightness
    paper = np.percentile(bg.reshape(-1, bg.shape[2] if bg.ndim == 3 else 1), 95, axis=0)
    bg = np.maximum(bg, 0.45 * paper)
    return cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)


_BAND = 256  # rows divided at a time: float copies of a band, not of the page


def flatten(image: np.ndarray) -> np.ndarray:
    """Even light and white paper (BGR or grey uint8 in, same out).

    The division runs a band of rows at a time into the output, so a large page costs its
    background estimate and the output, not four float copies of itself."""
    bg = _background(image)
    np.maximum(bg, 1.0, out=bg)
    out = np.empty_like(image)
    scale = 255.0 / (_WHITE_POINT - _BLACK_POINT)
    for y in range(0, image.shape[0], _BAND):
        v = image[y : y + _BAND].astype(np.float32)
        v /= bg[y : y + _BAND]
        v -= _BLACK_POINT
        v *= scale
        v += 0.5
        np.clip(v, 0, 255, out=v)
        out[y : y + _BAND] = v.astype(np.uint8)
    return out


def colour_fraction(image: np.ndarray) -> float:
    """Share of the page covered by clearly coloured marks (a red seal, blue ink, a colour
    photo), ignoring the colour fringes a camera leaves along black print."""
    if image.ndim == 2:
        return 0.0
    # at half size a pen stroke (≥ 4 px at 200 dpi) survives a 3×3 median, a fringe does not
    small = cv2.resize(image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    small = cv2.medianBlur(small, 3)
    lab = cv2.cvtColor(small.astype(np.float32) / 255.0, cv2.COLOR_BGR2Lab)
    chroma = np.hypot(lab[..., 1], lab[..., 2])
    coloured = (chroma > 20.0) & (lab[..., 0] < 95.0)
    return float(coloured.mean())


def choose_mode(image: np.ndarray, threshold: float = 0.0005) -> str:
    """`color` when the page carries colour (a seal, a signature in blue, a photo), else `gray`."""
    return "color" if colour_fraction(image) > threshold else "gray"


def binarize(gray: np.ndarray) -> np.ndarray:
    """1-bit page (0 = ink, 255 = paper) from a flattened grey page: a local threshold, so
    faint print next to bold print survives, capped so paper grain never turns black."""
    g = cv2.medianBlur(gray, 3)  # grain and specks out of the local test
    local = cv2.blur(g, (31, 31)).astype(np.int16)
    g = g.astype(np.int16)
    # darker than its surroundings and not paper, or plainly dark (inside bold print the
    # surroundings are ink too; hairlines are kept by testing the unfiltered pixel)
    ink = ((g < local - 12) & (g < 185)) | (gray < 110)
    return np.where(ink, 0, 255).astype(np.uint8)


def apply_mode(page: np.ndarray, mode: str) -> tuple[np.ndarray, str]:
    """The flattened page in `mode` (auto resolved): BGR for colour, grey, or 1-bit as 0/255."""
    if mode not in MODES:
        raise InvalidInput(f"Chế độ màu '{mode}' không hợp lệ; chọn một trong: {', '.join(MODES)}.")
    if mode == "auto":
        mode = choose_mode(page)
    if mode == "color":
        return (page if page.ndim == 3 else cv2.cvtColor(page, cv2.COLOR_GRAY2BGR)), mode
    gray = page if page.ndim == 2 else cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    if mode == "gray":
        return gray, mode
    return binarize(gray), mode
