"""`desk catalog list/show` and `desk due`: the procedures and their appointment times."""

from pathlib import Path

from cli.common import office_store, out, print_json
from desk.store import DB_NAME


def register(sub) -> None:
    p = sub.add_parser("catalog", help="danh mục thủ tục hành chính")
    s = p.add_subparsers(dest="action", required=True)
    ls = s.add_parser("list", help="liệt kê thủ tục (lọc theo chữ, không cần dấu)")
    ls.add_argument("query", nargs="?", default="")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_list)
    sh = s.add_parser("show", help="xem một thủ tục")
    sh.add_argument("code")
    sh.add_argument("--json", action="store_true")
    sh.set_defaults(func=run_show)

    ins = s.add_parser(
        "install", help="cài phiên bản danh mục mới (tệp JSON của tỉnh); thay thế nguyên khối"
    )
    ins.add_argument("file", type=Path)
    ins.set_defaults(func=run_install)

    d = sub.add_parser("due", help="tính ngày giờ hẹn trả kết quả")
    d.add_argument("procedure", help="mã thủ tục, ví dụ 1.001193")
    d.add_argument(
        "--received", help="thời điểm tiếp nhận, ví dụ 2026-11-23T16:10 (mặc định: bây giờ)"
    )
    d.add_argument(
        "--extension",
        type=int,
        metavar="NGÀY",
        help="thời hạn kéo dài theo luật chọn khi tiếp nhận, ví dụ 5 (kết hôn cần xác minh)",
    )
    d.add_argument("--json", action="store_true")
    d.set_defaults(func=run_due)


def sources(ctx):
    """The office's active catalog and calendar, or the bundled ones when no office exists yet."""
    if (ctx.data_dir / DB_NAME).exists():
        from desk.store.snapshots import calendar, catalog_version

        store = ctx.store(create=False)
        if store.is_initialised:
            return catalog_version(store), calendar(store)
    from desk.calendar import Calendar
    from desk.catalog import bundled_catalog

    return bundled_catalog(), Calendar()


def run_list(args, ctx) -> int:
    catalog, _ = sources(ctx)
    items = catalog.search(args.query) if args.query else list(catalog)
    if args.json:
        print_json({"version": catalog.version, "procedures": [p.to_json() for p in items]})
        return 0
    for p in items:
        out(f"{p.code:<14} {p.time_limit.text():<18} {p.field:<22} {p.name}")
    return 0


def run_show(args, ctx) -> int:
    catalog, _ = sources(ctx)
    p = catalog.get(args.code)
    if args.json:
        print_json(p.to_json())
        return 0
    out(f"{p.name}")
    out(f"Mã thủ tục:   {p.code}")
    out(f"Lĩnh vực:     {p.field}")
    from desk.catalog import allowed_extensions
    from desk.catalog.model import CONFIRMABLE
    from desk.labels import FEE_CATEGORIES, paper_text

    def check(key: str) -> str:
        return " (cần đối chiếu với Quyết định công bố của tỉnh)" if key in p.to_confirm else ""

    out(f"Thời hạn:     {p.time_limit.text()}{check('time_limit')}")
    for option in allowed_extensions(p):
        basis = f" — {option.basis}" if option.basis else ""
        out(f"Kéo dài:      {option.text()} khi: {option.when}{basis}{check('extension')}")
    category = FEE_CATEGORIES.get(p.fee.fee_category, "")
    kind = f" [{category}]" if category else ""
    out(f"Phí, lệ phí:  {p.fee.text()}{kind}{check('fee')}")
    out(f"Kết quả:      {p.result}")
    out(f"Cơ quan:      {p.authority}")
    out("Thành phần hồ sơ:")
    for i, paper in enumerate(p.papers, start=1):
        extra = " (không bắt buộc)" if paper.optional else ""
        out(
            f"  {i}. {paper.name} — {paper_text(paper.kind, paper.count, shown=paper.shown_only)}{extra}"
        )
    for basis in p.legal_basis:
        out(f"Căn cứ: {basis}")
    for key in p.to_confirm:
        if key in CONFIRMABLE and key not in ("time_limit", "extension", "fee"):
            out(f"Cần đối chiếu: {CONFIRMABLE[key]}")
    return 0


def run_due(args, ctx) -> int:
    from desk import clock
    from desk.calendar import weekday_name
    from desk.catalog import extended_limit

    catalog, cal = sources(ctx)
    procedure = catalog.get(args.procedure)
    received = clock.parse(args.received) if args.received else ctx.now()
    limit = procedure.time_limit
    if args.extension:
        limit, _ = extended_limit(procedure, args.extension)
    info = cal.due_info(received, limit)
    due = info.due
    if args.json:
        print_json(
            {
                "procedure": procedure.code,
                "name": procedure.name,
                "time_limit": limit.text(),
                "extension": args.extension or 0,
                "received": clock.iso(received),
                "receipt_day": cal.receipt_day(received),
                "due": clock.iso(due),
                "provisional": info.provisional,
                "provisional_days": [
                    {"date": m.date, "name": m.name} for m in info.provisional_days
                ],
            }
        )
        return 0
    out(f"{procedure.name} ({limit.text()})")
    out(f"Tiếp nhận: {received:%H:%M} {weekday_name(received.date())}, {received:%d/%m/%Y}")
    mark = " (dự kiến)" if info.provisional else ""
    out(f"Hẹn trả:   {due:%H:%M} {weekday_name(due.date())}, {due:%d/%m/%Y}{mark}")
    if info.provisional:
        out(info.note())
    return 0


def run_install(args, ctx) -> int:
    from desk.catalog import load_catalog
    from desk.store.snapshots import install_catalog

    catalog = load_catalog(
        args.file
    )  # Vietnamese CatalogError on a bad file, before anything is written
    version = install_catalog(office_store(ctx), catalog.to_json())
    out(f"Đã cài danh mục phiên bản {version} ({len(catalog)} thủ tục).")
    return 0
