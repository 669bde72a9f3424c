"""Quadrilaterals of pages in photos: corner order, lines, areas and the SmartDoc score.

Corners are (x, y) in image pixels with OpenCV's convention (the centre of the top-left
pixel is (0, 0)), ordered top-left, top-right, bottom-right, bottom-left.
"""

import math

import numpy as np

A4_ASPECT = math.sqrt(2.0)


def order_corners(points) -> np.ndarray:
    """TL, TR, BR, BL of four points: clockwise on screen, starting at the corner whose
    outgoing side points most to the right (the page's top edge when it is upright)."""
    pts = np.asarray(points, dtype=np.float64).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # y points down, so increasing angle runs clockwise
    sides = np.roll(pts, -1, axis=0) - pts
    rightness = sides[:, 0] / (np.linalg.norm(sides, axis=1) + 1e-12)
    return np.roll(pts, -int(np.argmax(rightness)), axis=0)


def order_many(quads) -> np.ndarray:
    """`order_corners` for an (n, 4, 2) array at once."""
    q = np.asarray(quads, dtype=np.float64).reshape(-1, 4, 2)
    if len(q) == 0:
        return q
    c = q.mean(axis=1, keepdims=True)
    ang = np.arctan2(q[..., 1] - c[..., 1], q[..., 0] - c[..., 0])
    q = np.take_along_axis(q, np.argsort(ang, axis=1)[..., None], axis=1)
    sides = np.roll(q, -1, axis=1) - q
    right = sides[..., 0] / (np.linalg.norm(sides, axis=2) + 1e-12)
    start = np.argmax(right, axis=1)
    idx = (start[:, None] + np.arange(4)[None, :]) % 4
    return np.take_along_axis(q, idx[..., None], axis=1)


def polygon_area(poly) -> float:
    """Signed area by the shoelace formula (positive when clockwise on screen)."""
    p = np.asarray(poly, dtype=np.float64).reshape(-1, 2)
    if len(p) < 3:
        return 0.0
    x, y = p[:, 0], p[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))


def line_through(p, q) -> np.ndarray:
    """The line a·x + b·y = c through two points, with (a, b) a unit normal."""
    p, q = np.asarray(p, dtype=np.float64), np.asarray(q, dtype=np.float64)
    d = q - p
    n = np.array([-d[1], d[0]]) / (np.hypot(d[0], d[1]) + 1e-12)
    return np.array([n[0], n[1], n @ p])


def intersect(l1, l2) -> np.ndarray | None:
    """Crossing point of two lines (a, b, c); None when they are (nearly) parallel."""
    a1, b1, c1 = l1
    a2, b2, c2 = l2
    det = a1 * b2 - a2 * b1
    if abs(det) < 1e-9:
        return None
    return np.array([(c1 * b2 - c2 * b1) / det, (a1 * c2 - a2 * c1) / det])


def homography(src, dst) -> np.ndarray:
    """3×3 projective map taking four points onto four points (direct linear solve)."""
    src = np.asarray(src, dtype=np.float64).reshape(4, 2)
    dst = np.asarray(dst, dtype=np.float64).reshape(4, 2)
    rows, rhs = [], []
    for (x, y), (u, v) in zip(src, dst, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    h = np.linalg.solve(np.array(rows), np.array(rhs))
    return np.append(h, 1.0).reshape(3, 3)


def _clip(subject: np.ndarray, a, b) -> np.ndarray:
    """Sutherland–Hodgman step: keep the part of `subject` left of a→b (y down: inside a
    clockwise window)."""
    if len(subject) == 0:
        return subject
    d = b - a

    def side(p):
        return d[0] * (p[..., 1] - a[1]) - d[1] * (p[..., 0] - a[0])

    out = []
    prev = subject[-1]
    sp = side(prev)
    for cur in subject:
        sc = side(cur)
        if sc >= 0:
            if sp < 0:
                out.append(prev + (cur - prev) * (sp / (sp - sc)))
            out.append(cur)
        elif sp >= 0:
            out.append(prev + (cur - prev) * (sp / (sp - sc)))
        prev, sp = cur, sc
    return np.array(out).reshape(-1, 2)


def quad_jaccard(truth, found, doc_size: tuple[float, float] = (210.0, 297.0)) -> float:
    """SmartDoc-2015 score: Jaccard index of the two quads after un-warping both into the
    true page's own frame (so a far, small page counts as much as a near one)."""
    g = order_corners(truth)
    s = order_corners(found)
    w, h = doc_size
    rect = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float64)
    try:
        hmat = homography(g, rect)
    except np.linalg.LinAlgError:
        return 0.0
    ph = np.hstack([s, np.ones((4, 1))]) @ hmat.T
    if np.any(ph[:, 2] * np.sign(ph[0, 2] or 1.0) <= 0):
        return 0.0  # a corner on the far side of the horizon: not a usable quad
    s2 = ph[:, :2] / ph[:, 2:3]
    area_s = abs(polygon_area(s2))
    inter = s2 if polygon_area(s2) > 0 else s2[::-1]
    for i in range(4):
        inter = _clip(inter, rect[i], rect[(i + 1) % 4])
    area_i = abs(polygon_area(inter)) if len(inter) >= 3 else 0.0
    union = w * h + area_s - area_i
    return float(area_i / union) if union > 0 else 0.0


def sample_image(image: np.ndarray, points) -> np.ndarray:
    """Bilinear samples of `image` at many (x, y) points: shape (n, channels)."""
    import cv2

    pts = np.asarray(points, dtype=np.float32).reshape(-1, 2)
    n = len(pts)
    cols = 1024  # remap refuses maps with a side over 32767
    rows = max(1, -(-n // cols))
    buf: np.ndarray = np.zeros((rows * cols, 2), np.float32)
    buf[:n] = pts
    buf = buf.reshape(rows, cols, 2)
    out = cv2.remap(
        image, buf[..., 0], buf[..., 1], cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return out.reshape(rows * cols, -1)[:n]


def side_ratio(corners) -> float:
    """Width / height of a quad from its mean opposite sides: enough to tell a portrait page
    from a landscape one (photos of papers are too rarely true camera geometry to estimate
    more from four corners)."""
    tl, tr, br, bl = order_corners(corners)
    w = np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)
    h = np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)
    return float(w / (h + 1e-9))
