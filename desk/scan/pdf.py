"""Small, legal PDFs of scanned papers: one PDF per paper, named `{mã hồ sơ}.{n}.pdf`.

Each page is compressed once — 1-bit pages as CCITT G4, grey and colour pages as JPEG — and
img2pdf pastes those bytes into the PDF untouched (never reportlab, which re-encodes and
inflates scans), with the page's physical size taken from its dpi. The functions are pure:
bytes in, bytes out; the encoded pages are returned too, so the store can keep each page by
its SHA-256.
"""

import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import img2pdf
import numpy as np
from PIL import Image

from desk.errors import InvalidInput

JPEG_QUALITY = {"color": 60, "gray": 55}
# Print is edges on flat paper: keep the low frequencies (shapes, seal colour) at the chosen
# quality and quantise the highest ones this many times coarser (ringing nobody reads).
# On a dense A4 form at 200 dpi this saves ~20% against the standard tables at the same
# quality, with the same print recovered and every code still decoding.
DETAIL_DROP = 3.5
_LUMA = (
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
)  # fmt: skip  # ITU-T T.81 Annex K, natural order
_CHROMA = (
    17,
    18,
    24,
    47,
    99,
    99,
    99,
    99,
    18,
    21,
    26,
    66,
    99,
    99,
    99,
    99,
    24,
    26,
    56,
    99,
    99,
    99,
    99,
    99,
    47,
    66,
    99,
    99,
    99,
    99,
    99,
    99,
    *([99] * 32),
)
_BAD_NAME = re.compile(r"[\\/:*?\"<>|\x00-\x1f]")


def text_qtables(quality: int, drop: float = DETAIL_DROP) -> list[list[int]]:
    """Luma and chroma quantisation tables for pages of print (see DETAIL_DROP)."""
    scale = 5000 / quality if quality < 50 else 200 - 2 * quality
    u, v = np.meshgrid(np.arange(8), np.arange(8))
    ramp = (1 + (drop - 1) * (u + v) / 14).ravel()
    out = []
    for base in (_LUMA, _CHROMA):
        t = np.floor((np.array(base) * scale + 50) / 100) * ramp
        out.append([int(x) for x in np.clip(np.round(t), 1, 255)])
    return out


@dataclass(frozen=True)
class EncodedPage:
    """One page exactly as it sits in the PDF."""

    data: bytes  # a JPEG (grey/colour) or a CCITT G4 TIFF (1-bit)
    media_type: str  # "image/jpeg" or "image/tiff"
    mode: str  # "color", "gray" or "bw"
    width: int
    height: int
    dpi: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def size_mm(self) -> tuple[float, float]:
        return self.width / self.dpi * 25.4, self.height / self.dpi * 25.4


@dataclass(frozen=True)
class PaperPdf:
    """The PDF of one paper and the pages inside it."""

    data: bytes
    pages: list[EncodedPage]


def encode_page(
    page: np.ndarray, mode: str, dpi: int = 200, quality: int | None = None
) -> EncodedPage:
    """Compress one page: `bw` (0/255 grey array) → CCITT G4, `gray` → grey JPEG,
    `color` (BGR) → JPEG with 4:2:0 chroma (the eye and the law need colour, not colour
    detail)."""
    if page.ndim not in (2, 3) or min(page.shape[:2]) < 1:
        raise InvalidInput("Trang ảnh không hợp lệ để nén.")
    h, w = page.shape[:2]
    buf = io.BytesIO()
    if mode == "bw":
        gray = page if page.ndim == 2 else page[..., 0]
        im = Image.fromarray(np.where(gray >= 128, 255, 0).astype(np.uint8)).convert("1")
        im.save(buf, format="TIFF", compression="group4", dpi=(dpi, dpi))
        return EncodedPage(buf.getvalue(), "image/tiff", mode, w, h, dpi)
    if mode == "gray":
        gray = page if page.ndim == 2 else np.asarray(Image.fromarray(page[..., ::-1]).convert("L"))
        im = Image.fromarray(gray)
    elif mode == "color":
        im = Image.fromarray(
            np.ascontiguousarray(page[..., ::-1]) if page.ndim == 3 else page
        ).convert("RGB")
    else:
        raise InvalidInput(f"Chế độ nén '{mode}' không hợp lệ (color, gray, bw).")
    tables = text_qtables(quality or JPEG_QUALITY[mode])
    if mode == "gray":
        tables = tables[:1]
    im.save(buf, format="JPEG", qtables=tables, subsampling=2, optimize=True, dpi=(dpi, dpi))
    return EncodedPage(buf.getvalue(), "image/jpeg", mode, w, h, dpi)


def build_pdf(pages: Sequence[EncodedPage], *, title: str | None = None) -> bytes:
    """A PDF with one page per encoded image, each at its own physical size; the same pages
    always give the same bytes (no timestamps), so identical scans are stored once."""
    if not pages:
        raise InvalidInput("Không có trang nào để tạo PDF.")
    return img2pdf.convert(
        [p.data for p in pages],
        title=title,
        producer="desk",
        nodate=True,
        engine=img2pdf.Engine.internal,
    )


def paper_pdf(
    pages: Sequence[np.ndarray],
    modes: Sequence[str],
    dpi: int | Sequence[int] = 200,
    *,
    title: str | None = None,
) -> PaperPdf:
    """Encode prepared pages (already in their colour mode) and wrap them into one PDF;
    `dpi` is one for all pages or one per page (each page keeps its physical size)."""
    dpis = [dpi] * len(pages) if isinstance(dpi, int) else list(dpi)
    encoded = [encode_page(p, m, d) for p, m, d in zip(pages, modes, dpis, strict=True)]
    return PaperPdf(build_pdf(encoded, title=title), encoded)


def paper_file_name(dossier_code: str, n: int) -> str:
    """`{mã hồ sơ}.{n}.pdf`, the name TT 05/2025/TT-BNV (Art. 8.1.d) gives the n-th paper."""
    code = (dossier_code or "").strip()
    if not code or _BAD_NAME.search(code) or code in {".", ".."}:
        raise InvalidInput(f"Mã hồ sơ '{dossier_code}' không dùng được làm tên tệp.")
    if not isinstance(n, int) or n < 1:
        raise InvalidInput(f"Số thứ tự thành phần hồ sơ phải là số nguyên dương (nhận được {n}).")
    return f"{code}.{n}.pdf"
