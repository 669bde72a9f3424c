"""A first start: no placeholder office; the setup answers checked, then written at once;
the command line refuses a data directory without an office."""

import json

import pytest

from desk import first_start
from desk.errors import Conflict, InvalidInput
from desk.first_start import Admin, FirstStart
from desk.users import authenticate

GOOD = FirstStart(
    unit_code="000.00.19.H47",
    office={
        **first_start.office_names("xã", "Hòa Phú", "tỉnh", "Đắk Lắk"),
        "address": "Thôn 1, xã Hòa Phú",
        "phone": "0262 3123 456",
        "lookup_base_url": "https://tracuu.example.vn/hs/",
    },
    hours={
        "sessions": [["07:30", "11:30"], ["13:30", "17:00"]],
        "cutoff": "15:00",
        "next_day_due": "10:00",
    },
    admin=Admin("quantri", "Lê Văn Tâm", "matkhau123"),
    printers={"a4": "", "receipt": "virtual:", "ticket": "virtual:"},
)


def test_names_for_the_forms():
    assert first_start.office_names("xã", " Hòa  Phú ", "tỉnh", "Đắk Lắk") == {
        "name": "UBND xã Hòa Phú",
        "parent_name": "UBND tỉnh Đắk Lắk",
        "place_name": "Hòa Phú",
    }
    assert (
        first_start.office_names("phường", "3", "thành phố", "Hồ Chí Minh")["place_name"]
        == "Phường 3"
    )
    with pytest.raises(InvalidInput, match="không kèm “UBND”"):
        first_start.office_names("xã", "UBND xã Hòa Phú", "tỉnh", "Đắk Lắk")
    with pytest.raises(InvalidInput, match="Hãy nhập tên tỉnh"):
        first_start.office_names("xã", "Hòa Phú", "tỉnh", "")


def test_the_answers_make_a_whole_office_with_an_admin_who_can_log_in(empty_store):
    from printing.setting_checks import check_printer_setting

    office = first_start.apply(empty_store, GOOD, check_printer=check_printer_setting)
    assert empty_store.is_initialised
    assert (office.unit_code, office.name, office.place_name) == (
        "000.00.19.H47",
        "UBND xã Hòa Phú",
        "Hòa Phú",
    )
    assert empty_store.setting("hours.sessions")[0] == ["07:30", "11:30"]
    assert empty_store.setting("printers.receipt") == "virtual:"
    assert authenticate(empty_store, "quantri", "matkhau123").role == "admin"
    assert empty_store.scalar("SELECT COUNT(*) FROM procedures") > 0  # the catalog came too
    actors = {r["actor"] for r in empty_store.query("SELECT actor FROM audit")}
    assert "quantri" in actors
    with pytest.raises(Conflict):
        first_start.apply(empty_store, GOOD)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"unit_code": "bad code!"}, "Mã định danh đơn vị không hợp lệ"),
        ({"admin": Admin("quantri", "Lê Văn Tâm", "ngắn")}, "ít nhất 8"),
        ({"hours": {"sessions": [["11:00", "07:00"]]}}, "giờ bắt đầu phải trước"),
        ({"printers": {"receipt": "máy in"}}, "Địa chỉ máy in không hợp lệ"),
    ],
)
def test_one_bad_answer_and_nothing_is_written(empty_store, change, words):
    from dataclasses import replace

    from printing.setting_checks import check_printer_setting

    with pytest.raises(InvalidInput) as caught:
        first_start.apply(empty_store, replace(GOOD, **change), check_printer=check_printer_setting)
    assert words in caught.value.message
    assert not empty_store.is_initialised
    for table in ("settings", "users", "units", "stations", "audit", "catalog_versions"):
        assert empty_store.scalar(f"SELECT COUNT(*) FROM {table}") == 0, table


def test_commands_refuse_a_directory_without_an_office(cli, tmp_path):
    data = tmp_path / "moi"
    for argv in (("dossier", "list"), ("settings", "get"), ("user", "list"), ("print", "queue")):
        ran = cli(*argv, data=data)
        assert ran.code != 0, argv
        assert (
            "chưa khởi tạo văn phòng; hãy chạy desk init hoặc mở chương trình để thiết lập"
            in ran.err
        )
    ran = cli("init", data=data)
    assert ran.code != 0 and "mã định danh đơn vị" in ran.err
    ran = cli("init", "--unit", "000.00.19.H47", data=data)
    assert ran.code != 0 and "tên cơ quan" in ran.err
    assert cli("init", "--unit", "000.00.19.H47", "--name", "UBND xã Hòa Phú", data=data).code == 0
    assert (
        json.loads(cli("settings", "get", "office", "--json", data=data).out)["name"]
        == "UBND xã Hòa Phú"
    )


def test_the_demo_still_makes_its_office(cli, tmp_path):
    ran = cli("demo", "--days", "2", data=tmp_path / "demo")
    assert ran.code == 0, ran.err
    listed = cli("user", "list", data=tmp_path / "demo")
    assert listed.code == 0 and "quantri" in listed.out
