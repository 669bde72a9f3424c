"""`desk backup DEST`: a consistent copy of the database while the desk keeps working."""

from pathlib import Path

from cli.common import out


def register(sub) -> None:
    p = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu (tệp hoặc thư mục đích)")
    p.add_argument("dest", type=Path)
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    from desk.store.backup import backup

    store = ctx.store(create=False)
    path = backup(store.conn, args.dest, now=store.now())
    out(f"Đã sao lưu vào {path}")
    return 0
