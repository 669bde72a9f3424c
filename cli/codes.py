"""`desk codes IMAGE...`: the barcodes and QR codes in photos or scans, and what each one is.

With --json the output is a contract for scripts: a list with, per image,
`{"file": …, "codes": [{"format": …, "text": …}]}` (plus "route" per code with --route,
and "error" for a file that could not be read). One bad file does not stop the others;
the exit status is non-zero if any file failed.
"""

from cli.common import err, out, print_json
from desk.errors import ImageError


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "codes",
        help="đọc mã vạch, mã QR trong ảnh chụp hoặc ảnh quét",
        description=(
            "Đọc mã QR (CCCD/Căn cước, phiếu hẹn, phiếu xếp hàng), Code 128 và các loại mã vạch "
            "thông dụng trong một hay nhiều tệp ảnh."
        ),
    )
    p.add_argument("images", nargs="+", metavar="ẢNH", help="tệp ảnh (JPEG, PNG, BMP, TIFF, WebP)")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.add_argument(
        "--route",
        action="store_true",
        help="cho biết mỗi mã là gì: thẻ CCCD/Căn cước, mã hồ sơ, phiếu xếp hàng hay văn bản",
    )
    p.add_argument(
        "--formats",
        metavar="LOẠI,…",
        help="chỉ đọc các loại mã này, ví dụ QRCode,Code128 (mặc định: các loại thông dụng)",
    )
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    from desk.scan.codes import read_codes_file

    formats = [f.strip() for f in args.formats.split(",") if f.strip()] if args.formats else None
    results = []
    failed = None
    for path in args.images:
        entry: dict = {"file": path, "codes": []}
        try:
            codes = read_codes_file(path, formats=formats)
        except ImageError as exc:
            entry["error"] = exc.message
            failed = failed or exc
        else:
            today = ctx.now().date()
            entry["codes"] = [_code_json(code, args.route, today) for code in codes]
        results.append(entry)
    if args.json:
        print_json(results)
    else:
        _print_text(results, args.route)
    if failed is not None:
        return failed.exit_code
    return 0


def _code_json(code, with_route: bool, today) -> dict:
    item = {"format": code.format, "text": code.text}
    if with_route:
        from desk.scan.route import route

        item["route"] = route(code.text, today=today).to_json()
    return item


def _print_text(results: list[dict], with_route: bool) -> None:
    for entry in results:
        if "error" in entry:
            err(f"{entry['file']}: Lỗi: {entry['error']}")
            continue
        if not entry["codes"]:
            out(f"{entry['file']}: không tìm thấy mã nào")
            continue
        for code in entry["codes"]:
            line = f"{entry['file']}: {code['format']}: {code['text']}"
            if with_route:
                r = code["route"]
                line += f"  [{_KIND_LABELS.get(r['kind'], r['kind'])}" + (
                    f": {r['error']}]" if r["error"] else "]"
                )
            out(line)


_KIND_LABELS = {
    "citizen_id": "thẻ CCCD/Căn cước",
    "dossier": "mã hồ sơ",
    "ticket": "phiếu xếp hàng",
    "text": "văn bản",
}
