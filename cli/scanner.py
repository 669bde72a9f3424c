"""`desk scanner`: this station's barcode scanner without the window.

show / set / reset  the thresholds that tell a keyboard scanner from typing, and the COM port
check FILE         what the detector decides about a recorded key sequence, and why
listen             read a scanner in USB serial (CDC) mode and route each payload, as the
                   window does (pyserial; Ctrl+C stops)
"""

import argparse

from cli.common import actor, office_store, out, print_json


def register(sub) -> None:
    p = sub.add_parser("scanner", help="máy quét mã vạch của quầy: ngưỡng, cổng COM, quét thử")
    s = p.add_subparsers(dest="action", required=True)
    show = s.add_parser("show", help="xem ngưỡng và cổng COM đang dùng")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run_show)

    st = s.add_parser("set", help="đổi ngưỡng hoặc cổng COM (chỉ những gì được nêu)")
    st.add_argument("--max-mean-gap", type=float, dest="max_mean_gap_ms", metavar="MS")
    st.add_argument("--max-gap", type=float, dest="max_gap_ms", metavar="MS")
    st.add_argument("--min-length", type=int, dest="min_length", metavar="N")
    st.add_argument("--max-pauses", type=int, dest="max_pauses", metavar="N")
    st.add_argument("--max-pause", type=float, dest="max_pause_ms", metavar="MS")
    st.add_argument("--tab-ends-scan", action=argparse.BooleanOptionalAction, dest="tab_ends_scan")
    st.add_argument(
        "--require-terminator", action=argparse.BooleanOptionalAction, dest="require_terminator"
    )
    st.add_argument("--port", dest="serial_port", metavar="COM3|/dev/ttyACM0", help="'' = không")
    st.add_argument("--baud", type=int, dest="serial_baud")
    st.add_argument("--actor")
    st.set_defaults(func=run_set)

    rs = s.add_parser("reset", help="về ngưỡng mặc định, bỏ cổng COM")
    rs.add_argument("--actor")
    rs.set_defaults(func=run_reset)

    ck = s.add_parser(
        "check", help="máy quét hay gõ tay? (tệp ghi phím JSON, như tests/data/wedge)"
    )
    ck.add_argument("file")
    ck.add_argument("--json", action="store_true")
    ck.set_defaults(func=run_check)

    ls = s.add_parser("listen", help="đọc máy quét cổng COM và cho biết mã được nhận ra là gì")
    ls.add_argument("--port", help="mặc định: cổng đã đặt cho quầy")
    ls.add_argument("--count", type=int, default=0, help="dừng sau N mã (0: không dừng)")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_listen)


def run_show(args, ctx) -> int:
    from desk import scanner

    settings = scanner.load(office_store(ctx))
    if args.json:
        print_json(settings.to_json())
        return 0
    w, serial = settings.wedge, settings.serial
    out(f"Trung bình tối đa giữa hai phím: {w.max_mean_gap_ms:g} ms")
    out(f"Tối đa giữa hai phím: {w.max_gap_ms:g} ms (lâu hơn là một lần dừng)")
    out(f"Số ký tự tối thiểu: {w.min_length}")
    out(f"Dừng giữa chừng: tối đa {w.max_pauses} lần, mỗi lần ≤ {w.max_pause_ms:g} ms")
    out(f"Tab kết thúc mã: {'có' if w.tab_ends_scan else 'không'}")
    out(f"Cần Enter/Tab ở cuối: {'có' if w.require_terminator else 'không'}")
    port = f"{serial.port} ({serial.baud} bps)" if serial.enabled else "không dùng"
    out(f"Máy quét cổng COM: {port}")
    return 0


def run_set(args, ctx) -> int:
    from desk import scanner

    fields = (
        "max_mean_gap_ms",
        "max_gap_ms",
        "min_length",
        "max_pauses",
        "max_pause_ms",
        "tab_ends_scan",
        "require_terminator",
        "serial_port",
        "serial_baud",
    )
    changes = {f: getattr(args, f) for f in fields if getattr(args, f) is not None}
    store = office_store(ctx)
    settings = scanner.with_changes(scanner.load(store), **changes)
    for warning in scanner.save(store, settings, actor=actor(args)):
        out(f"Lưu ý: {warning}")
    out("Đã lưu thiết lập máy quét của quầy này.")
    return 0


def run_reset(args, ctx) -> int:
    from desk import scanner

    scanner.reset(office_store(ctx), actor=actor(args))
    out("Đã đưa máy quét của quầy về thiết lập mặc định.")
    return 0


def run_check(args, ctx) -> int:
    from desk import scanner
    from desk.wedge_check import bursts_of, explain, load_recording, suggest

    config = scanner.load(office_store(ctx)).wedge
    bursts = bursts_of(load_recording(args.file))
    if args.json:
        print_json(
            {
                "bursts": [b.to_json(config) for b in bursts],
                "suggestion": suggest(bursts, config).text,
            }
        )
        return 0
    for burst in bursts:
        verdict = burst.judge(config)
        gaps = ", ".join(f"{g:g}" for g in burst.gaps)
        out(f"«{burst.text}»: {explain(verdict, config)}")
        out(f"    khoảng cách giữa các phím (ms): {gaps or '—'}")
    out(suggest(bursts, config).text)
    return 0


def run_listen(args, ctx) -> int:
    import time

    import serial

    from desk import scanner
    from desk.errors import DeskError
    from desk.scan.route import route
    from desk.serial_scan import SerialFramer

    store = office_store(ctx)
    settings = scanner.load(store).serial
    port = args.port or settings.port
    if not port:
        raise DeskError(
            "Chưa đặt cổng COM cho máy quét; dùng --port hoặc 'desk scanner set --port'."
        )
    try:
        device = serial.Serial(port, settings.baud, timeout=0.05)
    except (serial.SerialException, OSError, ValueError) as exc:
        raise DeskError(f"Không mở được cổng {port}: {exc}") from exc
    office = store.office()
    framer = SerialFramer(idle_ms=settings.idle_ms)
    seen = 0
    if not args.json:
        out(f"Đang chờ mã từ cổng {port}… (Ctrl+C để dừng)")
    with device:
        while not args.count or seen < args.count:
            now = time.monotonic() * 1000.0
            data = device.read(4096)
            payloads = framer.feed(data, now) if data else framer.flush(now)
            for payload in payloads:
                routed = route(
                    payload, today=ctx.now().date(), lookup_base_url=office.lookup_base_url or None
                )
                seen += 1
                if args.json:
                    print_json({"bytes": len(payload), "text": routed.text, **routed.to_json()})
                else:
                    out(
                        f"[{routed.kind}] {routed.text}"
                        + (f" — {routed.error}" if routed.error else "")
                    )
                if args.count and seen >= args.count:
                    break
    return 0
