"""ESC/POS bytes for a rendered strip, built with python-escpos' Dummy printer.

The job is: ESC @ (initialise), the image as a raster in slices a cheap printer's
buffer takes, a feed past the cutter, a partial cut. No text bytes at all: Vietnamese
is already pixels, so the printer's code page never matters.

Modes: `raster` = GS v 0 (default, every printer we know), `graphics` = GS ( L (newer
Epson), `column` = ESC * (older or clone printers that misalign raster images).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from escpos.capabilities import BaseProfile, get_profile
from escpos.constants import PAPER_PART_CUT
from escpos.printer import Dummy
from PIL import Image

from desk.errors import InvalidInput


class ImageMode(StrEnum):
    RASTER = "raster"  # GS v 0
    GRAPHICS = "graphics"  # GS ( L
    COLUMN = "column"  # ESC *


_IMPL = {
    ImageMode.RASTER: "bitImageRaster",
    ImageMode.GRAPHICS: "graphics",
    ImageMode.COLUMN: "bitImageColumn",
}


@dataclass(frozen=True)
class EscposOptions:
    mode: ImageMode = ImageMode.RASTER
    # Rows per image command: 240 (a multiple of 24 and 8, so column stripes never get a
    # blank seam) is ~17 KB at 576 dots, within the receive buffer of cheap printers.
    fragment_height: int = 240
    column_dots: int = 24  # ESC * stripe height: 24, or 8 for printers that only know 8-dot
    feed_lines: int = 4  # ESC d n before the cut, so the last line clears the cutter
    cut: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", _mode(self.mode))
        if self.column_dots not in (8, 24):
            raise InvalidInput("Chế độ in cột ESC * chỉ có 8 hoặc 24 chấm.")
        if not 24 <= self.fragment_height <= 2400:
            raise InvalidInput("Chiều cao mỗi đoạn ảnh phải từ 24 đến 2400 chấm.")
        if not 0 <= self.feed_lines <= 255:
            raise InvalidInput("Số dòng đẩy giấy trước khi cắt phải từ 0 đến 255.")


def _mode(value: str) -> ImageMode:
    try:
        return ImageMode(value)
    except ValueError:
        raise InvalidInput(
            f"Chế độ in ảnh không hợp lệ: {value!r}. Chọn raster, graphics hoặc column."
        ) from None


@lru_cache(maxsize=8)
def _profile(width: int) -> BaseProfile:
    """The default profile told our width, so python-escpos checks it and stays quiet."""
    default = get_profile("default")
    data = dict(default.profile_data)
    data["media"] = {"dpi": 180 if width == 512 else 203, "width": {"mm": "", "pixels": width}}
    return type("DeskProfile", (type(default),), {"profile_data": data})()


def encode_images(images: Sequence[Image.Image], options: EscposOptions | None = None) -> bytes:
    """One job: initialise, then each strip followed by its feed and partial cut."""
    opts = options or EscposOptions()
    if not images:
        raise InvalidInput("Không có gì để in.")
    printer = Dummy()
    printer.profile = _profile(max(img.width for img in images))
    printer.hw("INIT")
    fragment = opts.fragment_height - opts.fragment_height % 24
    for img in images:
        strip = img.convert("1")
        tall = opts.mode != ImageMode.COLUMN or opts.column_dots == 24
        if not tall:
            # 8-dot ESC * prints each dot three rows tall: squeeze first to keep proportions.
            strip = strip.resize((strip.width, max(1, round(strip.height / 3))), Image.NEAREST)
        # Sliced here rather than by python-escpos, which would convert the whole strip
        # once more before slicing it (half the encoding time).
        for top in range(0, strip.height, fragment):
            piece = strip.crop((0, top, strip.width, min(strip.height, top + fragment)))
            printer.image(
                piece,
                impl=_IMPL[opts.mode],
                high_density_vertical=tall,
                high_density_horizontal=True,
                fragment_height=fragment,
            )
        if opts.feed_lines:
            printer.print_and_feed(opts.feed_lines)
        if opts.cut:
            printer._raw(PAPER_PART_CUT)
    return printer.output


def encode_image(img: Image.Image, options: EscposOptions | None = None) -> bytes:
    return encode_images([img], options)
