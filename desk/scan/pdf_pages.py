"""The pages of a PDF as images, through poppler (pdfinfo, pdftoppm), one at a time.

Every page's size is read first (pdfinfo) and the document's total is checked before any
page is rendered; a page is rendered at the asked dpi but never beyond PDF_MAX_PIXELS, so a
9.5 KB PDF of poster-sized pages costs what an A4 page at 600 dpi does. Each rendered page
goes through the same image loader as a photo (desk.scan.imageio).
"""

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

import numpy as np

from desk.errors import ImageError
from desk.scan.imageio import MAX_PDF_PAGES, check_total, image_pages

PDF_MAX_PIXELS = 35_000_000  # a rendered PDF page: A4 at 600 dpi; a poster is rendered lower


def _who(name: str) -> str:
    return f" {name}" if name else ""


_PAGES_RE = re.compile(r"^Pages:\s+(\d+)", re.MULTILINE)
_SIZE_RE = re.compile(r"^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts", re.MULTILINE)


def render_dpi(w_pt: float, h_pt: float, dpi: int) -> int:
    """The dpi a PDF page is rendered at: the one asked, lowered until the page fits
    PDF_MAX_PIXELS (a poster-sized page is rendered smaller rather than refused)."""
    page_dpi = dpi
    while (w_pt / 72 * page_dpi) * (h_pt / 72 * page_dpi) > PDF_MAX_PIXELS and page_dpi > 20:
        page_dpi = int(page_dpi * 0.8)
    return page_dpi


def pdf_pages(
    fh: BinaryIO, path: Path | None, name: str, dpi: int, first_only: bool, stack: ExitStack
) -> Iterator[np.ndarray]:
    pdfinfo, pdftoppm = shutil.which("pdfinfo"), shutil.which("pdftoppm")
    if not pdfinfo or not pdftoppm:
        raise ImageError(
            "Máy chưa có công cụ đọc PDF (poppler: pdftoppm, pdfinfo); hãy cài poppler "
            "hoặc nhập ảnh thay cho PDF."
        )
    tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="desk-pdf-")))
    if path is None:  # bytes: poppler reads files
        path = tmp / "in.pdf"
        with open(path, "wb") as out:
            shutil.copyfileobj(fh, out)
    info = subprocess.run(
        [pdfinfo, "-f", "1", "-l", str(MAX_PDF_PAGES), str(path)],
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
    if int(pages.group(1)) > MAX_PDF_PAGES and not first_only:
        raise ImageError(
            f"Tệp PDF{_who(name)} có {pages.group(1)} trang (tối đa {MAX_PDF_PAGES}); "
            "hãy chia thành nhiều tệp."
        )
    count = 1 if first_only else int(pages.group(1))
    sizes = {
        int(m.group(1)): (float(m.group(2)), float(m.group(3)))
        for m in _SIZE_RE.finditer(info.stdout)
    }
    plan = []
    for page in range(1, count + 1):
        w_pt, h_pt = sizes.get(page, (595.0, 842.0))
        page_dpi = render_dpi(w_pt, h_pt, dpi)
        plan.append((page, page_dpi, round(w_pt / 72 * page_dpi) * round(h_pt / 72 * page_dpi)))
    check_total(sum(p[2] for p in plan), count, name)
    for page, page_dpi, _ in plan:
        stem = tmp / f"p{page}"
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
                str(path),
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
        label = f"{name} (trang {page})".strip()
        with open(png, "rb") as rendered:
            image = next(image_pages(rendered, label, True))
        png.unlink()
        yield image
