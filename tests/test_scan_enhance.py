"""Even light, white paper, colour mode by content, blank pages."""

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from synth import desk_photo, render_page

from desk.errors import InvalidInput
from desk.paths import FONTS
from desk.scan.blank import is_blank, non_white_fraction
from desk.scan.enhance import apply_mode, choose_mode, flatten
from desk.scan.pipeline import ScanSettings, prepare_page


def _one_line_page() -> np.ndarray:
    im = Image.new("RGB", (827, 1169), (255, 255, 255))
    font = ImageFont.truetype(str(FONTS / "LiberationSerif-Regular.ttf"), 30)
    ImageDraw.Draw(im).text(
        (110, 300), "Họ và tên người yêu cầu: Nguyễn Văn An", font=font, fill=(0, 0, 0)
    )
    return cv2.cvtColor(np.asarray(im), cv2.COLOR_RGB2BGR)


def _photo(page: np.ndarray, seed: int) -> np.ndarray:
    return desk_photo(seed, "dark", page=page).image


def test_flattening_removes_a_shadow_and_whitens_the_paper():
    page = render_page(1, dpi=150, seal=False)
    h, w = page.shape[:2]
    shade = np.ones((h, w), np.float32)
    shade[:, : w // 2] = 0.55  # half the page in shadow, as under the officer's arm
    shade = cv2.GaussianBlur(shade, (0, 0), 25) * np.float32(0.9)
    lit = (
        page.astype(np.float32) * shade[..., None] * np.array([0.85, 0.95, 1.0], np.float32)
    ).astype(np.uint8)
    flat = flatten(lit)
    paper = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY) == 255
    paper = cv2.erode(paper.astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
    gray = cv2.cvtColor(flat, cv2.COLOR_BGR2GRAY)
    assert np.percentile(gray[paper], 5) >= 245  # paper is white in shadow and in light
    ink = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY) < 60
    assert np.median(gray[ink]) < 90  # print stays dark
    b, g, r = (float(flat[..., c][paper].mean()) for c in range(3))
    assert max(b, g, r) - min(b, g, r) < 3  # the colour cast is gone


def test_auto_mode_keeps_colour_for_a_red_seal_and_greys_black_print():
    seal = prepare_page(
        _photo(render_page(5, dpi=150, seal=True, signature=False), 11), ScanSettings(mode="auto")
    )
    black = prepare_page(
        _photo(render_page(5, dpi=150, seal=False, signature=False), 11), ScanSettings(mode="auto")
    )
    assert seal.mode == "color" and seal.image.ndim == 3
    assert black.mode == "gray" and black.image.ndim == 2


def test_choose_mode_on_clean_pages():
    assert choose_mode(render_page(2, dpi=100, seal=True, signature=False)) == "color"
    assert choose_mode(render_page(2, dpi=100, seal=False, signature=False)) == "gray"
    blue = render_page(2, dpi=200, seal=False, signature=False)
    cv2.putText(
        blue, "Nguyen Van An", (900, 1900), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 3, (150, 40, 40), 5
    )
    assert choose_mode(blue) == "color"  # a signature in blue ink


def test_bw_is_one_bit_and_keeps_the_print():
    page = render_page(4, dpi=150, seal=True)
    bw, mode = apply_mode(flatten(page), "bw")
    assert mode == "bw" and set(np.unique(bw)) <= {0, 255}
    ink = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY) < 100
    assert (bw[ink] == 0).mean() > 0.9
    assert (bw == 0).mean() < 0.15


def test_unknown_mode_is_refused():
    with pytest.raises(InvalidInput):
        apply_mode(render_page(1, dpi=50), "sepia")
    with pytest.raises(InvalidInput):
        ScanSettings(mode="sepia")


def test_a_blank_photo_is_blank_and_one_line_is_not():
    blank = prepare_page(_photo(render_page(blank=True, dpi=100), 21), ScanSettings(mode="gray"))
    line = prepare_page(_photo(_one_line_page(), 21), ScanSettings(mode="gray"))
    assert blank.blank
    assert not line.blank


def test_blank_thresholds_follow_naps2_scales():
    page = np.full((1000, 700), 255, np.uint8)
    page[500:506, 100:600] = 0  # 3000 px of ink = 0.43 % of the page
    assert non_white_fraction(page) == pytest.approx(3000 / (980 * 686), rel=0.02)
    assert not is_blank(page)
    assert is_blank(page, coverage_threshold=50)  # NAPS2 scale: 50 → 0.5 %
    page[500:506, 100:600] = 60  # grey print: ink at the default threshold (luma 179)…
    assert not is_blank(page)
    assert is_blank(page, white_threshold=10)  # …but not below luma 26
    page[:5, :] = 0  # a dark rim from the desk inside the 1 % border is ignored
    assert non_white_fraction(page) == pytest.approx(3000 / (980 * 686), rel=0.02)
