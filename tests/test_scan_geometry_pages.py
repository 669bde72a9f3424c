"""Flatbed scans come out level and trimmed; photos come out flat at the asked dpi."""

import json

import cv2
import numpy as np
import pytest
from synth import render_page

from desk.errors import InvalidInput
from desk.scan.deskew import crop_border, deskew, estimate_skew, rotate
from desk.scan.pipeline import ScanSettings, prepare_page
from desk.scan.rectify import page_pixels, rectify


@pytest.fixture(scope="module")
def flat_samples(samples_dir):
    folder = samples_dir / "page-photos"
    truth = json.loads((folder / "truth.json").read_text())
    return [
        (cv2.imread(str(folder / n)), t["skew_degrees"])
        for n, t in sorted(truth.items())
        if "skew_degrees" in t
    ]


def test_flatbed_samples_are_levelled_within_a_fifth_of_a_degree(flat_samples):
    assert len(flat_samples) == 6
    errors = [abs(estimate_skew(img) - skew) for img, skew in flat_samples]
    assert max(errors) <= 0.2, errors


@pytest.mark.parametrize("angle", [-7.5, -1.2, 0.3, 2.6, 11.0])
def test_synthetic_skews_are_found(angle):
    page = render_page(int(abs(angle) * 10), dpi=150)
    assert estimate_skew(rotate(page, angle)) == pytest.approx(angle, abs=0.2)


def test_deskew_returns_the_level_page_and_the_angle(flat_samples):
    img, skew = flat_samples[0]
    level, found = deskew(img)
    assert level.shape == img.shape
    assert found == pytest.approx(skew, abs=0.2)
    assert abs(estimate_skew(level)) <= 0.2


def test_a_page_without_print_is_left_alone():
    blank = np.full((1169, 827, 3), 250, np.uint8)
    assert estimate_skew(blank) == 0.0


def test_a_dark_scanner_lid_is_trimmed_and_a_white_one_is_not():
    page = render_page(2, dpi=100)
    lid = np.full((page.shape[0] + 120, page.shape[1] + 90, 3), 30, np.uint8)
    lid[50 : 50 + page.shape[0], 40 : 40 + page.shape[1]] = page
    cropped = crop_border(lid)
    assert abs(cropped.shape[0] - page.shape[0]) <= 4 and abs(cropped.shape[1] - page.shape[1]) <= 4
    white = np.full_like(lid, 250)
    white[50 : 50 + page.shape[0], 40 : 40 + page.shape[1]] = page
    assert crop_border(white).shape == white.shape


def test_flat_mode_gives_an_a4_page_at_the_asked_dpi(flat_samples):
    img, _ = flat_samples[1]
    for dpi, size in ((200, (1654, 2339)), (300, (2480, 3508))):
        page = prepare_page(img, ScanSettings(flat=True, dpi=dpi, mode="gray"))
        assert page.image.shape[::-1] == size
        assert abs(page.skew) > 1


@pytest.mark.parametrize(
    "dpi,size", [(200, (1654, 2339)), (300, (2480, 3508)), (150, (1240, 1754))]
)
def test_rectified_size_follows_the_dpi(dpi, size):
    assert page_pixels(dpi) == size
    photo = np.zeros((1200, 1600, 3), np.uint8)
    portrait = [[500, 100], [1100, 140], [1060, 1000], [460, 980]]
    assert rectify(photo, portrait, dpi=dpi).shape[1::-1] == size
    landscape = [[200, 300], [1400, 260], [1420, 1080], [180, 1100]]
    assert rectify(photo, landscape, dpi=dpi).shape[1::-1] == size[::-1]


def test_rectification_undoes_the_perspective():
    page = render_page(9, dpi=100, seal=True)
    h, w = page.shape[:2]
    corners = np.float32([[420, 90], [1180, 160], [1120, 1110], [380, 1060]])
    src = np.float32([[-0.5, -0.5], [w - 0.5, -0.5], [w - 0.5, h - 0.5], [-0.5, h - 0.5]])
    photo = cv2.warpPerspective(
        page, cv2.getPerspectiveTransform(src, corners), (1600, 1200), flags=cv2.INTER_CUBIC
    )
    flat = rectify(photo, corners, dpi=100)
    assert flat.shape[:2] == (1169, 827)
    a = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY).astype(np.float32)
    b = cv2.cvtColor(flat, cv2.COLOR_BGR2GRAY).astype(np.float32)
    b = cv2.resize(b, (a.shape[1], a.shape[0]))
    assert np.corrcoef(a.ravel(), b.ravel())[0, 1] > 0.9


def test_silly_dpi_is_refused():
    with pytest.raises(InvalidInput):
        page_pixels(5)


def test_a_flatbed_scan_among_photos_is_recognised(flat_samples):
    for img, skew in flat_samples:
        page = prepare_page(img, ScanSettings(mode="gray"))  # detection on, as for photos
        assert page.skew == pytest.approx(skew, abs=0.2)
        assert page.image.shape == (2339, 1654)
