"""Officers, leaders and admins; passwords hashed with scrypt, accounts locked after failures."""

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import timedelta

from desk import clock
from desk.errors import AuthError, Conflict, InvalidInput, NotFound
from desk.ids import uuid7
from desk.store import audit
from desk.text import clean

ROLES = {"officer": "Công chức một cửa", "leader": "Lãnh đạo", "admin": "Quản trị"}
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 8
# scrypt at n=2**14, r=8 needs 16 MiB per check: slow for guessing, fine on a 4 GB PC.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


@dataclass(frozen=True)
class User:
    id: str
    username: str
    full_name: str
    role: str
    active: bool

    @property
    def role_label(self) -> str:
        return ROLES[self.role]


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, dklen=32, maxmem=64 * 2**20, **SCRYPT
    )
    b64 = base64.b64encode
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${b64(salt).decode()}${b64(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=64 * 2**20,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")


def _row_to_user(row) -> User:
    return User(row["id"], row["username"], row["full_name"], row["role"], bool(row["active"]))


def check_new_user(*, username: str, full_name: str, role: str, password: str) -> tuple[str, str]:
    """(username, full name) cleaned, or InvalidInput: the wizard asks before anything is saved."""
    username = clean(username).lower()
    if not username or not all(ch.isalnum() or ch in "._-" for ch in username):
        raise InvalidInput("Tên đăng nhập chỉ gồm chữ, số, dấu chấm, gạch dưới, gạch ngang.")
    if role not in ROLES:
        raise InvalidInput(f"Vai trò phải là một trong: {', '.join(ROLES)}.")
    full_name = clean(full_name)
    if not full_name:
        raise InvalidInput("Hãy nhập họ và tên người dùng.")
    _check_new_password(password)
    return username, full_name


def add_user(
    store,
    *,
    username: str,
    full_name: str,
    role: str,
    password: str,
    actor: str,
    by: User | None = None,
) -> User:
    """`by`: the signed-in user asking (the window); only an admin adds accounts."""
    require_admin(by)
    username, full_name = check_new_user(
        username=username, full_name=full_name, role=role, password=password
    )
    at = store.now()
    now = clock.iso(at)
    user_id = uuid7()
    with store.write() as db:
        if db.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
            raise Conflict(f"Tên đăng nhập '{username}' đã có.")
        db.execute(
            "INSERT INTO users (id, username, full_name, role, pw_hash, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [user_id, username, full_name, role, hash_password(password), now, now],
        )
        audit.record(
            db, actor, "user.add", "user", user_id, {"username": username, "role": role}, at=at
        )
    return get_user(store, username)


def get_user(store, username: str) -> User:
    row = store.one("SELECT * FROM users WHERE username = ?", [clean(username).lower()])
    if row is None:
        raise NotFound(f"Không có người dùng '{username}'.")
    return _row_to_user(row)


def list_users(store) -> list[User]:
    return [_row_to_user(r) for r in store.query("SELECT * FROM users ORDER BY username")]


def set_password(
    store, username: str, password: str, *, actor: str, by: User | None = None
) -> None:
    """A new password; `by` (the window's user) must be an admin or the account's owner."""
    _check_new_password(password)
    user = get_user(store, username)
    if by is not None and by.username != user.username:
        require_admin(by)
    at = store.now()
    with store.write() as db:
        db.execute(
            "UPDATE users SET pw_hash = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?",
            [hash_password(password), clock.iso(at), user.id],
        )
        audit.record(db, actor, "user.passwd", "user", user.id, {"username": user.username}, at=at)


def authenticate(store, username: str, password: str) -> User:
    """The user, or AuthError; the same message for a wrong name or password."""
    wrong = AuthError("Sai tên đăng nhập hoặc mật khẩu.")
    now = store.now()
    row = store.one("SELECT * FROM users WHERE username = ?", [clean(username).lower()])
    if row is None or not row["active"]:
        check_password(password, hash_password("x" * MIN_PASSWORD))  # same cost either way
        raise wrong
    if row["locked_until"] and clock.parse(row["locked_until"]) > now:
        raise AuthError(
            f"Tài khoản tạm khóa do nhập sai nhiều lần; thử lại sau {clock.parse(row['locked_until']):%H:%M}."
        )
    if check_password(password, row["pw_hash"]):
        with store.write() as db:
            db.execute(
                "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?",
                [row["id"]],
            )
            audit.record(db, row["username"], "user.login", "user", row["id"], at=now)
        return _row_to_user(row)
    failures = row["failed_attempts"] + 1
    locked = clock.iso(now + LOCKOUT) if failures >= MAX_FAILURES else None
    with store.write() as db:
        db.execute(
            "UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?",
            [0 if locked else failures, locked, row["id"]],
        )
        audit.record(
            db,
            row["username"],
            "user.login_failed",
            "user",
            row["id"],
            {"locked": bool(locked)},
            at=now,
        )
    if locked:
        raise AuthError(
            f"Nhập sai {MAX_FAILURES} lần: tài khoản bị khóa {LOCKOUT.seconds // 60} phút."
        )
    raise wrong


def full_names(store) -> dict[str, str]:
    """Login → full name, for showing who did what (forms and history never show logins)."""
    return {
        row["username"]: row["full_name"]
        for row in store.query("SELECT username, full_name FROM users")
    }


def actor_label(actor: str, names: dict[str, str]) -> str:
    """How the history names who acted: the officer's full name; a command-line action as
    the computer account it ran under; the system's own steps in words."""
    if actor in names:
        return names[actor]
    if actor.startswith("cli:"):
        return f"Tài khoản máy tính «{actor[4:]}» (dòng lệnh)"
    return {"system": "Hệ thống", "demo": "Dữ liệu mẫu", "cli": "Dòng lệnh"}.get(actor, actor)


def require_admin(by: User | None) -> None:
    """Refuse a signed-in officer or leader; None is the machine's own command line."""
    if by is not None and by.role != "admin":
        raise AuthError("Chỉ tài khoản quản trị được làm việc này.")


def _active_admins(db) -> int:
    return db.execute("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1").fetchone()[
        0
    ]


def set_active(store, username: str, active: bool, *, actor: str, by: User | None = None) -> User:
    """Deactivate (or reactivate) an account; the office always keeps one active admin."""
    require_admin(by)
    user = get_user(store, username)
    if by is not None and by.username == user.username and not active:
        raise InvalidInput("Không tự khóa tài khoản đang dùng; hãy nhờ quản trị khác.")
    at = store.now()
    with store.write() as db:
        if not active and user.role == "admin" and user.active and _active_admins(db) <= 1:
            raise Conflict("Đây là tài khoản quản trị cuối cùng; không khóa được.")
        db.execute(
            "UPDATE users SET active = ?, updated_at = ? WHERE id = ?",
            [int(active), clock.iso(at), user.id],
        )
        action = "user.activate" if active else "user.deactivate"
        audit.record(db, actor, action, "user", user.id, {"username": user.username}, at=at)
    return get_user(store, username)


def set_role(store, username: str, role: str, *, actor: str, by: User | None = None) -> User:
    require_admin(by)
    if role not in ROLES:
        raise InvalidInput(f"Vai trò phải là một trong: {', '.join(ROLES)}.")
    user = get_user(store, username)
    at = store.now()
    with store.write() as db:
        if user.role == "admin" and role != "admin" and user.active and _active_admins(db) <= 1:
            raise Conflict("Đây là tài khoản quản trị cuối cùng; không đổi vai trò được.")
        db.execute(
            "UPDATE users SET role = ?, updated_at = ? WHERE id = ?",
            [role, clock.iso(at), user.id],
        )
        audit.record(
            db,
            actor,
            "user.role",
            "user",
            user.id,
            {"username": user.username, "role": role},
            at=at,
        )
    return get_user(store, username)
