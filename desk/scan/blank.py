"""Blank pages (the back of a one-sided paper) are dropped before the PDF is written.

Same rule and the same 0–100 settings as NAPS2's blank-page detection: ignore a 1% border,
a pixel is non-white if its luma is below the white threshold (the 0–100 setting scaled to
1–255), and the page is blank if the non-white share is at most the coverage threshold (the
0–100 setting scaled to 0–1%). Our default coverage is lower than NAPS2's 15 (0.15%): one
line of print on an A4 page at 200 dpi covers only about 0.1%, and that page is not blank.
It runs on the flattened page, so a shadow is not taken for ink.
"""

import cv2
import numpy as np

WHITE_THRESHOLD = 70  # NAPS2 default
COVERAGE_THRESHOLD = 3  # 0.03% of the page; NAPS2's default of 15 would call one line blank


def non_white_fraction(page: np.ndarray, white_threshold: int = WHITE_THRESHOLD) -> float:
    """Share of the page (1% border ignored) darker than the white threshold."""
    gray = page if page.ndim == 2 else cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    h, w = gray.shape
    my, mx = max(1, h // 100), max(1, w // 100)
    inner = cv2.medianBlur(gray[my : h - my, mx : w - mx], 3)  # lone specks are not ink
    luma = 1 + white_threshold * 254 / 100
    return float(np.count_nonzero(inner < luma)) / inner.size


def is_blank(
    page: np.ndarray,
    white_threshold: int = WHITE_THRESHOLD,
    coverage_threshold: float = COVERAGE_THRESHOLD,
) -> bool:
    """True when the page carries (almost) no ink; thresholds on NAPS2's 0–100 scales."""
    return non_white_fraction(page, white_threshold) <= coverage_threshold / 100 * 0.01
