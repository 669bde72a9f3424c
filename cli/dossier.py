"""`desk dossier …`: intake, import, show, list, search, and each lifecycle step."""

import sys
from pathlib import Path

from cli.common import actor, err, office_store, out, print_json
from desk.errors import InvalidInput


def register(sub) -> None:
    p = sub.add_parser("dossier", help="hồ sơ: tiếp nhận, nhập hàng loạt, xem, tìm, xử lý")
    s = p.add_subparsers(dest="action", required=True)

    def cmd(name, func, help, *, code=True, json_flag=True):
        c = s.add_parser(name, help=help)
        if code:
            c.add_argument("code", help="mã hồ sơ")
        if json_flag:
            c.add_argument("--json", action="store_true")
        c.add_argument("--actor", help="người thực hiện (mặc định: người dùng hệ điều hành)")
        c.set_defaults(func=func)
        return c

    c = cmd(
        "new",
        run_new,
        'tiếp nhận một hồ sơ từ tệp JSON (kéo dài theo luật: "extension": {"days", "reason"})',
        code=False,
    )
    c.add_argument(
        "--json-file", type=Path, required=True, help="tệp JSON của hồ sơ ('-' là stdin)"
    )
    c.add_argument("--incomplete", metavar="LÝ_DO", help="hồ sơ chưa đủ: ghi nhận và ra Mẫu 02")
    c.add_argument(
        "--missing", action="append", default=[], help="giấy tờ còn thiếu (với --incomplete)"
    )
    c.add_argument("--refuse", metavar="LÝ_DO", help="từ chối tiếp nhận: ghi nhận và ra Mẫu 03")
    c = cmd("plan", run_plan, "xem trước phí, lệ phí và ngày hẹn trả (không ghi gì)", code=False)
    c.add_argument(
        "--json-file", type=Path, required=True, help="tệp JSON của hồ sơ ('-' là stdin)"
    )
    c = cmd("drafts", run_drafts, "hồ sơ đang nhập dở ở quầy này (bản nháp)", code=False)
    c.add_argument("--discard", metavar="ID", help="bỏ một bản nháp")
    c = cmd(
        "import",
        run_import,
        "nhập nhiều hồ sơ từ tệp JSONL (mỗi dòng một hồ sơ)",
        code=False,
        json_flag=False,
    )
    c.add_argument("file", type=Path, help="tệp .jsonl ('-' là stdin)")
    cmd("show", run_show, "xem một hồ sơ và lịch sử")
    cmd(
        "fee-receipt",
        run_fee_receipt,
        "lập (cấp số) biên lai thu phí, lệ phí của hồ sơ; lần sau cho lại đúng số đó",
    )
    c = cmd("list", run_list, "liệt kê hồ sơ", code=False)
    c.add_argument(
        "--status",
        help="received, supplement_requested, in_progress, done, returned, refused, stopped, overdue",
    )
    c.add_argument(
        "--view", help="today, due_today, due_soon, overdue, to_return (theo giờ của văn phòng)"
    )
    c.add_argument("--field", help="lĩnh vực, ví dụ «Hộ tịch»")
    c.add_argument("--officer", help="người tiếp nhận")
    c.add_argument("--channel", choices=["direct", "online", "post"])
    c.add_argument("--limit", type=int, default=100)
    c = cmd("search", run_search, "tìm theo tên, số định danh, điện thoại, mã hồ sơ", code=False)
    c.add_argument("text")
    c.add_argument("--limit", type=int, default=50)

    c = cmd("attach", run_attach, "số hóa một thành phần hồ sơ từ ảnh chụp/ảnh quét/PDF")
    c.add_argument("--paper", type=int, required=True, help="số thứ tự thành phần hồ sơ (1, 2, …)")
    c.add_argument("images", nargs="+", type=Path, help="ảnh chụp, ảnh quét hoặc PDF của giấy tờ")
    c.add_argument("--name", help="tên giấy tờ, khi thêm thành phần mới")
    c.add_argument(
        "--mode",
        choices=["color", "gray", "bw", "auto"],
        help="màu (mặc định: thiết lập scan.mode, hoặc color)",
    )
    c.add_argument("--dpi", type=int, default=200, help="200 cho giấy tờ, 300 cho bản vẽ")
    c.add_argument("--flat", action="store_true", help="ảnh từ máy quét phẳng")
    c.add_argument("--no-detect", action="store_true", help="ảnh đã là trang giấy, không tìm trang")
    c = cmd(
        "export", run_export, "xuất các tệp số hóa {mã hồ sơ}.{n}.pdf ra thư mục", json_flag=False
    )
    c.add_argument("folder", type=Path)

    c = cmd("correct", run_correct, "sửa thông tin đã tiếp nhận (điện thoại, địa chỉ, trích yếu…)")
    c.add_argument(
        "--set",
        dest="fields",
        action="append",
        required=True,
        metavar="TRƯỜNG=GIÁ_TRỊ",
        help="ví dụ applicant.phone=0912345678; lặp lại được",
    )

    c = cmd(
        "request-supplement", run_request_supplement, "yêu cầu bổ sung (Mẫu 02); dừng tính thời hạn"
    )
    c.add_argument("--reason", required=True)
    c.add_argument("--item", action="append", default=[], help="giấy tờ cần bổ sung (lặp lại được)")
    c = cmd("supplement", run_step, "nhận giấy tờ bổ sung; tiếp tục tính thời hạn")
    c.add_argument("--note", default="")
    c = cmd("start", run_step, "chuyển hồ sơ sang giải quyết")
    c.add_argument("--to", default="", help="cơ quan/bộ phận giải quyết")
    c = cmd("finish", run_step, "ghi nhận đã có kết quả")
    c.add_argument("--result", default="")
    c = cmd("return", run_return, "trả kết quả (nhiều mã một lần được)", code=False)
    c.add_argument("codes", nargs="+", help="các mã hồ sơ")
    c.add_argument("--to", required=True, help="họ tên người nhận")
    c.add_argument("--via", choices=["counter", "post"], default="counter")
    c.add_argument("--collector-id", default="", help="số định danh người nhận")
    c.add_argument(
        "--relation",
        choices=["applicant", "authorised", "family", "post"],
        default="applicant",
        help="người nhận là chính người yêu cầu, người được ủy quyền, người thân",
    )
    c.add_argument(
        "--verified-by", default="papers", help="cách đối chiếu danh tính: cccd_qr, chip, papers"
    )
    c.add_argument("--note", default="", help="giấy ủy quyền, giấy tờ chứng minh quan hệ")
    c = cmd("refuse", run_step, "từ chối (Mẫu 03)")
    c.add_argument("--reason", required=True)
    c = cmd("stop", run_step, "dừng giải quyết theo đề nghị của công dân")
    c.add_argument("--reason", required=True)
    c = cmd("apologise", run_apologise, "xin lỗi và hẹn lại ngày trả (Mẫu 04; một lần)")
    c.add_argument("--reason", required=True)
    c.add_argument("--new-due", required=True, help="ngày giờ hẹn mới, ví dụ 2026-12-01T10:00")


MAX_JSON_FILE = 1_000_000  # bytes: one dossier, as an import line


def _read_json(path: Path):
    from desk import strict_json
    from desk.inputs import open_regular, read_limited

    if str(path) == "-":
        data = read_limited(sys.stdin.buffer, MAX_JSON_FILE, what="dữ liệu JSON")
    else:
        with open_regular(path, what="tệp JSON", limit=MAX_JSON_FILE) as fh:
            data = read_limited(fh, MAX_JSON_FILE, what=f"tệp {path.name}")
    try:
        return strict_json.loads(data)
    except InvalidInput as exc:
        raise InvalidInput(f"Tệp {path}: {exc.message}.") from None


def _when(moment) -> str:
    return f"{moment:%H:%M %d/%m/%Y}"


def _appointment(dossier) -> str:
    """The due the citizen holds, or why there is none (refused, stopped)."""
    if dossier.appointment is None:
        return "không hẹn trả"
    mark = " (dự kiến)" if dossier.due_provisional else ""
    return f"hẹn {_when(dossier.appointment)}{mark}"


def _show(dossier, as_json: bool, now, *, brief: bool = False, names=None) -> None:
    from desk.dossiers import dossier_to_json
    from desk.labels import event_label, fee_text, paper_text

    if as_json:
        print_json(dossier_to_json(dossier, now=now))
        return
    if brief:
        late = " [QUÁ HẠN]" if dossier.is_overdue(now) else ""
        out(
            f"{dossier.code}  {dossier.status_label:<20} {_appointment(dossier)}{late}  "
            f"{dossier.applicant.name} — {dossier.procedure_name}"
        )
        return
    names = names or {}
    out(f"Mã hồ sơ:       {dossier.code}")
    out(f"Thủ tục:        {dossier.procedure_name} ({dossier.procedure_code})")
    out(f"Người yêu cầu:  {dossier.applicant.name}  {dossier.applicant.id_number}")
    if dossier.submitter:
        out(f"Người nộp:      {dossier.submitter.name}")
    out(f"Trạng thái:     {dossier.status_label}{' — QUÁ HẠN' if dossier.is_overdue(now) else ''}")
    receiver = dossier.receiver_name or names.get(dossier.receiver, "")
    by = f", {receiver}" if receiver else ""
    out(f"Tiếp nhận:      {_when(dossier.received_at)} ({dossier.channel_label}{by})")
    if dossier.appointment is None:
        out(f"Hẹn trả:        không hẹn trả ({dossier.status_label.lower()})")
    else:
        mark = " — dự kiến, lịch nghỉ chưa có thông báo" if dossier.due_provisional else ""
        out(f"Hẹn trả:        {_when(dossier.appointment)} ({dossier.time_limit_text}){mark}")
    if dossier.extension is not None:
        basis = f" ({dossier.extension.basis})" if dossier.extension.basis else ""
        out(f"Kéo dài:        {dossier.extension.days:02d} ngày: {dossier.extension.reason}{basis}")
    detail = f" — {dossier.fee_detail}" if dossier.fee and dossier.fee_detail else ""
    out(f"Phí, lệ phí:    {fee_text(dossier.fee, dossier.fee_category)}{detail}")
    if dossier.fee_receipt is not None:
        r = dossier.fee_receipt
        out(f"Biên lai:       Mẫu số {r.form}, ký hiệu {r.series}, số {r.number_text}")
    if dossier.papers:
        out("Thành phần hồ sơ:")
    for paper in dossier.papers:
        out(
            f"  {paper.ordinal}. {paper.name} — {paper_text(paper.kind, paper.count, shown=paper.shown)}"
        )
    if dossier.events:
        out("Lịch sử:")
        for e in dossier.events:
            who = names.get(e.actor) or e.actor
            out(f"  {_when(e.at)}  {event_label(e.kind):<22} {who}  {e.note}".rstrip())


def _names(store, dossier) -> dict[str, str]:
    """Full names of the users who acted on the dossier, by login."""
    from desk.officers import full_name

    logins = {e.actor for e in dossier.events} | {dossier.receiver}
    return {login: name for login in logins if (name := full_name(store, login))}


def run_correct(args, ctx) -> int:
    from desk.dossiers.corrections import correct

    fields = {}
    for item in args.fields:
        key, sep, value = item.partition("=")
        if not sep:
            raise InvalidInput(f"Cần dạng TRƯỜNG=GIÁ_TRỊ, không phải {item!r}.")
        fields[key.strip()] = value
    dossier = correct(office_store(ctx), args.code, fields, actor=actor(args))
    if args.json:
        _show(dossier, True, ctx.now())
    else:
        out(f"Đã sửa hồ sơ {dossier.code} (phiên bản {dossier.version}).")
    return 0


def run_new(args, ctx) -> int:
    from desk.clock_check import require_plausible
    from desk.dossiers import receive
    from desk.dossiers.outcomes import receive_incomplete, refuse_at_intake

    data = _read_json(args.json_file)
    store = office_store(ctx)
    require_plausible(store)  # codes and appointments come from the clock
    if args.incomplete and args.refuse:
        raise InvalidInput("Chọn một trong --incomplete (Mẫu 02) hoặc --refuse (Mẫu 03).")
    if args.incomplete:
        if not args.missing:
            raise InvalidInput("Hãy ghi giấy tờ còn thiếu bằng --missing.")
        missing = [{"name": name} for name in args.missing]
        dossier = receive_incomplete(
            store, data, missing=missing, reason=args.incomplete, actor=actor(args)
        )
    elif args.refuse:
        dossier = refuse_at_intake(store, data, reason=args.refuse, actor=actor(args))
    else:
        dossier = receive(store, data, actor=actor(args))
    if args.json:
        _show(dossier, True, ctx.now())
    else:
        out(f"{dossier.code}\t{dossier.due_at.isoformat(timespec='minutes')}")
    return 0


def run_import(args, ctx) -> int:
    """Each line printed is `line<TAB>code<TAB>due`, only after that dossier's commit; a line
    taken by an earlier run is printed again with its code and a fourth column `đã có`."""
    from desk.clock_check import require_plausible
    from desk.dossiers.importer import import_stream
    from desk.inputs import open_regular

    store = office_store(ctx)
    require_plausible(store)
    if str(args.file) == "-":
        stream = sys.stdin.buffer
    else:
        stream = open_regular(args.file, what="tệp JSONL")
    new = existing = failed = 0
    with stream:
        for result in import_stream(store, stream, actor=actor(args)):
            dossier = result.dossier
            if dossier is None:
                failed += 1
                err(f"Dòng {result.line}: {result.error} — bỏ qua.")
                continue
            due = dossier.due_at.isoformat(timespec="minutes")
            if result.existing:
                existing += 1
                out(f"{result.line}\t{dossier.code}\t{due}\tđã có")
            else:
                new += 1
                out(f"{result.line}\t{dossier.code}\t{due}")
    again = f"; {existing} hồ sơ đã có từ trước (không nhận lại)" if existing else ""
    err(f"Đã nhập {new} hồ sơ{again}; {failed} dòng lỗi.")
    return 1 if failed else 0


def run_show(args, ctx) -> int:
    from desk.dossiers import get

    store = office_store(ctx)
    dossier = get(store, args.code)
    _show(dossier, args.json, ctx.now(), names=_names(store, dossier))
    return 0


def run_fee_receipt(args, ctx) -> int:
    from desk.fee_receipts import issue

    dossier = issue(office_store(ctx), args.code, actor=actor(args))
    if args.json:
        _show(dossier, True, ctx.now())
        return 0
    r = dossier.fee_receipt
    assert r is not None
    out(f"Biên lai thu phí, lệ phí của hồ sơ {dossier.code}:")
    out(f"  Mẫu số {r.form}, ký hiệu {r.series}, số {r.number_text}")
    out(f"  In: desk print form fee_receipt --dossier {dossier.code}")
    return 0


def run_list(args, ctx) -> int:
    from desk.dossiers import dossier_to_json, list_dossiers

    items = list_dossiers(
        office_store(ctx),
        status=args.status,
        view=args.view,
        field=args.field,
        officer=args.officer,
        channel=args.channel,
        limit=args.limit,
    )
    if args.json:
        print_json([dossier_to_json(d, now=ctx.now()) for d in items])
    else:
        for d in items:
            _show(d, False, ctx.now(), brief=True)
    return 0


def run_search(args, ctx) -> int:
    from desk.dossiers import dossier_to_json, search

    items = search(office_store(ctx), args.text, limit=args.limit)
    if args.json:
        print_json([dossier_to_json(d, now=ctx.now()) for d in items])
    else:
        if not items:
            out("Không tìm thấy hồ sơ nào.")
        for d in items:
            _show(d, False, ctx.now(), brief=True)
    return 0


def run_request_supplement(args, ctx) -> int:
    from desk.dossiers import request_supplement

    items = [{"name": name} for name in args.item]
    d = request_supplement(
        office_store(ctx), args.code, reason=args.reason, items=items, actor=actor(args)
    )
    _show(d, args.json, ctx.now(), brief=True)
    return 0


def run_step(args, ctx) -> int:
    from desk import dossiers

    store = office_store(ctx)
    who = actor(args)
    if args.action == "supplement":
        d = dossiers.supplement(store, args.code, actor=who, note=args.note)
    elif args.action == "start":
        d = dossiers.start(store, args.code, actor=who, to=args.to)
    elif args.action == "finish":
        d = dossiers.finish(store, args.code, actor=who, result=args.result)
    elif args.action == "refuse":
        d = dossiers.refuse(store, args.code, reason=args.reason, actor=who)
    else:
        d = dossiers.stop(store, args.code, reason=args.reason, actor=who)
    _show(d, args.json, ctx.now(), brief=True)
    return 0


def run_return(args, ctx) -> int:
    from desk.dossiers import dossier_to_json, return_many

    collector = {
        "name": args.to,
        "id_number": args.collector_id,
        "relation": args.relation,
        "verified_by": args.verified_by,
        "note": args.note,
    }
    done = return_many(
        office_store(ctx),
        args.codes,
        actor=actor(args),
        to=args.to,
        via=args.via,
        collector=collector,
    )
    if args.json:
        print_json([dossier_to_json(d, now=ctx.now()) for d in done])
    else:
        for d in done:
            _show(d, False, ctx.now(), brief=True)
    return 0


def run_apologise(args, ctx) -> int:
    from desk import clock
    from desk.dossiers import apologise

    d = apologise(
        office_store(ctx),
        args.code,
        reason=args.reason,
        new_due=clock.parse(args.new_due),
        actor=actor(args),
    )
    _show(d, args.json, ctx.now(), brief=True)
    return 0


def run_attach(args, ctx) -> int:
    from desk.scan.attach import scan_paper
    from desk.scan.pipeline import ScanSettings

    store = office_store(ctx)
    settings = ScanSettings(
        mode=args.mode or store.setting("scan.mode") or "color",
        dpi=args.dpi,
        detect=not args.no_detect,
        flat=args.flat,
    )
    paper, result = scan_paper(
        store,
        args.code,
        args.paper,
        args.images,
        settings=settings,
        actor=actor(args),
        name=args.name,
    )
    if args.json:
        print_json(
            {**paper.__dict__, "dropped_blank": result.dropped_blank, "size": len(result.pdf.data)}
        )
        return 0
    out(
        f"Đã số hóa {paper.name}: {paper.pages} trang, {len(result.pdf.data) // 1024} KB → {paper.file_name}"
    )
    if result.dropped_blank:
        out(
            f"Bỏ {len(result.dropped_blank)} trang trắng (ảnh số {', '.join(str(i + 1) for i in result.dropped_blank)})."
        )
    return 0


def run_export(args, ctx) -> int:
    from desk.dossiers.scans import export

    written = export(office_store(ctx), args.code, args.folder)
    if not written:
        out("Hồ sơ chưa có giấy tờ nào được số hóa.")
    for path in written:
        out(str(path))
    return 0


def run_plan(args, ctx) -> int:
    from desk.dossiers.intake import plan

    planned = plan(office_store(ctx), _read_json(args.json_file))
    if args.json:
        print_json(planned.to_json())
        return 0
    out(f"Thủ tục:   {planned.procedure.name} ({planned.procedure.code})")
    out(f"Phí, lệ phí: {planned.fee.detail}")
    out(f"Hẹn trả:   {planned.due_at:%H:%M %d/%m/%Y} ({planned.procedure.time_limit.text()})")
    return 0


def run_drafts(args, ctx) -> int:
    from desk.dossiers import intake_drafts

    store = office_store(ctx)
    if args.discard:
        intake_drafts.get(store, args.discard)  # NotFound in Vietnamese if there is none
        intake_drafts.discard(store, args.discard)
        out(f"Đã bỏ bản nháp {args.discard}.")
        return 0
    drafts = intake_drafts.list_drafts(store)
    if args.json:
        print_json([d.to_json() for d in drafts])
    elif not drafts:
        out("Không có hồ sơ nào đang nhập dở.")
    for d in [] if args.json else drafts:
        out(f"{d.id}  {d.updated_at:%H:%M %d/%m/%Y}  {d.summary or '(chưa có tên)'}")
    return 0
