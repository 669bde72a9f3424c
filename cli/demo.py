"""`desk demo`: a made-up office with made-up dossiers, for demos and training."""

import shutil

from cli.common import out
from desk.errors import InvalidInput

MARKER = ".demo-office"


def register(sub) -> None:
    p = sub.add_parser("demo", help="tạo một văn phòng mẫu với hồ sơ giả định (để thử, tập huấn)")
    p.add_argument("--days", type=int, default=30, help="số ngày hồ sơ mẫu (mặc định 30)")
    p.add_argument(
        "--reset", action="store_true", help="xóa dữ liệu mẫu cũ trước khi tạo (chỉ thư mục mẫu)"
    )
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    from desk.demo import DEMO_PASSWORD, DEMO_USERS, fill
    from desk.store import DB_NAME

    marker = ctx.data_dir / MARKER
    if (ctx.data_dir / DB_NAME).exists():
        if not marker.exists():
            raise InvalidInput(
                f"Thư mục {ctx.data_dir} đã có dữ liệu thật; hãy chọn thư mục khác bằng --data cho dữ liệu mẫu."
            )
        if not args.reset:
            out(f"Văn phòng mẫu đã có tại {ctx.data_dir} (dùng --reset để tạo lại).")
            return 0
        ctx.close()
        for child in ctx.data_dir.iterdir():
            if child.name != "logs":  # the log file is open; keep it
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    ctx.data_dir.mkdir(parents=True, exist_ok=True)
    marker.write_text("Dữ liệu giả định cho thử nghiệm và tập huấn.\n", encoding="utf-8")
    count = fill(ctx.store(), days=args.days)
    out(f"Đã tạo văn phòng mẫu với {count} hồ sơ giả định tại {ctx.data_dir}")
    out("Tài khoản mẫu (mật khẩu " + DEMO_PASSWORD + "): " + ", ".join(u[0] for u in DEMO_USERS))
    return 0
