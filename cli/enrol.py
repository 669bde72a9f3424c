"""`desk enrol URL CODE`: enrol this desk with the hub or the provincial server, once."""

from pathlib import Path

from cli.common import actor, out, print_json


def register(sub) -> None:
    p = sub.add_parser(
        "enrol",
        help="đăng ký máy này với máy chủ đồng bộ (một lần, bằng mã đăng ký)",
        description="Đăng ký máy này với máy chủ của văn phòng hoặc của tỉnh bằng mã dùng một lần.",
    )
    p.add_argument("url", help="địa chỉ máy chủ, ví dụ https://dongbo.example.gov.vn")
    p.add_argument("code", help="mã đăng ký do cấp tỉnh cấp, ví dụ ABCD-EFGH-JKLM-NPQR")
    p.add_argument(
        "--cert",
        type=Path,
        help="tệp chứng chỉ (PEM) của tỉnh: chỉ tin máy chủ có chứng chỉ này (CA riêng)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    import shutil

    from sync.client import enrol

    store = ctx.store()  # a new PC may enrol first: it then takes the unit from the server
    cert = None
    if args.cert:
        # Kept beside the data so a moved folder still trusts the same certificate.
        kept = Path(store.data_dir) / "upstream-cert.pem"
        shutil.copyfile(args.cert, kept)
        cert = str(kept)
    done = enrol(store, args.url, args.code, cert=cert, actor=actor(args))
    if args.json:
        print_json(done)
        return 0
    st = done["station"]
    out(f"Đã đăng ký với {done['server_url']}: máy số {st['number']} của đơn vị {st['unit_code']}.")
    return 0
