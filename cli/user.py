"""`desk user add/passwd/deactivate/activate/role/list`."""

import getpass
import os

from cli.common import actor, office_store, out, print_json
from desk.errors import InvalidInput


def register(sub) -> None:
    p = sub.add_parser("user", help="người dùng: thêm, đổi mật khẩu, khóa, vai trò, liệt kê")
    s = p.add_subparsers(dest="action", required=True)
    a = s.add_parser("add", help="thêm người dùng")
    a.add_argument("username")
    a.add_argument("--name", required=True, help="họ và tên")
    a.add_argument("--role", choices=["officer", "leader", "admin"], default="officer")
    a.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ stdin")
    a.set_defaults(func=run_add)
    pw = s.add_parser("passwd", help="đặt mật khẩu mới")
    pw.add_argument("username")
    pw.add_argument("--password-stdin", action="store_true")
    pw.set_defaults(func=run_passwd)
    for name, help_text in (("deactivate", "khóa tài khoản"), ("activate", "mở lại tài khoản")):
        d = s.add_parser(name, help=help_text)
        d.add_argument("username")
        d.set_defaults(func=run_active, active=name == "activate")
    r = s.add_parser("role", help="đổi vai trò")
    r.add_argument("username")
    r.add_argument("role", choices=["officer", "leader", "admin"])
    r.set_defaults(func=run_role)
    ls = s.add_parser("list", help="liệt kê người dùng")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_list)


def read_secret(from_stdin: bool, prompt: str, *, env: str) -> str:
    """A password or PIN: from stdin, the environment, or typed twice at the terminal."""
    if from_stdin:
        import sys

        return sys.stdin.readline().rstrip("\r\n")
    if os.environ.get(env):
        return os.environ[env]
    first = getpass.getpass(prompt)
    if getpass.getpass("Nhập lại: ") != first:
        raise InvalidInput("Hai lần nhập không khớp.")
    return first


def _password(args) -> str:
    return read_secret(args.password_stdin, "Mật khẩu: ", env="DESK_PASSWORD")


def run_add(args, ctx) -> int:
    from desk.users import add_user

    store = office_store(ctx)
    user = add_user(
        store,
        username=args.username,
        full_name=args.name,
        role=args.role,
        password=_password(args),
        actor=actor(args),
    )
    out(f"Đã thêm {user.username} ({user.full_name}, {user.role_label}).")
    return 0


def run_passwd(args, ctx) -> int:
    from desk.users import set_password

    store = office_store(ctx)
    set_password(store, args.username, _password(args), actor=actor(args))
    out(f"Đã đổi mật khẩu của {args.username}.")
    return 0


def run_active(args, ctx) -> int:
    from desk.users import set_active

    user = set_active(office_store(ctx), args.username, args.active, actor=actor(args))
    out(f"Đã {'mở lại' if user.active else 'khóa'} tài khoản {user.username}.")
    return 0


def run_role(args, ctx) -> int:
    from desk.users import set_role

    user = set_role(office_store(ctx), args.username, args.role, actor=actor(args))
    out(f"{user.username}: {user.role_label}.")
    return 0


def run_list(args, ctx) -> int:
    from desk.users import list_users

    users = list_users(office_store(ctx))
    if args.json:
        print_json([u.__dict__ for u in users])
    else:
        for u in users:
            out(
                f"{u.username:<16} {u.role_label:<18} {u.full_name}{'' if u.active else ' (đã khóa)'}"
            )
    return 0
