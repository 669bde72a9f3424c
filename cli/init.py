"""`desk init`: create the data directory and the office (safe to run again)."""

from cli.common import actor, out, print_json


def register(sub) -> None:
    p = sub.add_parser(
        "init", help="khởi tạo văn phòng trên máy này (chạy lại nhiều lần vẫn an toàn)"
    )
    p.add_argument("--unit", help="mã định danh đơn vị theo QĐ 20/2020/QĐ-TTg, ví dụ 000.00.19.H47")
    p.add_argument("--name", help="tên cơ quan, ví dụ 'UBND xã Hòa Phú'")
    p.add_argument(
        "--legal-name",
        dest="legal_name",
        help="tên đầy đủ của cơ quan khi --name viết tắt (mặc định: viết đầy đủ 'UBND')",
    )
    p.add_argument(
        "--desk-name",
        dest="desk_name",
        help="tên bộ phận tiếp nhận: 'Bộ phận Một cửa' hoặc 'Trung tâm Phục vụ hành chính công xã …'",
    )
    p.add_argument(
        "--receiving-officer",
        dest="receiving_officer",
        help="họ tên công chức tiếp nhận in trên phiếu khi không biết người thực hiện",
    )
    p.add_argument("--leader", dest="leader_name", help="họ tên người ký văn bản (Chủ tịch)")
    p.add_argument(
        "--receipt-copies",
        dest="receipt_copies",
        type=int,
        help="số liên Giấy tiếp nhận và hẹn trả (mặc định 2)",
    )
    p.add_argument("--parent", dest="parent_name", help="cơ quan chủ quản")
    p.add_argument("--place", dest="place_name", help="địa danh ghi trên văn bản")
    p.add_argument("--address")
    p.add_argument("--phone")
    p.add_argument(
        "--lookup-url",
        dest="lookup_base_url",
        help="địa chỉ tra cứu hồ sơ (mã hồ sơ được nối vào cuối)",
    )
    p.add_argument(
        "--station", type=int, default=1, help="số thứ tự của máy (quầy) trong văn phòng, 1–99"
    )
    p.add_argument(
        "--mode", choices=["standalone", "member"], help="một máy, hoặc thuộc văn phòng có máy chủ"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    from desk.setup import init_office

    store = ctx.store()
    office = init_office(
        store,
        unit_code=args.unit,
        station_number=args.station,
        mode=args.mode,
        actor=actor(args),
        name=args.name,
        parent_name=args.parent_name,
        place_name=args.place_name,
        address=args.address,
        phone=args.phone,
        lookup_base_url=args.lookup_base_url,
        legal_name=args.legal_name,
        desk_name=args.desk_name,
        receiving_officer=args.receiving_officer,
        leader_name=args.leader_name,
        receipt_copies=args.receipt_copies,
    )
    if args.json:
        print_json({"data_dir": str(ctx.data_dir), "office": office, "station": store.station})
    else:
        out(f"Đã khởi tạo: {office['name']} ({office['unit_code']})")
        out(f"Thư mục dữ liệu: {ctx.data_dir}")
    return 0
