"""`desk settings …`: the office's settings, the same checks and audit as the window."""

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
    k = s.add_parser("kiosk-pin", help="đặt (hoặc xóa) mã PIN của ki-ốt; chỉ lưu dạng băm")
    k.add_argument("--pin-stdin", action="store_true", help="đọc mã PIN từ stdin")
    k.add_argument("--clear", action="store_true", help="xóa mã PIN")
    k.set_defaults(func=run_kiosk_pin)
    c = s.add_parser("counter", help="quầy và các dịch vụ quầy phục vụ")
    cs = c.add_subparsers(dest="counter_action", required=True)
    cset = cs.add_parser("set", help="thêm hoặc sửa một quầy")
    cset.add_argument("number", type=int, help="số quầy, 1–99")
    cset.add_argument("--name", help="tên quầy, ví dụ 'Quầy 2 – Chứng thực'")
    cset.add_argument("--services", help="mã dịch vụ, cách nhau bằng dấu phẩy, ví dụ HT,CT")
    cset.set_defaults(func=run_counter_set)
    crm = cs.add_parser("remove", help="bỏ một quầy")
    crm.add_argument("number", type=int)
    crm.set_defaults(func=run_counter_remove)
    pr = s.add_parser("printers", help="máy in của máy này: địa chỉ, trạng thái, in thử")
    pr.add_argument("--test", choices=["a4", "receipt", "ticket"], help="in trang thử")
    pr.add_argument("--json", action="store_true")
    pr.set_defaults(func=run_printers)


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
    from desk.store import settings
    from printing.setting_checks import change_setting

    store = office_store(ctx)
    value = change_setting(store, args.key, settings.parse_value(args.value), actor=actor(args))
    out(f"{args.key} = {to_json(value)}")
    return 0


def run_kiosk_pin(args, ctx) -> int:
    from cli.user import read_secret
    from desk.config import clear_kiosk_pin, set_kiosk_pin

    store = office_store(ctx)
    if args.clear:
        clear_kiosk_pin(store, actor=actor(args))
        out("Đã xóa mã PIN ki-ốt.")
        return 0
    pin = read_secret(args.pin_stdin, "Mã PIN ki-ốt: ", env="DESK_KIOSK_PIN")
    set_kiosk_pin(store, pin, actor=actor(args))
    out("Đã đặt mã PIN ki-ốt (chỉ lưu dạng băm).")
    return 0


def _show_counters(counters) -> None:
    for c in counters:
        out(f"{c['number']:>2}  {c['name']:<28} {', '.join(c['services']) or '(mọi dịch vụ)'}")


def run_counter_set(args, ctx) -> int:
    from desk.config import set_counter

    services = None
    if args.services is not None:
        services = [s.strip() for s in args.services.split(",") if s.strip()]
    counters = set_counter(
        office_store(ctx), args.number, name=args.name, services=services, actor=actor(args)
    )
    _show_counters(counters)
    return 0


def run_counter_remove(args, ctx) -> int:
    from desk.config import remove_counter

    _show_counters(remove_counter(office_store(ctx), args.number, actor=actor(args)))
    return 0


def run_printers(args, ctx) -> int:
    from cli.print import _report
    from printing.station_printers import ROLES, role_status, test_print

    store = office_store(ctx)
    if args.test:
        return _report(test_print(store, args.test, actor=actor(args)))
    rows = []
    for role, label in ROLES.items():
        address = store.setting(f"printers.{role}") or ""
        state = role_status(role, address)
        rows.append({"role": role, "label": label, "address": address, "status": state.message})
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            out(f"{row['label']}: {row['address'] or '(chưa chọn)'} — {row['status']}")
    return 0
