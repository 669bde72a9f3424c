"""`desk calendar YEAR`: the year's days off and worked Saturdays, as the office follows them."""

import re
from datetime import date
from pathlib import Path

from cli.common import out, print_json
from desk.calendar import Calendar, load_snapshot, lunar_date, weekday_name
from desk.calendar.names import TET, ddmmyyyy
from desk.errors import InvalidInput

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "calendar",
        help="ngày nghỉ lễ, Tết và ngày làm bù của một năm",
        description="Liệt kê các ngày nghỉ (ngày thường) và các ngày thứ Bảy làm bù của một năm.",
    )
    p.add_argument("year", type=int, metavar="NĂM", help="ví dụ 2026")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.add_argument(
        "--check",
        metavar="NGÀY",
        help="xem một ngày có phải ngày làm việc không (2026-01-02 hoặc 02/01/2026)",
    )
    p.add_argument(
        "--snapshot",
        type=Path,
        metavar="TỆP",
        help="dùng tệp dữ liệu ngày nghỉ này thay cho dữ liệu kèm theo chương trình",
    )
    p.set_defaults(func=run)


def parse_day(text: str) -> date:
    text = text.strip()
    match = _DMY.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(
            f"Ngày không hợp lệ: {text!r}. Hãy nhập NGÀY/THÁNG/NĂM (02/01/2026) hoặc 2026-01-02."
        ) from exc


def _lunar(d: date) -> dict:
    lunar = lunar_date(d)
    return {**lunar._asdict(), "label": lunar.label()}


def _shows_lunar(name: str) -> bool:
    return TET in name or "Giỗ Tổ" in name


def run(args, ctx) -> int:
    if args.snapshot:
        calendar = Calendar(load_snapshot(args.snapshot))
    else:
        from cli.catalog import sources

        calendar = sources(ctx)[1]  # the office's active holiday snapshot and hours
    if args.check:
        return _check(calendar, parse_day(args.check), args.json)
    days_off = calendar.days_off(args.year)
    worked = calendar.worked_saturdays(args.year)
    notices = calendar.snapshot.for_year(args.year)
    if args.json:
        print_json(
            {
                "year": args.year,
                "snapshot": {
                    "version": calendar.snapshot.version,
                    "issued": calendar.snapshot.issued,
                    "covers_year": notices is not None,
                },
                "working_days": calendar.working_days_count(args.year),
                "days_off": [
                    {
                        "date": d.date,
                        "weekday": d.weekday,
                        "name": d.name,
                        "ref": d.ref,
                        "provisional": d.provisional,
                        "lunar": _lunar(d.date),
                    }
                    for d in days_off
                ],
                "worked_days": [
                    {
                        "date": w.date,
                        "weekday": w.weekday,
                        "name": w.name,
                        "ref": w.ref,
                        "in_place_of": w.in_place_of,
                        "provisional": w.provisional,
                    }
                    for w in worked
                ],
                "note": notices.note if notices else "",
            }
        )
        return 0
    out(
        f"Lịch làm việc năm {args.year}: {calendar.working_days_count(args.year)} ngày làm việc "
        f"(dữ liệu {calendar.snapshot.version}, ngày {ddmmyyyy(calendar.snapshot.issued)})"
    )
    if notices is None:
        out("Chưa có thông báo nghỉ lễ cho năm này: các ngày dưới đây là dự kiến theo luật.")
    out("")
    out("Ngày nghỉ (ngoài thứ Bảy, Chủ nhật):")
    for d in days_off:
        extra = f" ({lunar_date(d.date).label()})" if _shows_lunar(d.name) else ""
        tail = f" [{d.ref}]" if d.ref else ""
        mark = " (dự kiến)" if d.provisional else ""
        out(f"  {d.weekday:<9} {ddmmyyyy(d.date)}  {d.name}{extra}{mark}{tail}")
    out("")
    out("Ngày làm bù (làm việc vào cuối tuần):")
    if not worked:
        out("  không có")
    for w in worked:
        tail = f" [{w.ref}]" if w.ref else ""
        mark = " (dự kiến)" if w.provisional else ""
        out(f"  {w.weekday:<9} {ddmmyyyy(w.date)}  {w.name}{mark}{tail}")
    if notices is not None and notices.note:
        out("")
        out(f"Ghi chú: {notices.note}")
    return 0


def _check(calendar: Calendar, day: date, as_json: bool) -> int:
    working = calendar.is_working_day(day)
    reason = calendar.day_off_reason(day)
    lunar = lunar_date(day)
    entry = calendar.day_off(day) or calendar.worked_day(day)
    if as_json:
        print_json(
            {
                "date": day,
                "weekday": weekday_name(day),
                "working": working,
                "reason": reason,
                "name": entry.name if entry else "",
                "ref": entry.ref if entry else "",
                "provisional": calendar.is_provisional(day),
                "next_working_day": calendar.next_working_day(day),
                "lunar": _lunar(day),
            }
        )
        return 0
    status = f"ngày nghỉ: {reason}" if not working else "ngày làm việc"
    if working and entry is not None:
        status += f" ({entry.name})"
    mark = " (dự kiến)" if calendar.is_provisional(day) else ""
    out(f"{weekday_name(day)} {ddmmyyyy(day)} (âm lịch {lunar.label()}): {status}{mark}")
    if entry is not None and entry.ref:
        out(f"Căn cứ: {entry.ref}")
    following = calendar.next_working_day(day)
    out(f"Ngày làm việc kế tiếp: {weekday_name(following)} {ddmmyyyy(following)}")
    return 0
