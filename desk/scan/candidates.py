"""Candidate page outlines in the small working image: from straight edges and from regions.

Two independent sources, because each fails where the other works: lines (a gradient-
orientation Hough transform) find pages on pale desks whose colour is close to the paper's;
smooth regions find pages on busy or striped desks whose own lines swamp the Hough space.
The scorer decides between them.
"""

import itertools
import math

import cv2
import numpy as np

from desk.scan.geometry import order_corners, order_many

_N_THETA = 180


def hough_lines(
    mag: np.ndarray,
    theta: np.ndarray,
    *,
    threshold: float,
    count: int = 24,
    per_direction: int = 4,
    focus: np.ndarray | None = None,
) -> np.ndarray:
    """Strongest straight edges as rows (theta, rho, votes), the normal form
    x·cos(theta) + y·sin(theta) = rho.

    Each edge pixel votes only for lines along its own edge direction (± a few degrees), with
    a weight that saturates, so many weak, consistent pixels (a page border on a pale desk)
    beat a few strong ones (print on the page).
    """
    h, w = mag.shape
    diag = math.ceil(math.hypot(h, w))
    ys, xs = np.nonzero(mag > threshold)
    if len(xs) == 0:
        return np.zeros((0, 3))
    weight = np.minimum(mag[ys, xs] / (3 * threshold), 1.0)
    if focus is not None:
        weight = weight * focus[ys, xs]
    tb = np.round(np.mod(theta[ys, xs], np.pi) / np.pi * _N_THETA).astype(np.int64)
    width = 2 * diag + 1
    acc: np.ndarray = np.zeros(_N_THETA * width, np.float64)
    xs_f, ys_f = xs.astype(np.float64), ys.astype(np.float64)
    for d, k in ((-2, 1 / 3), (-1, 2 / 3), (0, 1.0), (1, 2 / 3), (2, 1 / 3)):
        b = np.mod(tb + d, _N_THETA)
        ang = b * (np.pi / _N_THETA)
        ri = np.round(xs_f * np.cos(ang) + ys_f * np.sin(ang)).astype(np.int64) + diag
        acc += np.bincount(b * width + ri, weights=weight * k, minlength=acc.size)
    acc = cv2.GaussianBlur(acc.reshape(_N_THETA, width).astype(np.float32), (5, 5), 0)
    # theta wraps: the row after the last is the first with rho negated
    ext = np.vstack([acc[-6:, ::-1], acc, acc[:6, ::-1]])
    peak = cv2.dilate(ext, np.ones((9, 11), np.uint8))[6:-6]
    cand = np.argwhere((acc >= peak) & (acc > 0))
    if len(cand) == 0:
        return np.zeros((0, 3))
    votes = acc[cand[:, 0], cand[:, 1]]
    order = np.argsort(-votes)
    keep: list[int] = []
    for i in order:
        if votes[i] < 0.06 * votes[order[0]]:
            break
        # at most a few lines per direction, so a striped cloth cannot take every slot
        apart = np.abs(cand[keep, 0] - cand[i, 0]) if keep else np.zeros(0)
        if np.sum(np.minimum(apart, _N_THETA - apart) <= 5) >= per_direction:
            continue
        keep.append(int(i))
        if len(keep) == count:
            break
    t = cand[keep, 0] * (np.pi / _N_THETA)
    r = (cand[keep, 1] - diag).astype(np.float64)
    return np.stack([t, r, votes[keep]], axis=1)


def quads_from_lines(lines: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Every convex quad made of two near-parallel pairs of lines that cross at a sane
    angle and fit (almost) in the frame."""
    h, w = shape
    if len(lines) < 4:
        return np.zeros((0, 4, 2))
    th, rho = lines[:, 0], lines[:, 1]
    nx, ny = np.cos(th), np.sin(th)
    n = len(lines)
    cx, cy = w / 2, h / 2
    pairs = []
    for i in range(n):
        for j in range(i + 1, n):
            d = abs(th[i] - th[j]) % np.pi
            d = min(d, np.pi - d)
            if d > math.radians(30):
                continue
            di = nx[i] * cx + ny[i] * cy - rho[i]
            dj = nx[j] * cx + ny[j] * cy - rho[j]
            if math.cos(th[i] - th[j]) < 0:
                dj = -dj
            if abs(di - dj) < 0.15 * min(h, w):
                continue
            pairs.append((i, j))
    if len(pairs) < 2:
        return np.zeros((0, 4, 2))
    combos = [
        (a, b) for a, b in itertools.combinations(pairs, 2) if len({a[0], a[1], b[0], b[1]}) == 4
    ]
    if not combos:
        return np.zeros((0, 4, 2))
    idx = np.array([[a[0], b[0], a[1], b[1]] for a, b in combos])  # l0, m0, l1, m1 cyclic
    cross = np.abs(np.mod(th[idx[:, 0]] - th[idx[:, 1]], np.pi))
    cross = np.minimum(cross, np.pi - cross)
    idx = idx[cross > math.radians(50)]
    if len(idx) == 0:
        return np.zeros((0, 4, 2))
    # corner k is the crossing of lines idx[:, k] and idx[:, k+1]
    a1, b1, c1 = nx[idx], ny[idx], rho[idx]
    a2, b2, c2 = np.roll(a1, -1, 1), np.roll(b1, -1, 1), np.roll(c1, -1, 1)
    det = a1 * b2 - a2 * b1
    det = np.where(np.abs(det) < 1e-9, 1e-9, det)
    x = (c1 * b2 - c2 * b1) / det
    y = (a1 * c2 - a2 * c1) / det
    q = np.stack([x, y], axis=2)
    inside = (
        (q[..., 0].min(1) > -0.04 * w)
        & (q[..., 1].min(1) > -0.04 * h)
        & (q[..., 0].max(1) < 1.04 * w)
        & (q[..., 1].max(1) < 1.04 * h)
    )
    q = q[inside]
    return order_many(q)


def region_band(texture: np.ndarray) -> np.ndarray:
    """Where the borders of the large smooth regions run (1 there, 0.15 elsewhere): a page
    border is one, a stripe of a table cloth or the edge of a shadow on the desk is not."""
    h, w = texture.shape
    lt = np.log(texture + 1e-3)
    m = cv2.morphologyEx(
        (lt < np.percentile(lt, 50)).astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)
    )
    _, labels, stats, _ = cv2.connectedComponentsWithStats(m, connectivity=4)
    big = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] >= 0.01 * h * w)
    mask = np.isin(labels, big[big > 0]).astype(np.uint8)
    k = np.ones((9, 9), np.uint8)
    band = cv2.dilate(mask, k) - cv2.erode(mask, k)
    return 0.15 + 0.85 * band.astype(np.float32)


def merge_lines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Lines of `a`, then those of `b` that are not already there."""
    out = list(a)
    for line in b:
        dup = False
        for o in out:
            dt = abs(line[0] - o[0]) % np.pi
            same = dt < math.radians(3) and abs(line[1] - o[1]) < 4
            flipped = np.pi - dt < math.radians(3) and abs(line[1] + o[1]) < 4
            if same or flipped:
                dup = True
                break
        if not dup:
            out.append(line)
    return np.array(out).reshape(-1, 3)


def region_quads(texture: np.ndarray, light: np.ndarray) -> list[np.ndarray]:
    """Outlines of the large smooth (print closed away) and large bright regions, and of
    pairs of neighbouring ones: a shadow's edge across a page splits it in two."""
    h, w = texture.shape
    masks = []
    lt = np.log(texture + 1e-3)
    for level in np.percentile(lt, (20, 35, 50)):
        masks.append(lt < level)
    l8 = np.clip(light * 2.55, 0, 255).astype(np.uint8)
    otsu, _ = cv2.threshold(l8, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    masks.append(l8 > otsu)
    out = []
    kernel = np.ones((3, 3), np.uint8)
    near = np.ones((7, 7), np.uint8)
    for m in masks:
        m = cv2.morphologyEx(m.astype(np.uint8), cv2.MORPH_OPEN, kernel)
        _, labels, stats, _ = cv2.connectedComponentsWithStats(m, connectivity=4)
        areas = stats[1:, cv2.CC_STAT_AREA]
        big = [1 + int(i) for i in np.argsort(-areas)[:6] if areas[i] >= 0.01 * h * w]
        points = {i: _outline(labels, stats, i) for i in big}
        for i in big:
            if stats[i, cv2.CC_STAT_AREA] >= 0.04 * h * w:
                out.append(points[i])
        grown = {i: cv2.dilate((labels == i).astype(np.uint8), near) for i in big}
        for a, b in itertools.combinations(big, 2):
            if stats[a, cv2.CC_STAT_AREA] + stats[b, cv2.CC_STAT_AREA] < 0.04 * h * w:
                continue
            if np.any(grown[a] & (labels == b)):
                out.append(np.vstack([points[a], points[b]]))
    quads = []
    for pts in out:
        quad = _fit_quad(cv2.convexHull(pts.astype(np.float32)).reshape(-1, 2))
        if quad is not None:
            # the texture window eats ~2 px of the region at each border: give them back
            centre = quad.mean(axis=0)
            grow = quad - centre
            grow *= 1 + 2.0 / (np.linalg.norm(grow, axis=1, keepdims=True) + 1e-9)
            quads.append(centre + grow)
    return quads


def _outline(labels: np.ndarray, stats: np.ndarray, i: int) -> np.ndarray:
    x0, y0, bw, bh = stats[i, :4]
    sub = (labels[y0 : y0 + bh, x0 : x0 + bw] == i).astype(np.uint8)
    contours, _ = cv2.findContours(sub, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return np.vstack([c.reshape(-1, 2) for c in contours]) + np.array([x0, y0])


def _fit_quad(hull: np.ndarray) -> np.ndarray | None:
    if len(hull) < 4:
        return None
    peri = cv2.arcLength(hull.reshape(-1, 1, 2), True)
    for eps in (0.02, 0.035, 0.05, 0.07, 0.1):
        ap = cv2.approxPolyDP(hull.reshape(-1, 1, 2), eps * peri, True).reshape(-1, 2)
        if len(ap) == 4:
            return order_corners(ap)
        if len(ap) < 4:
            break
    return order_corners(cv2.boxPoints(cv2.minAreaRect(hull.reshape(-1, 1, 2))))
