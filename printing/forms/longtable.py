"""A ruled table that runs over many pages, its header repeated on each.

platypus' Table re-measures every remaining row at each page break, which makes a
1,000-dossier Sổ theo dõi quadratic. This one measures each cell once (plain strings
broken by `textfit.wrap`), splits by walking row heights, and draws with the canvas.
A row taller than half a page (a 500-character address in a narrow column) is cut
between its lines instead of pushing the table off the page.
"""

from dataclasses import dataclass, field

from reportlab.platypus import Flowable

from printing.fonts import SERIF

from . import styles
from .textfit import wrap


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    weight: float
    align: str = "left"  # left | center
    group: str = ""  # columns sharing a group get one spanning title above theirs


@dataclass
class _Row:
    cells: list[list[str]]
    height: float


@dataclass
class _Layout:
    """Everything measured once for one available width."""

    width: float
    widths: list[float]
    header: list[tuple] = field(default_factory=list)  # (x, y_top, w, h, lines, font, align)
    header_lines: list[tuple] = field(default_factory=list)  # (x0, y0, x1, y1) from the top
    header_height: float = 0.0


class LongTable(Flowable):
    def __init__(
        self,
        columns: list[Column],
        rows: list[dict[str, str]],
        *,
        size: float = styles.TABLE_SIZE,
        pad: float = 3.0,
        min_row_height: float = 0.0,
        number_row: bool = False,
        max_row_height: float = styles.PORTRAIT.frame_height / 2,
    ):
        super().__init__()
        self.columns = columns
        self.size, self.pad = size, pad
        self.leading = size * 1.2
        self.min_row_height = min_row_height
        self.number_row = number_row
        self.max_row_height = max_row_height
        self._source = rows
        self._rows: list[_Row] | None = None
        self._layout: _Layout | None = None

    # -- measuring -----------------------------------------------------------------------
    def _measure(self, width: float) -> None:
        total = sum(c.weight for c in self.columns)
        widths = [width * c.weight / total for c in self.columns]
        layout = _Layout(width, widths)
        self._measure_header(layout)
        self._layout = layout
        inner = [w - 2 * self.pad for w in widths]
        rows = []
        for source in self._source:
            cells = [
                wrap(str(source.get(c.key, "")), SERIF.regular, self.size, w)
                for c, w in zip(self.columns, inner, strict=True)
            ]
            rows.append(_Row(cells, self._row_height(cells)))
        self._rows = rows

    def _row_height(self, cells: list[list[str]]) -> float:
        lines = max(len(c) for c in cells)
        return max(lines * self.leading + 2 * self.pad, self.min_row_height)

    def _measure_header(self, layout: _Layout) -> None:
        bold, pad, lead = SERIF.bold, self.pad, self.leading
        xs = [sum(layout.widths[:i]) for i in range(len(self.columns) + 1)]
        spans: list[tuple[str, int, int]] = []  # (group, first, last)
        for i, column in enumerate(self.columns):
            if column.group and spans and spans[-1][0] == column.group and spans[-1][2] == i - 1:
                spans[-1] = (column.group, spans[-1][1], i)
            elif column.group:
                spans.append((column.group, i, i))

        def lines_of(text, w):
            return wrap(text, bold, self.size, w - 2 * pad)

        group_h = max(
            (len(lines_of(g, xs[b + 1] - xs[a])) * lead + 2 * pad for g, a, b in spans), default=0
        )
        sub_h = max(
            (
                len(lines_of(c.title, layout.widths[i])) * lead + 2 * pad
                for i, c in enumerate(self.columns)
                if c.group
            ),
            default=0,
        )
        solo_h = max(
            (
                len(lines_of(c.title, layout.widths[i])) * lead + 2 * pad
                for i, c in enumerate(self.columns)
                if not c.group
            ),
            default=0,
        )
        title_h = max(group_h + sub_h, solo_h)
        if spans:
            sub_h = title_h - group_h
        cells, rules = [], []
        for g, a, b in spans:
            cells.append((xs[a], 0, xs[b + 1] - xs[a], group_h, lines_of(g, xs[b + 1] - xs[a])))
            rules.append((xs[a], group_h, xs[b + 1], group_h))
        for i, c in enumerate(self.columns):
            top = group_h if c.group else 0
            cells.append(
                (xs[i], top, layout.widths[i], title_h - top, lines_of(c.title, layout.widths[i]))
            )
            in_group = c.group and i > 0 and self.columns[i - 1].group == c.group
            rules.append((xs[i], group_h if in_group else 0, xs[i], title_h))
        height = title_h
        if self.number_row:
            number_h = self.size + 2 * pad
            for i in range(len(self.columns)):
                cells.append((xs[i], height, layout.widths[i], number_h, [f"({i + 1})"]))
            rules.append((0, height, layout.width, height))
            height += number_h
        layout.header = [(*cell, bold, "center") for cell in cells]
        layout.header_lines = rules
        layout.header_height = height

    # -- platypus protocol ---------------------------------------------------------------
    def wrap(self, avail_width, avail_height):
        if self._layout is None or abs(self._layout.width - avail_width) > 0.01:
            self._measure(avail_width)
        self.width = avail_width
        self.height = self._layout.header_height + sum(r.height for r in self._rows)
        return self.width, self.height

    def _piece(self, rows: list[_Row]) -> "LongTable":
        piece = LongTable(
            self.columns,
            [],
            size=self.size,
            pad=self.pad,
            min_row_height=self.min_row_height,
            number_row=self.number_row,
            max_row_height=self.max_row_height,
        )
        piece._layout, piece._rows = self._layout, rows
        return piece

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        room = avail_height - self._layout.header_height
        used, count = 0.0, 0
        for row in self._rows:
            if used + row.height > room:
                break
            used += row.height
            count += 1
        if count == len(self._rows):
            return [self]
        if count == 0:
            cut = self._cut_row(self._rows[0], room)
            if cut is None:
                return []
            return [self._piece([cut[0]]), self._piece([cut[1], *self._rows[1:]])]
        return [self._piece(self._rows[:count]), self._piece(self._rows[count:])]

    def _cut_row(self, row: _Row, room: float) -> tuple[_Row, _Row] | None:
        """Split a very tall row between lines, when it could never fit whole."""
        lines = int((room - 2 * self.pad) // self.leading)
        if row.height <= self.max_row_height or lines < 2:
            return None
        head = [cell[:lines] for cell in row.cells]
        tail = [cell[lines:] or [""] for cell in row.cells]
        return _Row(head, self._row_height(head)), _Row(tail, self._row_height(tail))

    def draw(self):
        canvas, layout, pad, size = self.canv, self._layout, self.pad, self.size
        top = self.height
        canvas.setLineWidth(0.5)
        # header
        for x, y, w, h, lines, font, _align in layout.header:
            canvas.setFont(font, size)
            first = top - y - (h - len(lines) * self.leading) / 2 - size * 0.9
            for k, text in enumerate(lines):
                canvas.drawCentredString(x + w / 2, first - k * self.leading, text)
        for x0, y0, x1, y1 in layout.header_lines:
            canvas.line(x0, top - y0, x1, top - y1)
        # body
        xs = [sum(layout.widths[:i]) for i in range(len(layout.widths) + 1)]
        y = top - layout.header_height
        canvas.line(0, y, layout.width, y)
        canvas.setFont(SERIF.regular, size)
        for row in self._rows:
            for c, (column, lines) in enumerate(zip(self.columns, row.cells, strict=True)):
                baseline = y - pad - size * 0.9
                for text in lines:
                    if column.align == "center":
                        canvas.drawCentredString((xs[c] + xs[c + 1]) / 2, baseline, text)
                    else:
                        canvas.drawString(xs[c] + pad, baseline, text)
                    baseline -= self.leading
            y -= row.height
            canvas.line(0, y, layout.width, y)
        # frame and the column rules below the header
        canvas.rect(0, 0, layout.width, top, stroke=1, fill=0)
        body_top = top - layout.header_height
        for x in xs[1:-1]:
            canvas.line(x, 0, x, body_top)


class Captioned(Flowable):
    """A table with the line that introduces it ("1. Thành phần hồ sơ…"): never apart.

    keepWithNext would wrap both in a KeepTogether, which pushes a long table to a fresh
    page; this keeps the caption with the table's first rows and lets the rest run on.
    """

    def __init__(self, caption: Flowable, table: LongTable):
        super().__init__()
        self.caption, self.table = caption, table
        self._caption_height = 0.0

    def getSpaceBefore(self):
        return self.caption.getSpaceBefore()

    def _measure_caption(self, avail_width, avail_height) -> float:
        _, height = self.caption.wrap(avail_width, avail_height)
        self._caption_height = height + self.caption.getSpaceAfter() + 3
        return self._caption_height

    def wrap(self, avail_width, avail_height):
        top = self._measure_caption(avail_width, avail_height)
        _, height = self.table.wrap(avail_width, avail_height - top)
        self.width, self.height = avail_width, top + height
        return self.width, self.height

    def split(self, avail_width, avail_height):
        top = self._measure_caption(avail_width, avail_height)
        parts = self.table.split(avail_width, avail_height - top)
        if not parts:
            return []
        if len(parts) == 1:
            return [self]
        return [Captioned(self.caption, parts[0]), *parts[1:]]

    def draw(self):
        self.caption.drawOn(self.canv, 0, self.height - self._caption_height + 3)
        self.table.drawOn(self.canv, 0, 0)
