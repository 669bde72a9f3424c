"""The bundled procedure catalog: complete, valid, searchable, and stable through JSON."""

import json
from datetime import time

import pytest

from desk.calendar.timelimit import LimitKind, TimeLimit
from desk.catalog import BUNDLED_PATH, FeeKind, bundled_catalog, load_catalog
from desk.errors import InvalidInput, NotFound

# domain-vn.md §8 rows 1–15: national codes where the reference gives one, our local
# codes (assets/catalog/README.md) for the rows without.
SECTION_8 = [
    "1.001193",  # khai sinh
    "1.000894",  # kết hôn
    "1.000656",  # khai tử
    "1.004873",  # xác nhận tình trạng hôn nhân
    "2.000635",  # bản sao trích lục
    "2.000815",  # chứng thực bản sao
    "2.000884",  # chứng thực chữ ký
    "2.001035",  # chứng thực hợp đồng, giao dịch (động sản, quyền sử dụng đất, nhà ở)
    "2.000908",  # bản sao từ sổ gốc
    "XA-HKD-01",  # hộ kinh doanh
    "XA-XD-01",  # giấy phép xây dựng nhà ở riêng lẻ
    "XA-DD-01",  # đất đai, GCN lần đầu
    "1.001776",  # trợ cấp xã hội hằng tháng
    "1.014027",  # trợ cấp hưu trí xã hội
    "1.014137",  # thẻ BHYT
]


@pytest.fixture(scope="module")
def catalog():
    return bundled_catalog()


def test_bundled_catalog_has_every_section_8_procedure(catalog):
    assert len(catalog) >= 15
    codes = [p.code for p in catalog]
    assert len(codes) == len(set(codes))
    for code in SECTION_8:
        assert catalog.get(code).code == code


def test_section_8_values(catalog):
    assert catalog.get("1.001193").fee.kind is FeeKind.FREE
    assert catalog.get("2.000635").fee.quote(copies=2).amount == 16_000
    assert catalog.get("2.000884").fee.quote(cases=1).amount == 10_000
    assert catalog.get("2.001035").fee.quote(cases=1).amount == 50_000
    assert catalog.get("2.001035").time_limit == TimeLimit(LimitKind.WORKING_DAYS, 2)
    assert catalog.get("1.000894").extension == TimeLimit(LimitKind.WORKING_DAYS, 5)
    assert catalog.get("2.000815").extension == TimeLimit(LimitKind.WORKING_DAYS, 2)
    assert catalog.get("1.004873").time_limit.text() == "03 ngày làm việc"
    assert catalog.get("1.014137").time_limit.text() == "05 ngày làm việc"
    # HĐND-set values carry the common amount and say the province decides.
    hkd = catalog.get("XA-HKD-01").fee
    assert hkd.varies_by_province and hkd.amount == 100_000
    assert "HĐND" in hkd.text()


def test_no_police_matters(catalog):
    names = " ".join(p.name.lower() for p in catalog)
    assert "thường trú" not in names and "tạm trú" not in names
    assert "căn cước" not in names


def test_every_time_limit_is_valid(catalog):
    for procedure in catalog:
        limit = procedure.time_limit
        assert TimeLimit.from_json(limit.to_json()) == limit, procedure.code
        assert limit.text()
        if limit.kind is LimitKind.SAME_DAY:
            assert limit.cutoff == time(15, 0), procedure.code
            assert procedure.field in {"Hộ tịch", "Chứng thực"}, procedure.code
        else:
            assert 0 < limit.amount <= 60, procedure.code
            assert limit.cutoff is None
        if procedure.extension is not None:
            assert procedure.extension.kind is not LimitKind.SAME_DAY


def test_every_fee_rule_quotes(catalog):
    for procedure in catalog:
        fee = procedure.fee
        assert fee.text(), procedure.code
        if fee.kind is FeeKind.BY_PROVINCE:
            with pytest.raises(InvalidInput):
                fee.quote(pages=1)
            continue
        quote = fee.quote(pages=3, copies=2, cases=2)
        assert quote.amount >= 0 and quote.detail, procedure.code
        assert (quote.amount == 0) == (fee.kind is FeeKind.FREE), procedure.code


def test_every_procedure_is_filled_in(catalog):
    for procedure in catalog:
        assert procedure.name and procedure.field and procedure.result and procedure.authority
        assert procedure.legal_basis, procedure.code
        assert procedure.keywords, procedure.code
        assert procedure.papers, procedure.code
        for paper in procedure.papers:
            assert paper.kind_label and paper.count >= 1
        assert procedure.is_local == procedure.code.startswith("XA-")


def test_round_trip_through_json(catalog):
    data = catalog.to_json()
    again = load_catalog(json.loads(json.dumps(data, ensure_ascii=False)))
    assert again == catalog
    assert again.to_json() == data


def test_asset_file_is_what_bundled_catalog_loads(catalog):
    assert load_catalog(BUNDLED_PATH) == catalog
    assert load_catalog(str(BUNDLED_PATH)) == catalog


def test_get_is_forgiving_about_case_and_spaces(catalog):
    assert catalog.get(" xa-hkd-01 ").code == "XA-HKD-01"


def test_get_unknown_code_says_so_in_vietnamese(catalog):
    with pytest.raises(NotFound) as info:
        catalog.get("9.999999")
    assert "Không có thủ tục mã «9.999999»" in info.value.message
    assert catalog.version in info.value.message


def test_fields_in_catalog_order(catalog):
    fields = catalog.fields()
    assert fields[:2] == ["Hộ tịch", "Chứng thực"]
    assert {"Đăng ký kinh doanh", "Xây dựng", "Đất đai", "Bảo trợ xã hội"} <= set(fields)
    assert len(fields) == len(set(fields))
    assert all(p.field == "Chứng thực" for p in catalog.in_field("Chứng thực"))


def codes(found):
    return [p.code for p in found]


def test_search_khai_sinh(catalog):
    found = codes(catalog.search("khai sinh"))
    assert found[0] == "1.001193"
    assert "1.004884" in found  # đăng ký lại khai sinh
    assert "2.000815" not in found


def test_search_folds_tone_marks(catalog):
    found = catalog.search("chung thuc")
    assert found and {p.field for p in found[:5]} == {"Chứng thực"}
    assert "2.000815" in codes(found) and "2.000884" in codes(found)
    assert codes(catalog.search("chứng thực")) == codes(found)


def test_search_ignores_case_and_folds_d(catalog):
    found = codes(catalog.search("ĐĂNG KÝ"))
    assert {"1.001193", "1.000894", "1.000656", "XA-HKD-01"} <= set(found)
    assert "2.000815" not in found
    assert codes(catalog.search("dang ky")) == found


def test_search_ranks_exact_code_first(catalog):
    assert codes(catalog.search("2.000815"))[0] == "2.000815"
    assert codes(catalog.search("xa-hkd-01")) == ["XA-HKD-01"]


def test_search_uses_keywords_and_prefixes(catalog):
    assert codes(catalog.search("sao y"))[0] == "2.000815"
    assert codes(catalog.search("so do"))[0] == "XA-DD-01"
    assert codes(catalog.search("chung th"))[0] == "2.000815"


def test_search_every_word_must_match(catalog):
    assert catalog.search("khai sinh xyzzy") == []
    assert len(catalog.search("")) == len(catalog)
    assert len(catalog.search("đăng ký", limit=2)) == 2
