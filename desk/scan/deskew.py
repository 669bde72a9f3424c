"""Straightening flatbed scans and trimming the scanner lid around the page.

A paper laid on the glass by hand is a degree or a few off. Lines of print are the most
reliable level there is: the skew is the angle at which the print's projection across the
lines is sharpest (squared differences of neighbouring rows), searched coarse then fine, which lands well
within 0.2°. NAPS2 uses a Hough transform on black-pixel edges for the same job.
"""

import cv2
import numpy as np

_WORK_WIDTH = 1000  # px: about 120 dpi for A4, plenty for lines of print
_MAX_POINTS = 120_000


def _ink_points(gray: np.ndarray) -> np.ndarray:
    background = cv2.medianBlur(
        cv2.resize(gray, None, fx=0.125, fy=0.125, interpolation=cv2.INTER_AREA), 5
    )
    background = cv2.resize(
        background, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR
    )
    ink = gray.astype(np.int16) < background.astype(np.int16) - 50
    h, w = ink.shape
    m = max(2, int(0.02 * min(h, w)))  # the page's own edge and the lid are not print
    ink[:m], ink[-m:], ink[:, :m], ink[:, -m:] = False, False, False, False
    ys, xs = np.nonzero(ink)
    if len(xs) > _MAX_POINTS:
        pick = np.random.default_rng(0).choice(len(xs), _MAX_POINTS, replace=False)
        xs, ys = xs[pick], ys[pick]
    return np.stack([xs, ys], axis=1).astype(np.float64)


def _sharpness(pts: np.ndarray, angles_deg: np.ndarray) -> np.ndarray:
    """How abruptly the projection profile rises and falls (Postl's criterion: squared
    differences of neighbouring rows), highest when the lines of print are level."""
    out = np.empty(len(angles_deg))
    for i, a in enumerate(np.radians(angles_deg)):
        v = pts[:, 1] * np.cos(a) - pts[:, 0] * np.sin(a)
        counts = np.bincount(np.round(v - v.min()).astype(np.int64)).astype(np.float64)
        out[i] = float(np.sum(np.diff(counts) ** 2))
    return out


def estimate_skew(image: np.ndarray, max_degrees: float = 15.0) -> float:
    """Angle (degrees, counter-clockwise positive as in OpenCV) by which the print is
    rotated; 0 when there is too little print to tell."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    f = min(1.0, _WORK_WIDTH / gray.shape[1])
    if f < 1.0:
        gray = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    pts = _ink_points(gray)
    if len(pts) < 500:
        return 0.0
    coarse = np.arange(-max_degrees, max_degrees + 1e-9, 0.5)
    best = coarse[int(np.argmax(_sharpness(pts, coarse)))]
    fine = np.arange(best - 0.6, best + 0.6 + 1e-9, 0.05)
    s = _sharpness(pts, fine)
    i = int(np.argmax(s))
    angle = fine[i]
    if 0 < i < len(s) - 1:  # parabola through the peak
        d = s[i - 1] - 2 * s[i] + s[i + 1]
        if d < 0:
            angle += 0.05 * 0.5 * (s[i - 1] - s[i + 1]) / d
    # image y points down, so a line rising to the right has a negative slope angle
    return float(-angle)


def _border_colour(image: np.ndarray) -> np.ndarray:
    h, w = image.shape[:2]
    m = max(1, int(0.01 * min(h, w)))
    strips = [
        image[:m].reshape(-1, image.shape[2] if image.ndim == 3 else 1),
        image[-m:].reshape(-1, image.shape[2] if image.ndim == 3 else 1),
        image[:, :m].reshape(-1, image.shape[2] if image.ndim == 3 else 1),
        image[:, -m:].reshape(-1, image.shape[2] if image.ndim == 3 else 1),
    ]
    return np.median(np.concatenate(strips), axis=0)


def rotate(image: np.ndarray, degrees: float) -> np.ndarray:
    """`image` turned by `degrees` (counter-clockwise) about its centre, same size, the
    uncovered corners filled with the colour of its border (the scanner lid)."""
    if abs(degrees) < 1e-3:
        return image.copy()
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), degrees, 1.0)
    fill = tuple(float(v) for v in np.atleast_1d(_border_colour(image)))
    return cv2.warpAffine(
        image, m, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT, borderValue=fill
    )


def deskew(image: np.ndarray, max_degrees: float = 15.0) -> tuple[np.ndarray, float]:
    """The scan turned level, and the skew that was removed (degrees)."""
    angle = estimate_skew(image, max_degrees)
    return rotate(image, -angle), angle


_CROP_WORK = 2400  # px, long side: the lid is found on a copy no bigger than this


def crop_border(image: np.ndarray, min_contrast: float = 40.0) -> np.ndarray:
    """The page without the scanner lid around it, when the lid is clearly darker than the
    paper (a black or grey lid); a white lid is left alone, it already looks like paper.

    A very large scan is looked at on a smaller copy (the lid's edge to within a pixel or
    two of the output), so a 60-megapixel scan does not cost a 240 MB label image."""
    f = _CROP_WORK / max(image.shape[:2])
    if f >= 1.0:
        return _crop_border(image, min_contrast)
    small = cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    box = _lid_box(small, min_contrast)
    if box is None:
        return image
    h, w = image.shape[:2]
    x, y, bw, bh = box
    x0, y0 = int(x / f), int(y / f)
    x1, y1 = min(w, round((x + bw) / f)), min(h, round((y + bh) / f))
    return image[y0:y1, x0:x1].copy()


def _crop_border(image: np.ndarray, min_contrast: float) -> np.ndarray:
    box = _lid_box(image, min_contrast)
    if box is None:
        return image
    x, y, bw, bh = box
    return image[y : y + bh, x : x + bw].copy()


def _lid_box(image: np.ndarray, min_contrast: float) -> tuple[int, int, int, int] | None:
    """The page's box inside a darker lid, or None (no lid, or nothing clear)."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    lid = float(np.atleast_1d(_border_colour(gray[..., None]))[0])
    h, w = gray.shape
    paper = float(np.percentile(gray[h // 4 : 3 * h // 4, w // 4 : 3 * w // 4], 90))
    if paper - lid < min_contrast:
        return None
    mask: np.ndarray = (gray > (lid + paper) / 2).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=4)
    if n < 2:
        return None
    i = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    x, y, bw, bh = (int(v) for v in stats[i, :4])
    if bw * bh < 0.2 * w * h:
        return None
    return x, y, bw, bh
