"""Where the page is in a camera or document-camera shot.

Never refuses a frame (SmartDoc counts a refusal as 0): it always returns its best four
corners with a confidence, so the window can ask the officer to check the corners when it is
low. The search runs on a small copy (cheap, blind to print and desk grain): candidate
outlines from lines (steps of colour and of texture) and from regions are screened, the
best are snapped onto nearby edges and ranked, the short list is refined at full resolution
(precise) and the best kept.
"""

from dataclasses import dataclass

import cv2
import numpy as np

from desk.scan.candidates import (
    hough_lines,
    merge_lines,
    quads_from_lines,
    region_band,
    region_quads,
)
from desk.scan.geometry import order_corners
from desk.scan.refine import Refined, polish, refine_quad
from desk.scan.score import Cues, features, score_quads, snap_quad

WORK_SIZE = 400  # long side of the working image, px
_SNAP = 10  # candidates snapped onto nearby edges
_REFINE = 4  # candidates refined at full resolution
_SHARP = 7.0  # px: a paper border is sharper than this, a shadow's edge is not
# The short-list features of a refined outline, then the share of its border found at full
# resolution and how many of its sides are soft like a shadow's; fitted like CHOICE_WEIGHTS.
FINAL_WEIGHTS = np.array(
    [
        0.412,
        0.495,
        0.237,
        0.567,
        -1.014,
        -0.315,
        -0.676,
        -0.947,
        -0.739,
        -0.575,
        -0.043,
        -0.233,
        -0.467,
        1.801,
        -0.192,
    ]
)
# confidence = P(Jaccard ≥ 0.95) as a logistic of the final score, fitted on 1200 generated
# photos (then leaning to doubt: few misses to fit on)
_CALIBRATION = (5.0, -9.0)


@dataclass(frozen=True)
class PageQuad:
    """Corners TL, TR, BR, BL in image pixels and how sure the detector is (0…1)."""

    corners: np.ndarray
    confidence: float

    def tolist(self) -> list[list[float]]:
        return [[round(float(x), 2), round(float(y), 2)] for x, y in self.corners]


def _cues(image: np.ndarray) -> tuple[Cues, float, np.ndarray, np.ndarray]:
    h, w = image.shape[:2]
    scale = WORK_SIZE / max(h, w)
    small = cv2.resize(
        image, (max(8, round(w * scale)), max(8, round(h * scale))), interpolation=cv2.INTER_AREA
    )
    lab = cv2.cvtColor(small.astype(np.float32) / 255.0, cv2.COLOR_BGR2Lab)
    # close dark print away so text lines, tables and stamps do not look like borders; only
    # where the closing lifts a pixel clearly, so a pale desk's grain (and with it the faint
    # border between it and the paper) is left as it is
    light = lab[..., 0]
    closed = cv2.morphologyEx(light, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    lift = closed - light
    ink = lift * np.clip((lift - 4.0) / 8.0, 0.0, 1.0)
    lab[..., 0] = light + ink
    lab = cv2.GaussianBlur(lab, (0, 0), 1.0)
    gx = cv2.Sobel(lab, cv2.CV_32F, 1, 0, ksize=3) / 8
    gy = cv2.Sobel(lab, cv2.CV_32F, 0, 1, ksize=3) / 8
    jxx, jyy, jxy = (gx * gx).sum(2), (gy * gy).sum(2), (gx * gy).sum(2)
    theta = 0.5 * np.arctan2(2 * jxy, jxx - jyy)
    mag = np.sqrt(0.5 * (jxx + jyy + np.sqrt((jxx - jyy) ** 2 + 4 * jxy**2)))
    texture = cv2.boxFilter(mag, -1, (5, 5))
    noise = float(np.median(np.linalg.norm(lab[:, 4:] - lab[:, :-4], axis=2)))
    cues = Cues(
        lab=lab,
        texture=texture,
        contrast=float(np.clip(3.0 * noise, 4.0, 10.0)),
        ink=cv2.boxFilter(np.clip(ink / 20.0, 0.0, 1.0), -1, (9, 9)),
    )
    return cues, scale, mag, theta


def _candidates(cues: Cues, mag: np.ndarray, theta: np.ndarray) -> np.ndarray:
    threshold = float(np.clip(1.5 * np.median(mag), 0.3, 2.0))  # a loud desk must not mute the page
    lines = hough_lines(mag, theta, threshold=threshold, count=20)
    # the same, with votes near the borders of smooth regions counting most: a page's edges
    # parallel to a striped cloth would otherwise lose every slot to the stripes
    focused = hough_lines(
        mag, theta, threshold=threshold, count=10, focus=region_band(cues.texture)
    )
    lines = merge_lines(lines, focused)
    # and the borders between smooth and textured ground: on a striped or checked desk the
    # page's own edges are drowned by the pattern's, but the change of texture is not
    tmag, ttheta = _texture_edges(cues.texture)
    textured = hough_lines(tmag, ttheta, threshold=0.12, count=10)
    lines = merge_lines(lines, textured)
    from_lines = quads_from_lines(lines, mag.shape)
    from_regions = np.array(region_quads(cues.texture, cues.lab[..., 0])).reshape(-1, 4, 2)
    return np.concatenate([from_lines, from_regions])


def _texture_edges(texture: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lt = cv2.GaussianBlur(np.log(texture + 0.05), (0, 0), 1.0)
    gx = cv2.Sobel(lt, cv2.CV_32F, 1, 0, ksize=3) / 8
    gy = cv2.Sobel(lt, cv2.CV_32F, 0, 1, ksize=3) / 8
    return np.sqrt(gx * gx + gy * gy), np.arctan2(gy, gx)


def _shortlist(quads: np.ndarray, cues: Cues) -> np.ndarray:
    """The best distinct candidates, snapped onto nearby edges, best first."""
    top = _distinct(quads, np.argsort(-score_quads(quads, cues)), _SNAP)
    snapped = np.array([order_corners(snap_quad(quads[i], cues, radius=8)) for i in top])
    ranked = _distinct(
        snapped, np.argsort(-score_quads(snapped, cues, sharp=True)), _REFINE, tol=6.0
    )
    return snapped[ranked]


def detect_page(image: np.ndarray) -> PageQuad:
    """Best guess of the page's corners in a BGR (or grey) photo, with a confidence."""
    img = image if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    h, w = img.shape[:2]
    cues, scale, mag, theta = _cues(img)
    quads = _candidates(cues, mag, theta)
    if len(quads) == 0:
        return _fallback(w, h)
    refined = [refine_quad(img, q / scale, fine=False) for q in _shortlist(quads, cues)]
    scores = [final_score(r, cues, scale) for r in refined]
    best = int(np.argmax(scores))
    corners = order_corners(polish(img, refined[best]).corners)
    a, b = _CALIBRATION
    confidence = float(1.0 / (1.0 + np.exp(-(a * scores[best] + b))))
    return PageQuad(corners, confidence)


def final_features(r: Refined, cues: Cues, scale: float) -> np.ndarray:
    """The short-list features of a refined outline, plus what full resolution saw."""
    f = features(order_corners(r.corners)[None] * scale, cues, sharp=True)[0]
    soft = np.clip((r.width - _SHARP) / _SHARP, 0.0, 1.0).sum()  # shadow edges, not paper
    return np.concatenate([f, [r.found.mean(), soft]])


def final_score(r: Refined, cues: Cues, scale: float) -> float:
    return float(final_features(r, cues, scale) @ FINAL_WEIGHTS)


def _distinct(quads: np.ndarray, order: np.ndarray, count: int, tol: float = 3.0) -> list[int]:
    """The first `count` indices in `order` whose quads differ from those already taken."""
    taken: list[int] = []
    for i in order:
        if all(np.abs(quads[i] - quads[j]).max() > tol for j in taken):
            taken.append(int(i))
            if len(taken) == count:
                break
    return taken


def _fallback(w: int, h: int) -> PageQuad:
    corners = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float64)
    return PageQuad(corners, 0.0)
