"""`desk settings get/set`: the office's settings as JSON values under dotted keys."""

from cli.common import actor, office_store, out, print_json, to_json


def register(sub) -> None:
    p = sub.add_parser("settings", help="xem và đặt thiết lập của văn phòng")
    s = p.add_subparsers(dest="action", required=True)
    g = s.add_parser("get", help="xem một thiết lập (hoặc tất cả)")
    g.add_argument("key", nargs="?", help="ví dụ office.name, hours, printers.ticket")
    g.add_argument("--json", action="store_true")
    g.set_defaults(func=run_get)
    st = s.add_parser("set", help="đặt một thiết lập; giá trị là JSON hoặc chữ")
    st.add_argument("key")
    st.add_argument("value")
    st.set_defaults(func=run_set)


def run_get(args, ctx) -> int:
    from desk.store import settings

    store = office_store(ctx)
    value = settings.get_all(store.conn) if not args.key else settings.require(store.conn, args.key)
    if args.json or not isinstance(value, str):
        print_json(value)
    else:
        out(value)
    return 0


def run_set(args, ctx) -> int:
    from desk.store import audit, settings

    store = office_store(ctx)
    value = settings.parse_value(args.value)
    validate(args.key, value, data_dir=store.data_dir)
    with store.write() as db:
        at = store.now()
        settings.put(db, args.key, value, at=at)
        audit.record(db, actor(args), "settings.set", "settings", args.key, {"value": value}, at=at)
    out(f"{args.key} = {to_json(value)}")
    return 0


def validate(key: str, value, *, data_dir=None) -> None:
    """Settings other code depends on are checked before they are stored."""
    from desk.errors import InvalidInput

    if key == "printers" or key.startswith("printers."):
        _check_printers(value, data_dir)
    if key == "backup" or key.startswith("backup."):
        _check_backup(key, value, data_dir)

    if key == "hours" or key.startswith("hours."):
        from desk.calendar import OfficeHours

        if key == "hours":
            OfficeHours.from_json(value)
    if key == "office.unit_code":
        raise InvalidInput(
            "Đổi mã đơn vị bằng 'desk init --unit …' (được kiểm tra với hồ sơ đã có)."
        )


def _check_printers(value, data_dir) -> None:
    """Printer addresses are checked when typed (a `file:` printer onto the database would
    otherwise wait there for the first ticket)."""
    from printing.queue import check_printer

    values = value.values() if isinstance(value, dict) else [value]
    for address in values:
        if isinstance(address, str) and address.strip():
            check_printer(address, data_dir)


def _check_backup(key: str, value, data_dir) -> None:
    """backup.keep a whole number from 1, backup.daily true/false, backup.usb a folder that
    is not the data directory itself."""
    from desk.errors import InvalidInput
    from desk.store.guard import refuse_data_dir

    values = (
        value if key == "backup" and isinstance(value, dict) else {key.partition(".")[2]: value}
    )
    for name, item in values.items():
        if name == "keep" and (isinstance(item, bool) or not isinstance(item, int) or item < 1):
            raise InvalidInput("backup.keep là số bản sao lưu giữ lại: một số nguyên từ 1 trở lên.")
        if name == "daily" and not isinstance(item, bool):
            raise InvalidInput("backup.daily là true (sao lưu hằng ngày) hoặc false.")
        if name == "usb":
            if not isinstance(item, str):
                raise InvalidInput("backup.usb là đường dẫn thư mục của ổ USB, ví dụ E:\\.")
            if item.strip() and data_dir is not None:
                refuse_data_dir(item, data_dir, what="nơi sao lưu")
