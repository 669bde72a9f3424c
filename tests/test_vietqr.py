"""VietQR payloads for paying a fee by bank transfer (domain-vn.md §7)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.errors import InvalidInput
from desk.vietqr import (
    ascii_purpose,
    build_vietqr,
    crc16_ccitt_false,
    fee_purpose,
    parse_vietqr,
)

WORKED = (
    "00020101021238570010A00000072701270006970436011300110012345670208QRIBFTTA"
    "53037045405500005802VN62210817LEPHI 260917-00016304A7BD"
)
STATIC = (
    "00020101021138570010A00000072701270006970436011300110012345670208QRIBFTTA53037045802VN6304E8DB"
)


def test_crc_check_value():
    assert crc16_ccitt_false("123456789") == 0x29B1
    assert crc16_ccitt_false(b"") == 0xFFFF


def test_worked_example_byte_for_byte():
    payload = build_vietqr("970436", "0011001234567", amount=50_000, purpose="LEPHI 260917-0001")
    assert payload == WORKED
    assert len(payload) == 128


def test_static_variant_byte_for_byte():
    assert build_vietqr("970436", "0011001234567") == STATIC


def test_parse_round_trip():
    qr = parse_vietqr(WORKED)
    assert (qr.bin, qr.account, qr.amount, qr.purpose) == (
        "970436",
        "0011001234567",
        50_000,
        "LEPHI 260917-0001",
    )
    assert qr.bank == "Vietcombank"
    static = parse_vietqr(STATIC)
    assert static.amount is None and static.purpose == ""


def test_thirty_seven_page_copy_fee():
    payload = build_vietqr(
        "970415", "123456789012", amount=39_000, purpose="Phí chứng thực 37 trang"
    )
    qr = parse_vietqr(payload)
    assert qr.amount == 39_000 and qr.purpose == "Phi chung thuc 37 trang"
    assert payload[-4:] == f"{crc16_ccitt_false(payload[:-4]):04X}"


def test_purpose_is_folded_to_ascii_and_cut():
    assert ascii_purpose("Lệ phí ĐĂNG KÝ khai sinh") == "Le phi DANG KY khai sinh"
    long = ascii_purpose("Lệ phí chứng thực hồ sơ 000.00.19.H47-260917-0001")
    assert long.isascii() and len(long) <= 25
    assert ascii_purpose("a  b\n«c»") == "a b c"


def test_fee_purpose_from_dossier_code():
    assert fee_purpose("H57.132-260804-0583") == "LEPHI H57.132-260804-0583"
    assert fee_purpose("000.00.19.H47-260917-0001") == "LEPHI 260917-0001"


@pytest.mark.parametrize(
    ("bin", "account", "message"),
    [
        ("97043", "0011001234567", "BIN"),
        ("97043A", "0011001234567", "BIN"),
        ("", "0011001234567", "BIN"),
        ("970436", "", "Số tài khoản"),
        ("970436", "0011 0012 34567", "Số tài khoản"),
        ("970436", "12345678901234567890", "Số tài khoản"),
        ("970436", "tài khoản", "Số tài khoản"),
    ],
)
def test_bad_bin_or_account(bin, account, message):
    with pytest.raises(InvalidInput) as info:
        build_vietqr(bin, account)
    assert message in info.value.message


@pytest.mark.parametrize("amount", [0, -5, 1.5, True, 10**13])
def test_bad_amount(amount):
    with pytest.raises(InvalidInput) as info:
        build_vietqr("970436", "0011001234567", amount=amount)
    assert "Số tiền" in info.value.message


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("001099012345|123456789|NGUYỄN VĂN AN", "000201"),
        (WORKED[:-4] + "0000", "mã kiểm tra"),
        (WORKED.replace("50000", "90000"), "mã kiểm tra"),
        (WORKED[:-8], "CRC"),
    ],
)
def test_parse_refuses(payload, message):
    with pytest.raises(InvalidInput) as info:
        parse_vietqr(payload)
    assert message in info.value.message


def test_parse_accepts_lowercase_crc():
    assert parse_vietqr(WORKED[:-4] + WORKED[-4:].lower()).amount == 50_000


@settings(deadline=None, max_examples=100)
@given(
    bin=st.from_regex(r"97[0-9]{4}", fullmatch=True),
    account=st.from_regex(r"[0-9A-Z]{1,19}", fullmatch=True),
    amount=st.none() | st.integers(min_value=1, max_value=10**12),
    purpose=st.text(max_size=60),
)
def test_build_then_parse(bin, account, amount, purpose):
    payload = build_vietqr(bin, account, amount=amount, purpose=purpose)
    assert payload.isascii()
    qr = parse_vietqr(payload)
    assert (qr.bin, qr.account, qr.amount) == (bin, account, amount)
    assert qr.purpose == ascii_purpose(purpose) and len(qr.purpose) <= 25
    assert payload[6:12] == ("010212" if amount is not None else "010211")
