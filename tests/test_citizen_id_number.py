"""The 12-digit personal ID number: hard errors only for what cannot be a number."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.citizen_id import PROVINCES, id_number_facts, province_name, validate_id_number
from desk.errors import CitizenIdError


def test_consistent_number_has_no_warnings():
    assert validate_id_number("001099012345", sex="Nam", dob=date(1999, 3, 15)) == []
    assert validate_id_number("038301001234", sex="Nữ", dob=date(2001, 7, 2)) == []


def test_number_alone_is_checked_for_province_only():
    assert validate_id_number("079123456789") == []
    assert len(validate_id_number("003123456789")) == 1


@pytest.mark.parametrize("code", ["000", "003", "097", "099", "101", "999"])
def test_unknown_province_is_a_warning_not_an_error(code):
    warnings = validate_id_number(f"{code}099012345")
    assert len(warnings) == 1
    assert f"«{code}»" in warnings[0] and "sau 07/2025" in warnings[0]


@pytest.mark.parametrize(
    ("digit", "sex", "year"),
    [
        ("0", "Nam", 1999),
        ("1", "Nữ", 1999),
        ("2", "Nam", 2099),
        ("3", "Nữ", 2099),
        ("4", "Nam", 2199),
    ],
)
def test_fourth_digit_gives_sex_and_century(digit, sex, year):
    facts = id_number_facts(f"001{digit}99012345")
    assert (facts.sex, facts.birth_year) == (sex, year)
    assert validate_id_number(f"001{digit}99012345", sex=sex, dob=date(year, 1, 1)) == []


def test_sex_mismatch_is_a_warning():
    warnings = validate_id_number("001099012345", sex="Nữ")
    assert len(warnings) == 1
    assert "«0»" in warnings[0] and "Nam" in warnings[0] and "Nữ" in warnings[0]


def test_year_mismatch_is_a_warning():
    warnings = validate_id_number("001099012345", dob=date(1989, 3, 15))
    assert len(warnings) == 1
    assert "1999" in warnings[0] and "1989" in warnings[0]


def test_century_mismatch_is_a_warning():
    warnings = validate_id_number("001299012345", dob=date(1999, 3, 15))
    assert len(warnings) == 1 and "2099" in warnings[0]


def test_sex_spellings():
    for sex in ["Nam", "NAM", "nam", " Nam "]:
        assert validate_id_number("001099012345", sex=sex) == []
    for sex in ["Nữ", "NỮ", "nu", "nữ"]:
        assert validate_id_number("001199012345", sex=sex) == []
    with pytest.raises(CitizenIdError) as info:
        validate_id_number("001099012345", sex="M")
    assert "«Nam» hoặc «Nữ»" in info.value.message


def test_spaces_typed_between_digits_are_ignored():
    assert validate_id_number("001 099 012 345") == []


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("", "Thiếu số định danh"),
        ("00109901234", "có 11 chữ số"),
        ("0010990123456", "có 13 chữ số"),
        ("123456789", "có 9 chữ số"),
        ("00109901234A", "không phải chữ số"),
        ("００１０９９０１２３４５", "không phải chữ số"),  # full-width digits
        ("001-099-012345", "không phải chữ số"),
    ],
)
def test_not_twelve_digits_is_an_error(number, reason):
    with pytest.raises(CitizenIdError) as info:
        validate_id_number(number)
    assert reason in info.value.message


def test_province_names():
    assert len(PROVINCES) == 63
    assert province_name("001") == "Hà Nội"
    assert province_name("079099012345") == "TP. Hồ Chí Minh"
    assert province_name("096") == "Cà Mau"
    assert province_name("003") is None
    assert province_name("") is None


@settings(deadline=None, max_examples=300)
@given(st.text(max_size=20))
def test_any_text_is_warnings_or_citizen_id_error(text):
    try:
        warnings = validate_id_number(text)
    except CitizenIdError:
        return
    assert isinstance(warnings, list)
