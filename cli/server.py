"""`desk server`: the sync server (province, or a small one on SQLite) and its admin tasks.

    desk --data DIR server [--host H] [--port P] [--db URL] [--tls-cert F --tls-key F]
    desk --data DIR server station add --unit UNIT [--name N] [--number K]   # last word: the code
    desk --data DIR server station list [--unit UNIT] [--json]
    desk --data DIR server station revoke STATION_ID
    desk --data DIR server dossiers --unit UNIT [--json]
    desk --data DIR server status CODE STATUS [--note …] [--due …]
    desk --data DIR server publish catalog|calendar FILE.json
    desk --data DIR server online --unit UNIT FILE.json
    desk --data DIR server import DIR
    desk --data DIR server admin-token [--renew]
    desk --data DIR server openapi

The data directory is the global --data (DESK_DATA); the database is SQLite in it unless
--db (or DESK_SERVER_DB) names a PostgreSQL URL.
"""

import argparse
import json
import os
from pathlib import Path

from cli.common import out, print_json
from desk.errors import InvalidInput


def register(sub) -> None:
    p = sub.add_parser(
        "server",
        help="máy chủ đồng bộ (cấp tỉnh hoặc máy chủ nhỏ) và các việc quản trị",
        description="Chạy máy chủ đồng bộ, cấp mã đăng ký máy trạm, xem hồ sơ đã nhận.",
    )
    p.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="cổng (mặc định 8765)")
    _db_arg(p, default=None)
    p.add_argument("--tls-cert", type=Path, help="tệp chứng chỉ TLS (PEM)")
    p.add_argument("--tls-key", type=Path, help="tệp khóa riêng TLS (PEM)")
    p.set_defaults(func=run_serve)
    s = p.add_subparsers(dest="server_action", metavar="VIỆC")

    st = s.add_parser("station", help="máy trạm: thêm, xem, thu hồi")
    sts = st.add_subparsers(dest="station_action", required=True, metavar="VIỆC")
    add = sts.add_parser("add", help="thêm máy trạm và in mã đăng ký dùng một lần")
    add.add_argument("--unit", required=True, help="mã định danh đơn vị")
    add.add_argument("--name", default="", help="tên máy trạm, ví dụ 'Quầy 2'")
    add.add_argument("--number", type=int, help="số máy trong đơn vị, 1–99 (mặc định: số trống)")
    add.add_argument("--unit-name", default="", help="tên đơn vị, ví dụ 'UBND xã Hòa Phú'")
    add.add_argument("--json", action="store_true")
    _db_arg(add)
    add.set_defaults(func=run_station_add)
    ls = sts.add_parser("list", help="danh sách máy trạm, lần liên lạc cuối, số thao tác còn chờ")
    ls.add_argument("--unit")
    ls.add_argument("--json", action="store_true")
    _db_arg(ls)
    ls.set_defaults(func=run_station_list)
    rv = sts.add_parser("revoke", help="thu hồi quyền đồng bộ của một máy trạm")
    rv.add_argument("station_id")
    _db_arg(rv)
    rv.set_defaults(func=run_station_revoke)

    ds = s.add_parser("dossiers", help="hồ sơ máy chủ đang giữ của một đơn vị")
    ds.add_argument("--unit", required=True)
    ds.add_argument("--json", action="store_true")
    _db_arg(ds)
    ds.set_defaults(func=run_dossiers)

    stt = s.add_parser("status", help="đổi trạng thái giải quyết của hồ sơ (về lại máy trạm)")
    stt.add_argument("code")
    stt.add_argument("status", help="in_progress, supplement_requested, done, refused, stopped")
    stt.add_argument("--note", default="")
    stt.add_argument("--due", help="ngày giờ hẹn trả mới, ví dụ 2026-12-01T16:00")
    stt.add_argument("--json", action="store_true")
    _db_arg(stt)
    stt.set_defaults(func=run_status)

    pub = s.add_parser("publish", help="công bố danh mục thủ tục hoặc lịch nghỉ cho mọi máy trạm")
    pub.add_argument("kind", choices=["catalog", "calendar"])
    pub.add_argument("file", type=Path)
    _db_arg(pub)
    pub.set_defaults(func=run_publish)

    onl = s.add_parser("online", help="gửi một hồ sơ trực tuyến về đơn vị")
    onl.add_argument("--unit", required=True)
    onl.add_argument("file", type=Path, help="tệp JSON: procedure, applicant, papers…")
    onl.add_argument("--json", action="store_true")
    _db_arg(onl)
    onl.set_defaults(func=run_online)

    imp = s.add_parser("import", help="nhập thao tác và tệp từ USB (desk sync export)")
    imp.add_argument("folder", type=Path)
    imp.add_argument("--json", action="store_true")
    _db_arg(imp)
    imp.set_defaults(func=run_import)

    tok = s.add_parser("admin-token", help="in mã quản trị của máy chủ")
    tok.add_argument("--renew", action="store_true", help="tạo mã mới (mã cũ hết hiệu lực)")
    _db_arg(tok)
    tok.set_defaults(func=run_admin_token)

    api = s.add_parser("openapi", help="in mô tả OpenAPI của máy chủ")
    api.set_defaults(func=run_openapi)


def _db_arg(parser, default=argparse.SUPPRESS) -> None:
    parser.add_argument(
        "--db",
        default=default,
        metavar="URL",
        help="cơ sở dữ liệu PostgreSQL (postgresql://…); mặc định SQLite trong thư mục dữ liệu",
    )


def open_server(args, ctx):
    from sync.server.core import Server

    url = getattr(args, "db", None) or os.environ.get("DESK_SERVER_DB") or None
    return Server(ctx.data_dir, url, clock=ctx.clock)


def run_serve(args, ctx) -> int:
    from sync.server import office
    from sync.server.admin import ADMIN_TOKEN_FILE, admin_token
    from sync.server.run import serve

    if bool(args.tls_cert) != bool(args.tls_key):
        raise InvalidInput("Cần cả --tls-cert và --tls-key để bật TLS.")
    scheme = "https" if args.tls_cert else "http"
    server = open_server(args, ctx)
    try:
        hub_unit = office.office_unit(server)
    finally:
        server.close()
    if hub_unit:  # started as the province, it would stop relaying and take other units
        raise InvalidInput(
            f"Thư mục dữ liệu này là của máy chủ văn phòng (đơn vị {hub_unit}); hãy chạy "
            "'desk hub serve'."
        )

    def ready(server) -> None:
        admin_token(server)
        out(f"Máy chủ đồng bộ: {scheme}://{args.host}:{args.port}  (dữ liệu: {ctx.data_dir})")
        out(f"Mã quản trị: {ctx.data_dir / ADMIN_TOKEN_FILE}")

    url = getattr(args, "db", None) or os.environ.get("DESK_SERVER_DB") or None
    return serve(
        ctx.data_dir,
        host=args.host,
        port=args.port,
        db_url=url,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        clock=ctx.clock,
        ready=ready,
    )


def run_station_add(args, ctx) -> int:
    server = open_server(args, ctx)
    try:
        station, code = server.add_station(
            args.unit, name=args.name, number=args.number, unit_name=args.unit_name
        )
    finally:
        server.close()
    if args.json:
        print_json({"station": station, "enrol_code": code})
        return 0
    out(
        f"Đã thêm máy trạm số {station['number']} ({station['name']}) của đơn vị {station['unit_code']}."
    )
    out(f"Mã máy trạm: {station['id']}")
    out(f"Mã đăng ký (dùng một lần, hết hạn {station['enrol_expires'][:10]}): {code}")
    return 0


def run_station_list(args, ctx) -> int:
    server = open_server(args, ctx)
    try:
        rows = server.stations(args.unit)
    finally:
        server.close()
    if args.json:
        print_json(rows)
        return 0
    states = {"enrolled": "đã đăng ký", "revoked": "đã thu hồi", "waiting_enrolment": "chờ đăng ký"}
    for r in rows:
        out(
            f"{r['unit_code']} #{r['number']:02d} {r['name']}: {states[r['state']]}; "
            f"liên lạc cuối {r['last_contact_at'] or '—'}; còn chờ {r['backlog'] if r['backlog'] is not None else '—'}"
            f"  [{r['id']}]"
        )
    if not rows:
        out("Chưa có máy trạm nào.")
    return 0


def run_station_revoke(args, ctx) -> int:
    server = open_server(args, ctx)
    try:
        row = server.revoke(args.station_id)
    finally:
        server.close()
    out(f"Đã thu hồi quyền đồng bộ của máy trạm {row['name']} ({row['unit_code']}).")
    return 0


def run_dossiers(args, ctx) -> int:
    from sync.server.admin import dossiers

    server = open_server(args, ctx)
    try:
        rows = dossiers(server, args.unit)
    finally:
        server.close()
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        files = f"{sum(f['present'] for f in r['files'])}/{len(r['files'])} tệp"
        flag = "đủ" if r["complete"] else "chưa đủ"
        out(
            f"{r['code']}  {r['status']}  v{r['version']}  {files} ({flag})"
            + (" XUNG ĐỘT" if r["conflict"] else "")
        )
    out(f"Tổng: {len(rows)} hồ sơ")
    return 0


def run_status(args, ctx) -> int:
    from desk.labels import STATUS_LABELS
    from sync.server.admin import set_status

    server = open_server(args, ctx)
    try:
        change = set_status(server, args.code, args.status, note=args.note, due_at=args.due)
    finally:
        server.close()
    if args.json:
        print_json(change)
    else:
        label = STATUS_LABELS.get(change["status"], change["status"])
        out(f"Hồ sơ {change['code']}: {label} (phiên bản {change['version']}).")
    return 0


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise InvalidInput(f"Không đọc được tệp JSON {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise InvalidInput(f"Tệp {path} phải chứa một đối tượng JSON.")
    return data


def run_publish(args, ctx) -> int:
    from sync.server.admin import publish

    data = _read_json(args.file)
    server = open_server(args, ctx)
    try:
        done = publish(server, args.kind, data)
    finally:
        server.close()
    what = "danh mục thủ tục" if args.kind == "catalog" else "lịch nghỉ"
    state = "đã công bố" if done["new"] else "đã có từ trước"
    out(f"Phiên bản {done['version']} của {what} {state}.")
    return 0


def run_online(args, ctx) -> int:
    from sync.server.admin import add_online_dossier

    data = _read_json(args.file)
    server = open_server(args, ctx)
    try:
        dossier = add_online_dossier(server, args.unit, data)
    finally:
        server.close()
    if args.json:
        print_json(dossier)
    else:
        out(f"Đã gửi hồ sơ trực tuyến {dossier['code']} về đơn vị {args.unit}.")
    return 0


def run_import(args, ctx) -> int:
    from sync.server.importer import import_dir

    server = open_server(args, ctx)
    try:
        done = import_dir(server, args.folder)
    finally:
        server.close()
    if args.json:
        print_json(done)
    else:
        out(
            f"Đã nhập {done['exports']} bản xuất: {done['files']} tệp, {done['applied']} thao tác mới, "
            f"{done['duplicate']} thao tác đã có, {done['rejected']} bị từ chối, {done['retry']} chờ."
        )
        for r in done["rejected_ops"]:
            out(f"  từ chối {r['kind']} {r['op_id']}: {r['reason']}")
    return 0 if not done["files_bad"] and not done["retry"] else 1


def run_admin_token(args, ctx) -> int:
    from sync.server.admin import admin_token

    server = open_server(args, ctx)
    try:
        out(admin_token(server, renew=args.renew))
    finally:
        server.close()
    return 0


def run_openapi(args, ctx) -> int:
    import tempfile

    from sync.server.app import create_app
    from sync.server.core import Server

    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp), clock=ctx.clock)
        try:
            print_json(create_app(server).openapi())
        finally:
            server.close()
    return 0
