"""`desk backup`: a verified copy of the database while the desk keeps working.

    desk backup DEST            one backup into a folder (dated name) or a file
    desk backup --auto          today's automatic backup into DATA/backups, if not made yet
                                (for cron or the Task Scheduler; the window does it itself),
                                and a copy to the USB stick of the setting backup.usb
    desk backup --usb FOLDER    a backup and the scanned files onto a USB stick
    desk backup --list          the automatic backups kept
    desk backup --check FILE    whether a backup opens whole

`--keep N` (default: setting backup.keep, 14) is how many backups a folder keeps.
"""

from pathlib import Path

from cli.common import err, out, print_json


def register(sub) -> None:
    p = sub.add_parser(
        "backup", help="sao lưu cơ sở dữ liệu (tệp hoặc thư mục đích, USB, hằng ngày)"
    )
    p.add_argument("dest", type=Path, nargs="?", help="thư mục hoặc tệp đích")
    what = p.add_mutually_exclusive_group()
    what.add_argument(
        "--auto", action="store_true", help="bản sao lưu hằng ngày (một lần mỗi ngày)"
    )
    what.add_argument(
        "--usb", type=Path, metavar="THƯ_MỤC", help="chép bản sao lưu và tệp số hóa ra ổ USB"
    )
    what.add_argument("--list", action="store_true", help="liệt kê các bản sao lưu hằng ngày")
    what.add_argument("--check", type=Path, metavar="TỆP", help="kiểm tra một bản sao lưu")
    p.add_argument("--keep", type=int, help="số bản giữ lại (mặc định: thiết lập backup.keep, 14)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    from desk.errors import InvalidInput
    from desk.store import backup as bk

    if args.keep is not None and args.keep < 1:
        raise InvalidInput("--keep phải từ 1 trở lên.")
    if args.check:
        bk.verify(args.check)
        out(f"Bản sao lưu {args.check} toàn vẹn.")
        return 0
    store = ctx.store(create=False)
    if args.list:
        return _list(bk.list_backups(store.data_dir / bk.BACKUP_DIR), args.json)
    if args.auto:
        report = bk.daily_backup(store, keep=args.keep)
    elif args.usb:
        report = bk.usb_backup(store, args.usb, keep=args.keep)
    elif args.dest:
        report = bk.BackupReport(made=bk.backup(store.conn, args.dest, now=store.now()))
    else:
        raise InvalidInput(
            "Hãy cho biết nơi sao lưu: desk backup THƯ_MỤC, --auto hoặc --usb THƯ_MỤC."
        )
    return _say(report, args.json)


def _say(report, as_json: bool) -> int:
    if as_json:
        print_json(
            {
                "backup": report.made,
                "usb": report.usb,
                "usb_files": report.usb_files,
                "removed": report.removed,
                "notes": report.notes,
            }
        )
        return 0
    if report.made:
        out(f"Đã sao lưu vào {report.made}")
    if report.usb:
        out(f"Đã sao lưu vào {report.usb} (và {report.usb_files} tệp số hóa mới)")
    if not report.made and not report.usb:
        out("Hôm nay đã có bản sao lưu; không cần sao lưu thêm.")
    for path in report.removed:
        out(f"Đã xóa bản sao lưu cũ {path.name}")
    for note in report.notes:
        err(note)
    return 0


def _list(backups, as_json: bool) -> int:
    if as_json:
        print_json([{"file": b.path, "taken_at": b.taken_at, "size": b.size} for b in backups])
        return 0
    if not backups:
        out("Chưa có bản sao lưu hằng ngày nào.")
    for b in backups:
        out(f"{b.taken_at:%H:%M %d/%m/%Y}  {b.size / 1_048_576:7.1f} MB  {b.path}")
    return 0
