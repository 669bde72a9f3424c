"""Entry point of the `desk` command (also `python main.py …`)."""

import argparse
import contextlib
import importlib
import logging
import pkgutil
import sys
from pathlib import Path

import cli
from cli.common import Context, err
from desk.clock import Clock
from desk.errors import DeskError

log = logging.getLogger("desk")


def _subcommand_modules():
    for info in sorted(pkgutil.iter_modules(cli.__path__), key=lambda m: m.name):
        if info.name in {"main", "common"} or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"cli.{info.name}")
        if hasattr(module, "register"):
            yield module


def build_parser() -> argparse.ArgumentParser:
    from cli import vietnamese

    vietnamese.install()
    parser = argparse.ArgumentParser(
        prog="desk",
        description="Bộ phận Một cửa: xếp hàng, tiếp nhận hồ sơ, số hóa, in phiếu, đồng bộ.",
    )
    parser.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        help="thư mục dữ liệu của văn phòng (mặc định: DESK_DATA hoặc thư mục của người dùng)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="ghi nhật ký chi tiết")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _subcommand_modules():
        module.register(sub)
    return parser


def _reconfigure_stdio() -> None:
    # Windows consoles default to a legacy code page that cannot print Vietnamese.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def main(argv: list[str] | None = None, *, clock: Clock | None = None) -> int:
    """Run one command; `clock` is the office clock (tests give a fixed one)."""
    _reconfigure_stdio()
    argv = list(sys.argv[1:] if argv is None else argv)
    bad = next((i for i, a in enumerate(argv, 1) if not _utf8(a)), None)
    if bad is not None:  # bytes the OS could not decode: they would stop at the database
        err(f"Lỗi: tham số thứ {bad} không phải văn bản UTF-8; hãy gõ lại bằng bộ gõ tiếng Việt.")
        return 2
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*argv, "app"])  # no subcommand: open the app
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    ctx = Context(args.data, clock=clock)
    from desk.logs import setup_logging

    log_path = setup_logging(ctx.data_dir, verbose=args.verbose)
    try:
        return int(args.func(args, ctx) or 0)
    except DeskError as exc:
        err(f"Lỗi: {exc.message}")
        return exc.exit_code
    except KeyboardInterrupt:
        err("Đã dừng theo yêu cầu.")
        return 130
    except BrokenPipeError:
        return 0
    except Exception:
        log.exception("unexpected error in %r", argv)
        err(
            "Lỗi ngoài dự kiến; dữ liệu đã lưu không bị ảnh hưởng. "
            f"Chi tiết được ghi trong nhật ký: {log_path}"
        )
        return 1
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
