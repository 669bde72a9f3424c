"""`desk user add/passwd/list`."""

import getpass
import os

from cli.common import actor, office_store, out, print_json
from desk.errors import InvalidInput


def register(sub) -> None:
    p = sub.add_parser("user", help="người dùng: thêm, đổi mật khẩu, liệt kê")
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
    ls = s.add_parser("list", help="liệt kê người dùng")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_list)


def _password(args) -> str:
    if args.password_stdin:
        import sys

        return sys.stdin.readline().rstrip("\r\n")
    if os.environ.get("DESK_PASSWORD"):
        return os.environ["DESK_PASSWORD"]
    first = getpass.getpass("Mật khẩu: ")
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise InvalidInput("Hai lần nhập mật khẩu không khớp.")
    return first


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
