"""Read and check a holiday snapshot, file or dict; pure: no store, no global state.

A snapshot comes from the province and may be edited by hand, so every problem is named
with where it is (`years.2026.worked_days[0].date`) in Vietnamese before anything uses it.
"""

import functools
import json
from datetime import date
from pathlib import Path
from typing import Any

from desk.errors import CalendarError, InvalidInput
from desk.inputs import read_file
from desk.paths import ASSETS
from desk.text import clean

from .names import weekday_name
from .snapshot import (
    FORMAT,
    ExtraDayOff,
    HolidaySnapshot,
    MakeUpDay,
    Notice,
    Provisional,
    Removal,
    YearNotices,
)

BUNDLED = ASSETS / "holidays" / "vn-civil-service.json"
_SHOWN = 5  # problems listed in the message; all are in `detail`


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, what: str) -> None:
        self.items.append(f"{where}: {what}" if where else what)

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = "; ".join(self.items[:_SHOWN])
        more = len(self.items) - _SHOWN
        if more > 0:
            shown += f"; và {more} lỗi khác"
        raise CalendarError(
            f"Dữ liệu ngày nghỉ không hợp lệ: {shown}.", detail="\n".join(self.items)
        )


def _text(obj: dict, key: str, where: str, bad: _Problems, *, required: bool = True) -> str:
    value = obj.get(key)
    if value is None and not required:
        return ""
    if value is None:
        bad.add(f"{where}.{key}", "thiếu")
    elif not isinstance(value, str):
        bad.add(f"{where}.{key}", f"phải là chữ, không phải {value!r}")
    elif not clean(value):
        bad.add(f"{where}.{key}", "để trống")
    else:
        return clean(value)
    return ""
    return clean(value)


def _date(obj: dict, key: str, where: str, bad: _Problems, *, year: int | None = None):
    value = obj.get(key)
    try:
        day = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None:
        shown = "thiếu" if value is None else f"“{value}” không phải ngày dạng NĂM-THÁNG-NGÀY"
        bad.add(f"{where}.{key}", shown)
        return None
    if year is not None and day.year != year:
        bad.add(f"{where}.{key}", f"ngày {day.isoformat()} không thuộc năm {year}")
        return None
    return day


def _list(obj: dict, key: str, where: str, bad: _Problems) -> list[tuple[str, dict]]:
    value = obj.get(key, [])
    if not isinstance(value, list):
        bad.add(f"{where}.{key}", "phải là một danh sách")
        return []
    items = []
    for i, item in enumerate(value):
        if isinstance(item, dict):
            items.append((f"{where}.{key}[{i}]", item))
        else:
            bad.add(f"{where}.{key}[{i}]", "phải là một mục có các trường (đối tượng JSON)")
    return items


def _range(item: dict, where: str, bad: _Problems, year: int, *, required: bool):
    if not required and "from" not in item and "to" not in item:
        return None, None
    start = _date(item, "from", where, bad, year=year)
    end = _date(item, "to", where, bad, year=year)
    if start and end and end < start:
        bad.add(where, f"ngày kết thúc {end.isoformat()} trước ngày bắt đầu {start.isoformat()}")
    return start, end


def _year(year: int, raw: dict, where: str, bad: _Problems) -> YearNotices:
    notices = []
    for w, item in _list(raw, "notices", where, bad):
        start, end = _range(item, w, bad, year, required=False)
        notices.append(Notice(_text(item, "ref", w, bad), _text(item, "title", w, bad), start, end))
    days_off = []
    for w, item in _list(raw, "days_off", where, bad):
        day = _date(item, "date", w, bad, year=year)
        days_off.append(ExtraDayOff(day, _text(item, "name", w, bad), _text(item, "ref", w, bad)))
    worked = []
    for w, item in _list(raw, "worked_days", where, bad):
        day = _date(item, "date", w, bad, year=year)
        if day and day.weekday() < 5:
            bad.add(
                f"{w}.date",
                f"{day.isoformat()} là {weekday_name(day)}; ngày làm bù phải là thứ Bảy hoặc Chủ nhật",
            )
        instead = _date(item, "in_place_of", w, bad) if "in_place_of" in item else None
        worked.append(
            MakeUpDay(day, _text(item, "name", w, bad), _text(item, "ref", w, bad), instead)
        )
    removed = []
    for w, item in _list(raw, "removed", where, bad):
        day = _date(item, "date", w, bad, year=year)
        removed.append(
            Removal(day, _text(item, "ref", w, bad), _text(item, "note", w, bad, required=False))
        )
    provisional = []
    for w, item in _list(raw, "provisional", where, bad):
        start, end = _range(item, w, bad, year, required=True)
        name = _text(item, "name", w, bad)
        provisional.append(
            Provisional(start, end, name, _text(item, "note", w, bad, required=False))
        )
    _check_clashes(where, days_off, worked, removed, bad)
    note = _text(raw, "note", where, bad, required=False)
    return YearNotices(
        year,
        tuple(notices),
        tuple(days_off),
        tuple(worked),
        tuple(removed),
        tuple(provisional),
        note,
    )


def _check_clashes(where, days_off, worked, removed, bad: _Problems) -> None:
    seen: dict[date, str] = {}
    for kind, entries in (("days_off", days_off), ("worked_days", worked), ("removed", removed)):
        for entry in entries:
            if entry.date is None:
                continue
            if entry.date in seen:
                bad.add(
                    f"{where}.{kind}",
                    f"ngày {entry.date.isoformat()} đã có trong {seen[entry.date]}",
                )
            seen[entry.date] = kind


def _parse(raw: Any) -> HolidaySnapshot:
    bad = _Problems()
    if not isinstance(raw, dict):
        bad.add("", "tệp phải chứa một đối tượng JSON có version, issued, source và years")
        bad.raise_if_any()
    fmt = raw.get("format", FORMAT)
    if fmt != FORMAT:
        bad.add("format", f"phiên bản định dạng {fmt!r} chưa được hỗ trợ (cần {FORMAT})")
        bad.raise_if_any()
    version = _text(raw, "version", "", bad)
    issued = _date(raw, "issued", "", bad)
    source = _text(raw, "source", "", bad)
    years_raw = raw.get("years")
    years: dict[int, YearNotices] = {}
    if not isinstance(years_raw, dict) or not years_raw:
        bad.add("years", "thiếu danh sách các năm")
    else:
        for key, value in years_raw.items():
            where = f"years.{key}"
            if not (isinstance(key, str) and key.isdigit() and 1995 <= int(key) <= 2099):
                bad.add(where, f"“{key}” không phải một năm (1995–2099)")
            elif not isinstance(value, dict):
                bad.add(where, "phải là một đối tượng JSON")
            else:
                years[int(key)] = _year(int(key), value, where, bad)
    bad.raise_if_any()
    return HolidaySnapshot(version, issued, source, years)


def load_snapshot(source: str | Path | dict) -> HolidaySnapshot:
    """A snapshot from a JSON file or an already-parsed dict; `CalendarError` if malformed."""
    if not isinstance(source, str | Path):
        return _parse(source)
    path = Path(source)
    try:  # a regular file of a sane size: not /dev/zero, not a FIFO that never ends
        raw = json.loads(read_file(path, limit=10 * 1024 * 1024, what="tệp ngày nghỉ").decode())
    except InvalidInput as exc:
        raise CalendarError(f"Không đọc được tệp dữ liệu ngày nghỉ: {exc.message}") from exc
    except UnicodeDecodeError as exc:
        raise CalendarError(f"Không đọc được tệp dữ liệu ngày nghỉ {path}: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise CalendarError(
            f"Tệp dữ liệu ngày nghỉ {path} không phải JSON hợp lệ "
            f"(dòng {exc.lineno}, cột {exc.colno}): {exc.msg}"
        ) from exc
    return _parse(raw)


@functools.cache
def bundled_snapshot() -> HolidaySnapshot:
    """The snapshot shipped with the app, used until the province sends a newer one."""
    return load_snapshot(BUNDLED)
