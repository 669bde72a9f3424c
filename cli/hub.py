"""`desk hub`: the office hub — the sync server in office mode for one unit, relaying to the
province.

    desk --data DIR hub serve --unit UNIT [--host H] [--port P] [--relay-every SECONDS]
                              [--tls-cert F --tls-key F]
    desk --data DIR hub enrol URL CODE [--cert F]
    desk --data DIR hub sync --once [--json]      # exit 0 only when the province has it all
    desk --data DIR hub status [--json]

The office's stations are added on the hub with `desk --data DIR server station add --unit
UNIT` (the same program); the hub refuses stations of another unit.
"""

from pathlib import Path

from cli.common import out, print_json
from desk.errors import InvalidInput


def register(sub) -> None:
    p = sub.add_parser(
        "hub",
        help="máy chủ văn phòng: các quầy đồng bộ qua mạng nội bộ, máy chủ chuyển lên tỉnh",
        description="Máy chủ đồng bộ của văn phòng (một đơn vị): nhận từ các quầy, chuyển lên "
        "tỉnh đúng một lần, nhận thay đổi của tỉnh về, phục vụ trang tra cứu trong mạng nội bộ.",
    )
    s = p.add_subparsers(dest="hub_action", required=True, metavar="VIỆC")

    sv = s.add_parser("serve", help="chạy máy chủ văn phòng và việc chuyển lên tỉnh")
    sv.add_argument("--unit", help="mã định danh đơn vị (bắt buộc ở lần chạy đầu)")
    sv.add_argument("--host", default="0.0.0.0", help="địa chỉ lắng nghe (mặc định 0.0.0.0)")
    sv.add_argument("--port", type=int, default=8765, help="cổng (mặc định 8765)")
    sv.add_argument(
        "--relay-every",
        type=float,
        default=60.0,
        metavar="GIÂY",
        help="chuyển lên tỉnh ít nhất mỗi bấy nhiêu giây (mặc định 60; 0: không tự chuyển)",
    )
    sv.add_argument("--tls-cert", type=Path, help="tệp chứng chỉ TLS (PEM) cho mạng nội bộ")
    sv.add_argument("--tls-key", type=Path, help="tệp khóa riêng TLS (PEM)")
    sv.set_defaults(func=run_serve)

    en = s.add_parser("enrol", help="đăng ký máy chủ văn phòng với máy chủ của tỉnh (một lần)")
    en.add_argument("url", help="địa chỉ máy chủ của tỉnh")
    en.add_argument("code", help="mã đăng ký do tỉnh cấp cho đơn vị")
    en.add_argument("--cert", type=Path, help="tệp chứng chỉ (PEM) của tỉnh")
    en.add_argument("--json", action="store_true")
    en.set_defaults(func=run_enrol)

    sy = s.add_parser("sync", help="chuyển lên tỉnh và nhận thay đổi về, một lượt")
    sy.add_argument("--once", action="store_true", help="một lượt cho đến khi hết việc")
    sy.add_argument("--json", action="store_true")
    sy.set_defaults(func=run_sync)

    st = s.add_parser("status", help="tình trạng chuyển lên tỉnh")
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=run_status)


def _open(ctx):
    from sync.server.core import Server

    return Server(ctx.data_dir, clock=ctx.clock)


def run_serve(args, ctx) -> int:
    from sync.server import office
    from sync.server.admin import ADMIN_TOKEN_FILE, admin_token
    from sync.server.hub import RelayThread
    from sync.server.run import serve

    if bool(args.tls_cert) != bool(args.tls_key):
        raise InvalidInput("Cần cả --tls-cert và --tls-key để bật TLS.")
    scheme = "https" if args.tls_cert else "http"
    server = _open(ctx)
    try:
        unit = office.claim_unit(server, args.unit)
    finally:
        server.close()
    relay: list[RelayThread] = []

    def ready(server) -> None:
        admin_token(server)
        if args.relay_every > 0:
            relay.append(RelayThread(server, args.relay_every))
            relay[0].start()
        out(f"Máy chủ văn phòng của đơn vị {unit}: {scheme}://{args.host}:{args.port}")
        out(f"Dữ liệu: {ctx.data_dir}; mã quản trị: {ctx.data_dir / ADMIN_TOKEN_FILE}")
        if not office.is_enrolled(server):
            out("Chưa đăng ký với tỉnh: hồ sơ được giữ ở đây cho đến khi chạy 'desk hub enrol'.")

    def stopping(_server) -> None:
        for thread in relay:
            thread.stop()

    return serve(
        ctx.data_dir,
        host=args.host,
        port=args.port,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        clock=ctx.clock,
        ready=ready,
        stopping=stopping,
    )


def run_enrol(args, ctx) -> int:
    from sync.server import office

    server = _open(ctx)
    try:
        done = office.enrol(server, args.url, args.code, cert=args.cert)
    finally:
        server.close()
    if args.json:
        print_json(done)
        return 0
    out(
        f"Đã đăng ký máy chủ văn phòng với {done['url']}: máy số {done['number']} "
        f"của đơn vị {done['unit_code']}."
    )
    return 0


def run_sync(args, ctx) -> int:
    from sync.server import office
    from sync.server.relay import relay_once

    server = _open(ctx)
    try:
        if office.office_unit(server) is None:
            out("Thư mục dữ liệu này chưa phải máy chủ văn phòng ('desk hub serve --unit …').")
            return 2
        report = relay_once(server)
    finally:
        server.close()
    if args.json:
        print_json(report.to_json())
    else:
        out(
            f"Đã chuyển lên tỉnh {report.applied + report.duplicate} thao tác, "
            f"{report.upload.files} tệp; nhận về {report.pulled} thay đổi."
        )
        if report.rejected:
            out(f"{report.rejected} thao tác bị tỉnh từ chối: xem 'desk hub status'.")
        if report.error:
            out(f"Dừng lại: {report.error}")
        if report.remaining:
            out(f"Còn {report.remaining} thao tác chưa được tỉnh xác nhận.")
    return 0 if report.complete else 5


def run_status(args, ctx) -> int:
    from desk.labels import OP_KINDS, label
    from sync.server.hub import status

    server = _open(ctx)
    try:
        st = status(server)
    finally:
        server.close()
    if args.json:
        print_json(st)
        return 0
    out(f"Máy chủ văn phòng của đơn vị {st['unit'] or '— (chưa chạy lần nào)'}")
    if st["enrolled"]:
        out(f"Đã đăng ký với tỉnh: {st['upstream_url']} (máy số {st['station_number']})")
    else:
        out("Chưa đăng ký với tỉnh ('desk hub enrol ĐỊA_CHỈ MÃ').")
    out(
        f"Chờ chuyển lên tỉnh: {st['ops_waiting']} thao tác, {st['files_waiting']} tệp "
        f"({st['files_waiting_bytes'] / 1_000_000:.1f} MB)"
    )
    for r in st["set_aside"]:
        what = label(OP_KINDS, r["kind"])
        out(f"  tỉnh từ chối «{what}» ({r['dossier'] or r['op_id']}): {r['reason']}")
    out(f"Lần chuyển thành công gần nhất: {st['last_success_at'] or '—'}")
    if st["last_error"]:
        out(f"Lỗi gần nhất (từ {st['error_since']}): {st['last_error']}")
    out(f"Vị trí nhận thay đổi: {st['cursor'] or '—'}")
    return 0
