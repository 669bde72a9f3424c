"""The unit code (mã định danh điện tử) checked against QĐ 20/2020/QĐ-TTg by `desk init`
and by the core function the first-start wizard calls."""

import pytest

from desk.errors import InvalidInput
from desk.units import check_unit_code, unit_code_problem


@pytest.mark.parametrize(
    "code", ["000.00.19.H47", "000.00.00.H30", "000.00.04.G14", " 000.00.19.h47 "]
)
def test_codes_of_the_decision_pass(code):
    assert unit_code_problem(code) is None
    assert check_unit_code(code).code == code.strip().upper()


def test_parts_of_the_code():
    unit = check_unit_code("000.01.19.H47")
    assert (unit.level1, unit.level2, unit.level3, unit.level4) == ("H47", "19", "01", "000")
    assert unit.is_provincial_system


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("H57.132", "NNN.NN.NN.XNN"),
        ("", "Hãy nhập"),
        ("000.00.19.H4", "NNN.NN.NN.XNN"),
        ("00.00.19.H47", "NNN.NN.NN.XNN"),
        ("000.00.19.47H", "NNN.NN.NN.XNN"),
        ("000.00.19.H00", "không được là 00"),
        ("001.00.19.H47", "cấp 4"),
        ("000.05.00.H47", "cấp 3"),
    ],
)
def test_other_codes_are_refused_with_the_reason(code, why):
    assert why in unit_code_problem(code)
    with pytest.raises(InvalidInput, match=r"(?i)mã định danh đơn vị"):
        check_unit_code(code)
    if code:
        assert unit_code_problem(code).startswith("Mã định danh đơn vị không hợp lệ")


def test_desk_init_checks_the_code(cli, tmp_path):
    data = tmp_path / "office"
    bad = cli("init", "--unit", "H57.132", "--name", "UBND xã Hòa Phú", data=data)
    assert bad.code != 0 and "Quyết định 20/2020/QĐ-TTg" in bad.err and "000.00.19.H47" in bad.err
    good = cli("init", "--unit", "000.00.19.h47", "--name", "UBND xã Hòa Phú", data=data)
    assert good.code == 0 and "000.00.19.H47" in good.out
    setting = cli("settings", "get", "office.unit_code", data=data)
    assert setting.out.strip() == "000.00.19.H47"


def test_desk_init_takes_the_office_words(cli, tmp_path):
    data = tmp_path / "office"
    ran = cli(
        "init",
        "--unit",
        "000.00.19.H47",
        "--name",
        "UBND xã Hòa Phú",
        "--desk-name",
        "Trung tâm Phục vụ hành chính công xã Hòa Phú",
        "--receiving-officer",
        "Vũ Thị Mai",
        "--receipt-copies",
        "3",
        data=data,
    )
    assert ran.code == 0, ran.err
    office = cli("settings", "get", "office", "--json", data=data).out
    assert '"receipt_copies": 3' in office and "Vũ Thị Mai" in office
    bad = cli("init", "--receipt-copies", "9", data=data)
    assert bad.code != 0 and "Số liên" in bad.err
