"""Barcodes and QR codes in a photo or a scan: CCCD QR, our receipts' codes, queue tickets.

zxing-cpp does the reading. A plain read settles almost every image in a few
milliseconds; only when it finds nothing does a ladder of clean-ups run on the
likely code regions (upscale, sharpen, deblur, contrast, threshold), stopping at
the first rung that reads something, so a good photo never pays for a bad one.

Text comes from the symbol's bytes, not from zxing's charset guess: without an
ECI the bytes are taken as UTF-8 whenever they are valid UTF-8 (CCCD QR codes
carry UTF-8 with no ECI, and a Latin-1 or Shift-JIS guess garbles Vietnamese
names), else as the symbology's default charset; with an ECI the declared
charset wins.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import zxingcpp

from desk.errors import ImageError, InvalidInput
from desk.scan.imageio import MAX_PIXELS, load_image

# What the desk meets: CCCD/Căn cước QR, VietQR, our receipts (QR + Code 128), queue
# tickets, goods and documents (EAN/UPC, Code 39, ITF, DataMatrix, PDF417, Aztec).
DEFAULT_FORMATS = (
    "QRCode",
    "MicroQRCode",
    "RMQRCode",
    "DataMatrix",
    "Aztec",
    "PDF417",
    "Code128",
    "Code39",
    "Code93",
    "Codabar",
    "ITF",
    "EAN13",
    "EAN8",
    "UPCA",
    "UPCE",
    "DataBar",
    "DataBarExp",
    "DataBarLtd",
)
_HUGE_SIDE = 1600  # longer side above which a downscaled read is worth a rung
_CROP_TARGET = 720  # upscaled crops aim at this longer side: small modules get ~8 px
_MAX_REGIONS = 2
# Symbologies with Reed–Solomon error correction: the only ones read from sharpened,
# deconvolved or thresholded crops, where a 1D reader could "find" a code in noise.
_CHECKED = {
    zxingcpp.BarcodeFormat.QRCode,
    zxingcpp.BarcodeFormat.MicroQRCode,
    zxingcpp.BarcodeFormat.RMQRCode,
    zxingcpp.BarcodeFormat.DataMatrix,
    zxingcpp.BarcodeFormat.Aztec,
    zxingcpp.BarcodeFormat.PDF417,
}

Point = tuple[int, int]


@dataclass(frozen=True)
class Code:
    """One decoded symbol; `position` is top-left, top-right, bottom-right, bottom-left."""

    format: str  # zxing-cpp's name: "QRCode", "Code128", "EAN13", …
    text: str
    position: tuple[Point, Point, Point, Point]
    raw_bytes: bytes = field(default=b"", repr=False)


@dataclass
class ReadTrace:
    """What a read tried, in order ("plain", then rungs), and which one found the codes."""

    steps: list[str] = field(default_factory=list)
    found_by: str | None = None
    regions: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def used_ladder(self) -> bool:
        return any(step != "plain" for step in self.steps)


def read_codes(
    image, *, formats=None, region=None, ladder: bool = True, trace: ReadTrace | None = None
) -> list[Code]:
    """All codes in `image` (numpy BGR/BGRA/gray or PIL image), optionally only inside
    `region` = (x, y, width, height) in pixels; positions are in image pixels.

    ladder=False reads plainly only: for live camera frames, where most frames hold no code
    and the next frame is a better second chance than clean-ups (up to ~0.2 s per frame)."""
    gray = _as_gray(image)
    ox = oy = 0
    if region is not None:
        gray, ox, oy = _crop(gray, region)
    trace = trace if trace is not None else ReadTrace()
    steps = _climb(gray, _formats(formats), trace)
    if not ladder:
        steps = itertools.islice(steps, 1)
    for name, found in steps:
        trace.steps.append(name)
        if found:
            trace.found_by = name
            return _codes(found, ox, oy)
    return []


def read_codes_file(
    path, *, formats=None, region=None, ladder: bool = True, trace: ReadTrace | None = None
) -> list[Code]:
    """`read_codes` on an image file (or a PDF's first page); a missing, broken or huge
    file raises ImageError."""
    gray = load_gray(path)
    return read_codes(gray, formats=formats, region=region, ladder=ladder, trace=trace)


# --- the ladder -------------------------------------------------------------------------

# A read found in a transformed image: the barcode, and how to map its points back.
Found = tuple[zxingcpp.Barcode, float, int, int]  # barcode, scale, dx, dy
_FIXED = {"binarizer": zxingcpp.Binarizer.FixedThreshold}

# Rungs tried on the likely code regions, in order; chosen and ordered by how many failed
# camera shots each rescues per millisecond (bench/bench_codes.py, synthetic failures).
# ("name", preparation, zxing options); ("deblur", sigma, iterations) reuses the
# Richardson–Lucy state of the same sigma, so 5 then 20 iterations cost 20. Only
# "upscale" reads 1D codes; the others read the error-corrected symbologies (_CHECKED).
_RUNGS: list[tuple[str, tuple, dict]] = [
    ("sharpen", ("sharpen",), {}),
    ("deblur-1.5x5-fixed", ("deblur", 1.5, 5), _FIXED),
    ("deblur-1.5x20", ("deblur", 1.5, 20), {}),
    ("deblur-1.3x20-fixed", ("deblur", 1.3, 20), _FIXED),
    ("deblur-1.5x5", ("deblur", 1.5, 5), {}),
    ("threshold", ("threshold",), {}),
    ("deblur-1.7x20", ("deblur", 1.7, 20), {}),
    ("deblur-1.5x60", ("deblur", 1.5, 60), {}),
    ("deblur-1.7x60-fixed", ("deblur", 1.7, 60), _FIXED),
    ("upscale", ("upscale",), {}),
    ("contrast", ("contrast",), {}),
    ("deglare", ("deglare",), {}),
]


def _read(img: np.ndarray, fmts, **options) -> list[zxingcpp.Barcode]:
    options.setdefault("try_invert", False)  # inverted codes get their own rung
    return zxingcpp.read_barcodes(img, formats=fmts, text_mode=zxingcpp.TextMode.HexECI, **options)


def _climb(gray: np.ndarray, fmts, trace: ReadTrace) -> Iterator[tuple[str, list[Found]]]:
    """Yield (rung, reads) in order; the caller stops at the first rung that read something."""
    yield "plain", [(b, 1.0, 0, 0) for b in _read(gray, fmts)]
    h, w = gray.shape
    if max(h, w) > _HUGE_SIDE:  # a phone photo: zxing's own downscale skips pixels, this averages
        s = 1280 / max(h, w)
        small = cv2.resize(gray, (round(w * s), round(h * s)), interpolation=cv2.INTER_AREA)
        yield "downscale", [(b, s, 0, 0) for b in _read(small, fmts)]
    regions = code_regions(gray)[:_MAX_REGIONS]
    if not regions and max(h, w) <= _CROP_TARGET:
        regions = [(0, 0, w, h)]  # a small image is likely already cropped around the code
    trace.regions = regions
    crops = [_Crop(gray[y : y + rh, x : x + rw], x, y) for x, y, rw, rh in regions]
    checked = [f for f in fmts if f in _CHECKED]
    for name, recipe, options in _RUNGS:
        rung_formats = fmts if recipe[0] == "upscale" else checked
        found: list[Found] = []
        for crop in crops if rung_formats else ():
            img, scale = crop.prepare(recipe)
            if img is not None:  # crops are read upright: try_rotate only turns 1D codes
                reads = _read(img, rung_formats, try_downscale=False, try_rotate=False, **options)
                found += [(b, scale, crop.x, crop.y) for b in reads]
            if found:
                break
        yield name, found
    yield "invert", [(b, 1.0, 0, 0) for b in _read(cv2.bitwise_not(gray), fmts)]


class _Crop:
    """One likely code region and its prepared versions (the deblur state is kept)."""

    def __init__(self, img: np.ndarray, x: int, y: int):
        # A large region (a whole page, a close-up) is worked on at the target size: its
        # modules are big enough, and the cost of each rung stays bounded.
        self.scale = min(1.0, _CROP_TARGET / max(img.shape))
        if self.scale < 1.0:
            img = cv2.resize(img, None, fx=self.scale, fy=self.scale, interpolation=cv2.INTER_AREA)
        self.img, self.x, self.y = np.ascontiguousarray(img), x, y
        self._state: dict[float, tuple[int, np.ndarray]] = {}
        self._done: dict[tuple[float, int], np.ndarray] = {}

    def prepare(self, recipe: tuple) -> tuple[np.ndarray | None, float]:
        """The rung's image and its scale relative to the original pixels."""
        img, scale = self._prepare(recipe)
        return img, scale * self.scale

    def _prepare(self, recipe: tuple) -> tuple[np.ndarray | None, float]:
        kind = recipe[0]
        img = self.img
        if kind == "upscale":
            up, s = _upscaled(img)
            return (up, s) if s > 1.0 else (None, 1.0)  # unscaled: the plain read saw it
        if kind == "sharpen":
            return _upscaled(cv2.addWeighted(img, 2.5, cv2.GaussianBlur(img, (0, 0), 1.5), -1.5, 0))
        if kind == "deblur":
            return _upscaled(self.deblurred(recipe[1], recipe[2]))
        if kind == "contrast":
            return _upscaled(cv2.createCLAHE(clipLimit=2.0, tileGridSize=(4, 4)).apply(img))
        if kind == "deglare":
            return _upscaled(flatten_light(img))
        if kind == "threshold":
            up, s = _upscaled(img)
            block = (max(up.shape) // 12) | 1
            return cv2.adaptiveThreshold(
                up, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 3
            ), s
        raise ValueError(kind)

    def deblurred(self, sigma: float, iterations: int) -> np.ndarray:
        if (sigma, iterations) not in self._done:
            done, est = self._state.get(sigma, (0, None))
            if done > iterations:
                done, est = 0, None
            est = deconvolve(self.img, sigma, iterations - done, start=est)
            self._state[sigma] = (iterations, est)
            self._done[sigma, iterations] = np.clip(est * 255.0, 0, 255).astype(np.uint8)
        return self._done[sigma, iterations]


def _upscaled(img: np.ndarray) -> tuple[np.ndarray, float]:
    s = min(3.0, _CROP_TARGET / max(img.shape))
    if s <= 1.05:
        return img, 1.0
    return cv2.resize(img, None, fx=s, fy=s, interpolation=cv2.INTER_CUBIC), s


def deconvolve(
    img: np.ndarray, sigma: float, iterations: int, *, start: np.ndarray | None = None
) -> np.ndarray:
    """Richardson–Lucy against a Gaussian blur of `sigma` px, as floats (1.0 = white):
    a defocused or shaken QR's modules run into each other; this pulls them apart."""
    observed = img.astype(np.float32) / 255.0 + 0.02
    k = int(sigma * 3) * 2 + 1
    est = observed.copy() if start is None else start.copy()
    for _ in range(iterations):
        ratio = observed / (cv2.GaussianBlur(est, (k, k), sigma) + 1e-4)
        est *= cv2.GaussianBlur(ratio, (k, k), sigma)
    return est


def flatten_light(img: np.ndarray) -> np.ndarray:
    """Divide out the lighting (glare, shadow): the paper's brightness, estimated as the local
    maximum over a few modules and smoothed, becomes white everywhere."""
    h, w = img.shape
    f = max(1, max(h, w) // 160)
    small = cv2.resize(img, (max(1, w // f), max(1, h // f)), interpolation=cv2.INTER_AREA)
    paper = cv2.GaussianBlur(cv2.dilate(small, np.ones((7, 7), np.uint8)), (0, 0), 3)
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32) + 1.0
    return np.clip(img.astype(np.float32) / paper * 235.0, 0, 255).astype(np.uint8)


def code_regions(gray: np.ndarray, limit: int = 3) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) around dense high-contrast texture, strongest first: where a code is."""
    h, w = gray.shape
    f = max(1, round(max(h, w) / 480))
    small = cv2.resize(gray, (max(1, w // f), max(1, h // f)), interpolation=cv2.INTER_AREA)
    grad = cv2.morphologyEx(small, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    energy = cv2.blur(grad.astype(np.float32), (9, 9))
    threshold = max(12.0, float(np.percentile(energy, 99)) * 0.35)
    mask = cv2.morphologyEx(
        (energy > threshold).astype(np.uint8), cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8)
    )
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
    if n <= 1:
        return []
    sums = np.bincount(labels.ravel(), weights=energy.ravel(), minlength=n)
    boxes = []
    for i in range(1, n):
        x, y, bw, bh, area = (int(v) for v in stats[i])
        if area < 150:
            continue
        m = int(0.12 * max(bw, bh)) + 4
        x0, y0 = max(0, (x - m) * f), max(0, (y - m) * f)
        x1, y1 = min(w, (x + bw + m) * f), min(h, (y + bh + m) * f)
        boxes.append((float(sums[i]), (x0, y0, x1 - x0, y1 - y0)))
    boxes.sort(key=lambda item: -item[0])
    return [box for _, box in boxes[:limit]]


# --- text from bytes --------------------------------------------------------------------

_ECI_CODECS = {
    0: "cp437",
    1: "latin-1",
    2: "cp437",
    3: "latin-1",
    4: "iso8859-2",
    5: "iso8859-3",
    6: "iso8859-4",
    7: "iso8859-5",
    8: "iso8859-6",
    9: "iso8859-7",
    10: "iso8859-8",
    11: "iso8859-9",
    12: "iso8859-10",
    13: "iso8859-11",
    15: "iso8859-13",
    16: "iso8859-14",
    17: "iso8859-15",
    18: "iso8859-16",
    20: "shift_jis",
    21: "cp1250",
    22: "cp1251",
    23: "cp1252",
    24: "cp1256",
    25: "utf-16-be",
    26: "utf-8",
    27: "ascii",
    28: "big5",
    29: "gb18030",
    30: "euc-kr",
    31: "gbk",
    32: "gb18030",
    33: "utf-16-le",
    34: "utf-32-be",
    35: "utf-32-le",
    170: "ascii",
}
_ECI_SPLIT = re.compile(rb"\\(\d{6})")
_ECI_TOKENS = re.compile(rb"(\\\\|\\\d{6})")


def decode_payload(barcode: zxingcpp.Barcode) -> str:
    """The symbol's text from its bytes (read with TextMode.HexECI, see module docstring)."""
    raw = bytes(barcode.bytes)
    fmt = barcode.format.name
    try:
        with_eci = bytes.fromhex(barcode.text)
    except ValueError:
        return _default_text(raw, fmt)
    body = with_eci[3:] if with_eci[:1] == b"]" else with_eci  # symbology id, e.g. ]Q1
    if body == raw or not _ECI_SPLIT.search(body):
        return _default_text(raw, fmt)
    return _eci_text(body, fmt)


def _default_text(raw: bytes, fmt: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp437" if "PDF417" in fmt else "latin-1")


def _eci_text(body: bytes, fmt: str) -> str:
    # ECI protocol: "\nnnnnn" switches charset, a literal backslash is doubled.
    out = []
    codec = None
    for piece in _ECI_TOKENS.split(body):
        if piece == b"\\\\":
            out.append(_decode(b"\\", codec, fmt))
        elif len(piece) == 7 and piece[:1] == b"\\" and piece[1:].isdigit():
            codec = _ECI_CODECS.get(int(piece[1:]), codec)
        elif piece:
            out.append(_decode(piece, codec, fmt))
    return "".join(out)


def _decode(data: bytes, codec: str | None, fmt: str) -> str:
    if codec is None:
        return _default_text(data, fmt)
    return data.decode(codec, errors="replace")


# --- images in --------------------------------------------------------------------------


def load_gray(path) -> np.ndarray:
    """The file as a gray image through the one loader, desk.scan.imageio (size checked from
    the header before decoding, EXIF orientation, first page of a PDF)."""
    return cv2.cvtColor(load_image(Path(path)), cv2.COLOR_BGR2GRAY)


def _as_gray(image) -> np.ndarray:
    if not isinstance(image, np.ndarray) and hasattr(image, "convert"):
        image = np.asarray(image.convert("L"))  # PIL
    if not isinstance(image, np.ndarray):
        raise InvalidInput(
            f"Cần một ảnh (mảng numpy hoặc ảnh PIL), nhận được {type(image).__name__}."
        )
    img = image
    if img.size == 0 or img.ndim not in (2, 3):
        raise ImageError("Ảnh rỗng hoặc không đúng dạng (cần ảnh xám hoặc ảnh màu).")
    if img.shape[0] * img.shape[1] > MAX_PIXELS:  # the loader's limit, for arrays given directly
        raise ImageError(f"Ảnh quá lớn ({img.shape[1]}×{img.shape[0]} điểm ảnh).")
    if img.dtype == np.bool_:
        img = img.astype(np.uint8) * 255
    elif img.dtype == np.uint16:
        img = (img >> 8).astype(np.uint8)
    elif img.dtype != np.uint8:
        raise ImageError(f"Ảnh có kiểu điểm ảnh {img.dtype}, không đọc được; cần ảnh 8 bit.")
    if img.ndim == 3:
        channels = img.shape[2]
        if channels == 1:
            img = img[:, :, 0]
        elif channels in (3, 4):
            code = cv2.COLOR_BGR2GRAY if channels == 3 else cv2.COLOR_BGRA2GRAY
            img = cv2.cvtColor(np.ascontiguousarray(img), code)
        else:
            raise ImageError(f"Ảnh có {channels} kênh màu; cần 1, 3 hoặc 4.")
    return np.ascontiguousarray(img)


def _crop(gray: np.ndarray, region) -> tuple[np.ndarray, int, int]:
    try:
        x, y, w, h = (int(v) for v in region)
    except (TypeError, ValueError):
        raise InvalidInput("Vùng đọc mã phải là (x, y, rộng, cao) tính bằng điểm ảnh.") from None
    H, W = gray.shape
    x0, y0, x1, y1 = max(0, x), max(0, y), min(W, x + w), min(H, y + h)
    if x1 - x0 < 8 or y1 - y0 < 8:
        raise InvalidInput(f"Vùng đọc mã ({x}, {y}, {w}, {h}) nằm ngoài ảnh {W}×{H} hoặc quá nhỏ.")
    return np.ascontiguousarray(gray[y0:y1, x0:x1]), x0, y0


def _formats(formats) -> zxingcpp.BarcodeFormats:
    items = DEFAULT_FORMATS if formats is None else formats
    if isinstance(items, str | zxingcpp.BarcodeFormat):
        items = [items]
    out = []
    for item in items:
        fmt = (
            item
            if isinstance(item, zxingcpp.BarcodeFormat)
            else getattr(zxingcpp.BarcodeFormat, str(item), None)
        )
        if not isinstance(fmt, zxingcpp.BarcodeFormat) or str(item).startswith("_"):
            raise InvalidInput(f"Không biết loại mã «{item}».")
        out.append(fmt)
    if not out:
        raise InvalidInput("Cần ít nhất một loại mã để đọc.")
    return zxingcpp.BarcodeFormats(out)


def _codes(found: list[Found], ox: int, oy: int) -> list[Code]:
    seen: set[tuple[str, bytes]] = set()
    codes = []
    for barcode, scale, dx, dy in found:
        fmt = barcode.format.name
        raw = bytes(barcode.bytes)
        if (fmt, raw) in seen:  # one symbol read twice (overlapping regions, two passes)
            continue
        seen.add((fmt, raw))
        p = barcode.position
        corners = tuple(
            (round(pt.x / scale) + dx + ox, round(pt.y / scale) + dy + oy)
            for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        )
        codes.append(Code(fmt, decode_payload(barcode), corners, raw))  # type: ignore[arg-type]
    return codes
