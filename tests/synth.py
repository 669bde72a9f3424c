"""Made-up A4 papers and desk photos with known corners, to test and benchmark scanning.

The sample photos are few and the real check runs on other photos of the same kinds, so the
detector is validated on as many generated shots as we like: random desks (dark, pale close to
the paper, wood, patterned cloth), pages with Vietnamese text, tables, a red seal and codes,
perspective, shadows, fingers, other sheets, blur and JPEG. Everything is invented.
"""

import math
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from desk.paths import FONTS

A4_MM = (210.0, 297.0)
KINDS = ("dark", "light", "wood", "pattern", "hand", "clutter")

_WORDS = (
    "Cộng hòa xã hội chủ nghĩa Việt Nam độc lập tự do hạnh phúc tờ khai đăng ký khai sinh "
    "họ chữ đệm tên người yêu cầu nơi cư trú giấy tờ tùy thân quan hệ với người được khai "
    "sinh kính gửi ủy ban nhân dân xã phường ngày tháng năm sinh dân tộc quốc tịch quê quán "
    "số định danh cá nhân căn cước công dân cấp ngày nơi cấp đề nghị cơ quan đăng ký cam đoan "
    "nội dung khai trên đây là đúng sự thật chịu trách nhiệm trước pháp luật về cam đoan của mình "
    "thành phần hồ sơ bản chính bản sao chứng thực tiếp nhận trả kết quả một cửa"
).split()
_HEADINGS = (
    "TỜ KHAI ĐĂNG KÝ KHAI SINH",
    "ĐƠN ĐỀ NGHỊ CHỨNG THỰC",
    "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
    "TỜ KHAI ĐĂNG KÝ THƯỜNG TRÚ",
    "BIÊN BẢN BÀN GIAO HỒ SƠ",
)


@dataclass(frozen=True)
class SynthPhoto:
    """A generated photo and where the page's corners truly are (TL, TR, BR, BL)."""

    image: np.ndarray
    corners: np.ndarray
    kind: str


@lru_cache(maxsize=64)
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / name), size)


def a4_pixels(dpi: float) -> tuple[int, int]:
    """Width and height of an A4 portrait page at `dpi` (200 dpi → 1654×2339)."""
    return round(A4_MM[0] / 25.4 * dpi), round(A4_MM[1] / 25.4 * dpi)


def _sentence(rng: np.random.Generator, n: int) -> str:
    words = [str(w) for w in rng.choice(_WORDS, size=n)]
    return " ".join(words).capitalize()


def _seal(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, scale: float) -> None:
    red = (205, 35, 45)
    w = max(2, round(3 * scale))
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=w)
    draw.ellipse((cx - 0.78 * r, cy - 0.78 * r, cx + 0.78 * r, cy + 0.78 * r), outline=red, width=w)
    font = _font("LiberationSans-Bold.ttf", max(8, round(0.16 * r)))
    text = "ỦY BAN NHÂN DÂN XÃ AN BÌNH * "
    for i, ch in enumerate(text):
        a = -math.pi / 2 + 2 * math.pi * i / len(text)
        x, y = cx + 0.89 * r * math.cos(a), cy + 0.89 * r * math.sin(a)
        draw.text((x, y), ch, fill=red, font=font, anchor="mm")
    star = [
        (
            cx + (0.3 if k % 2 == 0 else 0.12) * r * math.cos(-math.pi / 2 + k * math.pi / 5),
            cy + (0.3 if k % 2 == 0 else 0.12) * r * math.sin(-math.pi / 2 + k * math.pi / 5),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=red)


def render_page(
    rng: np.random.Generator | int = 0,
    *,
    dpi: float = 150,
    seal: bool = True,
    table: bool = True,
    codes: dict[str, str] | None = None,
    blank: bool = False,
    lines: int | None = None,
    signature: bool = True,
) -> np.ndarray:
    """An A4 administrative paper (BGR): header, title, text, table, signature (blue), red seal.

    `codes` maps "qr" and/or "code128" to the text to print (bottom left), so tests can
    check that codes still decode after compression.
    """
    rng = np.random.default_rng(rng)
    w, h = a4_pixels(dpi)
    s = dpi / 150.0
    img = Image.new("RGB", (w, h), (255, 255, 255))
    if blank:
        return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)
    d = ImageDraw.Draw(img)
    margin_l, margin_r, top = round(177 * s), round(89 * s), round(118 * s)
    bold = _font("LiberationSerif-Bold.ttf", round(20 * s))
    reg = _font("LiberationSerif-Regular.ttf", round(20 * s))
    d.text((margin_l, top), "UBND XÃ AN BÌNH", font=bold, fill=(0, 0, 0))
    d.text(
        (w - margin_r, top),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        font=bold,
        fill=(0, 0, 0),
        anchor="ra",
    )
    d.text(
        (w - margin_r - round(60 * s), top + round(28 * s)),
        "Độc lập - Tự do - Hạnh phúc",
        font=bold,
        fill=(0, 0, 0),
        anchor="ra",
    )
    title = _font("LiberationSerif-Bold.ttf", round(rng.integers(26, 32) * s))
    y = top + round(110 * s)
    d.text((w / 2, y), str(rng.choice(_HEADINGS)), font=title, fill=(0, 0, 0), anchor="ma")
    y += round(70 * s)
    n_lines = int(rng.integers(10, 22)) if lines is None else lines
    table_at = int(rng.integers(2, max(3, n_lines - 3))) if table else -1
    for i in range(n_lines):
        if y > h - round(420 * s):
            break
        if i == table_at:
            rows, cols = int(rng.integers(3, 7)), int(rng.integers(3, 5))
            rh = round(34 * s)
            x0, x1 = margin_l, w - margin_r
            xs = np.linspace(x0, x1, cols + 1).round().astype(int)
            for r in range(rows + 1):
                d.line((x0, y + r * rh, x1, y + r * rh), fill=(0, 0, 0), width=max(1, round(2 * s)))
            for x in xs:
                d.line((x, y, x, y + rows * rh), fill=(0, 0, 0), width=max(1, round(2 * s)))
            small = _font("LiberationSerif-Regular.ttf", round(17 * s))
            for r in range(rows):
                for c in range(cols):
                    txt = _sentence(rng, int(rng.integers(1, 3)))
                    d.text(
                        (xs[c] + round(6 * s), y + r * rh + round(7 * s)),
                        txt,
                        font=small,
                        fill=(0, 0, 0),
                    )
            y += rows * rh + round(30 * s)
            continue
        size = round(rng.integers(17, 23) * s)
        font = _font(
            "LiberationSerif-Bold.ttf" if rng.random() < 0.15 else "LiberationSerif-Regular.ttf",
            size,
        )
        text = _sentence(rng, int(rng.integers(3, 9))) + ": "
        d.text((margin_l, y), text, font=font, fill=(0, 0, 0))
        x_end = margin_l + d.textlength(text, font=font)
        if rng.random() < 0.7:
            dots = "." * int(
                max(0, (w - margin_r - x_end) / max(1, d.textlength(".", font=font)) - 1)
            )
            d.text((x_end, y), dots, font=font, fill=(0, 0, 0))
        y += round(size * 1.7)
    # signature block
    sx, sy = round(w * 0.68), h - round(360 * s)
    d.text((sx, sy), "NGƯỜI YÊU CẦU", font=bold, fill=(0, 0, 0), anchor="ma")
    d.text((sx, sy + round(26 * s)), "(Ký, ghi rõ họ tên)", font=reg, fill=(0, 0, 0), anchor="ma")
    if signature:  # in blue ink
        pts = [
            (
                sx - round(80 * s) + k * round(12 * s),
                sy + round(90 * s) + round(20 * s * math.sin(k * 1.3)),
            )
            for k in range(14)
        ]
        d.line(pts, fill=(40, 40, 150), width=max(2, round(3 * s)))
    d.text((sx, sy + round(150 * s)), "Nguyễn Văn An", font=bold, fill=(0, 0, 0), anchor="ma")
    if seal:
        seal_img = Image.new("RGB", (w, h), (255, 255, 255))
        _seal(ImageDraw.Draw(seal_img), sx - round(70 * s), sy + round(80 * s), 85 * s, s)
        img = Image.fromarray(np.minimum(np.asarray(img), np.asarray(seal_img)))
    out = cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)
    if codes:
        _place_codes(out, codes, dpi)
    return out


def _place_codes(page: np.ndarray, codes: dict[str, str], dpi: float) -> None:
    h, w = page.shape[:2]
    x, y = round(w * 0.08), round(h - dpi * 1.6)
    if "qr" in codes:
        import segno

        qr = segno.make(codes["qr"], micro=False, error="m")
        mod = max(3, round(dpi / 50))
        m = np.array(qr.matrix, dtype=np.uint8)
        sym = np.where(m > 0, 0, 255).astype(np.uint8)
        sym = cv2.resize(sym, None, fx=mod, fy=mod, interpolation=cv2.INTER_NEAREST)
        page[y : y + sym.shape[0], x : x + sym.shape[1]] = sym[..., None]
        x += sym.shape[1] + round(dpi * 0.3)
    if "code128" in codes:
        import zxingcpp

        bar = zxingcpp.create_barcode(codes["code128"], zxingcpp.BarcodeFormat.Code128)
        sym = np.asarray(bar.to_image(scale=max(2, round(dpi / 75)), add_quiet_zones=False))
        sym = cv2.resize(sym, (sym.shape[1], round(dpi * 0.5)), interpolation=cv2.INTER_NEAREST)
        page[y : y + sym.shape[0], x : x + sym.shape[1]] = sym[..., None]


def flatbed_scan(page: np.ndarray, seed: int = 0) -> np.ndarray:
    """`page` as a flatbed would deliver it: tinted paper with grain, an uneven lamp, sensor
    noise, optics blur and the scanner's own JPEG (quality 92)."""
    rng = np.random.default_rng(seed)
    h, w = page.shape[:2]
    tint = rng.uniform(0.9, 0.97, 3).astype(np.float32)
    grain = cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 1.5) * 6
    yy = np.linspace(-1, 1, h, dtype=np.float32)[:, None]
    lamp = 1 - 0.06 * yy**2 - 0.03 * yy
    img = page.astype(np.float32) * tint * lamp[..., None] + grain[..., None]
    img = cv2.GaussianBlur(img, (0, 0), 0.8) + rng.normal(0, 3.5, img.shape).astype(np.float32)
    _, buf = cv2.imencode(
        ".jpg", np.clip(img, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 92]
    )
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


# --- desks ---------------------------------------------------------------------------------


def _hsv_colour(h: float, s: float, v: float) -> np.ndarray:
    px = np.uint8([[[round(h) % 180, round(s * 255), round(v * 255)]]])
    return cv2.cvtColor(px, cv2.COLOR_HSV2BGR)[0, 0].astype(np.float32)


def _blocky_noise(rng, w: int, h: int, cell: float) -> np.ndarray:
    small = rng.normal(0, 1, (max(2, int(h / cell)), max(2, int(w / cell)))).astype(np.float32)
    interp = cv2.INTER_NEAREST if rng.random() < 0.5 else cv2.INTER_CUBIC
    big = cv2.resize(small, (w, h), interpolation=interp)
    return cv2.GaussianBlur(big, (0, 0), cell * rng.uniform(0.1, 0.4))


def _desk(rng, kind: str, w: int, h: int) -> np.ndarray:
    if kind == "wood":
        ang = rng.uniform(0, math.pi)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        u = xx * math.cos(ang) + yy * math.sin(ang)
        warp = _blocky_noise(rng, w, h, rng.uniform(60, 200)) * rng.uniform(5, 25)
        grain = np.sin((u + warp) * rng.uniform(0.05, 0.2)) * 0.5 + 0.5
        fine = _blocky_noise(rng, w, h, 3) * 0.15
        t = np.clip(grain * 0.6 + fine + 0.2, 0, 1)[..., None]
        light = _hsv_colour(rng.uniform(8, 20), rng.uniform(0.35, 0.6), rng.uniform(0.55, 0.9))
        dark = light * rng.uniform(0.45, 0.75)
        return dark + (light - dark) * t
    if kind == "pattern":
        ang = rng.uniform(0, math.pi)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        u = xx * math.cos(ang) + yy * math.sin(ang)
        v = -xx * math.sin(ang) + yy * math.cos(ang)
        period = rng.uniform(25, 110)
        style = rng.integers(0, 3)
        if style == 0:  # checks
            t = ((np.floor(u / period) + np.floor(v / period)) % 2).astype(np.float32)
        elif style == 1:  # stripes
            t = (np.sin(u * 2 * math.pi / period) > 0).astype(np.float32)
        else:  # plaid / grid lines of a desk mat
            t = (
                (np.abs((u % period) - period / 2) < period * 0.08)
                | (np.abs((v % period) - period / 2) < period * 0.08)
            ).astype(np.float32)
        t = cv2.GaussianBlur(t, (0, 0), 1.2)[..., None]
        c1 = _hsv_colour(rng.uniform(0, 180), rng.uniform(0.2, 0.8), rng.uniform(0.3, 0.9))
        c2 = _hsv_colour(rng.uniform(0, 180), rng.uniform(0.1, 0.8), rng.uniform(0.2, 0.95))
        out = c1 + (c2 - c1) * t
        return out + _blocky_noise(rng, w, h, 4)[..., None] * rng.uniform(2, 8)
    if kind == "light":
        base = _hsv_colour(rng.uniform(0, 180), rng.uniform(0.03, 0.28), rng.uniform(0.68, 0.93))
        amp = rng.uniform(3, 14)
    else:
        base = _hsv_colour(rng.uniform(0, 180), rng.uniform(0.25, 0.85), rng.uniform(0.15, 0.6))
        amp = rng.uniform(6, 30)
    noise = _blocky_noise(rng, w, h, rng.uniform(6, 22))
    tint = rng.normal(1, 0.12, 3).astype(np.float32)
    return base + noise[..., None] * amp * tint


# --- composing the photo ---------------------------------------------------------------------


def _page_quad(rng, w: int, h: int) -> np.ndarray:
    for _ in range(200):
        ph = rng.uniform(0.58, 0.92) * h
        pw = ph / math.sqrt(2)
        ang = math.radians(rng.uniform(-22, 22))
        cx = w / 2 + rng.uniform(-0.18, 0.18) * w
        cy = h / 2 + rng.uniform(-0.1, 0.1) * h
        rect = np.array(
            [[-pw / 2, -ph / 2], [pw / 2, -ph / 2], [pw / 2, ph / 2], [-pw / 2, ph / 2]]
        )
        rot = np.array([[math.cos(ang), -math.sin(ang)], [math.sin(ang), math.cos(ang)]])
        quad = rect @ rot.T + (cx, cy)
        # perspective: a tilt (one side shorter) plus a little jitter per corner
        tilt = rng.uniform(-0.12, 0.12)
        side = int(rng.integers(0, 4))
        a, b = side, (side + 1) % 4
        mid = (quad[a] + quad[b]) / 2
        quad[a] += (mid - quad[a]) * tilt
        quad[b] += (mid - quad[b]) * tilt
        quad += rng.normal(0, 0.012 * h, (4, 2))
        if (
            quad[:, 0].min() > 8
            and quad[:, 1].min() > 8
            and quad[:, 0].max() < w - 8
            and quad[:, 1].max() < h - 8
        ):
            return quad.astype(np.float32)
    raise RuntimeError("could not place the page")


def _paste(
    canvas: np.ndarray, src: np.ndarray, quad: np.ndarray, shadow: float = 0.0
) -> np.ndarray:
    """Warp `src` onto `canvas` at `quad` with anti-aliased edges; returns the coverage mask."""
    h, w = canvas.shape[:2]
    sh, sw = src.shape[:2]
    # corners of the source's outer pixel edges, in pixel-centre coordinates
    src_q = np.float32([[-0.5, -0.5], [sw - 0.5, -0.5], [sw - 0.5, sh - 0.5], [-0.5, sh - 0.5]])
    m = cv2.getPerspectiveTransform(src_q, quad.astype(np.float32))
    # supersample the mask so the anti-aliased edge sits exactly on the quad
    ss = 4
    pts = np.round((quad * ss + (ss - 1) / 2) * 16).astype(np.int32)
    hi = cv2.fillPoly(
        np.zeros((h * ss, w * ss), np.uint8), [pts], 255, lineType=cv2.LINE_8, shift=4
    )
    mask = cv2.resize(hi.astype(np.float32) / 255.0, (w, h), interpolation=cv2.INTER_AREA)
    warped = cv2.warpPerspective(
        src, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    ).astype(np.float32)
    if shadow > 0:
        sm = cv2.GaussianBlur(mask, (0, 0), shadow)
        sm = np.roll(sm, (int(shadow / 2), int(shadow / 3)), axis=(0, 1))
        canvas *= (1 - 0.35 * sm)[..., None]
    canvas[:] = canvas * (1 - mask[..., None]) + warped * mask[..., None]
    return mask


def _finger(rng, canvas: np.ndarray, quad: np.ndarray) -> None:
    h, w = canvas.shape[:2]
    side = int(rng.integers(0, 4))
    t = rng.uniform(0.15, 0.85) if rng.random() < 0.75 else rng.choice([0.02, 0.98])
    p = quad[side] + (quad[(side + 1) % 4] - quad[side]) * t
    centre = quad.mean(axis=0)
    out = p - centre
    out /= np.linalg.norm(out) + 1e-9
    length = rng.uniform(50, 160)
    width = rng.uniform(36, 70)
    a = p - out * rng.uniform(0.15, 0.5) * length
    b = a + out * length * 3
    skin = _hsv_colour(rng.uniform(5, 18), rng.uniform(0.3, 0.55), rng.uniform(0.55, 0.95))
    mask = np.zeros((h, w), np.float32)
    cv2.line(
        mask,
        tuple(np.round(a).astype(int)),
        tuple(np.round(b).astype(int)),
        1.0,
        int(width),
        cv2.LINE_AA,
    )
    ys, xs = np.nonzero(mask)
    if len(xs) == 0:
        return
    pad = int(width)
    y0, y1 = max(0, ys.min() - pad), min(h, ys.max() + pad + 1)
    x0, x1 = max(0, xs.min() - pad), min(w, xs.max() + pad + 1)
    m = cv2.GaussianBlur(mask[y0:y1, x0:x1], (0, 0), 1.2)
    shade = cv2.GaussianBlur(m, (0, 0), width / 4)
    col = skin[None, None, :] * (0.75 + 0.25 * shade[..., None])
    roi = canvas[y0:y1, x0:x1]
    roi[:] = roi * (1 - m[..., None]) + col * m[..., None]


def _sheet(rng, canvas: np.ndarray, page_mask: np.ndarray) -> None:
    h, w = canvas.shape[:2]
    for _ in range(30):
        sw, sh = rng.uniform(0.12, 0.4) * h, rng.uniform(0.12, 0.45) * h
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        ang = math.radians(rng.uniform(-30, 30)) if rng.random() < 0.6 else 0.0
        rect = np.array(
            [[-sw / 2, -sh / 2], [sw / 2, -sh / 2], [sw / 2, sh / 2], [-sw / 2, sh / 2]]
        )
        rot = np.array([[math.cos(ang), -math.sin(ang)], [math.sin(ang), math.cos(ang)]])
        quad = (rect @ rot.T + (cx, cy)).astype(np.float32)
        m = cv2.fillPoly(np.zeros((h, w), np.uint8), [quad.astype(np.int32)], 1)
        if (m & (page_mask > 0.5)).sum() > 0.02 * m.sum():
            continue
        if rng.random() < 0.6:
            colour = np.full(3, rng.uniform(215, 250), np.float32)
        else:
            colour = _hsv_colour(rng.uniform(0, 180), rng.uniform(0.2, 0.7), rng.uniform(0.6, 1.0))
        paper = np.empty((64, 48, 3), np.float32)
        paper[:] = colour
        if rng.random() < 0.5:
            for y in range(8, 60, 5):
                paper[y, 6 : int(rng.integers(15, 44))] *= 0.4
        _paste(canvas, paper, quad, shadow=rng.uniform(0, 6))
        return


def _lighting(rng, w: int, h: int) -> np.ndarray:
    # smooth by nature: computed on a quarter-size grid, then enlarged
    sw, sh = w // 4, h // 4
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32) * 4
    g = rng.uniform(-0.25, 0.25)
    ang = rng.uniform(0, 2 * math.pi)
    lin = 1 + g * ((xx - w / 2) * math.cos(ang) + (yy - h / 2) * math.sin(ang)) / w
    r2 = ((xx - w / 2) ** 2 + (yy - h / 2) ** 2) / (w * w / 4)
    illum = lin * (1 - rng.uniform(0, 0.3) * r2)
    if rng.random() < 0.5:  # a shadow band (an arm, the officer's head, a monitor)
        ang = rng.uniform(0, math.pi)
        off = rng.uniform(-0.3, 0.3) * w
        u = (xx - w / 2) * math.cos(ang) + (yy - h / 2) * math.sin(ang) - off
        width = rng.uniform(0.1, 0.35) * w
        band = (np.abs(u) < width / 2).astype(np.float32)
        band = cv2.GaussianBlur(band, (0, 0), rng.uniform(8, 45) / 4)
        illum *= 1 - rng.uniform(0.25, 0.55) * band
    return cv2.resize(illum, (w, h), interpolation=cv2.INTER_LINEAR)


def desk_photo(
    seed: int,
    kind: str | None = None,
    size: tuple[int, int] = (1600, 1200),
    page: np.ndarray | None = None,
) -> SynthPhoto:
    """A camera shot of one A4 paper lying on a desk; the same seed gives the same photo.
    `page` (BGR) replaces the generated paper, e.g. one carrying codes to read back."""
    rng = np.random.default_rng(seed)
    kind = kind or str(rng.choice(KINDS))
    w, h = size
    desk_kind = {"hand": "dark", "clutter": "dark"}.get(kind, kind)
    if kind in ("hand", "clutter") and rng.random() < 0.4:
        desk_kind = str(rng.choice(["light", "wood", "pattern"]))
    canvas = _desk(rng, desk_kind, w, h).astype(np.float32)
    quad = _page_quad(rng, w, h)
    page_mask = cv2.fillPoly(np.zeros((h, w), np.float32), [quad.astype(np.int32)], 1.0)
    if kind == "clutter" or rng.random() < 0.15:
        for _ in range(int(rng.integers(1, 4))):
            _sheet(rng, canvas, cv2.dilate(page_mask, np.ones((9, 9), np.uint8)))
    paper = render_page(rng, dpi=100, seal=rng.random() < 0.7, table=rng.random() < 0.6)
    page = (paper if page is None else page).astype(np.float32)
    tint = rng.uniform(0.86, 1.0, 3).astype(np.float32)
    page *= tint * rng.uniform(0.85, 1.0)
    _paste(canvas, page, quad, shadow=rng.uniform(0, 5) if rng.random() < 0.5 else 0.0)
    if kind == "hand" or rng.random() < 0.1:
        for _ in range(int(rng.integers(1, 3))):
            _finger(rng, canvas, quad)
    canvas *= _lighting(rng, w, h)[..., None]
    canvas *= rng.normal(1, 0.05, 3).astype(np.float32)  # white balance of the camera
    sigma = rng.uniform(0.3, 1.4)
    canvas = cv2.GaussianBlur(canvas, (0, 0), sigma)
    canvas += rng.normal(0, rng.uniform(1, 5), canvas.shape).astype(np.float32)
    img = np.clip(canvas, 0, 255).astype(np.uint8)
    _, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(60, 93))])
    img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    return SynthPhoto(img, quad, kind)
