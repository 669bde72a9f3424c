"""Changing settings through the core: checked, audited in the same transaction, and
refused for whoever may not change them; users and the kiosk PIN."""

import json

import pytest

from desk import config, users
from desk.errors import AuthError, Conflict, InvalidInput, NotFound
from desk.store import audit
from printing.setting_checks import change_setting, change_settings


def _audit(store, action="settings.set"):
    return store.query("SELECT * FROM audit WHERE action = ? ORDER BY id", [action])


@pytest.fixture
def people(store):
    admin = users.add_user(
        store,
        username="quantri",
        full_name="Lê Quản Trị",
        role="admin",
        password="matkhau123",
        actor="t",
    )
    officer = users.add_user(
        store,
        username="canbo1",
        full_name="Trần Cán Bộ",
        role="officer",
        password="matkhau123",
        actor="t",
    )
    return admin, officer


def test_a_change_is_cleaned_stored_and_audited_with_the_old_value(store, people):
    admin, _ = people
    stored = config.change(store, "office.phone", "  0262   3123 456 ", actor="quantri", user=admin)
    assert stored == "0262 3123 456" == store.setting("office.phone")
    entry = _audit(store)[-1]
    assert entry["actor"] == "quantri" and entry["entity_id"] == "office.phone"
    assert json.loads(entry["detail"]) == {"value": "0262 3123 456", "old": None}
    assert audit.verify(store.conn) == (True, None)


def test_an_unchanged_value_is_neither_written_nor_audited(store, people):
    admin, _ = people
    before = len(_audit(store))
    config.change(store, "office.name", store.setting("office.name"), actor="x", user=admin)
    assert len(_audit(store)) == before


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("office.lookup_base_url", "tracuu.example.vn", "http://"),
        ("office.phone", "gọi tôi", "Số điện thoại"),
        ("office.name", "  ", "tên cơ quan"),
        ("office.unit_code", "000.00.19.H47", "Mã đơn vị đổi riêng"),
        ("hours.cutoff", "25:00", "Giờ làm việc không hợp lệ"),
        ("hours.sessions", [["11:00", "08:00"]], "giờ bắt đầu phải trước"),
        ("counters", [{"number": 1, "services": ["ZZ"]}], "không có dịch vụ mã ZZ"),
        ("counters", [{"number": 2}, {"number": 2}], "có hai lần"),
        ("counters", [], "ít nhất một quầy"),
        ("office.receipt_copies", 5, "từ 1 đến 4"),
        ("scan.mode", "rainbow", "Chế độ màu"),
        ("sync.hub_url", "192.168.1.10", "http://"),
        ("kiosk.pin_hash", "scrypt$1$2$3$x$y", "kiosk-pin"),
        ("station.number", 3, "desk init --station"),
        ("printers.a4", "tcp://192.168.1.50:9100", "máy in nhiệt"),
        ("printers.receipt", "qt:HP LaserJet", "không phải máy in A4"),
        ("printers.ticket", "tcp://", "Địa chỉ máy in không hợp lệ"),
    ],
)
def test_bad_values_are_refused_in_vietnamese_and_nothing_is_written(store, key, value, words):
    before = store.query("SELECT key, value FROM settings ORDER BY key")
    audited = len(_audit(store))
    with pytest.raises(InvalidInput) as caught:
        change_setting(store, key, value, actor="x")
    assert words in caught.value.message
    assert store.query("SELECT key, value FROM settings ORDER BY key") == before
    assert len(_audit(store)) == audited


def test_several_changes_are_all_or_nothing(store):
    with pytest.raises(InvalidInput):
        change_settings(
            store, {"office.phone": "0262 3123 456", "office.lookup_base_url": "no"}, actor="x"
        )
    assert store.setting("office.phone") is None


def test_an_officer_may_set_the_printers_but_not_the_office(store, people):
    _, officer = people
    assert change_setting(store, "printers.receipt", "virtual:", actor="canbo1", user=officer)
    for key, value in (("office.name", "UBND xã Khác"), ("hours.cutoff", "16:00"), ("kiosk", {})):
        with pytest.raises(AuthError, match="Chỉ tài khoản quản trị"):
            change_setting(store, key, value, actor="canbo1", user=officer)
    with pytest.raises(AuthError):
        config.set_kiosk_pin(store, "1234", actor="canbo1", user=officer)
    with pytest.raises(AuthError):
        config.set_unit_code(store, "000.00.19.H47", actor="canbo1", user=officer)


def test_counters_are_kept_sorted_with_upper_case_service_codes(store):
    config.set_counter(store, 3, name="Quầy 3 – Chứng thực", services=["ct"], actor="x")
    counters = config.set_counter(store, 2, services=["HT", "HT", "DX"], actor="x")
    assert [c["number"] for c in counters] == [1, 2, 3]
    assert counters[1] == {"number": 2, "name": "Quầy 2", "services": ["HT", "DX"]}
    assert counters[2]["services"] == ["CT"]
    assert [c["number"] for c in config.remove_counter(store, 2, actor="x")] == [1, 3]
    with pytest.raises(NotFound):
        config.remove_counter(store, 9, actor="x")


def test_the_kiosk_pin_is_kept_only_as_a_hash(store):
    with pytest.raises(InvalidInput, match="4 đến 8 chữ số"):
        config.set_kiosk_pin(store, "12a4", actor="x")
    assert not config.has_kiosk_pin(store)
    config.set_kiosk_pin(store, "482913", actor="quantri")
    stored = store.setting("kiosk.pin_hash")
    assert stored.startswith("scrypt$") and "482913" not in stored
    dump = json.dumps(store.query("SELECT * FROM settings")) + json.dumps(
        store.query("SELECT * FROM audit")
    )
    assert "482913" not in dump
    assert config.check_kiosk_pin(store, "482913") and not config.check_kiosk_pin(store, "482914")
    assert _audit(store, "kiosk.pin")[-1]["actor"] == "quantri"
    config.clear_kiosk_pin(store, actor="quantri")
    assert not config.has_kiosk_pin(store) and not config.check_kiosk_pin(store, "482913")


def test_the_unit_code_changes_only_while_there_are_no_dossiers(store):
    from desk import dossiers

    assert config.set_unit_code(store, "000.00.19.H47", actor="x") == "000.00.19.H47"
    assert store.office().unit_code == "000.00.19.H47"
    dossiers.receive(
        store, {"procedure": "1.001193", "applicant": {"name": "Đỗ Văn Hải"}}, actor="x"
    )
    assert config.has_dossiers(store)
    with pytest.raises(Conflict, match="không đổi sang"):
        config.set_unit_code(store, "000.00.19.H48", actor="x")


def test_accounts_locked_roles_changed_and_the_last_admin_kept(store, people):
    admin, officer = people
    with pytest.raises(AuthError):
        users.add_user(
            store,
            username="x1",
            full_name="X",
            role="officer",
            password="matkhau123",
            actor="c",
            by=officer,
        )
    with pytest.raises(AuthError):
        users.set_password(store, "quantri", "matkhau999", actor="canbo1", by=officer)
    users.set_password(store, "canbo1", "matkhau999", actor="canbo1", by=officer)  # one's own
    assert users.authenticate(store, "canbo1", "matkhau999").username == "canbo1"
    with pytest.raises(Conflict, match="quản trị cuối cùng"):
        users.set_active(store, "quantri", False, actor="cli")
    with pytest.raises(Conflict, match="quản trị cuối cùng"):
        users.set_role(store, "quantri", "officer", actor="cli")
    with pytest.raises(InvalidInput, match="Không tự khóa"):
        users.set_active(store, "quantri", False, actor="quantri", by=admin)
    locked = users.set_active(store, "canbo1", False, actor="quantri", by=admin)
    assert not locked.active
    with pytest.raises(AuthError):
        users.authenticate(store, "canbo1", "matkhau999")
    assert users.set_role(store, "canbo1", "leader", actor="quantri", by=admin).role == "leader"
    actions = [e["action"] for e in store.query("SELECT action FROM audit WHERE entity = 'user'")]
    assert {"user.deactivate", "user.role", "user.passwd"} <= set(actions)
