"""`desk sync`: send what is waiting to the upstream and take its news.

desk sync --once [--server URL] [--json]   # exit 0 only when everything is acknowledged
desk sync status [--json]
desk sync rejected [--json]
desk sync accept OP_ID                      # take the province's version of that dossier
desk sync export DIR                        # pending operations and files to a USB stick
"""

from pathlib import Path

from cli.common import actor, office_store, out, print_json


def register(sub) -> None:
    p = sub.add_parser(
        "sync",
        help="đồng bộ với máy chủ: gửi hồ sơ, tệp số hóa; nhận trạng thái, danh mục",
        description="Gửi thao tác và tệp đang chờ lên máy chủ, nhận thay đổi từ cấp tỉnh.",
    )
    p.add_argument("--once", action="store_true", help="đồng bộ một lượt cho đến khi hết việc")
    p.add_argument("--server", metavar="URL", help="địa chỉ máy chủ cho lần chạy này")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_once)
    s = p.add_subparsers(dest="sync_action", metavar="VIỆC")
    st = s.add_parser("status", help="tình trạng đồng bộ")
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=run_status)
    rj = s.add_parser("rejected", help="các thao tác bị máy chủ từ chối, lý do và cách xử lý")
    rj.add_argument("--json", action="store_true")
    rj.set_defaults(func=run_rejected)
    ac = s.add_parser("accept", help="nhận theo cấp tỉnh cho hồ sơ của một thao tác bị từ chối")
    ac.add_argument("op_id")
    ac.set_defaults(func=run_accept)
    ex = s.add_parser("export", help="xuất thao tác và tệp đang chờ ra thư mục (USB)")
    ex.add_argument("folder", type=Path)
    ex.add_argument("--json", action="store_true")
    ex.set_defaults(func=run_export)


def run_once(args, ctx) -> int:
    from sync.client import connect, sync_once

    store = office_store(ctx)
    upstream = connect(store, args.server)
    try:
        report = sync_once(store, upstream)
    finally:
        upstream.close()
    if args.json:
        print_json(report.to_json())
    else:
        up = report.upload
        out(
            f"Đã gửi {report.applied + report.duplicate} thao tác, {up.files} tệp "
            f"({up.bytes_sent / 1_000_000:.1f} MB); nhận {report.pulled} thay đổi."
        )
        if report.rejected:
            out(f"{report.rejected} thao tác bị từ chối: xem 'desk sync rejected'.")
        if report.error:
            out(f"Dừng lại: {report.error}")
        if report.remaining:
            out(f"Còn {report.remaining} thao tác chưa được máy chủ xác nhận.")
    return 0 if report.complete else 5


def run_status(args, ctx) -> int:
    from sync.client import status

    st = status(office_store(ctx))
    if args.json:
        print_json(st.to_json())
    else:
        out(st.text)
        if st.last_error:
            out(f"Lỗi gần nhất: {st.last_error}")
    return 0


def run_rejected(args, ctx) -> int:
    from desk.labels import OP_KINDS, label
    from sync.client import rejected_ops

    rows = rejected_ops(office_store(ctx))
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        out(f"{r['code'] or '—'}  {label(OP_KINDS, r['kind'])}  [{r['op_id']}]")
        out(f"    Lý do: {r['reason']}")
        out(f"    Cách xử lý: {r['hint']}")
    if not rows:
        out("Không có thao tác nào bị từ chối.")
    return 0


def run_accept(args, ctx) -> int:
    from sync.client import accept_upstream

    done = accept_upstream(office_store(ctx), args.op_id, actor=actor(args))
    out(f"Đã nhận theo cấp tỉnh; {len(done['set_aside'])} thay đổi của máy này được để riêng.")
    return 0


def run_export(args, ctx) -> int:
    from sync.client import export_pending

    done = export_pending(office_store(ctx), args.folder)
    if args.json:
        print_json(done)
    else:
        out(
            f"Đã xuất {done['ops']} thao tác và {done['files']} tệp "
            f"({done['bytes'] / 1_000_000:.1f} MB) vào {done['folder']}."
        )
    return 0
