"""A malformed catalog is refused whole, with a message naming the procedure and the field."""

import copy
import json

import pytest

from desk.catalog import bundled_catalog, load_catalog
from desk.errors import CatalogError


@pytest.fixture
def data():
    return copy.deepcopy(bundled_catalog().to_json())


def proc(data, code):
    return next(p for p in data["procedures"] if p["code"] == code)


def refused(data) -> str:
    with pytest.raises(CatalogError) as info:
        load_catalog(data)
    return info.value.message


def test_missing_name(data):
    del proc(data, "2.000884")["name"]
    message = refused(data)
    assert "«2.000884»" in message and "«name»" in message and "thiếu" in message


def test_blank_name(data):
    proc(data, "2.000884")["name"] = "   "
    assert "«name»: không được để trống" in refused(data)


@pytest.mark.parametrize(
    ("fee", "field"),
    [
        ({"kind": "per_kilo", "amount": 5}, "fee.kind"),
        ({"kind": "fixed"}, "fee.amount"),
        ({"kind": "fixed", "amount": -100}, "fee.amount"),
        ({"kind": "fixed", "amount": "100000"}, "fee.amount"),
        ({"kind": "fixed", "amount": 1.5}, "fee.amount"),
        ({"kind": "free", "amount": 5000}, "fee.amount"),
        ({"kind": "per_page"}, "fee.tiers"),
        ({"kind": "per_page", "tiers": [{"from_page": 2, "amount": 2000}]}, "fee.tiers"),
        (
            {
                "kind": "per_page",
                "tiers": [{"from_page": 1, "amount": 2000}, {"from_page": 1, "amount": 1}],
            },
            "fee.tiers",
        ),
        ({"kind": "per_page", "tiers": [{"from_page": 1, "amount": 0}]}, "fee.tiers"),
        (
            {"kind": "per_page", "tiers": [{"from_page": 1, "amount": 2000}], "cap_per_copy": 0},
            "fee.cap_per_copy",
        ),
        ({"kind": "per_copy", "amount": 8000, "tiers": []}, "fee.tiers"),
        ({"kind": "per_copy", "amount": 8000, "currency": "VND"}, "fee.currency"),
        ("free", "fee"),
    ],
)
def test_bad_fee(data, fee, field):
    proc(data, "2.000815")["fee"] = fee
    message = refused(data)
    assert "«2.000815»" in message and f"«{field}»" in message


@pytest.mark.parametrize(
    "limit",
    [
        {"kind": "weeks", "amount": 2},
        {"kind": "working_days", "amount": 0},
        {"kind": "working_days", "amount": -1},
        {"kind": "working_days", "amount": "3"},
        {"kind": "working_days", "amount": 2.5},
        {"kind": "working_days", "amount": 3, "cutoff": "15:00"},
        {"kind": "same_day", "cutoff": "25:99"},
        {"kind": "same_day", "amount": 3},
        {"amount": 3},
        "3 ngày",
        None,
    ],
)
def test_bad_time_limit(data, limit):
    proc(data, "1.004873")["time_limit"] = limit
    message = refused(data)
    assert "«1.004873»" in message and "«time_limit»" in message


def test_bad_extension(data):
    proc(data, "1.000894")["extension"] = {"kind": "same_day"}
    assert "«extension»" in refused(data)


def test_duplicate_codes(data):
    proc(data, "2.000884")["code"] = "2.000815"
    message = refused(data)
    assert "«2.000815» bị trùng" in message
    assert "thứ 6" in message and "thứ 7" in message


def test_duplicate_codes_differing_in_case(data):
    proc(data, "XA-HKD-01")["code"] = "xa-xd-01"
    assert "bị trùng" in refused(data)


@pytest.mark.parametrize("code", ["", "1001193", "ABC", "1.00119", None, 1.001193])
def test_bad_code(data, code):
    data["procedures"][2]["code"] = code
    message = refused(data)
    assert "thủ tục thứ 3" in message and "«code»" in message


@pytest.mark.parametrize(
    ("paper", "field"),
    [
        ({"name": "Tờ khai", "kind": "scan"}, "papers[1].kind"),
        ({"name": "Tờ khai", "count": 0}, "papers[1].count"),
        ({"name": "Tờ khai", "optional": "có"}, "papers[1].optional"),
        ({"kind": "original"}, "papers[1].name"),
        ({"name": "Tờ khai", "pages": 2}, "papers[1].pages"),
        ("Tờ khai", "papers[1]"),
    ],
)
def test_bad_paper(data, paper, field):
    proc(data, "1.001193")["papers"][0] = paper
    message = refused(data)
    assert "«1.001193»" in message and f"«{field}»" in message


def test_misspelt_field_is_named(data):
    proc(data, "1.001193")["papes"] = proc(data, "1.001193").pop("papers")
    message = refused(data)
    assert "«papes»" in message


def test_bad_lists(data):
    proc(data, "1.001193")["keywords"] = "khai sinh"
    assert "«keywords»" in refused(data)


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [
        ("version", "", "version"),
        ("effective_from", "01/07/2025", "effective_from"),
        ("procedures", [], "procedures"),
        ("schema", 2, "schema"),
    ],
)
def test_bad_header(data, key, value, field):
    data[key] = value
    assert f"«{field}»" in refused(data)


def test_not_an_object():
    with pytest.raises(CatalogError):
        load_catalog({"procedures": "none"})
    with pytest.raises(CatalogError):
        load_catalog(42)  # type: ignore[arg-type]


def test_missing_file(tmp_path):
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path / "khong-co.json")
    assert "Không tìm thấy tệp danh mục" in info.value.message


def test_invalid_json_file_says_where(tmp_path):
    path = tmp_path / "catalog.json"
    path.write_text('{"version": "1",\n "procedures": [,]}', encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert "dòng 2" in info.value.message


def test_loads_a_file_with_bom(tmp_path, data):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8-sig")
    assert load_catalog(path) == bundled_catalog()


def test_decomposed_text_is_composed(data):
    import unicodedata

    proc(data, "1.001193")["name"] = unicodedata.normalize("NFD", "Đăng ký khai sinh")
    catalog = load_catalog(data)
    assert catalog.get("1.001193").name == "Đăng ký khai sinh"
    assert catalog.search("khai sinh")[0].code == "1.001193"


def test_province_instance_codes_are_accepted(data):
    proc(data, "2.000815")["code"] = "2.000815.000.00.00.H55"
    assert load_catalog(data).get("2.000815.000.00.00.h55").short_name == "Chứng thực bản sao"
