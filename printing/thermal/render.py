"""A paper strip laid out top to bottom, drawn as one 1-bit image at the printer's width.

Text is NFC and wrapped at word boundaries (a word longer than the line is split
between letters), so nothing is ever cut off at the edge. Blocks are measured first,
then drawn into a single image exactly `media.width` dots wide.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image, ImageDraw, ImageFont

from desk.text import nfc

from .fonts import SANS, FontFiles
from .media import Media

WHITE, BLACK = 1, 0


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"


@dataclass(frozen=True)
class _Block:
    height: int
    draw: Callable[[Image.Image, ImageDraw.ImageDraw, int], None]


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines no wider than `width` dots; explicit newlines start a new paragraph."""
    lines: list[str] = []
    for paragraph in nfc(text).splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if font.getlength(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            pieces = _split_word(word, font, width)
            lines.extend(pieces[:-1])
            line = pieces[-1]
        lines.append(line)
    return lines


def _split_word(word: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """A word too long for one line (a code, a URL, a typo) broken between letters."""
    pieces = []
    while font.getlength(word) > width and len(word) > 1:
        lo, hi = 1, len(word) - 1  # longest prefix that fits, at least one letter
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if font.getlength(word[:mid]) <= width:
                lo = mid
            else:
                hi = mid - 1
        pieces.append(word[:lo])
        word = word[lo:]
    pieces.append(word)
    return pieces


class Sheet:
    """Collects blocks (text, images, rules, gaps) and renders them in one pass."""

    def __init__(self, media: Media, fonts: FontFiles = SANS, *, margin_mm: float = 2.0):
        self.media = media
        self.fonts = fonts
        self.margin = media.dots(margin_mm)
        self.inner = media.width - 2 * self.margin
        self._blocks: list[_Block] = []

    def face(self, size_mm: float, bold: bool = False) -> ImageFont.FreeTypeFont:
        return self.fonts.face(self.media.dots(size_mm), bold=bold)

    def space(self, mm: float) -> None:
        self._blocks.append(_Block(self.media.dots(mm), lambda *_: None))

    def text(
        self,
        text: str,
        size_mm: float,
        *,
        bold: bool = False,
        align: Align = Align.CENTER,
        after_mm: float = 1.0,
    ) -> int:
        """A wrapped paragraph; returns its number of lines."""
        font = self.face(size_mm, bold)
        lines = wrap(text, font, self.inner)
        for line in lines:
            self._line(line, font, align)
        self.space(after_mm)
        return len(lines)

    def fit(
        self,
        text: str,
        size_mm: float,
        *,
        bold: bool = True,
        min_mm: float = 3.0,
        after_mm: float = 1.0,
    ) -> int:
        """One line shrunk until it fits (the ticket number, a dossier code); wraps below min.

        The line is as tall as its ink, not its font box: a huge number would otherwise
        carry a descender's worth of blank paper. Returns the font size in dots.
        """
        text = nfc(text).strip()
        floor = self.media.dots(min_mm)
        size = self.media.dots(size_mm)
        font = self.fonts.face(size, bold=bold)
        while size > floor and font.getlength(text) > self.inner:
            size = max(floor, min(size - 1, int(size * self.inner / font.getlength(text))))
            font = self.fonts.face(size, bold=bold)
        lines = wrap(text, font, self.inner)
        if len(lines) > 1:
            for line in lines:
                self._line(line, font, Align.CENTER)
        else:
            self._tight(lines[0], font)
        self.space(after_mm)
        return font.size

    def _tight(self, line: str, font: ImageFont.FreeTypeFont) -> None:
        left, top, right, bottom = font.getbbox(line, anchor="ls")
        pad = max(1, font.size // 40)
        x = self.margin + max(0, (self.inner - (right - left)) // 2) - left

        def draw(_img: Image.Image, pen: ImageDraw.ImageDraw, y: int) -> None:
            pen.text((x, y + pad - top), line, font=font, fill=BLACK, anchor="ls")

        self._blocks.append(_Block(bottom - top + 2 * pad, draw))

    def _line(self, line: str, font: ImageFont.FreeTypeFont, align: Align) -> None:
        ascent, descent = font.getmetrics()
        leading = max(1, font.size // 10)
        x = self.margin
        if align == Align.CENTER:
            x += max(0, (self.inner - round(font.getlength(line))) // 2)

        def draw(_img: Image.Image, pen: ImageDraw.ImageDraw, y: int) -> None:
            pen.text((x, y + ascent), line, font=font, fill=BLACK, anchor="ls")

        self._blocks.append(_Block(ascent + descent + leading, draw))

    def image(self, img: Image.Image, *, after_mm: float = 1.0) -> None:
        """A 1-bit image (QR, barcode) centred; wider ones are refused by the caller."""
        bitmap = img.convert("1")
        x = max(0, (self.media.width - bitmap.width) // 2)

        def draw(canvas: Image.Image, _pen: ImageDraw.ImageDraw, y: int) -> None:
            canvas.paste(bitmap, (x, y))

        self._blocks.append(_Block(bitmap.height, draw))
        self.space(after_mm)

    def rule(self, *, dash_mm: float = 1.5, after_mm: float = 1.5) -> None:
        """A thin dashed line: separates parts without a heavy black band."""
        dash, thick = self.media.dots(dash_mm), max(2, self.media.dots(0.25))
        left, right = self.margin, self.media.width - self.margin

        def draw(_img: Image.Image, pen: ImageDraw.ImageDraw, y: int) -> None:
            for x in range(left, right, 2 * dash):
                pen.rectangle((x, y, min(x + dash, right) - 1, y + thick - 1), fill=BLACK)

        self._blocks.append(_Block(thick, draw))
        self.space(after_mm)

    def framed(self, text: str, size_mm: float, *, after_mm: float = 1.5) -> None:
        """Text in an outlined box (the priority mark): stands out with little ink."""
        font = self.face(size_mm, bold=True)
        pad, border = self.media.dots(1.2), max(3, self.media.dots(0.5))
        lines = wrap(text, font, self.inner - 2 * (pad + border))
        ascent, descent = font.getmetrics()
        line_h = ascent + descent
        box_w = min(self.inner, max(round(font.getlength(ln)) for ln in lines) + 2 * (pad + border))
        box_h = line_h * len(lines) + 2 * (pad + border)
        left = (self.media.width - box_w) // 2

        def draw(_img: Image.Image, pen: ImageDraw.ImageDraw, y: int) -> None:
            pen.rectangle((left, y, left + box_w - 1, y + box_h - 1), outline=BLACK, width=border)
            for i, ln in enumerate(lines):
                x = left + (box_w - round(font.getlength(ln))) // 2
                pen.text(
                    (x, y + pad + border + i * line_h + ascent),
                    ln,
                    font=font,
                    fill=BLACK,
                    anchor="ls",
                )

        self._blocks.append(_Block(box_h, draw))
        self.space(after_mm)

    def render(self) -> Image.Image:
        """The strip as mode "1" (white paper = 1), exactly `media.width` dots wide."""
        height = max(1, sum(block.height for block in self._blocks))
        canvas = Image.new("1", (self.media.width, height), WHITE)
        pen = ImageDraw.Draw(canvas)
        pen.fontmode = "1"
        y = 0
        for block in self._blocks:
            block.draw(canvas, pen, y)
            y += block.height
        return canvas
