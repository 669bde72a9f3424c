"""Template blocks → platypus flowables: the whole vocabulary a form file may use.

`field` "Nhãn: giá trị", `pair` two fields on a line, `text` a paragraph, `table` a ruled
table fed by a row source, `barcode` the Code 128 of the code, `qr` the lookup QR with
the text that explains it, `signatures` the signing columns
(with "Nơi nhận" for letters), `spacer`. A value nobody knows prints as dotted leaders,
as a blank paper form would show, so the officer can write it in.
"""

from string import Formatter
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desk.errors import InvalidInput
from printing.fonts import SERIF

from . import styles
from .codes import Barcode, QRCode
from .context import Context
from .longtable import Captioned, Column, LongTable
from .vnformat import DOTS

_formatter = Formatter()
SIGNATURE_SPACE = 17 * mm  # room for a signature, and a Mẫu 01 still on one page


def fill(text: str, values: dict[str, str], *, blank: str = DOTS, markup: bool = True) -> str:
    """Put values into `{name}` places; unknown names are a template error."""
    out = []
    for literal, name, _spec, _conv in _formatter.parse(text):
        out.append(literal)
        if name is None:
            continue
        if name not in values:
            raise InvalidInput(
                f"Mẫu in dùng trường “{{{name}}}” không có trong dữ liệu hồ sơ.", detail=text
            )
        value = values[name] or blank
        out.append(escape(value) if markup else value)
    return "".join(out)


def _when(block: dict, values: dict[str, str]) -> bool:
    key = block.get("when")
    return not key or bool(values.get(key))


def _field_markup(label: str, value: str, block: dict) -> str:
    if block.get("bold"):
        value = f"<b>{value}</b>"
    if block.get("italic"):
        value = f"<i>{value}</i>"
    return f"{label}: {value}"


def field(block: dict, values: dict[str, str], ctx: Context, page) -> list[Flowable]:
    label = fill(block["label"], values)
    value = fill(block.get("value", ""), values)
    if not value.strip(" ."):
        value = DOTS
    style = styles.paragraph(block.get("style", "body"))
    return [Paragraph(_field_markup(label, value, block), style)]


def pair(block: dict, values: dict[str, str], ctx: Context, page) -> list[Flowable]:
    cells = []
    for label, value in block["items"]:
        text = _field_markup(fill(label, values), fill(value, values), block)
        cells.append(Paragraph(text, styles.paragraph("body")))
    table = Table([cells], colWidths=[page.frame_width / len(cells)] * len(cells))
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF.regular),  # not Helvetica
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [table]


def text(block: dict, values: dict[str, str], ctx: Context, page) -> list[Flowable]:
    style = styles.paragraph(block.get("style", "body"))
    return [Paragraph(fill(block["text"], values), style)]


def _cells(row: dict[str, str], worded: dict[str, str], blanks: dict[str, str]) -> dict:
    """A row's cells: columns with a `text` word their values, the rest show them as they are."""
    values = {**blanks, **{k: v for k, v in row.items() if v}}
    cells = {k: values.get(k, "") for k in row} | {k: values.get(k, "") for k in blanks}
    for key, text in worded.items():
        cells[key] = fill(text, values, blank="", markup=False)
    return cells


def table(block: dict, values: dict[str, str], ctx: Context, page) -> list[Flowable]:
    source = block["source"]
    if source not in ctx.rows:
        raise InvalidInput(f"Mẫu in dùng nguồn bảng “{source}” không có.", detail=source)
    rows = list(ctx.rows[source])
    rows += [{}] * (int(block.get("min_rows", 0)) - len(rows))  # blank rows to fill by hand
    blanks = block.get("blanks", {})
    worded = {c["key"]: c["text"] for c in block["columns"] if "text" in c}
    if worded or blanks:
        rows = [_cells(row, worded, blanks) for row in rows]
    columns = [
        Column(
            key=c["key"],
            title=c["title"],
            weight=float(c.get("width", 10)),
            align=c.get("align", "left"),
            group=c.get("group", ""),
        )
        for c in block["columns"]
    ]
    size = float(block.get("size", styles.TABLE_SIZE))
    grid = LongTable(
        columns,
        rows,
        size=size,
        pad=float(block.get("pad", 3)),
        min_row_height=float(block.get("row_height", 0)) * mm,
        number_row=bool(block.get("number_row", False)),
        max_row_height=page.frame_height / 2,
    )
    if block.get("caption"):
        caption = Paragraph(fill(block["caption"], values), styles.paragraph("body"))
        return [Captioned(caption, grid)]
    return [Spacer(0, 3), grid]


def barcode(block: dict, values: dict[str, str], ctx: Context, page) -> list[Flowable]:
    """The Code 128 at the left; the copy's label (liên), if any, at its right."""
    symbol = Barcode(values["code"])
    symbol.hAlign = "LEFT"
    label = values.get("copy_label", "")
    if not label:
        return [Spacer(0, 2), symbol]
    words = Paragraph(f"({escape(label)})", styles.paragraph("copy_right"))
    grid = Table([[symbol, words]], colWidths=[None, page.frame_width / 2])
    grid.hAlign = "LEFT"
    grid.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF.regular),  # not Helvetica
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [Spacer(0, 2), grid]


def _unbroken(text: str, style, width: float) -> Paragraph:
    """One line that is never broken (a web address): smaller type rather than a break."""
    size = style.fontSize
    while size > 7 and stringWidth(text, style.fontName, size) > width:
        size -= 0.25
    fitted = ParagraphStyle(
        "unbroken", parent=style, fontSize=size, leading=size * 1.2, splitLongWords=0
    )
    return Paragraph(escape(text), fitted)


def qr(block: dict, values: dict[str, str], ctx: Context, page) -> list[Flowable]:
    """The lookup QR at the right, the text that explains it at its left; the address
    under the text on a line of its own, never broken."""
    code = QRCode(values["lookup_url"], caption=block.get("caption", ""))
    style = styles.paragraph(block.get("style", "note_left"))
    column = page.frame_width - code.size - 4 * mm
    words: list[Flowable] = [Paragraph(fill(block.get("text", ""), values), style)]
    link = fill(block.get("link", ""), values, blank="", markup=False)
    if link:
        words.append(_unbroken(link, style, column))
    grid = Table([[words, code]], colWidths=[column, None])
    grid.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF.regular),  # not Helvetica
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 4 * mm),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [Spacer(0, 3), grid]


def _signer(spec: dict, values: dict[str, str]) -> list[Flowable]:
    cell: list[Flowable] = []
    for key, style in (("authority", "sign_title"), ("title", "sign_title"), ("hint", "sign_hint")):
        line = fill(spec.get(key, ""), values, blank="")
        if line:
            cell.append(Paragraph(line, styles.paragraph(style)))
    cell.append(Spacer(0, SIGNATURE_SPACE))
    name = fill(spec.get("name", ""), values, blank="")
    if name:
        cell.append(Paragraph(name, styles.paragraph("sign_name")))
    return cell


def _recipients(lines: list[str], values: dict[str, str]) -> list[Flowable]:
    cell: list[Flowable] = [Paragraph("Nơi nhận:", styles.paragraph("recipients_head"))]
    for line in lines:
        cell.append(Paragraph(f"- {fill(line, values, blank='')}", styles.paragraph("recipients")))
    return cell


def signatures(block: dict, values: dict[str, str], ctx: Context, page) -> list[Flowable]:
    signers = [_signer(spec, values) for spec in block["blocks"]]
    if "recipients" in block:
        cells = [_recipients(block["recipients"], values), *signers]
    elif len(signers) == 1:
        cells = [[], *signers]  # one signer signs on the right
    else:
        cells = signers
    width = page.frame_width / len(cells)
    grid = Table([cells], colWidths=[width] * len(cells))
    grid.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF.regular),  # not Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    gap = Spacer(0, 4)
    gap.keepWithNext = True  # KeepTogether here would break keepWithNext chains
    return [gap, grid]


def spacer(block: dict, values: dict[str, str], ctx: Context, page) -> list[Flowable]:
    return [Spacer(0, float(block.get("height", 5)) * mm)]


BUILDERS = {
    "field": field,
    "pair": pair,
    "text": text,
    "table": table,
    "barcode": barcode,
    "qr": qr,
    "signatures": signatures,
    "spacer": spacer,
}


def build(block: dict[str, Any], values: dict[str, str], ctx: Context, page) -> list[Flowable]:
    if not _when(block, values):
        return []
    return BUILDERS[block["type"]](block, values, ctx, page)
