"""`desk scan detect|pdf`: find pages in photos; turn photos and scans into one small PDF."""

from pathlib import Path

from cli.common import err, out, output_file, print_json
from desk.errors import DeskError, ImageError, StorageError
from desk.store.atomic import write_atomic


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "scan",
        help="số hóa giấy tờ: tìm trang trong ảnh chụp, tạo PDF gọn nhẹ",
        description="Số hóa giấy tờ tại quầy: tìm trang giấy trong ảnh chụp, làm phẳng, làm sạch, nén thành PDF.",
    )
    sub = parser.add_subparsers(dest="scan_command", metavar="LỆNH", required=True)

    detect = sub.add_parser(
        "detect",
        help="tìm bốn góc trang giấy trong ảnh chụp",
        description="Tìm bốn góc trang giấy (trên-trái, trên-phải, dưới-phải, dưới-trái) trong từng ảnh chụp.",
    )
    detect.add_argument(
        "images",
        nargs="+",
        metavar="ẢNH",
        type=Path,
        help="ảnh chụp (JPEG, PNG, TIFF, BMP, WebP, PDF)",
    )
    detect.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    detect.set_defaults(func=run_detect)

    pdf = sub.add_parser(
        "pdf",
        help="tạo một tệp PDF từ ảnh chụp hoặc ảnh quét",
        description=(
            "Tạo một tệp PDF từ các ảnh chụp (tìm trang và làm phẳng) hoặc ảnh quét (--flat: chỉnh "
            "nghiêng, cắt viền); làm sạch nền, bỏ trang trắng, nén JPEG hoặc CCITT G4."
        ),
    )
    pdf.add_argument(
        "images", nargs="+", metavar="ẢNH", type=Path, help="ảnh chụp, ảnh quét hoặc PDF"
    )
    pdf.add_argument(
        "-o", "--output", required=True, type=Path, metavar="TỆP.pdf", help="tệp PDF kết quả"
    )
    pdf.add_argument(
        "--mode",
        choices=("auto", "bw", "gray", "color"),
        default="color",
        help="màu: color (bản màu như bản gốc, mặc định theo TT 05/2025/TT-BNV), gray, bw (đen trắng 1 bit), "
        "auto (màu khi có dấu đỏ hoặc nội dung màu, còn lại xám)",
    )
    pdf.add_argument(
        "--dpi", type=int, default=200, help="độ phân giải (mặc định 200; 300 cho bản vẽ, bản đồ)"
    )
    pdf.add_argument(
        "--no-detect", action="store_true", help="ảnh đã là trang giấy: không tìm trang"
    )
    pdf.add_argument(
        "--flat", action="store_true", help="ảnh từ máy quét phẳng: chỉnh nghiêng và cắt viền"
    )
    pdf.add_argument("--keep-blank", action="store_true", help="giữ cả trang trắng")
    pdf.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    pdf.set_defaults(func=run_pdf)


def run_detect(args, ctx) -> int:
    from desk.scan.detect import detect_page
    from desk.scan.imageio import load_image

    results, failed = [], 0
    for path in args.images:
        try:
            found = detect_page(load_image(path))
        except DeskError as exc:
            err(f"Lỗi: {path.name}: {exc.message}")
            failed += 1
            continue
        results.append(
            {"file": str(path), "corners": found.tolist(), "confidence": round(found.confidence, 3)}
        )
        if not args.json:
            corners = "  ".join(f"({x:.1f}, {y:.1f})" for x, y in found.tolist())
            out(f"{path}: {corners}  độ tin cậy {found.confidence:.2f}")
    if args.json:
        print_json(results)
    return ImageError.exit_code if failed else 0


def run_pdf(args, ctx) -> int:
    """Pages are decoded, prepared and compressed one at a time: a long file costs one page
    of memory plus its compressed pages."""
    from desk.scan.imageio import iter_pages
    from desk.scan.pdf import build_pdf
    from desk.scan.pipeline import MAX_OUTPUT_DPI, ScanSettings, prepare_page

    settings = ScanSettings(
        mode=args.mode,
        dpi=args.dpi,
        detect=not args.no_detect,
        flat=args.flat,
        drop_blank=not args.keep_blank,
    )
    output_file(ctx, args.output, magic=(b"%PDF",), what="tệp PDF")
    kept, blank, failed = [], [], []
    for path in args.images:
        try:
            for i, image in enumerate(iter_pages(path, pdf_dpi=args.dpi)):
                page = prepare_page(image, settings)
                del image
                label = f"{path.name} (trang {i + 1})" if i else path.name
                if page.dpi < args.dpi:
                    out(
                        f"{label}: làm ở {page.dpi} dpi — ảnh gốc không đủ chi tiết cho "
                        f"{args.dpi} dpi (tối đa {MAX_OUTPUT_DPI} dpi)."
                    )
                if page.blank and settings.drop_blank:
                    blank.append(label)
                    out(f"Bỏ trang trắng: {label}")
                else:
                    kept.append(page.encoded())
                del page
        except DeskError as exc:
            err(f"Lỗi: {path.name}: {exc.message}")
            failed.append(str(path))
    if not kept:
        if failed and not blank:
            raise ImageError("Không có ảnh nào đọc được; chưa tạo tệp PDF.")
        raise ImageError("Mọi trang đều trắng; chưa tạo tệp PDF (dùng --keep-blank để giữ).")
    data = build_pdf(kept)
    try:
        write_atomic(args.output, data)
    except OSError as exc:
        raise StorageError(f"Không ghi được tệp {args.output}.", detail=str(exc)) from None
    size_kb = len(data) / 1024
    if args.json:
        print_json(
            {
                "output": str(args.output),
                "pages": len(kept),
                "bytes": len(data),
                "modes": [p.mode for p in kept],
                "dpi": [p.dpi for p in kept],
                "dropped_blank": blank,
                "failed": failed,
            }
        )
    else:
        out(f"Đã ghi {args.output}: {len(kept)} trang, {size_kb:.0f} KB.")
    return ImageError.exit_code if failed else 0
