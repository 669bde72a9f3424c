"""Opening what an officer imports or a scanner drops: photos, scans, PDFs — safely.

Files come from phones, USB sticks and scanner software, so nothing is trusted. A commune PC
has 4 GB, and a 125 KB TIFF can hold thirty pages of 60 megapixels each, so:

- only regular files are opened (not /dev/zero, not a FIFO), no bigger than MAX_FILE_BYTES,
  and an image is decoded from the file, never read whole first;
- every page's size is read from its header, and checked with the whole document's total,
  before any pixel is decoded (a 30 000 × 30 000 PNG of a few kilobytes would otherwise ask
  for 2.7 GB);
- pages are decoded one at a time (`iter_pages`), so a document costs its largest page;
- a PDF page is rendered at the asked dpi but never beyond a limit, however big the page
  says it is (a poster; desk.scan.pdf_pages);
- broken files and non-images are refused with a message the officer can act on, and the
  camera's EXIF orientation is applied so a portrait photo is not stored on its side.

Images come back as OpenCV BGR uint8 arrays.
"""

import io
import warnings
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from desk.errors import ImageError, InvalidInput
from desk.inputs import open_regular, read_file

MAX_PIXELS = 60_000_000  # one decoded page: A3 at 400 dpi, any phone's default photo
MAX_DOCUMENT_PIXELS = 1_200_000_000  # all pages of one file: 300 A4 pages at 200 dpi
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_SIDE = 20_000
MIN_SIDE = 32
MAX_PDF_PAGES = 300
PDF_DPI = 200

Source = str | Path | bytes | bytearray | memoryview


def _who(name: str) -> str:
    return f" {name}" if name else ""


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-")


def load_image(source: Source, *, fit: int | None = None) -> np.ndarray:
    """The image (first page of a PDF or multi-page TIFF) as BGR uint8.

    `fit`: the caller only needs a copy whose long side is about this many pixels (a
    thumbnail): a JPEG is then decoded at 1/2, 1/4 or 1/8 size, still at least that big."""
    return next(iter_pages(source, first_only=True, fit=fit))


def load_pages(
    source: Source, *, pdf_dpi: int = PDF_DPI, first_only: bool = False
) -> list[np.ndarray]:
    """Every page at once, for small documents; a long one should use `iter_pages`."""
    return list(iter_pages(source, pdf_dpi=pdf_dpi, first_only=first_only))


def iter_pages(
    source: Source, *, pdf_dpi: int = PDF_DPI, first_only: bool = False, fit: int | None = None
) -> Iterator[np.ndarray]:
    """The pages of an image file (JPEG, PNG, TIFF, BMP, WebP) or a PDF, one at a time, as
    BGR uint8. Every size limit is checked before the first page is decoded."""
    with ExitStack() as stack:
        fh, name, path = _open(source, stack)
        head = fh.read(1024)
        fh.seek(0)
        if not head:
            raise ImageError(f"Tệp{_who(name)} rỗng.")
        if is_pdf(head):
            from desk.scan.pdf_pages import pdf_pages

            yield from pdf_pages(fh, path, name, pdf_dpi, first_only, stack)
        else:
            yield from image_pages(fh, name, first_only, fit)


def read_image_file(path: str | Path) -> bytes:
    """The bytes of a photo or scan a person picked: a regular file, at most MAX_FILE_BYTES
    (ImageError in Vietnamese otherwise, before anything is read)."""
    try:
        return read_file(Path(path), limit=MAX_FILE_BYTES, what="tệp ảnh")
    except InvalidInput as exc:
        raise ImageError(exc.message, detail=str(path)) from None


def _open(source: Source, stack: ExitStack) -> tuple[BinaryIO, str, Path | None]:
    if isinstance(source, bytes | bytearray | memoryview):
        if len(source) > MAX_FILE_BYTES:
            raise ImageError(_too_big_file("", len(source)))
        return io.BytesIO(bytes(source)), "", None
    path = Path(source)
    try:
        fh = stack.enter_context(open_regular(path, what="tệp ảnh", limit=MAX_FILE_BYTES))
    except InvalidInput as exc:
        raise ImageError(exc.message, detail=str(path)) from None
    return fh, path.name, path


def _too_big_file(name: str, size: int) -> str:
    return (
        f"Tệp{_who(name)} quá lớn ({size // (1024 * 1024)} MB, tối đa "
        f"{MAX_FILE_BYTES // (1024 * 1024)} MB); hãy quét lại ở độ phân giải thấp hơn "
        "hoặc chia thành nhiều tệp."
    )


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


def check_total(total: int, pages: int, name: str) -> None:
    if total > MAX_DOCUMENT_PIXELS:
        raise ImageError(
            f"Tệp{_who(name)} quá lớn: {pages} trang, tổng cộng {total // 1_000_000} triệu điểm "
            f"ảnh (tối đa {MAX_DOCUMENT_PIXELS // 1_000_000} triệu); hãy quét lại ở độ phân giải "
            "thấp hơn hoặc chia thành nhiều tệp."
        )


def _open_image(fh: BinaryIO, name: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we check below
            return Image.open(fh)  # reads the header only
    except Image.DecompressionBombError:
        raise ImageError(
            f"Ảnh{_who(name)} quá lớn; hãy chụp hoặc quét lại ở độ phân giải thấp hơn."
        ) from None
    except UnidentifiedImageError:
        raise ImageError(f"Tệp{_who(name)} không phải là ảnh hoặc PDF đọc được.") from None
    except Exception as exc:  # Pillow raises many kinds for bad headers
        raise ImageError(f"Tệp ảnh{_who(name)} bị hỏng.", detail=repr(exc)) from None


def _draft_factor(im: Image.Image, fit: int | None = None) -> int:
    """A 100-megapixel phone photo: JPEG decodes at 1/2, 1/4 or 1/8 size for free; so does
    one only wanted `fit` pixels long."""
    w, h = im.size
    if im.format != "JPEG" or max(w, h) > MAX_SIDE:
        return 1
    if fit:
        small = [f for f in (8, 4, 2) if max(w, h) // f >= fit]
        if small:
            return small[0]
    if w * h <= MAX_PIXELS:
        return 1
    return next((f for f in (2, 4, 8) if (w // f) * (h // f) <= MAX_PIXELS), 8)


def _frame_sizes(im: Image.Image, name: str, first_only: bool) -> list[tuple[int, int]]:
    """Each page's decoded size, from the headers alone; refuses before any decoding."""
    count = 1
    if im.format in {"TIFF", "MPO"} and not first_only:
        try:
            count = getattr(im, "n_frames", 1)
        except Exception as exc:
            raise ImageError(f"Tệp ảnh{_who(name)} bị hỏng.", detail=repr(exc)) from None
        if count > MAX_PDF_PAGES:
            raise ImageError(
                f"Tệp{_who(name)} có {count} trang (tối đa {MAX_PDF_PAGES}); hãy chia thành nhiều tệp."
            )
    sizes = []
    total = 0
    try:
        for i in range(count):
            im.seek(i)
            f = _draft_factor(im)
            w, h = im.size[0] // f, im.size[1] // f
            _check_size(w, h, name if count == 1 else f"{name} (trang {i + 1})".strip())
            sizes.append((w, h))
            total += w * h
        im.seek(0)
    except ImageError:
        raise
    except Exception as exc:
        raise ImageError(f"Tệp ảnh{_who(name)} bị hỏng.", detail=repr(exc)) from None
    check_total(total, count, name)
    return sizes


def image_pages(
    fh: BinaryIO, name: str, first_only: bool, fit: int | None = None
) -> Iterator[np.ndarray]:
    im = _open_image(fh, name)
    sizes = _frame_sizes(im, name, first_only)
    for i in range(len(sizes)):
        try:
            im.seek(i)
            f = _draft_factor(im, fit)
            if f > 1:
                w, h = im.size
                im.draft("RGB", (w // f, h // f))
            im.load()
            orientation = im.getexif().get(0x0112, 1) if i == 0 else 1
            page = _to_bgr(im, release=len(sizes) == 1)
        except Exception as exc:  # truncated data, bad codec parameters…
            raise ImageError(
                f"Tệp ảnh{_who(name)} bị hỏng hoặc không đầy đủ.", detail=repr(exc)
            ) from None
        yield _orient(page, orientation)
        del page


# EXIF orientation → what turns the stored pixels the way the camera was held.
_ORIENT: dict[int, Callable[[np.ndarray], np.ndarray]] = {
    2: lambda a: cv2.flip(a, 1),
    3: lambda a: cv2.rotate(a, cv2.ROTATE_180),
    4: lambda a: cv2.flip(a, 0),
    5: lambda a: cv2.transpose(a),
    6: lambda a: cv2.rotate(a, cv2.ROTATE_90_CLOCKWISE),
    7: lambda a: cv2.rotate(cv2.transpose(a), cv2.ROTATE_180),
    8: lambda a: cv2.rotate(a, cv2.ROTATE_90_COUNTERCLOCKWISE),
}


def _orient(page: np.ndarray, orientation) -> np.ndarray:
    turn = _ORIENT.get(orientation) if isinstance(orientation, int) else None
    return turn(page) if turn else page


def _to_bgr(im: Image.Image, *, release: bool = False) -> np.ndarray:
    """The decoded frame as BGR, with as few whole-page copies alive at once as we can: a
    60-megapixel page is 180 MB, and each needless copy is another 180 MB. `release`: the
    image is done with once its bytes are taken (a one-page file)."""
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        a = np.asarray(im)
        gray = cv2.convertScaleAbs(a, alpha=255.0 / max(1.0, float(a.max())))
        return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, rgba)
    grey = im.mode in ("1", "L")
    src = im if im.mode == ("L" if grey else "RGB") else im.convert("L" if grey else "RGB")
    out = _pixels(src)
    if src is not im:
        src.close()
    elif release:
        im.close()  # the decoded pixels go now, not after the page is processed
    del src
    if grey:
        return cv2.cvtColor(out, cv2.COLOR_GRAY2BGR)
    return cv2.cvtColor(out, cv2.COLOR_RGB2BGR, dst=out)  # in place: no second page


def _pixels(im: Image.Image) -> np.ndarray:
    """An "L" or "RGB" image's pixels in a writable array of their own, copied a strip at a
    time (Image.tobytes would hold every strip and then their join: two more pages)."""
    w, h = im.size
    out = np.empty((h, w) if im.mode == "L" else (h, w, 3), np.uint8)
    flat = out.reshape(-1)
    try:
        encoder = Image._getencoder(im.mode, "raw", im.mode)
    except AttributeError:  # a Pillow without it: the plain way
        flat[:] = np.frombuffer(im.tobytes(), np.uint8)
        return out
    pos, size = 0, max(1 << 20, w * 4)
    try:
        encoder.setimage(im.im, (0, 0, w, h))
        while True:
            _, status, chunk = encoder.encode(size)
            flat[pos : pos + len(chunk)] = np.frombuffer(chunk, np.uint8)
            pos += len(chunk)
            if status:
                break
    finally:
        encoder.cleanup()
    if status < 0 or pos != flat.size:
        raise ValueError(f"raw copy ended with {status} after {pos} of {flat.size} bytes")
    return out


def page_bytes(page: np.ndarray) -> bytes:
    """A page taken out of a PDF or multi-page TIFF, to be stored on its own: grey pages
    (scans of print) as lossless PNG, colour ones as a good JPEG."""
    grey = page.ndim == 2 or bool(
        np.array_equal(page[..., 0], page[..., 1]) and np.array_equal(page[..., 1], page[..., 2])
    )
    if grey:
        ok, buf = cv2.imencode(".png", page if page.ndim == 2 else page[..., 0])
    else:
        ok, buf = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 95])
    if not ok:
        raise ImageError("Không lưu được trang ảnh.")
    return buf.tobytes()


def page_blobs(data: bytes) -> list[bytes]:
    """What to keep of a file, one blob per page: the file itself when it is one image (raw,
    as taken), else each page of a PDF or multi-page TIFF re-encoded, decoded one at a time.
    Refuses (ImageError) what does not decode, before anything is kept."""
    data = bytes(data)
    blobs: list[bytes] = []
    first = None
    count = 0
    for page in iter_pages(data):
        count += 1
        if count == 1:
            first = page  # one image: the file itself is kept, this only proved it decodes
            continue
        if first is not None:
            blobs.append(page_bytes(first))
            first = None
        blobs.append(page_bytes(page))
    if count == 1 and is_pdf(data):
        return [page_bytes(first)] if first is not None else []
    return blobs if count > 1 else [data]
