"""Made-up dossiers and offices for the form tests, and ways to read a PDF back.

No tests here: the test_forms_* modules import these, so each reads the PDF the way a
person would see it (text with pypdf, pixels with pdftoppm, codes with zxing-cpp). Forms
are printed on a named day (PRINTED_AT) unless a test says otherwise.
"""

import subprocess
import tempfile
import unicodedata
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pypdf
import zxingcpp
from helpers import require_tool
from PIL import Image

from desk.clock import VN_TZ
from desk.dossiers.model import (
    Apology,
    Dossier,
    Event,
    FeeReceiptNumber,
    Paper,
    Person,
    Status,
    SupplementRequest,
)
from desk.office import Office
from printing import forms
from printing.samples import sample_office

MM = 72 / 25.4


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VN_TZ)


# The morning after the full dossier below was received (Friday 06/02/2026).
PRINTED_AT = datetime(2026, 2, 6, 8, 15, tzinfo=VN_TZ)


def office(**over) -> Office:
    return sample_office(**over)


def render_form(form: str, dossier: Dossier, where: Office, **options) -> bytes:
    options.setdefault("printed_at", PRINTED_AT)
    return forms.render_form(form, dossier, where, **options)


def render_book(dossiers, where: Office, date_from, date_to, **options) -> bytes:
    options.setdefault("printed_at", PRINTED_AT)
    return forms.render_book(dossiers, where, date_from, date_to, **options)


def bare_office() -> Office:
    """Only what an office must have: no parent, place, phone, lookup site or leader."""
    return Office(unit_code="H57.132", name="UBND xã Tân Lập")


def full_dossier(**over) -> Dossier:
    base = Dossier(
        id="0190a1b2-0000-7000-8000-000000000001",
        code="000.00.19.H47-260205-0001",
        unit_code="000.00.19.H47",
        procedure_code="1.001193",
        procedure_name="Đăng ký khai sinh",
        field="Hộ tịch",
        time_limit_text="Trong ngày",
        applicant=Person(
            name="Nguyễn Văn Đức",
            id_number="066090001234",
            address="Thôn Ea Kmar, xã Hòa Phú, tỉnh Đắk Lắk",
            phone="0905123456",
            email="duc@example.vn",
        ),
        papers=(
            Paper(1, "Tờ khai đăng ký khai sinh", "original", 1),
            Paper(2, "Giấy chứng sinh", "original", 1),
            Paper(3, "Căn cước của cha, mẹ", "photo", 2),
            Paper(4, "Giấy chứng nhận kết hôn", "certified", 1),
            Paper(5, "Căn cước của người đi đăng ký", "original", 1, shown=True),
        ),
        channel="direct",
        delivery="counter",
        status=Status.RECEIVED,
        received_at=at(2026, 2, 5, 9, 30),
        due_at=at(2026, 2, 5, 16, 30),
        fee=50000,
        fee_detail="50.000 đ/hồ sơ (đăng ký khai sinh quá hạn)",
        fee_name="Lệ phí đăng ký hộ tịch",
        fee_category="le_phi",
        fee_receipt=FeeReceiptNumber(
            form="01BLP0-001",
            series="HP-26P",
            number=42,
            issued_at=at(2026, 2, 5, 9, 40),
            issued_by="Phạm Thị Lan",
        ),
        submitter=Person(name="Lê Thị Hoa", phone="0912000111", address="Thôn 2, xã Hòa Phú"),
        receiver="lan",  # the login, as history keeps it
        receiver_name="Phạm Thị Lan",
        procedure_short_name="Khai sinh",
        supplement=SupplementRequest(
            requested_at=at(2026, 2, 5, 9, 45),
            reason="Thiếu giấy chứng sinh bản chính",
            items=(Paper(1, "Giấy chứng sinh (bản chính)", "original", 1),),
            officer="Phạm Thị Lan",
        ),
        refusal_reason="Hồ sơ không thuộc thẩm quyền giải quyết của UBND xã.",
        stop_reason="Người yêu cầu có đơn rút hồ sơ",
        apology=Apology(
            at=at(2026, 2, 6, 8, 0),
            reason="Cần xác minh thêm thông tin",
            old_due=at(2026, 2, 5, 16, 30),
            new_due=at(2026, 2, 9, 16, 30),
            signer="Trần Văn Bình",
        ),
        result="Giấy khai sinh bản chính",
        returned_at=at(2026, 2, 9, 10, 0),
        returned_to="Lê Thị Hoa",
        book_number=125,
        events=(
            Event(
                at=at(2026, 2, 5, 10, 0),
                kind="start",
                actor="lan",
                from_status="received",
                to_status="in_progress",
                data={"to": "Công chức Tư pháp - Hộ tịch"},
            ),
            Event(
                at=at(2026, 2, 5, 15, 0),
                kind="finish",
                actor="tp",
                from_status="in_progress",
                to_status="done",
            ),
        ),
    )
    return replace(base, **over)


def minimal_dossier(**over) -> Dossier:
    """Only the required fields: no submitter, phone, papers, reasons or history."""
    base = Dossier(
        id="0190a1b2-0000-7000-8000-000000000002",
        code="H57.132-260804-0583",
        unit_code="H57.132",
        procedure_code="2.000815",
        procedure_name="Chứng thực bản sao từ bản chính",
        field="Chứng thực",
        time_limit_text="Trong ngày",
        applicant=Person(name="Bùi Thị Hương"),
        papers=(),
        channel="direct",
        delivery="counter",
        status=Status.RECEIVED,
        received_at=at(2026, 8, 4, 14, 10),
        due_at=at(2026, 8, 4, 16, 0),
    )
    return replace(base, **over)


def reader(pdf: bytes) -> pypdf.PdfReader:
    assert pdf.startswith(b"%PDF-")
    import io

    return pypdf.PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in reader(pdf).pages]


def text_of(pdf: bytes) -> str:
    """The text a reader sees; a no-break space (phone numbers) reads as a space."""
    text = "\n".join(page_texts(pdf))
    assert unicodedata.is_normalized("NFC", text)
    return text.replace("\u00a0", " ")


def lines_of(pdf: bytes) -> list[str]:
    """Each printed line, as pypdf reads it, spaces tidied: what is on one line stays together."""
    return [" ".join(line.replace("\u00a0", " ").split()) for line in text_of(pdf).splitlines()]


def flat(text: str) -> str:
    """Runs of whitespace as one space: a wrapped paragraph reads as its one-line source."""
    return " ".join(text.split())


def squeeze(text: str) -> str:
    """Without any whitespace: wrapped lines compare equal to the one-line original."""
    return "".join(text.split())


def rasterize(pdf: bytes, dpi: int = 150, *, gray: bool = True) -> list[Image.Image]:
    """Pages as pdftoppm draws them (what a printer would put on paper)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        args = [
            require_tool("pdftoppm"),
            "-r",
            str(dpi),
        ]  # plain PGM/PPM: PNG encoding is the slow part
        if gray:
            args.append("-gray")
        subprocess.run([*args, str(source), str(Path(tmp) / "p")], check=True)
        pages = sorted(Path(tmp).glob("p-*.p?m"), key=lambda p: int(p.stem.split("-")[-1]))
        return [Image.open(p).copy() for p in pages]


def decode(image: Image.Image, *, eci: bool = False) -> dict[str, list[zxingcpp.Barcode]]:
    """Codes by format name; with `eci` the text keeps its ECI designators ("]Q2\\000026…")."""
    F = zxingcpp.BarcodeFormat
    mode = zxingcpp.TextMode.ECI if eci else zxingcpp.TextMode.HRI
    found: dict[str, list[zxingcpp.Barcode]] = {}
    formats = [F.QRCode, F.MicroQRCode, F.Code128, F.DataMatrix]
    for code in zxingcpp.read_barcodes(image, formats=formats, text_mode=mode):
        found.setdefault(code.format.name, []).append(code)
    return found


def text_positions(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    """(x, y, text) of every string drawn, per page, in PDF points from the bottom left."""
    pages = []
    for page in reader(pdf).pages:
        seen: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, font, size, seen=seen):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                seen.append((x, y, text))

        page.extract_text(visitor_text=visit)
        pages.append(seen)
    return pages
