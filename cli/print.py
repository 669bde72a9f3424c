"""`desk print …`: A4 forms, the Sổ theo dõi, thermal tickets and slips, the print queue."""

from datetime import date
from pathlib import Path

from cli.common import actor, office_store, out, output_file, print_json
from desk.errors import InvalidInput

QUEUED_EXIT = 5  # saved in the print queue but not printed yet: the reason is printed


def register(sub) -> None:
    p = sub.add_parser("print", help="in phiếu, sổ, vé; hàng đợi in")
    s = p.add_subparsers(dest="action", required=True)

    f = s.add_parser("form", help="in một mẫu phiếu của hồ sơ (01 hoặc receipt, 02, 03, …)")
    f.add_argument(
        "form",
        help="số mẫu hoặc tên: 01/receipt, 02/supplement, 03/refusal, 04/apology, stop, control, fee_receipt, handover",
    )
    f.add_argument("--dossier", required=True, help="mã hồ sơ")
    f.add_argument("-o", "--output", type=Path, help="ghi ra tệp PDF thay vì gửi máy in")
    f.add_argument(
        "--set",
        dest="template_set",
        help="bộ mẫu: tt01-2018 hoặc tt03-2025 (mặc định theo ngày nhận)",
    )
    f.add_argument("--copies", type=int, help="số liên")
    f.add_argument("--printer", help="địa chỉ máy in A4 (mặc định: thiết lập printers.a4)")
    f.set_defaults(func=run_form)

    b = s.add_parser("book", help="in Sổ theo dõi hồ sơ trong một khoảng ngày")
    b.add_argument("--from", dest="date_from", required=True, help="từ ngày YYYY-MM-DD")
    b.add_argument("--to", dest="date_to", required=True, help="đến ngày YYYY-MM-DD")
    b.add_argument("-o", "--output", type=Path)
    b.add_argument("--printer")
    b.set_defaults(func=run_book)

    t = s.add_parser("ticket", help="lấy số và in vé")
    t.add_argument("--service", help="mã dịch vụ (mặc định: dịch vụ đầu tiên)")
    t.add_argument("--priority", action="store_true", help="vé ưu tiên")
    _thermal_args(t)
    t.set_defaults(func=run_ticket)

    sl = s.add_parser("slip", help="in phiếu biên nhận ngắn trên máy in nhiệt")
    sl.add_argument("--dossier", required=True)
    _thermal_args(sl)
    sl.set_defaults(func=run_slip)

    te = s.add_parser("test", help="in trang thử")
    _thermal_args(te)
    te.set_defaults(func=run_test)

    st = s.add_parser("status", help="hỏi trạng thái máy in (giấy, nắp, kết nối)")
    st.add_argument("--printer", required=True)
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=run_status)

    q = s.add_parser("queue", help="xem hàng đợi in")
    q.add_argument("--all", action="store_true", help="cả lệnh đã in")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=run_queue)
    r = s.add_parser("retry", help="thử in lại các lệnh đang chờ (hoặc một lệnh)")
    r.add_argument("job", nargs="?")
    r.set_defaults(func=run_retry)
    rp = s.add_parser("reprint", help="in lại một lệnh đã in")
    rp.add_argument("job")
    rp.add_argument("--printer", help="gửi tới máy in khác")
    rp.set_defaults(func=run_reprint)
    mv = s.add_parser("move", help="chuyển một lệnh đang chờ sang máy in khác")
    mv.add_argument("job")
    mv.add_argument("--printer", required=True)
    mv.set_defaults(func=run_move)
    c = s.add_parser("cancel", help="hủy một lệnh đang chờ")
    c.add_argument("job")
    c.set_defaults(func=run_cancel)


def _thermal_args(p) -> None:
    p.add_argument(
        "--printer",
        help="địa chỉ máy in: tcp://IP:9100, usb:VID:PID, serial:COM3?baud=9600, file:…, virtual:",
    )
    p.add_argument("--width", type=int, help="khổ in (điểm): 384, 512 hoặc 576")


def _report(printed) -> int:
    job = printed.job
    if job.status == "done":
        out(f"Đã in: {job.title} ({job.printer}) [lệnh {job.id}]")
        return 0
    out(f"Chưa in được: {job.title} — {job.last_error}")
    out(
        f"Lệnh in đã được lưu trong hàng đợi ({job.status_label.lower()}) [lệnh {job.id}]; 'desk print retry' để in lại."
    )
    return QUEUED_EXIT


def run_form(args, ctx) -> int:
    from printing.jobs import print_pdf, render_dossier_form

    store = office_store(ctx)
    data = render_dossier_form(
        store,
        args.form,
        args.dossier,
        template_set=args.template_set,
        copies=args.copies,
        actor=actor(args),
    )
    if args.output:
        _write(ctx, args.output, data)
        return 0
    return _report(
        print_pdf(
            store,
            data,
            title=f"Mẫu {args.form} — {args.dossier}",
            ref=args.dossier,
            printer=args.printer,
            actor=actor(args),
        )
    )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"Ngày không hợp lệ: {text!r} (dạng NĂM-THÁNG-NGÀY).") from exc


def run_book(args, ctx) -> int:
    from printing.jobs import print_pdf, render_book

    store = office_store(ctx)
    data = render_book(store, _day(args.date_from), _day(args.date_to))
    if args.output:
        _write(ctx, args.output, data)
        return 0
    title = f"Sổ theo dõi hồ sơ {args.date_from} – {args.date_to}"
    return _report(
        print_pdf(store, data, title=title, kind="book", printer=args.printer, actor=actor(args))
    )


def _write(ctx, path: Path, data: bytes) -> None:
    from desk.store.atomic import write_atomic

    output_file(ctx, path, magic=(b"%PDF",), what="tệp PDF")
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise InvalidInput(f"Không ghi được tệp {path}: {exc.strerror or exc}") from exc
    out(f"Đã ghi {path} ({len(data) // 1024} KB)")


def run_ticket(args, ctx) -> int:
    from desk.clock_check import require_plausible
    from printing.jobs import print_ticket

    store = office_store(ctx)
    require_plausible(store)  # a ticket's day and number come from the clock
    printed = print_ticket(
        store,
        args.service,
        printer=args.printer,
        width=args.width,
        priority=args.priority,
        actor=actor(args),
    )
    out(f"Số của bạn: {printed.detail}")
    return _report(printed)


def run_slip(args, ctx) -> int:
    from printing.jobs import print_slip

    return _report(
        print_slip(
            office_store(ctx),
            args.dossier,
            printer=args.printer,
            width=args.width,
            actor=actor(args),
        )
    )


def run_test(args, ctx) -> int:
    from printing.jobs import print_test

    return _report(
        print_test(office_store(ctx), printer=args.printer, width=args.width, actor=actor(args))
    )


def run_status(args, ctx) -> int:
    from printing.devices import status

    state = status(args.printer)
    if args.json:
        print_json(
            {
                "online": state.online,
                "paper": str(state.paper),
                "cover_open": state.cover_open,
                "error": state.error,
                "message": state.message,
            }
        )
    else:
        out(state.message)
    return 0 if state.online else QUEUED_EXIT


def run_queue(args, ctx) -> int:
    from printing import queue

    jobs = queue.list_jobs(office_store(ctx), waiting_only=not args.all)
    if args.json:
        print_json([j.__dict__ for j in jobs])
        return 0
    if not jobs:
        out("Không có lệnh in nào đang chờ.")
    for j in jobs:
        reason = f" — {j.last_error}" if j.last_error and j.status != "done" else ""
        out(
            f"{j.id}  {j.created_at:%H:%M %d/%m}  {j.status_label:<20} {j.title} → {j.printer}{reason}"
        )
    return 0


def run_retry(args, ctx) -> int:
    from printing import queue

    store = office_store(ctx)
    if args.job:
        queue.retry_now(store, args.job)
        jobs = [queue.attempt(store, args.job)]
    else:
        for job in queue.list_jobs(store, waiting_only=True):
            queue.retry_now(store, job.id)
        jobs = queue.run_due(store)
    left = 0
    for job in jobs:
        out(
            f"{job.status_label}: {job.title}"
            + (f" — {job.last_error}" if job.status != "done" else "")
        )
        left += job.status != "done"
    return QUEUED_EXIT if left else 0


def run_reprint(args, ctx) -> int:
    from printing import queue
    from printing.jobs import Printed

    store = office_store(ctx)
    job = queue.reprint(store, args.job, printer=args.printer, actor=actor(args))
    return _report(Printed(queue.attempt(store, job.id)))


def run_move(args, ctx) -> int:
    from printing import queue
    from printing.jobs import Printed

    store = office_store(ctx)
    job = queue.move(store, args.job, args.printer)
    return _report(Printed(queue.attempt(store, job.id)))


def run_cancel(args, ctx) -> int:
    from printing import queue

    job = queue.cancel(office_store(ctx), args.job, actor=actor(args))
    out(f"Đã hủy: {job.title}")
    return 0
