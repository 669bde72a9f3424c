"""Thermal tickets and slips: rendered, encoded to ESC/POS, decoded back, QR read."""

import unicodedata
from datetime import datetime

import numpy as np
import pytest
import zxingcpp

from desk.clock import VN_TZ
from desk.dossiers.model import Dossier, Person
from desk.errors import InvalidInput, PrinterError
from printing import thermal
from printing.escpos_decode import decode
from printing.samples import sample_dossier, sample_office, sample_ticket
from printing.thermal.fonts import SANS, FontFiles
from printing.thermal.media import media_for
from printing.thermal.render import wrap

WIDTHS = (384, 512, 576)
MODES = ("raster", "graphics", "column")
OFFICE = sample_office()
PAYLOAD = sample_ticket().qr_payload
LONG = ("Ủy ban nhân dân xã Nguyễn Văn Ánh thuộc huyện Krông Pắc tỉnh Đắk Lắk " * 8)[:500]
UNBROKEN = "Đ" * 500  # no space at all: must still wrap between letters


def ticket(**changes) -> thermal.TicketView:
    return sample_ticket(**changes)


def dossier(**changes) -> Dossier:
    return sample_dossier(**changes)


def read_codes(img) -> dict[str, str]:
    """Every code zxing-cpp finds, by format name; a white border stands for the roll edge."""
    gray = np.pad(np.asarray(img.convert("L")), 24, constant_values=255)
    return {r.format.name: r.text for r in zxingcpp.read_barcodes(gray)}


def ink(img) -> np.ndarray:
    return ~np.asarray(img.convert("1"), dtype=bool)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("width", WIDTHS)
def test_ticket_round_trip_reads_the_qr_back(width, mode):
    data = thermal.ticket_bytes(ticket(), width, thermal.EscposOptions(mode=mode))
    paper = decode(data)
    assert paper.width == width
    assert read_codes(paper.image)["QRCode"] == PAYLOAD
    assert paper.cuts and paper.cuts[-1] == paper.image.height  # cut after the ticket
    assert [e.kind for e in paper.events][:1] == ["init"]


@pytest.mark.parametrize("width", WIDTHS)
def test_decoded_raster_is_the_rendered_image_pixel_for_pixel(width):
    img = thermal.render_ticket(ticket(), width)
    paper = decode(thermal.encode_image(img))
    assert img.width == width
    top = paper.image.crop((0, 0, width, img.height))
    assert np.array_equal(ink(top), ink(img))


def test_column_mode_in_8_dot_stripes_still_reads():
    opts = thermal.EscposOptions(mode="column", column_dots=8)
    data = thermal.ticket_bytes(ticket(), 576, opts)
    paper = decode(data)
    stripes = [e.value for e in paper.events if e.kind == "image"]
    assert stripes and all(v == ("column", 576, 8) for v in stripes)
    assert read_codes(paper.image)["QRCode"] == PAYLOAD


@pytest.mark.parametrize("mode", MODES)
def test_no_text_byte_is_ever_sent(mode):
    view = ticket(office_name="Ủy ban nhân dân xã Đắk Ơ", service_name="Chứng thực – Hộ tịch")
    data = thermal.ticket_bytes(view, 576, thermal.EscposOptions(mode=mode))
    paper = decode(data)
    assert paper.text_bytes == b""
    assert not [e for e in paper.events if e.kind in ("text", "unknown")]
    for word in ("Ủy ban", "Đắk", "Chứng thực", "Hộ tịch"):
        for codec in ("utf-8", "cp1258", "utf-16-le"):
            try:
                encoded = unicodedata.normalize("NFD", word).encode(codec)
            except UnicodeEncodeError:
                continue
            assert encoded not in data


@pytest.mark.parametrize("width", WIDTHS)
def test_the_number_is_big(width):
    img = thermal.render_ticket(ticket(), width)
    media = media_for(width)
    rows = ink(img).any(axis=1)
    runs, start = [], None
    for y, inked in enumerate([*rows, False]):
        if inked and start is None:
            start = y
        elif not inked and start is not None:
            runs.append((start, y))
            start = None
    qr = zxingcpp.read_barcodes(np.asarray(img.convert("L")))[0].position
    qr_top = min(qr.top_left.y, qr.top_right.y)
    text_runs = [b - a for a, b in runs if b <= qr_top]
    assert media.mm(max(text_runs)) >= (12 if width == 384 else 15)


@pytest.mark.parametrize("width", WIDTHS)
def test_slip_round_trip_reads_lookup_url_and_code128(width):
    code = "H47-261123-0012" if width == 384 else "H57.132-261123-0012"  # 58 mm: short codes
    paper = decode(thermal.slip_bytes(dossier(code=code), OFFICE, width))
    assert paper.width == width
    codes = read_codes(paper.image)
    assert codes["QRCode"] == OFFICE.lookup_url(code)
    assert codes["Code128"] == code
    assert paper.text_bytes == b""


def test_slip_leaves_out_code128_when_it_cannot_fit():
    code = "000.00.19.H47-261123-001234"
    codes = read_codes(thermal.render_slip(dossier(code=code), OFFICE, 384))
    assert codes == {"QRCode": OFFICE.lookup_url(code)}


def test_ticket_qr_carries_vietnamese_with_eci():
    text = "Phiếu ưu tiên – Hòa Phú"
    codes = read_codes(thermal.render_ticket(ticket(qr_payload=text, priority=True), 384))
    assert codes["QRCode"] == text


def _lines_at_least(text: str, size_mm: float, width: int, bold: bool) -> int:
    media = media_for(width)
    font = SANS.face(media.dots(size_mm), bold=bold)
    inner = width - 2 * media.dots(2.0)
    return int(font.getlength(text) // inner)


@pytest.mark.parametrize("width", WIDTHS)
def test_500_character_names_wrap_inside_the_width(width):
    view = ticket(office_name=LONG, service_name=UNBROKEN)
    short = decode(thermal.ticket_bytes(ticket(), width)).image
    paper = decode(thermal.ticket_bytes(view, width)).image
    media = media_for(width)
    dots = ink(paper)
    assert paper.width == width
    edge = media.dots(1.0)
    assert not dots[:, :edge].any() and not dots[:, -edge:].any()  # nothing runs off the edge
    # Every line is there: the ticket grew by at least the lines the text needs.
    lines = _lines_at_least(LONG, 4.4, width, True) + _lines_at_least(UNBROKEN, 5.0, width, True)
    line_h = media.dots(4.4) * 1.1
    assert paper.height - short.height >= lines * line_h * 0.9
    assert read_codes(paper)["QRCode"] == PAYLOAD


def test_500_character_applicant_and_procedure_wrap_on_the_slip():
    d = dossier(applicant=Person(name=LONG), procedure_name=UNBROKEN)
    paper = decode(thermal.slip_bytes(d, OFFICE, 384)).image
    dots = ink(paper)
    edge = media_for(384).dots(1.0)
    assert not dots[:, :edge].any() and not dots[:, -edge:].any()
    assert read_codes(paper)["QRCode"] == OFFICE.lookup_url(d.code)


def test_wrap_keeps_every_letter_and_fits_each_line():
    font = SANS.face(35, bold=True)
    for text in (LONG, UNBROKEN, "ngắn"):
        lines = wrap(text, font, 300)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert all(font.getlength(line) <= 300 for line in lines)


def test_decomposed_input_prints_the_same_as_composed():
    composed = "Nguyễn Thị Ánh Tuyết"
    decomposed = unicodedata.normalize("NFD", composed)
    a = thermal.render_ticket(ticket(office_name=composed), 576)
    b = thermal.render_ticket(ticket(office_name=decomposed), 576)
    assert np.array_equal(ink(a), ink(b))


@pytest.mark.parametrize("width", WIDTHS)
def test_no_large_solid_black_areas(width):
    dots = ink(thermal.render_ticket(ticket(priority=True), width))
    assert dots.mean() < 0.15  # a standard receipt is about 12 %
    media = media_for(width)
    heavy = (dots.mean(axis=1) > 0.5).sum()  # dot lines where the head must slow down
    assert media.mm(heavy) < 3.0
    k = media.dots(4.0)  # and no 4 × 4 mm square is solid black
    sums = np.pad(dots.astype(np.int32).cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    window = sums[k:, k:] - sums[:-k, k:] - sums[k:, :-k] + sums[:-k, :-k]
    assert window.max() < k * k


def test_missing_font_names_the_file(tmp_path):
    fonts = FontFiles(regular=tmp_path / "KhongCo-Regular.ttf", bold=tmp_path / "KhongCo-Bold.ttf")
    with pytest.raises(PrinterError) as caught:
        thermal.render_ticket(ticket(), 576, fonts=fonts)
    assert "KhongCo-" in caught.value.message and "phông chữ" in caught.value.message


def test_corrupt_font_is_a_clear_error(tmp_path):
    bad = tmp_path / "Hong.ttf"
    bad.write_bytes(b"not a font")
    with pytest.raises(PrinterError, match="bị hỏng"):
        thermal.render_slip(dossier(), OFFICE, 576, fonts=FontFiles(regular=bad, bold=bad))


@pytest.mark.parametrize("width", [0, 100, 583, 2000])
def test_unusable_width_is_refused_in_vietnamese(width):
    with pytest.raises(InvalidInput, match="Khổ in"):
        thermal.render_ticket(ticket(), width)


def test_unknown_image_mode_is_refused():
    with pytest.raises(InvalidInput, match="raster, graphics hoặc column"):
        thermal.EscposOptions(mode="dots")


@pytest.mark.parametrize("width", WIDTHS)
def test_test_page_spans_the_width_and_reads(width):
    when = datetime(2026, 11, 23, 9, 30, tzinfo=VN_TZ)
    paper = decode(thermal.test_page(width, when=when))
    dots = ink(paper.image)
    assert paper.width == width
    assert dots[:, 0].any() and dots[:, width - 1].any()  # first and last dot both print
    assert read_codes(paper.image)["QRCode"] == f"Trang in thử {width} chấm – máy in nhiệt"


def test_fragments_stay_small_for_cheap_printers():
    paper = decode(thermal.ticket_bytes(ticket(), 576))
    heights = [e.value[2] for e in paper.events if e.kind == "image"]
    assert len(heights) > 1 and max(heights) <= 240
