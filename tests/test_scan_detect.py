"""Page detection in desk photos, scored like SmartDoc-2015 (Jaccard in the page's frame)."""

import json

import cv2
import numpy as np
import pytest
from synth import KINDS, desk_photo

from desk.scan.detect import detect_page
from desk.scan.geometry import quad_jaccard


@pytest.fixture(scope="module")
def sample_scores(samples_dir):
    folder = samples_dir / "page-photos"
    truth = json.loads((folder / "truth.json").read_text())
    scores = {}
    for name, t in sorted(truth.items()):
        if not t.get("corners"):
            continue
        found = detect_page(cv2.imread(str(folder / name)))
        assert 0.0 <= found.confidence <= 1.0
        scores[name] = (quad_jaccard(t["corners"], found.corners), found.confidence, t["kind"])
    return scores


def test_every_sample_photo_is_found(sample_scores):
    assert len(sample_scores) == 18
    low = {n: round(j, 3) for n, (j, _, _) in sample_scores.items() if j < 0.9}
    assert not low


def test_sample_photos_mean_jaccard(sample_scores):
    # measured 0.998 (dark 0.999, pale desks 0.997); the target is 0.985
    assert np.mean([j for j, _, _ in sample_scores.values()]) >= 0.995


def test_sample_photos_are_found_with_confidence(sample_scores):
    assert min(c for _, c, _ in sample_scores.values()) >= 0.5


@pytest.fixture(scope="module")
def synthetic_scores():
    # seeds apart from the 600 the ranking weights were fitted on (90000…)
    shots = [desk_photo(7000 + i, KINDS[i % len(KINDS)]) for i in range(12)]
    return [(s.kind, quad_jaccard(s.corners, detect_page(s.image).corners)) for s in shots]


def test_every_synthetic_photo_is_found(synthetic_scores):
    assert all(j >= 0.9 for _, j in synthetic_scores), synthetic_scores
    assert {k for k, _ in synthetic_scores} == set(KINDS)


def test_synthetic_photos_mean_jaccard(synthetic_scores):
    # measured 0.998 over 120 photos of these kinds (bench/bench_detect.py)
    assert np.mean([j for _, j in synthetic_scores]) >= 0.99


def test_a_frame_without_a_page_still_gets_an_answer():
    rng = np.random.default_rng(1)
    noise = rng.integers(0, 255, (600, 800, 3), dtype=np.uint8)
    found = detect_page(noise)
    assert found.corners.shape == (4, 2)
    assert np.all(np.isfinite(found.corners))
    assert 0.0 <= found.confidence < 0.5
    flat = detect_page(np.full((600, 800, 3), 128, np.uint8))
    assert flat.corners.shape == (4, 2) and flat.confidence < 0.5


def test_grey_photos_work_too():
    shot = desk_photo(7003, "dark")
    gray = cv2.cvtColor(shot.image, cv2.COLOR_BGR2GRAY)
    assert quad_jaccard(shot.corners, detect_page(gray).corners) >= 0.95


def test_corners_come_tl_tr_br_bl():
    shot = desk_photo(7001, "light")
    tl, tr, br, bl = detect_page(shot.image).corners
    assert tl[0] < tr[0] and bl[0] < br[0] and tl[1] < bl[1] and tr[1] < br[1]
