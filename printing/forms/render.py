"""Forms and the Sổ theo dõi as PDF bytes: template + dossier + office → pages.

One document per call; copies (liên) follow each other, each numbered from its own first
page, which carries no number (NĐ 30/2020: page numbers from page 2, centred in the top
margin).
"""

import io
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus.flowables import HRFlowable

from desk.clock import to_vn
from desk.dossiers.model import Dossier
from desk.errors import InvalidInput
from desk.office import Office
from printing.fonts import SERIF, register

from . import blocks, styles
from . import context as contexts
from .letterhead import Letterhead, Line
from .templates import FormTemplate, get_set, template_set_for
from .vnformat import long_date, place_date

# Plain binary streams: ASCII85 only makes every embedded font and image a quarter larger.
rl_config.useA85 = 0

NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


class _CopyStart(Flowable):
    """Marks the first page of a copy, so page numbers restart there."""

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.canv._desk_copy_first = self.canv.getPageNumber()


def _page_number(canvas, doc) -> None:
    number = canvas.getPageNumber() - getattr(canvas, "_desk_copy_first", 1) + 1
    if number > 1:
        width, height = doc.pagesize
        canvas.setFont(SERIF.regular, styles.PAGE_NUMBER_SIZE)
        canvas.drawCentredString(width / 2, height - styles.TOP / 2 - 4, str(number))


def _pdf(story: list[Flowable], page: styles.Page, *, title: str, author: str) -> bytes:
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(page.width, page.height),
        leftMargin=styles.LEFT,
        rightMargin=styles.RIGHT,
        topMargin=styles.TOP,
        bottomMargin=styles.BOTTOM,
        title=title,
        author=author,
        creator="desk – Bộ phận Một cửa",
        subject=title,
        lang="vi-VN",
        initialFontName=SERIF.regular,
        initialFontSize=styles.BODY_SIZE,
        pageCompression=1,
    )
    frame = Frame(
        styles.LEFT,
        styles.BOTTOM,
        page.frame_width,
        page.frame_height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates(
        [PageTemplate("page", [frame], onPageEnd=_page_number, pagesize=(page.width, page.height))]
    )
    doc.build(story)
    return buffer.getvalue()


def _letterhead(tpl: FormTemplate, values: dict[str, str], date_line: str) -> Letterhead:
    if tpl.issuer == "agency":
        # A signed letter: the body by its full name; a parent line only where one exists.
        upper, lower = values["letter_parent"], values["body_heading"]
    else:
        upper, lower = values["office_name_upper"], values["desk_name_upper"]
    left = [
        Line(upper, SERIF.regular, styles.AGENCY_SIZE),
        Line(lower, SERIF.bold, styles.AGENCY_SIZE, rule="short"),
    ]
    if tpl.header_right:
        right = [
            Line(blocks.fill(text, values, markup=False), SERIF.regular, styles.AGENCY_SIZE)
            for text in tpl.header_right
        ]
    else:
        right = [
            Line(NATIONAL, SERIF.bold, styles.NATIONAL_SIZE),
            Line(MOTTO, SERIF.bold, styles.MOTTO_SIZE, rule="full"),
        ]
    ref = Line(blocks.fill(tpl.ref, values, markup=False), SERIF.regular, 13, fit=True)
    date = Line(date_line, SERIF.italic, 13) if date_line else None
    return Letterhead(left, right, ref if tpl.ref else None, date)


def _title(tpl: FormTemplate, values: dict[str, str], copy_label: str) -> list[Flowable]:
    flows: list[Flowable] = [Paragraph(blocks.fill(tpl.title, values), styles.paragraph("title"))]
    if tpl.subtitle:
        subtitle = blocks.fill(tpl.subtitle, values, markup=False)
        style = styles.paragraph("subtitle")
        flows.append(Paragraph(escape(subtitle), style))
        rule = min(stringWidth(subtitle, style.fontName, style.fontSize) * 0.5, 200)
        flows.append(
            HRFlowable(
                width=max(rule, 60), thickness=styles.RULE_WIDTH, spaceBefore=3, spaceAfter=3
            )
        )
    if tpl.attribution:
        flows.append(Paragraph(f"({escape(tpl.attribution)})", styles.paragraph("attribution")))
    if copy_label:
        flows.append(Paragraph(f"({escape(copy_label)})", styles.paragraph("copy")))
    flows.append(Spacer(0, 4))
    return flows


def _story(tpl, ctx: contexts.Context, copy_label: str) -> list[Flowable]:
    page = styles.LANDSCAPE if tpl.landscape else styles.PORTRAIT
    values = dict(ctx.values)
    when = ctx.dates.get(tpl.date) if tpl.date else None
    when = when or ctx.dates.get("today")
    values["print_date"] = long_date(when)
    date_line = place_date(values["place"], when) if tpl.date and tpl.date_in_header else ""
    flows: list[Flowable] = [_CopyStart(), _letterhead(tpl, values, date_line)]
    # Beside the barcode when the form has one (the space is free there), else under the title.
    has_barcode = any(block["type"] == "barcode" for block in tpl.body)
    values["copy_label"] = copy_label if has_barcode else ""
    heading = _title(tpl, values, "" if has_barcode else copy_label)
    if not any(block["type"] == "title" for block in tpl.body):
        flows += heading
    for block in tpl.body:
        if block["type"] == "signatures" and flows:
            flows[-1].keepWithNext = True  # never leave the signatures alone on a page
        flows += heading if block["type"] == "title" else blocks.build(block, values, ctx, page)
    return flows


def _copy_labels(tpl: FormTemplate, copies: int, values: dict[str, str]) -> list[str]:
    if copies <= 1:
        return [""]
    labels = [blocks.fill(label, values, markup=False) for label in tpl.copy_labels]
    return [labels[i] if i < len(labels) else f"Liên {i + 1}" for i in range(copies)]


def _copies(tpl: FormTemplate, office: Office, copies: int | None) -> int:
    """Liên to print: as asked, else the office's number for Mẫu 01, else the template's."""
    if copies is not None:
        return copies
    if tpl.id == "receipt":
        return office.receipt_copies
    return tpl.copies


def render_form(
    form: str,
    dossier: Dossier,
    office: Office,
    *,
    template_set: str | None = None,
    officer: str | None = None,
    copies: int | None = None,
    printed_at: datetime,
) -> bytes:
    """One form for one dossier as a PDF, printed at `printed_at` (office time).

    `form` is a logical id ("receipt", "supplement", "refusal", "apology", "stop",
    "control", "book", "fee_receipt", "handover") or the set's number ("01", "5").
    The set is the one in force on the day the dossier was received unless named.
    `officer` signs as the receiving/guiding officer (default: who received it).
    `copies` overrides the template's number of liên.
    """
    register()
    chosen = get_set(template_set or template_set_for(dossier.received_at))
    tpl = chosen.resolve(form)
    if tpl.id == "book":
        day = to_vn(dossier.received_at).date()
        return render_book(
            [dossier], office, day, day, template_set=chosen.id, printed_at=printed_at
        )
    if copies is not None and not 1 <= copies <= 10:
        raise InvalidInput(f"Số liên phải từ 1 đến 10, không phải {copies}.")
    if tpl.id == "fee_receipt":
        _check_fee_receipt(dossier)
    ctx = contexts.build(dossier, office, officer, printed_at=printed_at)
    count = _copies(tpl, office, copies)
    story: list[Flowable] = []
    for index, label in enumerate(_copy_labels(tpl, count, ctx.values)):
        if index:
            story.append(PageBreak())
        story += _story(tpl, ctx, label)
    page = styles.LANDSCAPE if tpl.landscape else styles.PORTRAIT
    title = f"{tpl.title.capitalize()} – {dossier.code}"
    return _pdf(story, page, title=title, author=office.name)


def _check_fee_receipt(dossier: Dossier) -> None:
    """No biên lai for a free procedure, and none without its number (NĐ 123/2020)."""
    if dossier.fee <= 0:
        raise InvalidInput(
            f"Hồ sơ {dossier.code} không thu phí, lệ phí nên không có biên lai thu phí, lệ phí."
        )
    if dossier.fee_receipt is None:
        raise InvalidInput(
            f"Biên lai của hồ sơ {dossier.code} chưa được cấp số; "
            f"lập biên lai trước: desk dossier fee-receipt {dossier.code}."
        )


def _day(moment: date | datetime) -> date:
    return to_vn(moment).date() if isinstance(moment, datetime) else moment


def render_book(
    dossiers,
    office: Office,
    date_from: date | datetime,
    date_to: date | datetime,
    *,
    template_set: str | None = None,
    printed_at: datetime,
) -> bytes:
    """The Sổ theo dõi hồ sơ for dossiers received from `date_from` to `date_to` inclusive,
    printed at `printed_at` (open dossiers are marked late as of then).

    Landscape, one row per dossier in order of receipt, header row repeated on every page.
    """
    register()
    first, last = _day(date_from), _day(date_to)
    if first > last:
        raise InvalidInput(
            f"Ngày bắt đầu {first:%d/%m/%Y} sau ngày kết thúc {last:%d/%m/%Y}.",
        )
    chosen = get_set(template_set or template_set_for(last))
    tpl = chosen.resolve("book")
    picked = [d for d in dossiers if first <= to_vn(d.received_at).date() <= last]
    picked.sort(key=lambda d: (d.received_at, d.book_number, d.code))
    rows = [
        contexts.book_row(d, i, office, as_of=printed_at) for i, d in enumerate(picked, start=1)
    ]
    ctx = contexts.book_context(office, first, last, rows, printed_at=printed_at)
    story = _story(tpl, ctx, "")
    page = styles.LANDSCAPE if tpl.landscape else styles.PORTRAIT
    title = f"Sổ theo dõi hồ sơ {first:%d/%m/%Y}–{last:%d/%m/%Y}"
    return _pdf(story, page, title=title, author=office.name)
