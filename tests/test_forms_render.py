"""Every form of both sets, read back from the PDF as a person or a printer would see it."""

import unicodedata

import pytest
from forms_samples import (
    at,
    bare_office,
    flat,
    full_dossier,
    lines_of,
    minimal_dossier,
    office,
    page_texts,
    reader,
    render_book,
    render_form,
    squeeze,
    text_of,
    text_positions,
)

from desk.dossiers.model import Event, Person, Status
from desk.errors import InvalidInput
from printing.forms import available_forms

A4 = (595.27, 841.89)
NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
SETS = ("tt01-2018", "tt03-2025")
CASES = [(s, f.id) for s in SETS for f in available_forms(s)]


def _size(page) -> tuple[float, float]:
    box = page.mediabox
    return float(box.width), float(box.height)


SIGNED_LETTERS = {"apology", "stop", "fee_receipt"}


@pytest.mark.parametrize(("template_set", "form"), CASES)
@pytest.mark.parametrize("which", ["full", "minimal"])
def test_every_form_renders_and_reads_back(template_set, form, which):
    dossier, where = (
        (full_dossier(), office()) if which == "full" else (minimal_dossier(), bare_office())
    )
    if form == "fee_receipt" and not dossier.fee:
        with pytest.raises(InvalidInput, match="không thu phí, lệ phí"):
            render_form(form, dossier, where, template_set=template_set)
        return
    pdf = render_form(form, dossier, where, template_set=template_set)
    text = text_of(pdf)
    pages = reader(pdf).pages
    for page in pages:
        width, height = _size(page)
        if form == "book":
            assert (width, height) == pytest.approx((A4[1], A4[0]), abs=0.1)
        else:
            assert (width, height) == pytest.approx(A4, abs=0.1)
    squeezed = squeeze(text)  # the Sổ wraps names in its narrow columns
    assert dossier.code in squeezed
    payer = dossier.submitter or dossier.applicant
    assert squeeze((payer if form == "fee_receipt" else dossier.applicant).name) in squeezed
    if form in SIGNED_LETTERS:  # the issuing body by its full name
        assert "ỦY BAN NHÂN DÂN" in text and where.name.upper() not in text
        assert where.name.upper().replace("UBND ", "") in flat(text)
    else:  # the desk's parent line may abbreviate
        assert where.name.upper() in text
    if form != "fee_receipt":  # a biên lai carries Mẫu số / Ký hiệu / Số instead
        assert NATIONAL in text
        assert MOTTO in text


def test_receipt_key_lines_extract_exactly():
    text = text_of(render_form("receipt", full_dossier(), office()))
    for line in (
        "UBND XÃ HÒA PHÚ",
        "BỘ PHẬN MỘT CỬA",
        NATIONAL,
        MOTTO,
        "Mã hồ sơ: 000.00.19.H47-260205-0001",
        "Hòa Phú, ngày 05 tháng 02 năm 2026",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Tiếp nhận hồ sơ của: Nguyễn Văn Đức",
        "Người nộp hồ sơ: Lê Thị Hoa",
        "Số điện thoại: 0905123456",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "Hình thức nộp hồ sơ: Trực tiếp",
        "Giấy chứng nhận kết hôn",
        "2. Số lượng hồ sơ: 01 bộ",
        "3. Thời gian giải quyết hồ sơ theo quy định là: Trong ngày",
        "4. Thời gian nhận hồ sơ: 09 giờ 30 phút, ngày 05 tháng 02 năm 2026",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 05 tháng 02 năm 2026",
        "6. Đăng ký nhận kết quả: Tại Bộ phận Một cửa",
        "số thứ tự: 125",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Phạm Thị Lan",
    ):
        assert line in text, line
    # The lookup note: the URL and the phone, each on one line.
    lines = lines_of(render_form("receipt", full_dossier(), office()))
    url = "https://dichvucong.daklak.gov.vn/tra-cuu?ma=000.00.19.H47-260205-0001"
    assert any(url in line for line in lines)
    assert any("0262 3123 456" in line for line in lines)


def test_receipt_papers_table_counts_by_kind():
    pdf = render_form("receipt", full_dossier(), office(), copies=1)
    assert "Bản chứng thực" in flat(text_of(pdf))
    (drawn,) = text_positions(pdf)

    def x_of(text):
        return next(x for x, _, t in drawn if t.strip() == text)

    def count_in_row_of(paper):
        name_x, row_y = next((x, y) for x, y, t in drawn if t.strip() == paper)
        return [(x, t.strip()) for x, y, t in drawn if abs(y - row_y) < 1 and x > name_x]

    original, certified, photo = x_of("Bản chính"), x_of("Bản chứng"), x_of("Bản photo")
    assert original < certified < photo
    ((x, count),) = count_in_row_of("Căn cước của cha, mẹ")
    assert count == "02" and x > photo
    ((x, count),) = count_in_row_of("Giấy chứng nhận kết hôn")
    assert count == "01" and certified < x < photo
    ((x, count),) = count_in_row_of("Giấy chứng sinh")
    assert count == "01" and original < x < certified


def test_receipt_fits_one_page_for_an_ordinary_dossier():
    assert len(reader(render_form("receipt", full_dossier(), office(), copies=1)).pages) == 1
    assert len(reader(render_form("receipt", full_dossier(), office())).pages) == 2  # 2 liên


def test_decomposed_input_prints_composed():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    dossier = full_dossier(applicant=Person(name=nfd))
    text = text_of(render_form("receipt", dossier, office()))
    assert "Nguyễn Thị Ánh Tuyết" in text
    assert nfd not in text


def test_missing_values_print_as_dotted_leaders_and_optional_lines_vanish():
    text = text_of(render_form("receipt", minimal_dossier(), bare_office()))
    assert "Số điện thoại: …" in text
    assert "Người nộp hồ sơ:" not in text
    assert "Vào Sổ theo dõi" not in text
    # Without a lookup site the QR still carries the code itself.
    assert "H57.132-260804-0583" in text
    assert "Tân Lập, ngày 04 tháng 8 năm 2026" in text  # months after 2: no leading zero


def test_fonts_are_embedded_subsets_and_streams_are_binary():
    pdf = render_form("receipt", full_dossier(), office())
    assert b"/ASCII85Decode" not in pdf
    names = set()
    for page in reader(pdf).pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]))
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
    assert any("LiberationSerif-Bold" in n for n in names)
    assert any("LiberationSerif-Italic" in n for n in names)
    assert all("+" in n for n in names)  # subset tags: AAAAAA+LiberationSerif


def test_copies_each_carry_their_label_and_restart_page_numbers():
    pdf = render_form("receipt", full_dossier(), office())  # two liên unless the office says
    first, second = page_texts(pdf)
    assert "(Liên 1: Lưu tại Bộ phận Một cửa)" in first
    assert "(Liên 2: Giao người nộp hồ sơ)" in second
    assert NATIONAL in second
    assert not second.strip().startswith("2")  # no page number on a copy's first page


def test_single_receipt_has_no_copy_label():
    one = office(receipt_copies=1)
    assert "Liên" not in text_of(render_form("receipt", full_dossier(), one))
    assert "Liên" not in text_of(render_form("receipt", full_dossier(), office(), copies=1))


def test_fee_receipt_three_copies_amount_in_figures_and_words():
    pages = page_texts(render_form("fee_receipt", full_dossier(), office()))
    assert len(pages) == 3
    for page, label in zip(
        pages, ("Liên 1: Lưu", "Liên 2: Giao người nộp", "Liên 3: Lưu nội bộ"), strict=True
    ):
        assert label in page
        assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in page
        assert "Tổng số tiền: 50.000 đồng" in page
        assert "Viết bằng chữ: Năm mươi nghìn đồng." in page
        assert "Mã số thuế: 6000123456" in page
        assert "Mẫu số: 01BLP0-001" in page and "Ký hiệu: HP-26P" in page
        assert "Số: 0000042" in page
        assert "Tên người nộp: Lê Thị Hoa" in page
        assert "Hòa Phú, ngày 05 tháng 02 năm 2026" in page


def test_supplement_lists_what_to_add_and_why():
    text = flat(text_of(render_form("supplement", full_dossier(), office())))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Giấy chứng sinh (bản chính)" in text
    assert "Lý do: Thiếu giấy chứng sinh bản chính." in text
    assert "NGƯỜI HƯỚNG DẪN" in text


def test_refusal_gives_the_reason_once_with_one_full_stop():
    text = flat(text_of(render_form("refusal", full_dossier(), office())))
    assert "thẩm quyền giải quyết của UBND xã." in text
    assert "UBND xã.." not in text


def test_control_slip_rows_come_from_the_history():
    text = flat(text_of(render_form("control", full_dossier(), office())))
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "1. Giao: Bộ phận Một cửa" in text
    assert "2. Nhận: Công chức Tư pháp - Hộ tịch" in text
    assert "10 giờ 00 phút" in text
    assert "Đúng hạn" in text  # back at 15:00, due 16:30


def test_apology_letter_dates_and_signer():
    text = flat(text_of(render_form("apology", full_dossier(), office(), template_set="tt03-2025")))
    assert "Kính gửi: Ông/Bà Nguyễn Văn Đức" in text
    assert "16 giờ 30 phút, ngày 09 tháng 02 năm 2026" in text
    assert "Cần xác minh thêm thông tin" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text
    assert "Trần Văn Bình" in text
    assert "Hòa Phú, ngày 06 tháng 02 năm 2026" in text


def test_stop_notice_under_tt03():
    dossier = full_dossier(
        status=Status.STOPPED,
        events=(
            Event(
                at=at(2026, 2, 5, 11, 0),
                kind="stop",
                actor="lan",
                from_status="received",
                to_status="stopped",
            ),
        ),
    )
    text = flat(text_of(render_form("stop", dossier, office(), template_set="tt03-2025")))
    assert "THÔNG BÁO" in text and "Dừng giải quyết hồ sơ" in text
    assert "Lý do dừng giải quyết hồ sơ: Người yêu cầu có đơn rút hồ sơ." in text
    assert "kể từ ngày 05 tháng 02 năm 2026" in text


def test_handover_slip():
    text = flat(text_of(render_form("handover", full_dossier(), office())))
    assert "GIẤY BIÊN NHẬN TRẢ KẾT QUẢ GIẢI QUYẾT HỒ SƠ" in text
    assert "Kết quả giải quyết: Giấy khai sinh bản chính" in text
    assert "Thời gian trả kết quả: 10 giờ 00 phút, ngày 09 tháng 02 năm 2026" in text
    assert "NGƯỜI NHẬN KẾT QUẢ" in text


def _many(count: int, day_from=1):
    out = []
    for i in range(count):
        received = at(2026, 3, day_from + i % 28, 8 + i % 9, i % 60)
        out.append(
            full_dossier(
                id=f"id-{i}",
                code=f"000.00.19.H47-2603{day_from + i % 28:02d}-{i + 1:04d}",
                received_at=received,
                due_at=received.replace(hour=16),
                book_number=i + 1,
                applicant=Person(
                    name=f"Người dân số {i + 1}", address=f"Thôn {i % 7 + 1}, xã Hòa Phú"
                ),
                events=(),
            )
        )
    return out


def test_book_is_landscape_with_header_on_every_page_and_page_numbers():
    dossiers = _many(120)
    pdf = render_book(dossiers, office(), at(2026, 3, 1).date(), at(2026, 3, 31).date())
    pages = reader(pdf).pages
    assert len(pages) > 3
    texts = page_texts(pdf)
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    for number, (page, text) in enumerate(zip(pages, texts, strict=True), start=1):
        width, height = _size(page)
        assert width > height
        assert "Tên thủ tục hành chính" in flat(text), number
        assert "Ngày, tháng, năm" in flat(text)
    assert "SỔ THEO DÕI HỒ SƠ" in texts[0]
    assert "Từ ngày 01/03/2026 đến ngày 31/03/2026" in texts[0]
    joined = "".join("".join(t.split()) for t in texts)
    for dossier in dossiers:
        assert joined.count(dossier.code) == 1, dossier.code


def test_book_takes_only_the_dates_asked_in_order():
    dossiers = _many(40)
    pdf = render_book(
        list(reversed(dossiers)), office(), at(2026, 3, 5).date(), at(2026, 3, 6).date()
    )
    joined = "".join(text_of(pdf).split())
    inside = [d for d in dossiers if d.received_at.day in (5, 6)]
    outside = [d for d in dossiers if d.received_at.day not in (5, 6)]
    assert inside and outside
    positions = [joined.index(d.code) for d in sorted(inside, key=lambda d: d.received_at)]
    assert positions == sorted(positions)
    assert not any(d.code in joined for d in outside)


def test_book_rejects_a_reversed_range():
    with pytest.raises(InvalidInput, match="sau ngày kết thúc"):
        render_book([], office(), at(2026, 3, 6).date(), at(2026, 3, 5).date())


def test_form_by_number_is_the_same_form():
    by_id = text_of(render_form("receipt", full_dossier(), office()))
    by_number = text_of(render_form("01", full_dossier(), office()))
    assert by_number == by_id
