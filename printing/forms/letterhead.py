"""The NĐ 30/2020 header: agency block left, quốc hiệu and tiêu ngữ right, Số and date below.

Drawn on the canvas rather than in a table so each rule has the length the decree asks:
under the tiêu ngữ exactly as long as the line, under the agency name a third to a half of
it. Long agency names wrap inside their column; the "Số"/"Mã hồ sơ" line shrinks a little
before it wraps, since a dossier code reads badly on two lines.
"""

from dataclasses import dataclass

from reportlab.platypus import Flowable

from . import styles
from .textfit import widest, wrap

RULE_GAP = 5.5  # from the baseline down to the rule, clear of dot-below marks (ậ, ộ)
AFTER_RULE = 4.0
ROW_GAP = 5.0


@dataclass(frozen=True)
class Line:
    text: str
    font: str
    size: float
    rule: str = ""  # "" | "full" (as long as the line) | "short" (40 % of it)
    fit: bool = False  # shrink down to 11 pt before wrapping


@dataclass
class _Placed:
    lines: list[str]
    font: str
    size: float
    baselines: list[float]  # distance from the top of the flowable
    rule: tuple[float, float] | None = None  # (y from top, length)


def _place(lines: list[Line], width: float, top: float) -> tuple[list[_Placed], float]:
    placed, cursor = [], top
    for line in lines:
        if not line.text:
            continue
        size = line.size
        if line.fit:
            while size > 11 and widest([line.text], line.font, size) > width:
                size -= 0.5
        broken = wrap(line.text, line.font, size, width)
        baselines = []
        for _ in broken:
            baselines.append(cursor + size * 0.9)
            cursor += size * 1.2
        item = _Placed(broken, line.font, size, baselines)
        if line.rule:
            text_width = widest(broken, line.font, size)
            length = text_width if line.rule == "full" else max(text_width * 0.4, 40)
            item.rule = (baselines[-1] + RULE_GAP, min(length, width))
            cursor += AFTER_RULE
        placed.append(item)
    return placed, cursor


class Letterhead(Flowable):
    """Two columns of centred lines, then one row: "Số: …" left, place and date right."""

    def __init__(
        self,
        left: list[Line],
        right: list[Line],
        ref: Line | None,
        date: Line | None,
        left_share: float = 0.44,
    ):
        super().__init__()
        self.left, self.right, self.ref, self.date = left, right, ref, date
        self.left_share = left_share
        self._layout: tuple | None = None

    def wrap(self, avail_width, avail_height):
        left_w = avail_width * self.left_share
        right_w = avail_width - left_w
        left, left_end = _place(self.left, left_w, 0)
        right, right_end = _place(self.right, right_w, 0)
        row_top = max(left_end, right_end) + ROW_GAP
        refs, ref_end = _place([self.ref] if self.ref else [], left_w, row_top)
        dates, date_end = _place([self.date] if self.date else [], right_w, row_top)
        height = max(left_end, right_end, ref_end, date_end) + 2
        self._layout = (left_w, right_w, left + refs, right + dates)
        self.width, self.height = avail_width, height
        return avail_width, height

    def draw(self):
        left_w, right_w, left, right = self._layout
        canvas = self.canv
        canvas.setLineWidth(styles.RULE_WIDTH)
        for items, x0, width in ((left, 0, left_w), (right, left_w, right_w)):
            centre = x0 + width / 2
            for item in items:
                canvas.setFont(item.font, item.size)
                for text, baseline in zip(item.lines, item.baselines, strict=True):
                    canvas.drawCentredString(centre, self.height - baseline, text)
                if item.rule:
                    y, length = item.rule
                    canvas.line(
                        centre - length / 2, self.height - y, centre + length / 2, self.height - y
                    )
