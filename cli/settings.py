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
    validate(args.key, value)
    with store.write() as db:
        at = store.now()
        settings.put(db, args.key, value, at=at)
        audit.record(db, actor(args), "settings.set", "settings", args.key, {"value": value}, at=at)
    out(f"{args.key} = {to_json(value)}")
    return 0


def validate(key: str, value) -> None:
    """Settings other code depends on are checked before they are stored."""
    from desk.errors import InvalidInput

    if key == "hours" or key.startswith("hours."):
        from desk.calendar import OfficeHours

        if key == "hours":
            OfficeHours.from_json(value)
    if key == "fee_receipt" and not (
        isinstance(value, dict)
        and all(isinstance(value.get(k), str) and value[k].strip() for k in ("form", "series"))
    ):
        raise InvalidInput(
            'Biên lai cần Mẫu số và Ký hiệu, ví dụ {"form": "01BLP0-001", "series": "HP-26P"}.'
        )
    if key == "office.unit_code":
        raise InvalidInput(
            "Đổi mã đơn vị bằng 'desk init --unit …' (được kiểm tra với hồ sơ đã có)."
        )
