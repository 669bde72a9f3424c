"""Opening imported photos, scans and PDFs safely; bad files get a Vietnamese message."""

import io
import struct
import zlib

import cv2
import numpy as np
import pytest
from helpers import require_tool
from PIL import Image
from pypdf import PdfWriter

from desk.errors import ImageError
from desk.scan.imageio import MAX_PIXELS, load_image, load_pages
from desk.scan.pdf import paper_pdf


def _png_header_only(w: int, h: int) -> bytes:
    """A tiny PNG file claiming w×h pixels (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _encoded(array: np.ndarray, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, format=fmt, **kw)
    return buf.getvalue()


def _vietnamese(message: str) -> bool:
    return any(ch in message for ch in "ảáàạãâấầậăắằặêếềệôốồộơớờợưứừựđĐ")


def _empty_pdf() -> bytes:
    buf = io.BytesIO()
    PdfWriter().write(buf)
    return buf.getvalue()


def _truncated_jpeg() -> bytes:
    data = _encoded(
        np.random.default_rng(0).integers(0, 255, (400, 300, 3), dtype=np.uint8), "JPEG"
    )
    return data[: len(data) // 2]


BAD = {
    "bomb": lambda: _png_header_only(30_000, 30_000),
    "tiny": lambda: _encoded(np.zeros((1, 1, 3), np.uint8), "PNG"),
    "not an image": lambda: "Họ và tên: Nguyễn Văn An\n".encode() * 20,
    "truncated": _truncated_jpeg,
    "pdf without pages": _empty_pdf,
    "broken pdf": lambda: b"%PDF-1.4\n1 0 obj garbage",
    "empty": lambda: b"",
}


@pytest.mark.parametrize("kind", list(BAD))
def test_bad_input_is_refused_with_a_vietnamese_message(kind):
    if "pdf" in kind:
        require_tool("pdfinfo")
    with pytest.raises(ImageError) as exc:
        load_pages(BAD[kind]())
    assert exc.value.message and _vietnamese(exc.value.message)


def test_a_decompression_bomb_is_refused_before_decoding():
    bomb = _png_header_only(30_000, 30_000)
    assert len(bomb) < 1000
    with pytest.raises(ImageError) as exc:
        load_image(bomb)
    assert "quá lớn" in exc.value.message
    with pytest.raises(ImageError):
        load_image(_png_header_only(12_000, 6_000))  # 72 MP > MAX_PIXELS
    assert MAX_PIXELS < 12_000 * 6_000


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(ImageError) as exc:
        load_image(tmp_path / "khong-co.jpg")
    assert "khong-co.jpg" in exc.value.message


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "TIFF", "BMP", "WEBP"])
def test_common_formats_load_as_bgr(fmt, tmp_path):
    rgb = np.zeros((60, 80, 3), np.uint8)
    rgb[..., 0] = 200  # red in RGB
    path = tmp_path / f"a.{fmt.lower()}"
    path.write_bytes(_encoded(rgb, fmt, **({"quality": 95} if fmt in ("JPEG", "WEBP") else {})))
    img = load_image(path)
    assert img.shape == (60, 80, 3) and img.dtype == np.uint8
    assert img[30, 40, 2] > 150 and img[30, 40, 0] < 60  # red lands in the R of BGR


def test_exif_orientation_is_applied():
    im = Image.fromarray(np.zeros((100, 200, 3), np.uint8))
    exif = im.getexif()
    exif[0x0112] = 6  # the camera was turned: rotate 90° clockwise to view
    buf = io.BytesIO()
    im.save(buf, format="JPEG", exif=exif)
    assert load_image(buf.getvalue()).shape[:2] == (200, 100)


def test_transparency_becomes_white_paper():
    rgba = np.zeros((40, 40, 4), np.uint8)  # fully transparent black
    img = load_image(_encoded(rgba, "PNG"))
    assert img.min() == 255


def test_sixteen_bit_scans_load():
    gray16 = (np.arange(64 * 64, dtype=np.uint16).reshape(64, 64) * 16).astype(np.uint16)
    img = load_image(_encoded(gray16, "PNG"))
    assert img.shape == (64, 64, 3) and img.max() == 255


def test_every_page_of_a_multipage_tiff():
    pages = [Image.fromarray(np.full((50, 40), v, np.uint8)) for v in (10, 240)]
    buf = io.BytesIO()
    pages[0].save(buf, format="TIFF", save_all=True, append_images=pages[1:])
    loaded = load_pages(buf.getvalue())
    assert [p[0, 0, 0] for p in loaded] == [10, 240]


def test_pdf_pages_are_rendered_at_the_asked_dpi():
    require_tool("pdftoppm")
    page = np.full((2339, 1654, 3), 255, np.uint8)
    cv2.putText(page, "TRANG", (200, 400), cv2.FONT_HERSHEY_SIMPLEX, 6, (0, 0, 0), 12)
    pdf = paper_pdf([page, page], ["gray", "bw"], 200).data
    loaded = load_pages(pdf, pdf_dpi=100)
    assert len(loaded) == 2
    assert abs(loaded[0].shape[1] - 827) <= 2 and abs(loaded[0].shape[0] - 1170) <= 2
    assert loaded[0].min() < 50  # the print is there
    assert abs(load_image(pdf).shape[0] - 2339) <= 2  # the default: 200 dpi
