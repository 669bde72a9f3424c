"""How well and how fast `desk.scan.codes.read_codes` reads camera photos of CCCD QR codes,
beside pyzbar (ZBar) and zxing-cpp with its default options. Prints JSON.

    .venv/bin/python bench/bench_codes.py                  # samples + 200 synthetic photos
    .venv/bin/python bench/bench_codes.py --synthetic 0 --repeat 5
    .venv/bin/python bench/bench_codes.py --write-synthetic /tmp/syn --synthetic 300

The sample photos are few and the figures are checked on other photos of the same kinds,
so the synthetic set (segno QR of made-up CCCD payloads, UTF-8 without ECI and some with,
on a card photographed under rotation, perspective, glare, blur, noise, low contrast and
JPEG) is the second opinion. Times are per decode of an already loaded 960×720 BGR array,
the mean over all images, repeated to show the spread; the machine is shared, so expect
noise. Accuracy counts exact text matches; "garbled" counts reads whose text is wrong.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import cv2
import numpy as np
import segno

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from desk.scan.codes import ReadTrace, read_codes  # noqa: E402

FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split()
MIDDLE = "Văn Thị Hữu Đức Minh Quốc Thanh Ngọc Kim Thùy Xuân Công".split()
GIVEN = (
    "An Bình Cường Dũng Hường Khánh Nghĩa Sơn Yến Ước Tâm Hương Trâm Đông Phượng Lộc Tuấn".split()
)
PLACES = [
    ("001", "Phường Hàng Bạc, Quận Hoàn Kiếm, Hà Nội"),
    ("038", "Xã Quảng Phú, Huyện Quảng Xương, Thanh Hóa"),
    ("079", "Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh"),
    ("048", "Phường Hải Châu I, Quận Hải Châu, Đà Nẵng"),
    ("092", "Phường Xuân Khánh, Quận Ninh Kiều, Cần Thơ"),
    ("066", "Xã Ea Tu, TP. Buôn Ma Thuột, Đắk Lắk"),
    ("096", "Xã Tân Thành, TP. Cà Mau, Cà Mau"),
    ("044", "Xã Quảng Thuận, Thị xã Ba Đồn, Quảng Bình"),
]


def cccd_payload(rng: random.Random) -> str:
    """A made-up but well-formed CCCD (7 fields) or Căn cước (11 fields) QR payload."""
    code, place = rng.choice(PLACES)
    year = rng.randint(1940, 2008)
    male = rng.random() < 0.5
    century_sex = (0 if year < 2000 else 2) + (0 if male else 1)
    pid = f"{code}{century_sex}{year % 100:02d}{rng.randint(0, 999999):06d}"
    old = f"{rng.randint(0, 999999999):09d}" if rng.random() < 0.5 else ""
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    if rng.random() < 0.3:
        name = name.upper()
    dob = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{year}"
    issued = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(2016, 2025)}"
    sex = "Nam" if male else "Nữ"
    fields = [pid, old, name, dob, sex, f"Số {rng.randint(1, 300)}, {place}", issued]
    if rng.random() < 0.3:
        fields += ["", "", "", ""]
    return "|".join(fields)


def qr_matrix(text: str, *, eci: bool = False) -> np.ndarray:
    """1 = dark module; UTF-8 byte mode like the cards (eci=False) or tagged ECI 26."""
    q = segno.make_qr(text, error="l", encoding="utf-8", eci=eci, boost_error=False)
    return np.array(q.matrix, dtype=np.uint8)


def synthetic_photo(rng: random.Random, text: str, *, hard: bool | None = None, size=(960, 720)):
    """JPEG bytes of a card with the QR of `text` on a desk, and whether the shot is hard."""
    W, H = size
    if hard is None:
        hard = rng.random() < 1 / 3
    m = qr_matrix(text, eci=rng.random() < 0.2)
    n = m.shape[0]
    margin = rng.uniform(3.5, 7)
    module = rng.uniform(3.8, 7.2) if not hard else rng.uniform(2.2, 7.2)
    S = 8  # drawn at 8 px per module, then warped into place
    card_px = round((n + 2 * margin) * S)
    white, dark = rng.uniform(200, 245), rng.uniform(10, 55)
    if hard and rng.random() < 0.35:  # low contrast: dim light, grey print
        white, dark = rng.uniform(165, 200), rng.uniform(60, 95)
    card = np.full((card_px, card_px), white, np.float32)
    off = round(margin * S)
    qr = np.kron(m, np.ones((S, S), np.float32))
    card[off : off + n * S, off : off + n * S] = np.where(qr > 0, dark, white)
    side = (n + 2 * margin) * module
    angle = rng.uniform(0, 2 * math.pi)
    tilt = rng.uniform(0.0, 0.10) if not hard else rng.uniform(0.0, 0.16)
    offsets = []  # corners around the centre: rotated, with perspective jitter
    for sx, sy in [(-1, -1), (1, -1), (1, 1), (-1, 1)]:
        x = sx * side / 2 + rng.uniform(-tilt, tilt) * side
        y = sy * side / 2 + rng.uniform(-tilt, tilt) * side
        offsets.append(
            (x * math.cos(angle) - y * math.sin(angle), x * math.sin(angle) + y * math.cos(angle))
        )
    xs, ys = [o[0] for o in offsets], [o[1] for o in offsets]
    # the whole card in the frame, as an officer holds it under the camera
    cx = rng.uniform(2 - min(xs), max(3 - min(xs), W - 2 - max(xs)))
    cy = rng.uniform(2 - min(ys), max(3 - min(ys), H - 2 - max(ys)))
    corners = [(cx + ox, cy + oy) for ox, oy in offsets]
    src = np.float32([[0, 0], [card_px, 0], [card_px, card_px], [0, card_px]])
    warp = cv2.getPerspectiveTransform(src, np.float32(corners))
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    desk = (
        rng.uniform(70, 175)
        + rng.uniform(-40, 40) * (xx / W - 0.5)
        + rng.uniform(-40, 40) * (yy / H - 0.5)
    )
    mask = cv2.warpPerspective(np.ones_like(card), warp, (W, H), flags=cv2.INTER_AREA)
    img = desk * (1 - mask) + cv2.warpPerspective(card, warp, (W, H), flags=cv2.INTER_AREA)
    if rng.random() < 0.5:  # glare: a lamp or the window, sometimes right on the code
        if rng.random() < 0.6:
            gx, gy = rng.uniform(0, W), rng.uniform(0, H)
        else:
            gx, gy = cx + rng.uniform(-side / 2, side / 2), cy + rng.uniform(-side / 2, side / 2)
        spread = rng.uniform(35, 110)
        amp = rng.uniform(30, 100) if not hard else rng.uniform(50, 140)
        img = img + amp * np.exp(-((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * spread * spread))
    img = cv2.GaussianBlur(
        img, (0, 0), rng.uniform(0.3, 1.3) if not hard else rng.uniform(0.8, 2.0)
    )
    noise = rng.uniform(1, 4) if not hard else rng.uniform(2, 9)
    img = img + np.random.default_rng(rng.randrange(2**31)).normal(0, noise, img.shape)
    quality = rng.randint(55, 92) if not hard else rng.randint(35, 80)
    _, buf = cv2.imencode(
        ".jpg", np.clip(img, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, quality]
    )
    return buf.tobytes(), hard


def synthetic_jpegs(count: int, seed: int):
    """(name, JPEG bytes, payload, hard) for `count` made-up photos; the same for the same seed."""
    rng = random.Random(seed)
    for i in range(count):
        text = cccd_payload(rng)
        data, hard = synthetic_photo(rng, text)
        yield f"syn_{i:03d}.jpg", data, text, hard


def synthetic_set(count: int, seed: int) -> list[tuple[str, np.ndarray, str, bool]]:
    return [
        (name, cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR), text, hard)
        for name, data, text, hard in synthetic_jpegs(count, seed)
    ]


# Short strings that ZBar garbles without an ECI (anchors §C.2): the encoding check.
WORDS = [
    "Cà Mau",
    "Đông",
    "dân",
    "Lê Văn Tâm",
    "Quận",
    "Trần",
    "Phường",
    "Ủy ban",
    "Giấy khai sinh",
    "xã",
    "ơ",
    "ư",
    "Nguyễn",
    "Hà Nội",
    "Đà Nẵng",
    "Bùi Thị Hương",
    "đ",
    "Phạm Minh Bình",
]


def words_set() -> list[tuple[str, np.ndarray, str, bool]]:
    """Clean QR symbols of short Vietnamese strings, UTF-8 without ECI, as on the cards."""
    out = []
    for i, text in enumerate(WORDS):
        m = np.pad(qr_matrix(text), 4)
        img = np.kron(((1 - m) * 255).astype(np.uint8), np.ones((6, 6), np.uint8))
        out.append((f"word_{i:02d}", cv2.cvtColor(img, cv2.COLOR_GRAY2BGR), text, False))
    return out


def sample_set(folder: Path) -> list[tuple[str, np.ndarray, str, bool]]:
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return [
        (name, cv2.imread(str(folder / name), cv2.IMREAD_COLOR), t["text"], bool(t["hard"]))
        for name, t in sorted(truth.items())
    ]


# --- the readers --------------------------------------------------------------------------


def ours(img):
    trace = ReadTrace()
    return [c.text for c in read_codes(img, trace=trace)], trace


def zxing_default(img):
    import zxingcpp

    return [b.text for b in zxingcpp.read_barcodes(img)], None


def pyzbar_default(img):
    from pyzbar import pyzbar

    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    return [s.data.decode("utf-8", "replace") for s in pyzbar.decode(gray)], None


READERS = {"ours": ours, "zxing_default": zxing_default, "pyzbar": pyzbar_default}


def run(reader, images, repeat: int) -> dict:
    means, per_image = [], [0.0] * len(images)
    correct = garbled = hard_total = hard_ok = 0
    steps: Counter = Counter()
    ladder_ms = []
    for r in range(repeat):
        total = 0.0
        for i, (_, img, text, hard) in enumerate(images):
            t0 = time.perf_counter()
            texts, trace = reader(img)
            dt = (time.perf_counter() - t0) * 1000
            total += dt
            per_image[i] += dt / repeat
            if r:
                continue
            ok = text in texts
            correct += ok
            garbled += bool(texts) and not ok
            hard_total += hard
            hard_ok += hard and ok
            if trace is not None:
                steps[trace.found_by or "none"] += 1
                if trace.used_ladder:
                    ladder_ms.append(i)
        means.append(total / len(images))
    out = {
        "images": len(images),
        "correct": correct,
        "accuracy_pct": round(100 * correct / len(images), 1),
        "hard_correct": f"{hard_ok}/{hard_total}",
        "garbled": garbled,
        "ms_mean": round(statistics.mean(means), 1),
        "ms_runs": [round(m, 1) for m in means],
        "ms_p95": round(float(np.percentile(per_image, 95)), 1),
    }
    if steps:
        out["found_by"] = dict(steps.most_common())
        out["ladder_images"] = len(ladder_ms)
        if ladder_ms:
            out["ladder_ms_mean"] = round(statistics.mean(per_image[i] for i in ladder_ms), 1)
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--samples", type=Path, default=REPO / "tests" / "samples" / "qr-photos")
    p.add_argument(
        "--synthetic", type=int, default=200, help="number of synthetic photos (0: none)"
    )
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--readers", default="ours,zxing_default,pyzbar")
    p.add_argument("--no-words", action="store_true", help="skip the short Vietnamese words set")
    p.add_argument(
        "--write-synthetic", type=Path, help="also save the synthetic set (JPEG + truth.json)"
    )
    args = p.parse_args(argv)

    sets = {}
    if args.samples and (args.samples / "truth.json").is_file():
        sets["samples"] = sample_set(args.samples)
    if args.synthetic:
        sets["synthetic"] = synthetic_set(args.synthetic, args.seed)
        if args.write_synthetic:
            _write(args.write_synthetic, args.synthetic, args.seed)
    if not args.no_words:
        sets["vietnamese_words"] = words_set()
    readers = [name.strip() for name in args.readers.split(",") if name.strip()]
    for _, img, _, _ in next(iter(sets.values()))[:3]:  # warm caches before timing
        for name in readers:
            READERS[name](img)
    report = {"repeat": args.repeat, "load_before": _load(), "sets": {}}
    for set_name, images in sets.items():
        report["sets"][set_name] = {
            name: run(READERS[name], images, args.repeat) for name in readers
        }
    report["load_after"] = _load()
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


def _load() -> list[float] | None:
    """The machine is shared: the 1/5/15-minute load averages say how noisy the times are."""
    try:
        import os

        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def _write(folder: Path, count: int, seed: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    truth = {}
    for name, data, text, hard in synthetic_jpegs(count, seed):
        (folder / name).write_bytes(data)
        truth[name] = {"text": text, "hard": hard}
    (folder / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
    )


if __name__ == "__main__":
    sys.exit(main())
