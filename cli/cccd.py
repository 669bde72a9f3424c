"""`desk cccd 'PAYLOAD'`: read a CCCD / Căn cước QR as the applicant form would."""

import sys

from cli.common import out, print_json
from desk.citizen_id import parse_cccd


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "cccd",
        help="đọc nội dung mã QR trên thẻ CCCD/Căn cước",
        description=(
            "Đọc nội dung mã QR trên thẻ CCCD gắn chip hoặc thẻ Căn cước, kiểm tra số định danh "
            "và in các trường cùng cảnh báo."
        ),
    )
    parser.add_argument(
        "payload",
        metavar="PAYLOAD",
        help="nội dung mã QR (đặt trong dấu nháy đơn), hoặc «-» để đọc từ đầu vào chuẩn",
    )
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    parser.set_defaults(func=run)


def run(args, ctx) -> int:
    payload = sys.stdin.read() if args.payload == "-" else args.payload
    card = parse_cccd(payload, today=ctx.now().date())
    if args.json:
        print_json(card.to_json())
        return 0
    province = card.province or "không rõ"
    rows = [
        ("Loại thẻ", card.kind_label),
        ("Số định danh", card.id_number),
        ("Số CMND cũ", card.old_id or "(không có)"),
        ("Họ và tên", f"{card.name} ({card.display_name})"),
        ("Ngày sinh", f"{card.dob:%d/%m/%Y}"),
        ("Giới tính", card.sex),
        (card.address_label, card.address or "(không có)"),
        ("Ngày cấp", f"{card.issued_on:%d/%m/%Y}"),
        ("Nơi ĐK khai sinh", f"{province} (mã {card.id_number[:3]})"),
    ]
    width = max(len(label) for label, _ in rows) + 1
    for label, value in rows:
        out(f"{label + ':':<{width}} {value}")
    if card.warnings:
        out("Cảnh báo:")
        for warning in card.warnings:
            out(f"  - {warning}")
    return 0
