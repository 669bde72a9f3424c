"""Paper widths in printer dots, and millimetres turned into dots.

Sizes on a ticket are chosen in millimetres (what an elderly reader sees), so the same
layout works on a 203-dpi 58/80 mm printer and on a 180-dpi Epson with 512 dots.
"""

from dataclasses import dataclass

from desk.errors import InvalidInput

WIDTHS = (384, 512, 576)  # 58 mm @ 203 dpi, 80 mm Epson @ 180 dpi, 80 mm @ 203 dpi


@dataclass(frozen=True)
class Media:
    width: int  # printable dots per line
    dpi: int

    def dots(self, mm: float) -> int:
        return max(1, round(mm * self.dpi / 25.4))

    def mm(self, dots: int) -> float:
        return dots * 25.4 / self.dpi

    @property
    def narrow(self) -> bool:
        """A 58 mm roll: smaller type, so a line still holds a few words."""
        return self.mm(self.width) < 60


def media_for(width: int, dpi: int | None = None) -> Media:
    """The paper for a dot width; 512 dots means an Epson at 180 dpi, the rest 203 dpi."""
    if not isinstance(width, int) or width % 8 or not 256 <= width <= 832:
        raise InvalidInput(
            f"Khổ in nhiệt không hợp lệ: {width!r} chấm. Hãy chọn 384 (giấy 58 mm), "
            "512 hoặc 576 (giấy 80 mm)."
        )
    return Media(width, dpi or (180 if width == 512 else 203))
