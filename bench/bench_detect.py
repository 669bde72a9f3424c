"""How well and how fast `desk.scan.detect.detect_page` finds pages in desk photos, beside the
classic OpenCV contour recipe. Prints JSON.

    .venv/bin/python bench/bench_detect.py                    # samples + 120 synthetic photos
    .venv/bin/python bench/bench_detect.py --synthetic 300 --seed 50000
    .venv/bin/python bench/bench_detect.py --fit 600          # refit the ranking weights

Score: the SmartDoc-2015 measure (`desk.scan.geometry.quad_jaccard`: Jaccard index of the
detected and true quads after un-warping both into the true page's frame); a frame is never
rejected. The sample photos are few and the real check runs on other photos of the same
kinds, so the synthetic set (`desk.scan.synth.desk_photo`: dark, pale, wood and patterned
desks, fingers, other sheets, shadows, blur, JPEG) is the second opinion; by default its
seeds differ from the 600 the weights were fitted on (90000–90599). Times are per call on
an already decoded 1600×1200 BGR array: wall clock (the machine is shared, expect noise) and
process CPU (OpenCV may use both cores).

`--fit N` regenerates N photos, collects the features of every short-listed outline and its
Jaccard index, fits CHOICE_WEIGHTS and FINAL_WEIGHTS by a listwise softmax ranking (the
good outlines of a photo against the rest) and prints them, for pasting into score.py and
detect.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from desk.scan import detect as det  # noqa: E402
from desk.scan.geometry import order_corners, quad_jaccard  # noqa: E402
from tests.synth import KINDS, desk_photo  # noqa: E402

SAMPLES = REPO / "tests" / "samples" / "page-photos"


def contour_baseline(image: np.ndarray) -> np.ndarray:
    """The PyImageSearch recipe: 500 px high, Canny, the largest 4-vertex contour."""
    h, w = image.shape[:2]
    scale = 500 / h
    small = cv2.resize(image, (round(w * scale), 500))
    gray = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), (5, 5), 0)
    edges = cv2.Canny(gray, 75, 200)
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    for c in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        approx = cv2.approxPolyDP(c, 0.02 * cv2.arcLength(c, True), True)
        if len(approx) == 4:
            return order_corners(approx.reshape(4, 2) / scale)
    return np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float64)


def sample_set() -> list[tuple[str, str, np.ndarray, np.ndarray]]:
    truth = json.loads((SAMPLES / "truth.json").read_text())
    out = []
    for name, t in sorted(truth.items()):
        if t.get("corners"):
            out.append((name, t["kind"], cv2.imread(str(SAMPLES / name)), np.array(t["corners"])))
    return out


def synthetic_set(
    n: int, seed: int, *, mixed: bool = False
) -> list[tuple[str, str, np.ndarray, np.ndarray]]:
    """n generated photos, kinds in turn (or drawn by the seed when `mixed`)."""
    out = []
    for i in range(n):
        shot = desk_photo(seed + i, None if mixed else KINDS[i % len(KINDS)])
        out.append((f"synth-{seed + i}", shot.kind, shot.image, shot.corners))
    return out


def run(items) -> dict:
    det.detect_page(items[0][2])  # first call pays for imports and allocations
    rows = []
    for name, kind, image, truth in items:
        t, c = time.perf_counter(), time.process_time()
        found = det.detect_page(image)
        wall, cpu = (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000
        base = contour_baseline(image)
        rows.append(
            {
                "file": name,
                "kind": kind,
                "jaccard": quad_jaccard(truth, found.corners),
                "confidence": found.confidence,
                "baseline": quad_jaccard(truth, base),
                "ms": wall,
                "cpu_ms": cpu,
            }
        )
    by_kind = defaultdict(list)
    for r in rows:
        by_kind[r["kind"]].append(r)
    ms = [r["ms"] for r in rows]
    return {
        "images": len(rows),
        "mean_jaccard": round(statistics.fmean(r["jaccard"] for r in rows), 4),
        "min_jaccard": round(min(r["jaccard"] for r in rows), 4),
        "below_0_9": sum(r["jaccard"] < 0.9 for r in rows),
        "per_kind": {
            k: {
                "n": len(v),
                "mean": round(statistics.fmean(r["jaccard"] for r in v), 4),
                "min": round(min(r["jaccard"] for r in v), 4),
            }
            for k, v in sorted(by_kind.items())
        },
        "baseline_contour_mean_jaccard": round(statistics.fmean(r["baseline"] for r in rows), 4),
        "ms_mean": round(statistics.fmean(ms), 1),
        "ms_p95": round(float(np.percentile(ms, 95)), 1),
        "cpu_ms_mean": round(statistics.fmean(r["cpu_ms"] for r in rows), 1),
        "worst": [
            {
                k: (round(v, 4) if isinstance(v, float) else v)
                for k, v in r.items()
                if k in ("file", "kind", "jaccard", "confidence")
            }
            for r in sorted(rows, key=lambda r: r["jaccard"])[:5]
        ],
    }


def _collect(image: np.ndarray, truth: np.ndarray):
    """Features and Jaccard index of the 10 best snapped outlines, before and after
    refinement (the detector keeps 4; a longer list teaches the ranking more)."""
    from desk.scan.refine import refine_quad
    from desk.scan.score import features

    cues, scale, mag, theta = det._cues(image)
    quads = det._candidates(cues, mag, theta)
    if len(quads) == 0:
        return None
    keep, det._REFINE = det._REFINE, 10
    try:
        snapped = det._shortlist(quads, cues)
    finally:
        det._REFINE = keep
    f2 = features(snapped, cues, sharp=True)
    j2 = np.array([quad_jaccard(truth, q / scale) for q in snapped])
    refined = [refine_quad(image, q / scale, fine=False) for q in snapped]
    f3 = np.array([det.final_features(r, cues, scale) for r in refined])
    j3 = np.array([quad_jaccard(truth, r.corners) for r in refined])
    return f2, j2, f3, j3


def _collect_seed(seed: int):
    import warnings

    warnings.simplefilter("ignore", RuntimeWarning)
    shot = desk_photo(seed)
    return _collect(shot.image, shot.corners)


def _listwise(
    data, w0: np.ndarray, temp: float = 10.0, l2: float = 1e-3, iters: int = 2000
) -> np.ndarray:
    """Maximise the softmax mass of the good outlines of each photo (temperature `temp`)."""
    w = w0.astype(np.float64).copy()
    for _ in range(iters):
        g = l2 * w
        for f, good in data:
            z = f @ w * temp
            p = np.exp(z - z.max())
            p /= p.sum()
            g += (p @ f - (p[good] @ f[good]) / p[good].sum()) * temp / len(data)
        w -= 0.3 * g
    return w


def fit(n: int, seed: int) -> dict:
    import warnings

    from desk.scan.score import CHOICE_WEIGHTS

    warnings.simplefilter("ignore", RuntimeWarning)
    d2, d3 = [], []
    with Pool(2) as pool:  # the photos are made and searched on both cores
        collected = pool.map(_collect_seed, range(seed, seed + n), chunksize=4)
    for got in collected:
        if got is None:
            continue
        f2, j2, f3, j3 = got
        for f, j, dest in ((f2, j2, d2), (f3, j3, d3)):
            good = j >= max(0.97, j.max() - 0.005)
            if good.any() and (~good).any():
                dest.append((f, good))
    w2 = _listwise(d2, CHOICE_WEIGHTS)
    w3 = _listwise(d3, det.FINAL_WEIGHTS)
    return {
        "photos": n,
        "seed": seed,
        "CHOICE_WEIGHTS": np.round(w2, 3).tolist(),
        "FINAL_WEIGHTS": np.round(w3, 3).tolist(),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--synthetic", type=int, default=120, help="generated photos (0 for samples only)"
    )
    ap.add_argument("--seed", type=int, default=7000, help="first seed of the generated photos")
    ap.add_argument("--no-samples", action="store_true")
    ap.add_argument(
        "--fit",
        type=int,
        default=0,
        metavar="N",
        help="refit the ranking weights on N generated photos",
    )
    args = ap.parse_args(argv)
    if args.fit:
        print(json.dumps(fit(args.fit, 90000), indent=1))
        return 0
    report = {}
    if not args.no_samples and SAMPLES.is_dir():
        report["samples"] = run(sample_set())
    if args.synthetic:
        report["synthetic"] = run(synthetic_set(args.synthetic, args.seed))
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
