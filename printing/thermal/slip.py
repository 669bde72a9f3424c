"""The short receipt slip (giấy biên nhận) a counter prints on a thermal roll.

It carries what the citizen needs to come back: the dossier code as text, QR (the
office's lookup URL) and Code 128 when it fits, the procedure, and the due date-time.
The full A4 receipt (Mẫu 01) is printing.forms' job.
"""

from PIL import Image

from desk.dossiers.model import Dossier
from desk.labels import fee_label
from desk.office import Office
from desk.officers import printable

from .codes import code128_image, qr_image
from .fonts import SANS, FontFiles
from .media import media_for
from .render import Align, Sheet
from .ticket import stamp

TITLE = "GIẤY BIÊN NHẬN HỒ SƠ"
KEEP_NOTE = "Vui lòng mang theo giấy này khi đến nhận kết quả. Quét mã QR để tra cứu hồ sơ."


def money(amount: int) -> str:
    """50000 → "50.000 đồng"; nothing due → "Không thu"."""
    if not amount:
        return "Không thu"
    return f"{amount:,}".replace(",", ".") + " đồng"


def render_slip(
    dossier: Dossier, office: Office, width: int = 576, *, fonts: FontFiles = SANS
) -> Image.Image:
    """The slip as a mode "1" image exactly `width` dots wide."""
    media = media_for(width)
    small = media.narrow
    label, value = (3.2, 3.8) if small else (3.4, 4.2)
    sheet = Sheet(media, fonts)

    def field(name: str, text: str, *, bold: bool = True) -> None:
        if text:
            sheet.text(name, label, align=Align.LEFT, after_mm=0)
            sheet.text(text, value, bold=bold, align=Align.LEFT, after_mm=1.2)

    sheet.space(1.5)
    if office.parent_name:
        sheet.text(office.parent_name, label, after_mm=0)
    sheet.text(office.name, 3.8 if small else 4.4, bold=True, after_mm=0)
    sheet.text(office.desk_name, label)
    sheet.rule()
    sheet.text(TITLE, 4.4 if small else 5.0, bold=True, after_mm=1.5)
    sheet.text("Mã hồ sơ", label, after_mm=0)
    sheet.fit(dossier.code, 5.5 if small else 6.0, min_mm=3.0, after_mm=1.5)
    sheet.image(qr_image(office.lookup_url(dossier.code), media, max_mm=26.0 if small else 30.0))
    bars = code128_image(dossier.code, media)
    if bars is not None:
        sheet.image(bars, after_mm=1.5)
    sheet.rule()
    if dossier.submitter is not None and dossier.submitter.name != dossier.applicant.name:
        field("Chủ hồ sơ:", dossier.applicant.name)
        field("Người nộp:", dossier.submitter.name)
    else:
        field("Người nộp hồ sơ:", dossier.applicant.name)
    field("Thủ tục:", dossier.procedure_name)
    field("Ngày tiếp nhận:", stamp(dossier.received_at), bold=False)
    if dossier.appointment is not None:
        field("Hẹn trả kết quả:", stamp(dossier.appointment))
    field(f"{fee_label(dossier.fee_category)}:", money(dossier.fee), bold=False)
    if dossier.fee and office.bank_bin and office.bank_account:
        # No cash at hand: the citizen pays the exact amount by bank transfer (VietQR).
        from desk.vietqr import build_vietqr, fee_purpose

        payload = build_vietqr(
            office.bank_bin,
            office.bank_account,
            amount=dossier.fee,
            purpose=fee_purpose(dossier.code),
        )
        sheet.text("Chuyển khoản: quét mã VietQR", label, after_mm=0.5)
        sheet.image(qr_image(payload, media, max_mm=26.0 if small else 30.0), after_mm=0.5)
        sheet.text(f"{office.bank_account_name} — TK {office.bank_account}".strip(" —"), label)
    field("Nhận kết quả:", dossier.delivery_label, bold=False)
    officer = printable(dossier.receiver_name) or printable(office.receiving_officer)
    field("Người tiếp nhận:", officer, bold=False)
    sheet.rule()
    sheet.text(KEEP_NOTE, 3.2 if small else 3.4)
    if office.phone:
        sheet.text(f"Điện thoại: {office.phone}", 3.2 if small else 3.4)
    sheet.space(1.0)
    return sheet.render()
