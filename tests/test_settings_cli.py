"""`desk settings …` and `desk user …`: the window's operations from the command line."""

import json

from pypdf import PdfReader


def test_set_goes_through_the_same_checks_and_audit(cli, data_dir, store):
    ran = cli("settings", "set", "printers.a4", "tcp://192.168.1.50:9100", data=data_dir)
    assert ran.code != 0 and "máy in nhiệt" in ran.err
    ran = cli("settings", "set", "office.phone", "0262  3123 456", data=data_dir)
    assert ran.code == 0 and '"0262 3123 456"' in ran.out
    entry = store.one("SELECT * FROM audit WHERE action = 'settings.set' ORDER BY id DESC LIMIT 1")
    assert entry["entity_id"] == "office.phone" and entry["actor"].startswith("cli")


def test_counters_from_the_command_line(cli, data_dir):
    ran = cli(
        "settings",
        "counter",
        "set",
        "2",
        "--name",
        "Quầy 2 – Chứng thực",
        "--services",
        "ct,HT",
        data=data_dir,
    )
    assert ran.code == 0 and "Quầy 2 – Chứng thực" in ran.out and "CT, HT" in ran.out
    ran = cli("settings", "counter", "set", "3", "--services", "NOPE", data=data_dir)
    assert ran.code != 0 and "không có dịch vụ mã NOPE" in ran.err
    assert cli("settings", "counter", "remove", "2", data=data_dir).code == 0
    counters = json.loads(cli("settings", "get", "counters", "--json", data=data_dir).out)
    assert [c["number"] for c in counters] == [1]


def test_kiosk_pin_from_stdin_is_stored_hashed(cli, data_dir, store, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("7391\n"))
    assert cli("settings", "kiosk-pin", "--pin-stdin", data=data_dir).code == 0
    from desk.config import check_kiosk_pin

    assert (
        check_kiosk_pin(store, "7391")
        and "7391" not in cli("settings", "get", "kiosk", data=data_dir).out
    )
    assert cli("settings", "kiosk-pin", "--clear", data=data_dir).code == 0
    assert not check_kiosk_pin(store, "7391")


def test_printers_listed_and_test_pages_printed(cli, data_dir, tmp_path):
    out = tmp_path / "a4-test.pdf"
    assert cli("settings", "set", "printers.a4", f"file:{out}", data=data_dir).code == 0
    listed = cli("settings", "printers", "--json", data=data_dir)
    rows = {r["role"]: r for r in json.loads(listed.out)}
    assert rows["a4"]["address"] == f"file:{out}" and "Ghi được vào tệp" in rows["a4"]["status"]
    assert rows["receipt"]["status"] == "Máy in ảo sẵn sàng, giấy đủ."
    ran = cli("settings", "printers", "--test", "a4", data=data_dir)
    assert ran.code == 0, ran.out
    text = PdfReader(out).pages[0].extract_text()
    assert "TRANG IN THỬ" in text and "UBND xã Thử Nghiệm" in text and "25/11/2026" in text
    ran = cli("settings", "printers", "--test", "receipt", data=data_dir)
    assert ran.code == 0 and "Đã in: Trang in thử" in ran.out


def test_users_locked_and_given_roles(cli, data_dir, monkeypatch):
    monkeypatch.setenv("DESK_PASSWORD", "matkhau123")
    assert (
        cli(
            "user", "add", "quantri", "--name", "Lê Quản Trị", "--role", "admin", data=data_dir
        ).code
        == 0
    )
    assert cli("user", "add", "canbo1", "--name", "Trần Cán Bộ", data=data_dir).code == 0
    ran = cli("user", "deactivate", "quantri", data=data_dir)
    assert ran.code != 0 and "quản trị cuối cùng" in ran.err
    assert cli("user", "deactivate", "canbo1", data=data_dir).code == 0
    assert "(đã khóa)" in cli("user", "list", data=data_dir).out
    assert cli("user", "activate", "canbo1", data=data_dir).code == 0
    assert cli("user", "role", "canbo1", "leader", data=data_dir).code == 0
    users = {u["username"]: u for u in json.loads(cli("user", "list", "--json", data=data_dir).out)}
    assert users["canbo1"]["role"] == "leader" and users["canbo1"]["active"]
