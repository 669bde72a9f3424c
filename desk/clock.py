"""Office time. Vietnam keeps UTC+7 all year (no daylight saving)."""

from datetime import datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7), "ICT")


def now() -> datetime:
    return datetime.now(VN_TZ)


def to_vn(moment: datetime) -> datetime:
    """Naive datetimes are taken as office time; aware ones are converted."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(VN_TZ)


def parse(text: str) -> datetime:
    """ISO date-time as typed at the counter or stored; office time unless it says otherwise."""
    from .errors import InvalidInput

    try:
        return to_vn(datetime.fromisoformat(text.strip()))
    except (ValueError, AttributeError) as exc:
        raise InvalidInput(
            f"Thời điểm không hợp lệ: {text!r}. Hãy nhập dạng NĂM-THÁNG-NGÀYTgiờ:phút, ví dụ 2026-11-23T09:30."
        ) from exc


def iso(moment: datetime) -> str:
    return to_vn(moment).isoformat(timespec="seconds")
