"""When to take the picture by itself: the page has lain still for a few detections.

A page is steady when its detected corners stay within a few pixels, and what is printed on
it looks the same, for `needed` detections in a row. After a capture nothing more is taken
until a different page lies there (moved, or another sheet in the same spot on a document
camera's stand): one page is never captured twice, however long it lies there, and a hand
passing over it does not make a second copy.
"""

from dataclasses import dataclass

import cv2
import numpy as np

SIGNATURE_SIZE = (24, 32)  # w, h: the page shrunk to a stamp; another page differs from it


def signature(image: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """The page inside `corners`, straightened to a tiny grey stamp with its mean removed
    (a cloud passing changes the light, not the stamp)."""
    w, h = SIGNATURE_SIZE
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    big = (4 * w, 4 * h)  # straighten at 4× then average down: camera noise cancels out
    target = np.float32([[0, 0], [big[0] - 1, 0], [big[0] - 1, big[1] - 1], [0, big[1] - 1]])
    m = cv2.getPerspectiveTransform(np.float32(corners), target)
    flat = cv2.warpPerspective(grey, m, big, flags=cv2.INTER_LINEAR)
    stamp = cv2.resize(flat, (w, h), interpolation=cv2.INTER_AREA).astype(np.float32)
    return stamp - stamp.mean()


@dataclass
class Steady:
    needed: int = 4  # detections in a row that agree
    tolerance: float = 6.0  # px, in the detection image (long side ~640)
    min_confidence: float = 0.5  # below this the outline is a guess, not a page
    signature_tolerance: float = 3.5  # mean grey difference (0…255); same page ~1, another 6+
    cooldown: int = 2  # detections ignored right after a capture
    _run: int = 0
    _last: tuple | None = None
    _taken: tuple | None = None
    _wait: int = 0

    def reset(self) -> None:
        self._run, self._last, self._taken, self._wait = 0, None, None, 0

    def _same(self, a: tuple, b: tuple) -> bool:
        return bool(
            np.abs(a[0] - b[0]).max() <= self.tolerance
            and np.abs(a[1] - b[1]).mean() <= self.signature_tolerance
        )

    def feed(self, corners: np.ndarray | None, confidence: float, stamp: np.ndarray) -> bool:
        """One detection; True when the picture should be taken now."""
        if corners is None or confidence < self.min_confidence:
            self._run, self._last = 0, None
            return False
        state = (np.asarray(corners, np.float64), np.asarray(stamp, np.float64))
        agree = self._last is not None and self._same(state, self._last)
        self._run = self._run + 1 if agree else 1
        self._last = state
        if self._wait > 0:
            self._wait -= 1
            return False
        if self._taken is not None and self._same(state, self._taken):
            return False  # the page already taken is still (or again) there
        if self._run >= self.needed:
            self._taken, self._run, self._wait = state, 0, self.cooldown
            return True
        return False

    @property
    def progress(self) -> float:
        """0…1 for the outline's colour: how close the page lying there is to being taken;
        1 once it has been (green: the officer may lay the next page)."""
        if self._last is None:
            return 0.0
        if self._taken is not None and self._same(self._last, self._taken):
            return 1.0
        return min(1.0, self._run / self.needed)
