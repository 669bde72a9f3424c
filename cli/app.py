"""`desk app` (and `desk` alone): open the window on the office's data."""

import argparse
from pathlib import Path

from cli.common import out, output_file


def register(sub) -> None:
    p = sub.add_parser("app", help="mở cửa sổ làm việc (mặc định khi không có lệnh con)")
    p.add_argument("--screenshot", type=Path, metavar="FILE", help="vẽ cửa sổ ra ảnh PNG rồi thoát")
    p.add_argument(
        "--screenshots",
        type=Path,
        metavar="DIR",
        help="vẽ các màn hình chính (đăng nhập, tiếp nhận, hồ sơ, trả kết quả…) ra ảnh PNG 1366×768",
    )
    p.add_argument(
        "--exit-after-shown", action="store_true", help=argparse.SUPPRESS
    )  # start-up benchmark
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    from desk.logs import log_path
    from ui.app import run as run_app

    if args.screenshot:
        output_file(ctx, args.screenshot, magic=(b"\x89PNG",), what="ảnh PNG")
    store = ctx.store()  # no office yet: the window opens the setup wizard
    if args.screenshots:
        from desk.first_start import require_office
        from desk.store.guard import refuse_data_dir
        from ui.app import screenshots

        refuse_data_dir(args.screenshots, ctx.data_dir, what="thư mục ảnh")
        require_office(store)  # the screens are drawn on an office's data
        for path in screenshots(store, args.screenshots):
            out(f"Đã lưu ảnh: {path}")
        return 0
    code = run_app(
        store,
        screenshot=args.screenshot,
        log_path=str(log_path(ctx.data_dir)),
        exit_after_shown=args.exit_after_shown,
    )
    if args.screenshot:
        out(f"Đã lưu ảnh cửa sổ: {args.screenshot}")
    return code
