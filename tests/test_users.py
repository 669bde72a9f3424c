"""Users: scrypt hashes, same answer for unknown user and wrong password, lockout."""

import pytest

from desk import users
from desk.errors import AuthError, Conflict, InvalidInput
from desk.store import audit


def test_hash_is_scrypt_and_salted():
    a, b = users.hash_password("mat-khau-1"), users.hash_password("mat-khau-1")
    assert a != b and a.startswith("scrypt$16384$8$1$")
    assert users.check_password("mat-khau-1", a)
    assert not users.check_password("mat-khau-2", a)
    assert not users.check_password("x", "garbage")


def test_add_authenticate_and_audit(store):
    users.add_user(
        store,
        username="CanBo1",
        full_name="Lê Thị Hà",
        role="officer",
        password="mat-khau-1",
        actor="admin",
    )
    user = users.authenticate(store, "canbo1", "mat-khau-1")
    assert user.full_name == "Lê Thị Hà" and user.role_label == "Công chức một cửa"
    actions = [r["action"] for r in store.query("SELECT action FROM audit ORDER BY id")]
    assert "user.add" in actions and "user.login" in actions
    assert audit.verify(store.conn) == (True, None)
    with pytest.raises(Conflict):
        users.add_user(
            store,
            username="canbo1",
            full_name="X",
            role="officer",
            password="mat-khau-1",
            actor="a",
        )


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"username": "có dấu"}, "Tên đăng nhập"),
        ({"role": "boss"}, "Vai trò"),
        ({"password": "short"}, "ít nhất"),
        ({"full_name": "  "}, "họ và tên"),
    ],
)
def test_bad_users_are_refused(store, kwargs, needle):
    args = {
        "username": "u1",
        "full_name": "Người Một",
        "role": "officer",
        "password": "mat-khau-1",
        "actor": "a",
    }
    args.update(kwargs)
    with pytest.raises(InvalidInput) as info:
        users.add_user(store, **args)
    assert needle in info.value.message


def test_lockout_after_repeated_failures(store):
    users.add_user(
        store,
        username="canbo2",
        full_name="Phạm Sơn",
        role="officer",
        password="dung-roi-1",
        actor="a",
    )
    for _ in range(users.MAX_FAILURES - 1):
        with pytest.raises(AuthError) as info:
            users.authenticate(store, "canbo2", "sai-roi-1")
        assert info.value.message == "Sai tên đăng nhập hoặc mật khẩu."
    with pytest.raises(AuthError) as info:
        users.authenticate(store, "canbo2", "sai-roi-1")
    assert "khóa" in info.value.message
    with pytest.raises(AuthError) as info:  # even the right password waits out the lock
        users.authenticate(store, "canbo2", "dung-roi-1")
    assert "tạm khóa" in info.value.message
    users.set_password(store, "canbo2", "moi-hoan-toan", actor="admin")  # an admin reset unlocks
    assert users.authenticate(store, "canbo2", "moi-hoan-toan").username == "canbo2"


def test_unknown_user_gets_the_same_message(store):
    with pytest.raises(AuthError) as info:
        users.authenticate(store, "khong-co", "whatever-1")
    assert info.value.message == "Sai tên đăng nhập hoặc mật khẩu."


def test_a_lockout_ends_fifteen_minutes_later_by_the_office_clock(store, office_clock):
    users.add_user(
        store,
        username="canbo3",
        full_name="Vi Thị Hằng",
        role="officer",
        password="dung-mat-khau",
        actor="t",
    )
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(AuthError):
            users.authenticate(store, "canbo3", "sai-mat-khau")
    office_clock.advance(minutes=14)
    with pytest.raises(AuthError, match="tạm khóa"):
        users.authenticate(store, "canbo3", "dung-mat-khau")
    office_clock.advance(minutes=2)
    assert users.authenticate(store, "canbo3", "dung-mat-khau").full_name == "Vi Thị Hằng"
