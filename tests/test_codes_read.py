"""Reading codes from real sample photos, synthetic photos and generated symbols."""

import importlib.util
import json
import random
import struct
import sys
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest
import segno
import zxingcpp
from PIL import Image

from desk.errors import ImageError, InvalidInput
from desk.scan.codes import Code, ReadTrace, read_codes, read_codes_file

REPO = Path(__file__).resolve().parent.parent

# Short Vietnamese strings that ZBar garbles without an ECI (anchors §C.2), and CCCD payloads.
VIETNAMESE = [
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
    "001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|Số 1 phố Huế, phường Hai Bà Trưng, Hà Nội|20042021",
    "038301001234||LÊ THỊ BÌNH|02072001|Nữ|Thôn Đông, xã Quảng Phú, tỉnh Thanh Hóa|10082024||||",
]


def qr_image(text: str, *, scale: int = 4, border: int = 4, **make) -> np.ndarray:
    qr = segno.make_qr(text, **make)
    m = np.pad(np.array(qr.matrix, dtype=np.uint8), border)
    return np.kron(((1 - m) * 255).astype(np.uint8), np.ones((scale, scale), np.uint8))


def bench_module():
    spec = importlib.util.spec_from_file_location("bench_codes", REPO / "bench" / "bench_codes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def qr_photos(samples_dir):
    folder = samples_dir / "qr-photos"
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    results = {}
    for name, t in truth.items():
        trace = ReadTrace()
        codes = read_codes(cv2.imread(str(folder / name)), trace=trace)
        results[name] = (t, codes, trace)
    return results


def test_every_easy_sample_photo_reads_exactly(qr_photos):
    for name, (t, codes, _) in qr_photos.items():
        if not t["hard"]:
            assert [c.text for c in codes] == [t["text"]], name


def test_sample_photos_overall_at_least_97_percent(qr_photos):
    correct = sum(t["text"] in [c.text for c in codes] for t, codes, _ in qr_photos.values())
    assert correct / len(qr_photos) >= 0.97
    assert correct == len(qr_photos)  # the level reached today: all 30


def test_sample_photos_never_garbled(qr_photos):
    """Whatever is read is exactly the payload: no wrong charset, no second wrong code."""
    for name, (t, codes, _) in qr_photos.items():
        for code in codes:
            assert code.format == "QRCode"
            assert code.text == t["text"], name
            assert code.raw_bytes.decode("utf-8") == t["text"]


def test_ladder_runs_only_when_the_plain_read_fails(qr_photos):
    plain = [trace for _, codes, trace in qr_photos.values() if trace.found_by == "plain"]
    laddered = [trace for _, codes, trace in qr_photos.values() if trace.found_by != "plain"]
    assert plain and laddered  # both paths are exercised by the samples
    for trace in plain:
        assert trace.steps == ["plain"] and not trace.used_ladder
    for trace in laddered:
        assert trace.steps[0] == "plain" and trace.used_ladder
        assert trace.steps[-1] == trace.found_by  # stopped at the first rung that read


def test_laddered_read_maps_position_back_into_the_image(samples_dir):
    img = cv2.imread(str(samples_dir / "qr-photos" / "qr_020.jpg"))
    assert zxingcpp.read_barcodes(img) == []  # plain zxing-cpp cannot read this one
    trace = ReadTrace()
    (code,) = read_codes(img, trace=trace)
    assert trace.used_ladder
    x, y, w, h = trace.regions[0]
    for px, py in code.position:
        assert x - 2 <= px <= x + w + 2 and y - 2 <= py <= y + h + 2


def test_synthetic_photos():
    bench = bench_module()
    images = bench.synthetic_set(36, seed=2024)
    correct = 0
    for name, img, text, hard in images:
        texts = [c.text for c in read_codes(img)]
        assert all(t == text for t in texts), name  # a read is never a wrong text
        correct += text in texts
        if not hard:
            assert texts == [text], name
    assert correct >= len(images) - 1  # 35 of 36 today; plain zxing-cpp reads 34


@pytest.mark.parametrize("eci", [False, True], ids=["no-eci", "eci-utf8"])
def test_vietnamese_utf8_with_and_without_eci(eci):
    for text in VIETNAMESE:
        img = qr_image(text, encoding="utf-8", eci=eci)
        assert [c.text for c in read_codes(img)] == [text]


def test_declared_charset_wins_over_utf8_guess():
    # b"\xc3\xa9" is valid UTF-8 ("é") but the symbol says cp1252: "Ã©".
    img = qr_image("Ã©", encoding="cp1252", eci=True)
    assert [c.text for c in read_codes(img)] == ["Ã©"]
    # Latin-1 without ECI (the QR default) is not UTF-8 and stays Latin-1.
    assert [c.text for c in read_codes(qr_image("dân xã", encoding="latin-1"))] == ["dân xã"]
    assert [c.text for c in read_codes(qr_image("a\\b Quận", encoding="utf-8", eci=True))] == [
        "a\\b Quận"
    ]


def test_code128_of_a_dossier_code():
    code = "000.00.19.H47-250312-0042"
    bar = zxingcpp.create_barcode(code, zxingcpp.BarcodeFormat.Code128)
    img = np.asarray(bar.to_image(scale=3))
    photo = cv2.GaussianBlur(cv2.resize(img, None, fx=0.8, fy=1.0), (0, 0), 0.8)
    (found,) = read_codes(photo)
    assert (found.format, found.text) == ("Code128", code)
    assert read_codes(photo, formats=["QRCode"]) == []


def test_several_codes_in_one_image_and_dedup():
    qr = qr_image("VE|H57|20250101|A012|7f3e", encoding="utf-8")
    bar = np.asarray(
        zxingcpp.create_barcode("H57.132-250101-0001", zxingcpp.BarcodeFormat.Code128).to_image(
            scale=2
        )
    )
    canvas = np.full((400, 700), 255, np.uint8)
    canvas[20 : 20 + qr.shape[0], 20 : 20 + qr.shape[1]] = qr
    canvas[300 : 300 + bar.shape[0], 20 : 20 + bar.shape[1]] = bar
    codes = read_codes(canvas)
    assert sorted((c.format, c.text) for c in codes) == [
        ("Code128", "H57.132-250101-0001"),
        ("QRCode", "VE|H57|20250101|A012|7f3e"),
    ]
    assert len({(c.format, c.raw_bytes) for c in codes}) == len(codes)


def test_region_limits_the_read_and_keeps_image_coordinates():
    qr = qr_image("H57.132-250101-0001", encoding="utf-8")
    canvas = np.full((500, 800), 255, np.uint8)
    canvas[300 : 300 + qr.shape[0], 500 : 500 + qr.shape[1]] = qr
    (whole,) = read_codes(canvas)
    (inside,) = read_codes(canvas, region=(450, 250, 300, 240))
    assert inside.text == whole.text
    for (ax, ay), (bx, by) in zip(inside.position, whole.position, strict=True):
        assert abs(ax - bx) <= 1 and abs(ay - by) <= 1
    assert read_codes(canvas, region=(0, 0, 300, 200)) == []
    with pytest.raises(InvalidInput):
        read_codes(canvas, region=(900, 900, 50, 50))


def test_accepts_gray_bgr_bgra_and_pil():
    gray = qr_image("Đông", encoding="utf-8")
    bgr = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    bgra = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGRA)
    for image in (
        gray,
        bgr,
        bgra,
        Image.fromarray(np.ascontiguousarray(bgr[:, :, ::-1])),
        gray > 127,
        gray.astype(np.uint16) * 257,
    ):
        codes = read_codes(image)
        assert [c.text for c in codes] == ["Đông"]
        assert isinstance(codes[0], Code)


@pytest.mark.parametrize(
    "bad",
    [
        np.zeros((0, 0), np.uint8),
        np.zeros((10, 10, 5), np.uint8),
        np.zeros((10, 10), np.float32),
        "x.jpg",
        None,
    ],
    ids=["empty", "5-channels", "float", "a-path", "none"],
)
def test_bad_images_raise_vietnamese_errors(bad):
    with pytest.raises(InvalidInput) as info:
        read_codes(bad)
    assert info.value.message


def test_blank_and_noise_images_read_nothing():
    rng = np.random.default_rng(1)
    assert read_codes(np.full((480, 640), 200, np.uint8)) == []
    assert read_codes(rng.integers(0, 255, (480, 640), dtype=np.uint8)) == []


@pytest.mark.parametrize("loader", ["imageio", "opencv"])
def test_read_codes_file(tmp_path, samples_dir, monkeypatch, loader):
    if loader == "opencv":  # the fallback used where desk.scan.imageio is not available
        monkeypatch.setitem(sys.modules, "desk.scan.imageio", None)
    path = tmp_path / "ảnh chụp.png"  # non-ASCII file names, as on a Vietnamese Windows desktop
    cv2.imencode(".png", qr_image("Ủy ban", encoding="utf-8"))[1].tofile(str(path))
    assert [c.text for c in read_codes_file(path)] == ["Ủy ban"]
    (tmp_path / "empty.jpg").write_bytes(b"")
    (tmp_path / "text.jpg").write_text("không phải ảnh", encoding="utf-8")
    jpeg = (samples_dir / "qr-photos" / "qr_000.jpg").read_bytes()
    (tmp_path / "cut.jpg").write_bytes(jpeg[:200])
    for name in ("missing.jpg", "empty.jpg", "text.jpg", "cut.jpg"):
        with pytest.raises(ImageError) as info:
            read_codes_file(tmp_path / name)
        assert name in info.value.message


def test_decompression_bomb_refused_before_decoding(tmp_path):
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 60000, 60000, 8, 0, 0, 0, 0)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )
    path = tmp_path / "bomb.png"
    path.write_bytes(png)
    with pytest.raises(ImageError) as info:
        read_codes_file(path)
    assert "quá lớn" in info.value.message


def test_synthetic_generator_is_deterministic():
    bench = bench_module()
    a = list(bench.synthetic_jpegs(2, seed=5))
    b = list(bench.synthetic_jpegs(2, seed=5))
    assert a == b
    rng = random.Random(3)
    assert bench.cccd_payload(rng).count("|") in (6, 10)


def test_ladder_can_be_switched_off_for_live_frames(samples_dir):
    img = cv2.imread(str(samples_dir / "qr-photos" / "qr_029.jpg"))
    trace = ReadTrace()
    assert read_codes(img, ladder=False, trace=trace) == []
    assert trace.steps == ["plain"]
    assert len(read_codes(img)) == 1


def test_a_frame_without_texture_skips_the_region_rungs():
    trace = ReadTrace()
    assert read_codes(np.full((720, 960), 128, np.uint8), trace=trace) == []
    assert trace.regions == []
    assert trace.steps[0] == "plain" and trace.steps[-1] == "invert"


def test_inverted_code_is_read_by_the_invert_rung():
    img = 255 - qr_image("VE|H57|20250101|A012|7f3e", encoding="utf-8", scale=5)
    canvas = np.full((480, 640), 0, np.uint8)  # a phone screen in dark mode
    canvas[40 : 40 + img.shape[0], 60 : 60 + img.shape[1]] = img
    trace = ReadTrace()
    assert [c.text for c in read_codes(canvas, trace=trace)] == ["VE|H57|20250101|A012|7f3e"]
    assert trace.found_by == "invert"
