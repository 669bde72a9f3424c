"""The test page an officer prints when setting a printer up.

It answers the questions that go wrong in practice: is the width right (a millimetre
ruler across every dot, with marks at the first and last dot), do Vietnamese letters
with every tone mark come out, and can a phone read our QR off this printer.
"""

from datetime import datetime

from PIL import Image, ImageDraw

from .codes import qr_image
from .encode import EscposOptions, encode_image
from .fonts import SANS, FontFiles
from .media import Media, media_for
from .render import Align, Sheet
from .ticket import stamp

SAMPLES = (
    "Nguyễn Văn Đức · Phạm Thị Hương · Lê Quỳnh Anh",
    "a à á ả ã ạ  ă ằ ắ ẳ ẵ ặ  â ầ ấ ẩ ẫ ậ",
    "ê ề ế ể ễ ệ  ô ồ ố ổ ỗ ộ  ơ ờ ớ ở ỡ ợ",
    "ư ừ ứ ử ữ ự  y ỳ ý ỷ ỹ ỵ  đ Đ",
    "ẮẰẲẴẶ ẤẦẨẪẬ ỐỒỔỖỘ ỚỜỞỠỢ ỨỪỬỮỰ",
)


def ruler(media: Media) -> Image.Image:
    """Ticks every millimetre across the full width, numbered every centimetre."""
    height = media.dots(7)
    img = Image.new("1", (media.width, height), 1)
    pen = ImageDraw.Draw(img)
    pen.fontmode = "1"
    font = SANS.face(media.dots(2.2))
    mm = 0
    while (x := round(mm * media.dpi / 25.4)) < media.width:
        tall = media.dots(3.0 if mm % 10 == 0 else 2.0 if mm % 5 == 0 else 1.0)
        pen.line((x, 0, x, tall), fill=0, width=2 if mm % 10 == 0 else 1)
        if mm % 10 == 0 and mm:
            pen.text((x, tall + 1), str(mm // 10), font=font, fill=0, anchor="mt")
        mm += 1
    pen.line((0, 0, media.width - 1, 0), fill=0, width=2)
    for edge in (0, media.width - 3):  # the first and last dots must both print
        pen.rectangle((edge, 0, edge + 2, height - 1), fill=0)
    return img


def render_test_page(
    width: int, *, when: datetime | None = None, fonts: FontFiles = SANS
) -> Image.Image:
    media = media_for(width)
    sheet = Sheet(media, fonts)
    sheet.space(1.0)
    sheet.text("TRANG IN THỬ", 5.0, bold=True)
    sheet.text(f"Khổ in {media.width} chấm = {media.mm(media.width):.0f} mm ({media.dpi} dpi)", 3.6)
    sheet.image(ruler(media), after_mm=2.0)
    sheet.text("Chữ tiếng Việt:", 3.4, align=Align.LEFT, after_mm=0.5)
    for line in SAMPLES:
        sheet.text(line, 3.6, align=Align.LEFT, after_mm=0.5)
    sheet.space(1.5)
    sheet.image(qr_image(f"Trang in thử {media.width} chấm – máy in nhiệt", media, max_mm=24))
    sheet.text("Quét mã QR bằng điện thoại: phải đọc được tiếng Việt có dấu.", 3.2)
    sheet.text(f"In lúc {stamp(when)}", 3.2)
    return sheet.render()


def test_page(width: int = 576, options: EscposOptions | None = None, *, when: datetime) -> bytes:
    """ESC/POS bytes of the test page for a printer `width` dots wide."""
    return encode_image(render_test_page(width, when=when), options)


test_page.__test__ = False  # a public name starting with "test": keep pytest from collecting it
