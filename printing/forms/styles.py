"""Page geometry and type sizes from Nghị định 30/2020/NĐ-CP, Phụ lục I.

A4; margins top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm (we take the narrow end
so a Mẫu 01 fits one page); body 13–14 pt justified; quốc hiệu 12–13 pt bold, tiêu ngữ
13–14 pt bold; page numbers centred in the top margin from page 2.
"""

from dataclasses import dataclass
from functools import cache

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from printing.fonts import SERIF

TOP = 20 * mm
BOTTOM = 20 * mm
LEFT = 30 * mm
RIGHT = 15 * mm

BODY_SIZE = 13
BODY_LEADING = 15.2
NOTE_SIZE = 12
TABLE_SIZE = 12
NATIONAL_SIZE = 12.5  # quốc hiệu
MOTTO_SIZE = 13.5  # tiêu ngữ
AGENCY_SIZE = 12.5
TITLE_SIZE = 14
PAGE_NUMBER_SIZE = 13
RULE_WIDTH = 0.6


@dataclass(frozen=True)
class Page:
    width: float
    height: float

    @property
    def frame_width(self) -> float:
        return self.width - LEFT - RIGHT

    @property
    def frame_height(self) -> float:
        return self.height - TOP - BOTTOM


PORTRAIT = Page(*A4)
LANDSCAPE = Page(*landscape(A4))


@cache
def paragraph(kind: str) -> ParagraphStyle:
    """The few paragraph styles the forms use."""
    base = ParagraphStyle(
        "body",
        fontName=SERIF.regular,
        fontSize=BODY_SIZE,
        leading=BODY_LEADING,
        alignment=TA_JUSTIFY,
        spaceBefore=1.5,
        splitLongWords=1,
    )
    styles = {
        "body": base,
        "indent": ParagraphStyle("indent", parent=base, firstLineIndent=1 * 28.35, spaceBefore=4),
        "bold": ParagraphStyle("bold", parent=base, fontName=SERIF.bold),
        "note": ParagraphStyle(
            "note",
            parent=base,
            fontName=SERIF.italic,
            fontSize=NOTE_SIZE,
            leading=14.5,
            spaceBefore=6,
        ),
        "note_left": ParagraphStyle(
            "note_left",
            parent=base,
            fontName=SERIF.italic,
            fontSize=NOTE_SIZE,
            leading=14.5,
            alignment=TA_LEFT,
            spaceBefore=6,
        ),
        "small": ParagraphStyle(
            "small", parent=base, fontSize=NOTE_SIZE, leading=13.5, spaceBefore=1
        ),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER, spaceBefore=6),
        "right": ParagraphStyle(
            "right", parent=base, fontName=SERIF.italic, alignment=TA_CENTER, spaceBefore=8
        ),
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=SERIF.bold,
            fontSize=TITLE_SIZE,
            leading=18,
            alignment=TA_CENTER,
            spaceBefore=7,
        ),
        "subtitle": ParagraphStyle(
            "subtitle",
            parent=base,
            fontName=SERIF.bold,
            fontSize=BODY_SIZE + 1,
            leading=18,
            alignment=TA_CENTER,
            spaceBefore=0,
        ),
        "attribution": ParagraphStyle(
            "attribution",
            parent=base,
            fontName=SERIF.italic,
            fontSize=11,
            leading=13,
            alignment=TA_CENTER,
            spaceBefore=1,
        ),
        "copy": ParagraphStyle(
            "copy",
            parent=base,
            fontName=SERIF.italic,
            fontSize=NOTE_SIZE,
            leading=14,
            alignment=TA_CENTER,
            spaceBefore=1,
        ),
        "copy_right": ParagraphStyle(
            "copy_right",
            parent=base,
            fontName=SERIF.italic,
            fontSize=NOTE_SIZE,
            leading=14,
            alignment=TA_RIGHT,
            spaceBefore=0,
        ),
        "sign_title": ParagraphStyle(
            "sign_title", parent=base, fontName=SERIF.bold, alignment=TA_CENTER, spaceBefore=0
        ),
        "sign_hint": ParagraphStyle(
            "sign_hint",
            parent=base,
            fontName=SERIF.italic,
            fontSize=NOTE_SIZE,
            leading=14,
            alignment=TA_CENTER,
            spaceBefore=0,
        ),
        "sign_name": ParagraphStyle(
            "sign_name", parent=base, fontName=SERIF.bold, alignment=TA_CENTER, spaceBefore=0
        ),
        "recipients_head": ParagraphStyle(
            "recipients_head",
            parent=base,
            fontName=SERIF.bold_italic,
            fontSize=12,
            leading=14,
            alignment=TA_LEFT,
            spaceBefore=0,
        ),
        "recipients": ParagraphStyle(
            "recipients",
            parent=base,
            fontSize=11,
            leading=13,
            alignment=TA_LEFT,
            spaceBefore=0,
        ),
    }
    return styles[kind]
