"""Opening what an officer imports or a scanner drops: photos, scans, PDFs — safely.

Files come from phones, USB sticks and scanner software, so nothing is trusted: the size is
read from the header and checked before any pixel is decoded (a 30 000 × 30 000 PNG of a few
kilobytes would otherwise ask for 2.7 GB), broken files and non-images are refused with a
message the officer can act on, and the camera's EXIF orientation is applied so a portrait
photo is not stored on its side. Images come back as OpenCV BGR uint8 arrays.
"""

import io
import re
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from desk.errors import ImageError

MAX_PIXELS = 60_000_000  # decoded size we accept: A3 at 400 dpi, any phone's default photo
MAX_SIDE = 20_000
MIN_SIDE = 32
MAX_PDF_PAGES = 300
PDF_DPI = 200

Source = str | Path | bytes | bytearray | memoryview


def _open_bytes(source: Source) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), ""
    path = Path(source)
    try:
        return path.read_bytes(), path.name
    except FileNotFoundError:
        raise ImageError(f"Không tìm thấy tệp {path.name}.", detail=str(path)) from None
    except IsADirectoryError:
        raise ImageError(
            f"{path.name} là một thư mục, không phải tệp ảnh.", detail=str(path)
        ) from None
    except OSError as exc:
        raise ImageError(f"Không đọc được tệp {path.name}.", detail=str(exc)) from None


def _who(name: str) -> str:
    return f" {name}" if name else ""


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-")


def load_image(source: Source) -> np.ndarray:
    """The image (first page of a PDF or multi-page TIFF) as BGR uint8."""
    return load_pages(source, first_only=True)[0]


def load_pages(
    source: Source, *, pdf_dpi: int = PDF_DPI, first_only: bool = False
) -> list[np.ndarray]:
    """Every page of an image file (JPEG, PNG, TIFF, BMP, WebP) or a PDF, as BGR uint8."""
    data, name = _open_bytes(source)
    if not data:
        raise ImageError(f"Tệp{_who(name)} rỗng.")
    if is_pdf(data):
        return _pdf_pages(data, name, pdf_dpi, first_only)
    return _image_pages(data, name, first_only)


def _check_size(w: int, h: int, name: str) -> None:
    if w < MIN_SIDE or h < MIN_SIDE:
        raise ImageError(
            f"Ảnh{_who(name)} quá nhỏ ({w}×{h} điểm ảnh); cần ít nhất {MIN_SIDE}×{MIN_SIDE}.",
        )
    if w > MAX_SIDE or h > MAX_SIDE or w * h > MAX_PIXELS:
        raise ImageError(
            f"Ảnh{_who(name)} quá lớn ({w}×{h} điểm ảnh, tối đa {MAX_PIXELS // 1_000_000} triệu); "
            "hãy chụp hoặc quét lại ở độ phân giải thấp hơn.",
        )


def _image_pages(data: bytes, name: str, first_only: bool) -> list[np.ndarray]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we check below
            im = Image.open(io.BytesIO(data))  # reads the header only
    except Image.DecompressionBombError:
        raise ImageError(
            f"Ảnh{_who(name)} quá lớn; hãy chụp hoặc quét lại ở độ phân giải thấp hơn."
        ) from None
    except UnidentifiedImageError:
        raise ImageError(f"Tệp{_who(name)} không phải là ảnh hoặc PDF đọc được.") from None
    except Exception as exc:  # Pillow raises many kinds for bad headers
        raise ImageError(f"Tệp ảnh{_who(name)} bị hỏng.", detail=repr(exc)) from None
    pages = []
    n_frames = 1 if first_only else min(getattr(im, "n_frames", 1), MAX_PDF_PAGES)
    if im.format not in {"TIFF", "MPO"}:
        n_frames = 1  # an animated GIF/WebP is not a stack of pages
    for i in range(n_frames):
        try:
            im.seek(i)
            w, h = im.size
            if im.format == "JPEG" and w * h > MAX_PIXELS and max(w, h) <= MAX_SIDE:
                # a 100-megapixel phone photo: JPEG decodes at 1/2, 1/4 or 1/8 size for free
                f = next((f for f in (2, 4, 8) if (w // f) * (h // f) <= MAX_PIXELS), 8)
                im.draft("RGB", (w // f, h // f))
                w, h = im.size
            _check_size(w, h, name)
            im.load()
            frame = ImageOps.exif_transpose(im) if i == 0 else im.copy()
            pages.append(_to_bgr(frame))
        except ImageError:
            raise
        except Exception as exc:  # truncated data, bad codec parameters…
            raise ImageError(
                f"Tệp ảnh{_who(name)} bị hỏng hoặc không đầy đủ.", detail=repr(exc)
            ) from None
    return pages


def _to_bgr(im: Image.Image) -> np.ndarray:
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        a = np.asarray(im, dtype=np.float32)
        a = (a * (255.0 / max(1.0, float(a.max())))).astype(np.uint8)
        return np.repeat(a[..., None], 3, axis=2)[..., ::-1].copy()
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, rgba)
    rgb = np.asarray(im.convert("RGB"))
    return np.ascontiguousarray(rgb[..., ::-1])


_PAGES_RE = re.compile(r"^Pages:\s+(\d+)", re.MULTILINE)
_SIZE_RE = re.compile(r"^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts", re.MULTILINE)


def _pdf_pages(data: bytes, name: str, dpi: int, first_only: bool) -> list[np.ndarray]:
    pdfinfo, pdftoppm = shutil.which("pdfinfo"), shutil.which("pdftoppm")
    if not pdfinfo or not pdftoppm:
        raise ImageError(
            "Máy chưa có công cụ đọc PDF (poppler: pdftoppm, pdfinfo); hãy cài poppler "
            "hoặc nhập ảnh thay cho PDF."
        )
    with tempfile.TemporaryDirectory(prefix="desk-pdf-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(data)
        info = subprocess.run(
            [pdfinfo, "-f", "1", "-l", str(MAX_PDF_PAGES), str(src)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        pages = _PAGES_RE.search(info.stdout)
        if "page count 0" in info.stderr.lower() or (pages and int(pages.group(1)) == 0):
            raise ImageError(f"Tệp PDF{_who(name)} không có trang nào.")
        if info.returncode != 0 or not pages:
            raise ImageError(
                f"Tệp PDF{_who(name)} bị hỏng hoặc không đọc được.", detail=info.stderr[-500:]
            )
        count = min(int(pages.group(1)), 1 if first_only else MAX_PDF_PAGES)
        sizes = {
            int(m.group(1)): (float(m.group(2)), float(m.group(3)))
            for m in _SIZE_RE.finditer(info.stdout)
        }
        out = []
        for page in range(1, count + 1):
            w_pt, h_pt = sizes.get(page, (595.0, 842.0))
            # a poster-sized page is rendered at a lower dpi rather than refused
            page_dpi = dpi
            while (w_pt / 72 * page_dpi) * (h_pt / 72 * page_dpi) > MAX_PIXELS and page_dpi > 20:
                page_dpi = int(page_dpi * 0.8)
            stem = Path(tmp) / f"p{page}"
            run = subprocess.run(
                [
                    pdftoppm,
                    "-r",
                    str(page_dpi),
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-png",
                    "-singlefile",
                    str(src),
                    str(stem),
                ],
                capture_output=True,
                timeout=120,
                check=False,
            )
            png = stem.with_suffix(".png")
            if run.returncode != 0 or not png.exists():
                raise ImageError(
                    f"Không đọc được trang {page} của tệp PDF{_who(name)}.",
                    detail=run.stderr[-500:].decode("utf-8", "replace"),
                )
            out.extend(_image_pages(png.read_bytes(), f"{name} (trang {page})".strip(), True))
        return out
