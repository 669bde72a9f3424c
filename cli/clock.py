"""`desk clock check|confirm`: is the PC's clock plausible, and an admin's confirmation."""

import sys

from cli.common import office_store, out, print_json


def register(sub) -> None:
    p = sub.add_parser("clock", help="kiểm tra đồng hồ của máy; quản trị xác nhận giờ đúng")
    s = p.add_subparsers(dest="action", required=True)
    c = s.add_parser("check", help="đồng hồ có hợp lý không (so với dữ liệu đã ghi và máy chủ)")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=run_check)
    c = s.add_parser("confirm", help="quản trị xác nhận giờ hiện tại của máy là đúng")
    c.add_argument("--admin", required=True, help="tên đăng nhập của quản trị")
    c.add_argument(
        "--reason", default="", help="lý do (ví dụ: đã chỉnh lại giờ theo đồng hồ treo tường)"
    )
    c.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ stdin")
    c.set_defaults(func=run_confirm)


def run_check(args, ctx) -> int:
    from desk import clock
    from desk.clock_check import check

    store = office_store(ctx)
    problem = check(store)
    if args.json:
        print_json(
            {
                "ok": problem is None,
                "now": clock.iso(store.now()),
                "problem": problem.to_json() if problem else None,
            }
        )
    elif problem is None:
        out(f"Đồng hồ của máy hợp lý: {store.now():%H:%M ngày %d/%m/%Y}.")
    else:
        out(problem.message)
    return 0 if problem is None else 4


def run_confirm(args, ctx) -> int:
    import getpass

    from desk.clock_check import confirm_by_admin

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Mật khẩu quản trị: ")
    store = office_store(ctx)
    at = confirm_by_admin(store, args.admin, password, reason=args.reason)
    out(f"Đã xác nhận giờ của máy: {at:%H:%M ngày %d/%m/%Y}.")
    return 0
