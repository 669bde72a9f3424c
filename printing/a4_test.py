"""The A4 test page: does this printer print Vietnamese, in the right place, to the edges?

A plain page (no dossier, no person) printed from the settings window's "In thử" or
`desk settings printers --test a4`, through the print queue like every other job.
"""

import io
from datetime import datetime

from desk.office import Office

from . import fonts
from .jobs import Printed, printer_for
from .queue import PDF, attempt, submit

TITLE = "Trang in thử A4"


def a4_test_page(office: Office, *, when: datetime) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    family = fonts.register()
    out = io.BytesIO()
    page = Canvas(out, pagesize=A4, invariant=True)
    page.setTitle(TITLE)
    width, height = A4
    page.setLineWidth(0.8)
    page.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)  # the margins forms use
    page.setFont(family.bold, 18)
    page.drawCentredString(width / 2, height - 40 * mm, "TRANG IN THỬ")
    page.setFont(family.regular, 13)
    lines = (
        f"{office.desk_name} · {office.name}",
        f"Mã đơn vị: {office.unit_code}",
        f"In lúc {when:%H:%M} ngày {when:%d/%m/%Y}",
        "",
        "Chữ tiếng Việt: Ắ Ằ Ẳ Ẵ Ặ Ấ Ầ Ẩ Ẫ Ậ Đ Ế Ề Ể Ễ Ệ Ố Ồ Ổ Ỗ Ộ Ớ Ờ Ở Ỡ Ợ Ứ Ừ Ử Ữ Ự",
        "ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ đ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự ỳ ỷ ỹ ỵ",
        "",
        "Khung viền cách mép giấy 15 mm: nếu khung bị cắt, hãy kiểm tra khổ giấy A4",
        "và lề của máy in trong hệ điều hành.",
    )
    y = height - 55 * mm
    for line in lines:
        page.drawCentredString(width / 2, y, line)
        y -= 8 * mm
    page.showPage()
    page.save()
    return out.getvalue()


def print_a4_test(store, *, printer: str | None = None, sender=None, actor: str = "") -> Printed:
    address = printer_for(store, "a4", printer)
    data = a4_test_page(store.office(), when=store.now())
    job = submit(store, kind="test", title=TITLE, data=data, mime=PDF, printer=address, actor=actor)
    return Printed(attempt(store, job.id, sender), TITLE)
