"""The SmartDoc score and corner order that every detection test and benchmark relies on."""

import numpy as np
import pytest

from desk.scan.geometry import order_corners, quad_jaccard, side_ratio

PAGE = np.array([[100.0, 100.0], [500.0, 120.0], [520.0, 700.0], [90.0, 680.0]])


def test_identical_quads_score_one_whatever_the_corner_order():
    assert quad_jaccard(PAGE, PAGE) == pytest.approx(1.0)
    assert quad_jaccard(PAGE, PAGE[::-1]) == pytest.approx(1.0)
    assert quad_jaccard(PAGE, np.roll(PAGE, 2, axis=0)) == pytest.approx(1.0)


def test_disjoint_quads_score_zero():
    assert quad_jaccard(PAGE, PAGE + 2000) == 0.0


def test_a_shift_costs_what_the_overlap_says():
    # in the page's own frame a 3 px shift of a ~410 px wide page is ~0.7 % per side
    score = quad_jaccard(PAGE, PAGE + np.array([3.0, 0.0]))
    assert 0.98 < score < 0.99


def test_score_is_measured_in_the_page_frame_not_in_pixels():
    # the same relative error on a page twice as far away scores the same
    small = PAGE / 2
    assert quad_jaccard(small, small * 1.01) == pytest.approx(
        quad_jaccard(PAGE, PAGE * 1.01), abs=1e-6
    )


def test_corner_order_is_tl_tr_br_bl():
    shuffled = PAGE[[2, 0, 3, 1]]
    assert np.allclose(order_corners(shuffled), PAGE)


def test_side_ratio_tells_portrait_from_landscape():
    assert side_ratio(PAGE) < 1
    assert side_ratio(PAGE[:, ::-1]) > 1
