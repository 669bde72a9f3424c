"""Reading the CCCD / Căn cước QR: the real layouts, what scanners add, and what is refused.

Every person and number here is made up (domain-vn.md §6.1 synthetic strings and ours).
"""

import json
import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.citizen_id import parse_cccd, title_name
from desk.errors import CitizenIdError
from desk.vietqr import build_vietqr

TODAY = date(2026, 11, 23)
CCCD = (
    "001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|"
    "Số 1 phố Huế, phường Hai Bà Trưng, Hà Nội|20042021"
)
CAN_CUOC = (
    "038301001234||LÊ THỊ BÌNH|02072001|Nữ|Thôn Đông, xã Quảng Phú, tỉnh Thanh Hóa|10082024||||"
)


def parse(payload):
    return parse_cccd(payload, today=TODAY)


def refused(payload) -> str:
    with pytest.raises(CitizenIdError) as info:
        parse(payload)
    return info.value.message


def test_cccd_chip_card_seven_fields():
    card = parse(CCCD)
    assert card.kind == "cccd"
    assert card.id_number == "001099012345"
    assert card.old_id == "123456789"
    assert card.name == "NGUYỄN VĂN AN"
    assert card.display_name == "Nguyễn Văn An"
    assert card.dob == date(1999, 3, 15)
    assert card.sex == "Nam"
    assert card.address == "Số 1 phố Huế, phường Hai Bà Trưng, Hà Nội"
    assert card.issued_on == date(2021, 4, 20)
    assert card.province == "Hà Nội"
    assert card.warnings == []


def test_can_cuoc_card_eleven_fields():
    card = parse(CAN_CUOC)
    assert card.kind == "can_cuoc"
    assert card.id_number == "038301001234"
    assert card.old_id == ""
    assert card.name == "LÊ THỊ BÌNH"
    assert card.dob == date(2001, 7, 2)
    assert card.sex == "Nữ"
    assert card.issued_on == date(2024, 8, 10)
    assert card.province == "Thanh Hóa"
    assert card.warnings == []


def test_six_field_variant_without_old_id():
    card = parse("001099012345|NGUYỄN VĂN AN|15031999|Nam|Số 1 phố Huế, Hà Nội|20042021")
    assert card.old_id == ""
    assert card.name == "NGUYỄN VĂN AN"
    assert card.address == "Số 1 phố Huế, Hà Nội"
    assert card.issued_on == date(2021, 4, 20)
    assert card.warnings == []


def test_extra_trailing_field_is_tolerated_with_a_warning():
    card = parse(CCCD + "|X1")
    assert card.name == "NGUYỄN VĂN AN"
    assert any("X1" in w for w in card.warnings)


@pytest.mark.parametrize(
    "wrapped",
    [
        CCCD + "\r\n",
        "\r\n" + CCCD + "\n",
        "  " + CCCD + "\t",
        "\ufeff" + CCCD,
        "]Q1" + CCCD,
        "\x02" + CCCD + "\x03\r",
        CCCD.replace("NGUYỄN", "NGUY\u200bỄN"),
        CCCD.replace("|", " | "),
    ],
)
def test_scanner_noise_is_removed(wrapped):
    card = parse(wrapped)
    assert card.id_number == "001099012345"
    assert card.name == "NGUYỄN VĂN AN"
    assert card.issued_on == date(2021, 4, 20)


def test_decomposed_input_comes_back_composed():
    card = parse(unicodedata.normalize("NFD", CCCD))
    assert card.name == "NGUYỄN VĂN AN"
    assert unicodedata.is_normalized("NFC", card.name)
    assert unicodedata.is_normalized("NFC", card.address)
    assert card.address == "Số 1 phố Huế, phường Hai Bà Trưng, Hà Nội"


def test_utf8_read_as_latin1_is_repaired_with_a_warning():
    garbled = CCCD.encode("utf-8").decode("latin-1")
    card = parse(garbled)
    assert card.name == "NGUYỄN VĂN AN"
    assert any("bảng mã" in w for w in card.warnings)


def test_bytes_are_accepted():
    assert parse(CCCD.encode("utf-8")).name == "NGUYỄN VĂN AN"


def test_name_case_is_kept_and_title_case_offered():
    card = parse(CCCD.replace("NGUYỄN VĂN AN", "Nguyễn văn An"))
    assert card.name == "Nguyễn văn An"
    assert card.display_name == "Nguyễn Văn An"
    assert title_name("H'HEN NIÊ") == "H'Hen Niê"
    assert title_name("ĐỖ  THỊ   ĐÀO") == "Đỗ Thị Đào"


def test_sex_is_normalised():
    assert parse(CCCD.replace("|Nam|", "|NAM|")).sex == "Nam"
    assert parse(CAN_CUOC.replace("|Nữ|", "|nu|")).sex == "Nữ"


def test_warning_for_unknown_province():
    card = parse(CCCD.replace("001099012345", "099099012345"))
    assert len(card.warnings) == 1
    assert "«099»" in card.warnings[0]


def test_warning_for_sex_mismatch():
    card = parse(CCCD.replace("|Nam|", "|Nữ|"))
    assert len(card.warnings) == 1
    assert "giới tính Nam" in card.warnings[0] and "ghi là Nữ" in card.warnings[0]


def test_warning_for_birth_year_mismatch():
    card = parse(CCCD.replace("15031999", "15031998"))
    assert len(card.warnings) == 1
    assert "1999" in card.warnings[0] and "1998" in card.warnings[0]


def test_warning_for_century_mismatch():
    # 4th digit 2 means born in the 2000s; the card says 1999.
    card = parse(CCCD.replace("001099012345", "001299012345"))
    assert any("2099" in w for w in card.warnings)


def test_twelve_digit_old_id_is_a_warning():
    card = parse(CCCD.replace("123456789", "001099012345"))
    assert card.old_id == "001099012345"
    assert any("12 chữ số" in w for w in card.warnings)


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("", "không có dữ liệu"),
        ("\r\n  \t", "không có dữ liệu"),
        ("||||||", "chỉ có dấu phân cách"),
        ("|", "chỉ có dấu phân cách"),
        ("x" * 100_000, "quá dài"),
        (CCCD * 200, "quá dài"),
        ("001099012345|123\x00456789|NGUYỄN VĂN AN|15031999|Nam|Hà Nội|20042021", "nhị phân"),
        ("\x00\x01\x02\x89PNG|\x00", "nhị phân"),
        (CCCD.replace("|", ";"), "dấu «|»"),
        (CCCD.replace("|", ","), "dấu «|»"),
        (CCCD.replace("|", "\t"), "dấu «|»"),
        ("https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma=H47-260105-0001", "đường dẫn"),
        ("www.example.vn", "đường dẫn"),
        ("000.00.19.H47-260105-0001", "mã hồ sơ «000.00.19.H47-260105-0001»"),
        ("VE|H47.03|20261123|A012|0193a3b4", "phiếu xếp hàng"),
        ("001099012345", "chỉ có một dãy số"),
        ("xin chào", "Số định danh|Số CMND cũ|Họ và tên"),
        (
            "NGUYỄN VĂN AN|001099012345|123456789|15031999|Nam|Hà Nội|20042021",
            "trường đầu tiên phải là số định danh",
        ),
        ("123456789|001099012345|NGUYỄN VĂN AN|15031999|Nam|Hà Nội|20042021", "có 9 chữ số"),
        ("00109901234|123456789|NGUYỄN VĂN AN|15031999|Nam|Hà Nội|20042021", "có 11 chữ số"),
        ("001099012345|12345678|NGUYỄN VĂN AN|15031999|Nam|Hà Nội|20042021", "số CMND cũ"),
        ("001099012345|123456789|15031999|NGUYỄN VĂN AN|Nam|Hà Nội|20042021", "đảo thứ tự"),
        (
            "001099012345|123456789|NGUYỄN VĂN AN|Nam|15031999|Hà Nội|20042021",
            "ngày sinh phải có dạng",
        ),
        (
            "001099012345|123456789|NGUYỄN VĂN AN|15031999|Hà Nội|Nam|20042021",
            "giới tính phải là «Nam» hoặc «Nữ»",
        ),
        (
            "001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|20042021|Hà Nội",
            "ngày cấp phải có dạng",
        ),
        ("001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|Hà Nội", "thiếu trường ngày cấp"),
        ("001099012345|123456789|NGUYỄN VĂN AN", "thiếu trường ngày sinh"),
        ("001099012345|123456789|NGUYỄN VĂN AN|31021999|Nam|Hà Nội|20042021", "không có thật"),
        ("001099012345|123456789|NGUYỄN VĂN AN|15131999|Nam|Hà Nội|20042021", "không có thật"),
        ("001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|Hà Nội|30022021", "không có thật"),
        ("001227012345||NGUYỄN VĂN AN|15032027|Nam|Hà Nội|20042026", "ở tương lai"),
        ("001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|Hà Nội|20042027", "ở tương lai"),
        ("001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|Hà Nội|20041998", "trước ngày sinh"),
        ("001099012345|123456789|NGUYỄN VĂN AN|15031899|Nam|Hà Nội|20042021", "năm sinh 1899"),
        (CCCD + "|A|B|C|D|E", "nhiều hơn"),
        (CCCD + "|" + CCCD, "nhiều hơn"),
        (CCCD + CCCD, "ngày cấp phải có dạng"),
        (CCCD.encode("utf-8").decode("utf-8").replace("Ễ", "\ufffd"), "lỗi mã hóa"),
        ("001099012345|123456789|グエン|15031999|Nam|Hà Nội|20042021", "bảng mã"),
        (b"\xff\xfe\x00\x01", "UTF-8"),
    ],
)
def test_refused_with_a_clear_message(payload, expected):
    message = refused(payload)
    assert message.startswith("Không đọc được mã QR trên thẻ CCCD/Căn cước: ")
    assert expected in message


def test_a_vietqr_is_not_a_card():
    payload = build_vietqr("970436", "0011001234567", amount=39_000, purpose="LEPHI 260917-0001")
    assert "VietQR" in refused(payload)


def test_sample_photo_payloads_all_read(samples_dir):
    truth = json.loads((samples_dir / "qr-photos" / "truth.json").read_text(encoding="utf-8"))
    for name, item in truth.items():
        card = parse(item["text"])
        assert card.id_number == item["text"][:12], name
        assert card.warnings == [], (name, card.warnings)


def test_dates_are_checked_against_the_office_day_given():
    assert parse_cccd(CCCD, today=date(2021, 4, 20)).issued_on == date(2021, 4, 20)
    with pytest.raises(CitizenIdError, match="ngày cấp 20/04/2021 ở tương lai"):
        parse_cccd(CCCD, today=date(2021, 4, 19))


@settings(deadline=None, max_examples=400)
@given(st.text(max_size=300) | st.binary(max_size=300))
def test_any_text_is_a_card_or_a_citizen_id_error(payload):
    try:
        card = parse(payload)
    except CitizenIdError as exc:
        assert exc.message.startswith("Không đọc được mã QR")
    else:
        assert len(card.id_number) == 12 and card.dob <= TODAY


FIELD_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from("|0123456789"),
    max_size=40,
)


@settings(deadline=None, max_examples=300)
@given(st.lists(FIELD_TEXT, min_size=1, max_size=13))
def test_any_fields_are_a_card_or_a_citizen_id_error(fields):
    try:
        card = parse("|".join(fields))
    except CitizenIdError as exc:
        assert exc.message.startswith("Không đọc được mã QR")
    else:
        assert card.id_number.isdigit() and len(card.id_number) == 12


@st.composite
def valid_cards(draw):
    dob = draw(st.dates(min_value=date(1920, 1, 1), max_value=date(2020, 12, 31)))
    sex = draw(st.sampled_from(["Nam", "Nữ"]))
    digit = (dob.year // 100 - 19) * 2 + (sex == "Nữ")
    province = draw(st.sampled_from(["001", "038", "079", "096"]))
    rest = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    number = f"{province}{digit}{dob.year % 100:02d}{rest}"
    old = draw(st.sampled_from(["", "123456789"]))
    name = draw(st.sampled_from(["TRẦN THỊ MAI", "HOÀNG VĂN ĐỨC", "H'BIA NIÊ"]))
    issued = draw(st.dates(min_value=dob, max_value=TODAY))
    tail = draw(st.sampled_from(["", "||||"]))
    return number, old, name, dob, sex, issued, tail


@settings(deadline=None, max_examples=200)
@given(valid_cards())
def test_consistent_cards_read_back_without_warnings(fields):
    number, old, name, dob, sex, issued, tail = fields
    payload = f"{number}|{old}|{name}|{dob:%d%m%Y}|{sex}|Xã Đông Hòa|{issued:%d%m%Y}{tail}"
    card = parse(payload)
    assert (card.id_number, card.old_id, card.name, card.dob, card.sex, card.issued_on) == (
        number,
        old,
        name,
        dob,
        sex,
        issued,
    )
    assert card.kind == ("can_cuoc" if tail or issued >= date(2024, 7, 1) else "cccd")
    assert card.warnings == []
