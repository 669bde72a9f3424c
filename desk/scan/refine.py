"""Sub-pixel page borders at full resolution.

The working image finds the page to within a few pixels; the legal copy needs the border to
within about one. Each side is sampled across its normal at full resolution, the edge is
located along every profile at the strongest step in the side's own colour direction
(sub-pixel, by a parabola through the peak), and a line is fitted robustly: points on a
finger, a shadow edge or a nearby sheet are outliers and drop out. Corners are the crossings
of the fitted lines, so a corner under a thumb is still found.
"""

from dataclasses import dataclass

import cv2
import numpy as np

from desk.scan.geometry import intersect, sample_image

_MIN_INLIERS = 0.25


def _fit_line(
    points: np.ndarray, weights: np.ndarray, keep: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """Weighted total-least-squares line through the `keep` points, then iteratively
    re-choosing the points close to it."""
    line = None
    for _ in range(4):
        if keep.sum() < max(6, _MIN_INLIERS * len(points)):
            return None
        p, wgt = points[keep], weights[keep]
        c = (p * wgt[:, None]).sum(0) / wgt.sum()
        cov = ((p - c) * wgt[:, None]).T @ (p - c)
        _, vecs = np.linalg.eigh(cov)
        normal = vecs[:, 0]
        res = (points - c) @ normal
        mad = np.median(np.abs(res[keep])) * 1.4826 + 1e-6
        new = np.abs(res) < max(1.0, 2.5 * mad)
        line = (normal, c)
        if np.array_equal(new, keep):
            break
        keep = new
    return line


@dataclass(frozen=True)
class Refined:
    corners: np.ndarray
    found: np.ndarray  # per side, the share of its length where a border was found (0…1)
    width: np.ndarray  # per side, how wide the step is (px): a paper edge is sharp, a shadow soft


def refine_quad(image: np.ndarray, quad: np.ndarray, *, fine: bool = True) -> Refined:
    """Corners refined on the full-resolution BGR image: a wide, sparse search, then (if
    `fine`) a narrow, dense one around what it found, with less room for a nearby edge to
    pull a side away."""
    first = _refine(image, quad, 16.0, spacing=4.0, group=2)
    return polish(image, first) if fine else first


def polish(image: np.ndarray, coarse: Refined) -> Refined:
    """The narrow, dense second pass of `refine_quad`."""
    second = _refine(image, coarse.corners, 5.0, spacing=2.0, group=4)
    if second.found.sum() < coarse.found.sum() - 0.2:
        return coarse
    return Refined(second.corners, second.found, coarse.width)


def _refine(
    image: np.ndarray, quad: np.ndarray, radius: float, spacing: float, group: int
) -> Refined:
    q = np.asarray(quad, dtype=np.float64)
    centre = q.mean(axis=0)
    found, width = np.zeros(4), np.full(4, 2 * radius)
    step = 0.5
    offs = np.arange(-radius, radius + step / 2, step)
    no = len(offs)
    normals, starts, centres, counts, grids = [], [], [], [], []
    for i in range(4):
        a, b = q[i], q[(i + 1) % 4]
        d = b - a
        length = float(np.hypot(*d))
        if length < 8:
            return Refined(q, found, width)
        n = np.array([-d[1], d[0]]) / length
        if n @ (centre - (a + b) / 2) < 0:
            n = -n
        # profiles every `spacing` px, averaged in groups along the side (8 px of edge each)
        m = max(6, int(length * 0.94 / spacing)) // group * group
        pts = a + np.outer(np.linspace(0.03, 0.97, m), d)
        grids.append((pts[:, None, :] + offs[None, :, None] * n).reshape(-1, 2))
        centres.append(pts.reshape(-1, group, 2).mean(1))
        normals.append(n)
        starts.append(a)
        counts.append(m // group)
    vals = sample_image(image, np.concatenate(grids)).astype(np.float32)
    if vals.shape[1] == 1:
        vals = np.repeat(vals, 3, axis=1)
    lab_all = cv2.cvtColor((vals / 255.0).reshape(-1, 1, 3), cv2.COLOR_BGR2Lab).reshape(-1, no, 3)
    lines = []
    first = 0
    k = no // 4
    for i in range(4):
        g, n = counts[i], normals[i]
        lab = lab_all[first : first + g * group].reshape(g, group, no, 3).mean(1)
        first += g * group
        u = (lab[:, -k:].mean(1) - lab[:, :k].mean(1)).mean(0)
        u /= np.linalg.norm(u) + 1e-9
        prof = lab @ u
        grad = np.zeros_like(prof)
        grad[:, 1:-1] = (prof[:, 2:] - prof[:, :-2]) / (2 * step)
        jj = np.clip(np.argmax(grad[:, 1:-1], axis=1) + 1, 1, no - 2)
        rows = np.arange(g)
        y0, y1, y2 = grad[rows, jj - 1], grad[rows, jj], grad[rows, jj + 1]
        denom = y0 - 2 * y1 + y2
        safe = np.where(np.abs(denom) > 1e-9, denom, 1.0)
        frac = np.clip(np.where(np.abs(denom) > 1e-9, 0.5 * (y0 - y2) / safe, 0.0), -0.5, 0.5)
        pos = offs[jj] + frac * step
        strength = y1
        height = prof[:, -k:].mean(1) - prof[:, :k].mean(1)
        positive = strength[strength > 0]
        ok = strength > 0.35 * np.median(positive) if len(positive) else np.zeros(g, bool)
        ok &= (jj > 1) & (jj < no - 2)
        edge_pts = centres[i] + pos[:, None] * n
        fit = None
        if ok.sum() >= 6:
            # start from the points near the median offset: a finger over a third of the side
            # must not tilt the first fit
            med = np.median(pos[ok])
            spread = 1.4826 * np.median(np.abs(pos[ok] - med))
            start = ok & (np.abs(pos - med) < max(2.0, 3.0 * spread))
            fit = _fit_line(edge_pts[ok], np.clip(strength[ok], 1e-3, None), start[ok])
        if fit is None:
            lines.append(np.array([n[0], n[1], n @ starts[i]]))
            continue
        normal, c = fit
        good = ok & (np.abs((edge_pts - c) @ normal) < 1.5)
        found[i] = float(np.mean(good))
        if good.any():
            width[i] = float(np.median(height[good] / np.maximum(strength[good], 1e-6)))
        lines.append(np.array([normal[0], normal[1], normal @ c]))
    corners = [intersect(lines[(i - 1) % 4], lines[i]) for i in range(4)]
    if any(c is None for c in corners):
        return Refined(q, found, width)
    out = np.array(corners)
    if np.max(np.linalg.norm(out - q, axis=1)) > 4 * radius:
        return Refined(q, found, width)  # the fit ran off: keep the coarse corners
    return Refined(out, found, width)
