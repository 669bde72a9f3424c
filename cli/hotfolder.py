"""`desk hotfolder`: take what a scanner saved into a folder as draft pages of one paper,
without the window (a scanner on another PC, a script); `--finish` makes the paper's PDF."""

import time
from pathlib import Path

from cli.common import actor, err, office_store, out, print_json


def register(sub) -> None:
    p = sub.add_parser(
        "hotfolder", help="nhận ảnh máy quét lưu vào một thư mục thành trang nháp của giấy tờ"
    )
    p.add_argument("folder", type=Path, help="thư mục phần mềm máy quét lưu ảnh vào")
    p.add_argument("code", help="mã hồ sơ")
    p.add_argument("--paper", type=int, required=True, help="số thứ tự giấy tờ trong hồ sơ")
    p.add_argument("--settle", type=float, default=2.0, help="giây tệp phải đứng yên (mặc định 2)")
    p.add_argument("--watch", action="store_true", help="theo dõi liên tục đến khi bấm Ctrl+C")
    p.add_argument("--keep", action="store_true", help="để tệp tại chỗ, không chuyển vào da-nhan/")
    p.add_argument("--finish", action="store_true", help="sau đó lưu các trang thành PDF")
    p.add_argument("--mode", help="chế độ màu khi lưu PDF: color, gray, bw, auto")
    p.add_argument("--dpi", type=int, default=200)
    p.add_argument("--actor")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    from desk.scan import drafts
    from desk.scan.hotfolder import HotFolder
    from desk.scan.pipeline import ScanSettings

    store = office_store(ctx)
    hot = HotFolder(
        args.folder, ledger=store, settle=args.settle, done_dir=None if args.keep else "da-nhan"
    )

    def deliver(arrival):
        drafts.add_page(
            store, args.code, args.paper, arrival.data, "hotfolder", blobs=arrival.blobs
        )

    taken, refused = [], []
    # one pass waits for files being written, but not for ever (an empty file stays empty)
    deadline = time.monotonic() + 3 * args.settle + 5
    first = True
    while True:
        result = hot.poll(deliver=deliver)
        taken += [a.name for a in result.taken]
        refused += [r.message for r in result.refused]
        for arrival in result.taken if not args.json else ():
            out(f"Đã nhận {arrival.name}")
        for refusal in result.refused:
            err(refusal.message)
        more = first or (result.waiting and time.monotonic() < deadline)
        if not (args.watch or more):
            break
        first = False
        try:
            time.sleep(1.0 if args.watch else min(args.settle, 1.0))
        except KeyboardInterrupt:
            break
    finished = None
    if args.finish:
        settings = ScanSettings(
            mode=args.mode or store.setting("scan.mode") or "color", dpi=args.dpi
        )
        finished = drafts.finish(store, args.code, args.paper, settings, actor(args))
    if args.json:
        print_json(
            {
                "taken": taken,
                "refused": refused,
                "drafts": len(drafts.list_pages(store, args.code, args.paper)),
                "pdf": finished
                and {
                    "file_name": finished.paper.file_name,
                    "pages": finished.paper.pages,
                    "size": finished.pdf_size,
                },
            }
        )
    elif finished:
        out(
            f"Đã lưu {finished.paper.file_name}: {finished.paper.pages} trang, "
            f"{finished.pdf_size // 1024} KB."
        )
    else:
        pages = len(drafts.list_pages(store, args.code, args.paper))
        out(f"Giấy tờ số {args.paper} có {pages} trang nháp.")
    return 1 if refused and not taken else 0
