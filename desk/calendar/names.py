"""Vietnamese words for days and months, and tidy names for the `holidays` package's days.

The package's Vietnamese names follow its own translation ("Mùng hai Tết Nguyên Đán",
"Ngày nghỉ (thay cho ngày 22/08/2026)"); the counter shows one name per holiday, as the
notices and the receipts write it.
"""

import re
from datetime import date

from desk.text import clean

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

LUNAR_MONTHS = (
    "Giêng",
    "Hai",
    "Ba",
    "Tư",
    "Năm",
    "Sáu",
    "Bảy",
    "Tám",
    "Chín",
    "Mười",
    "Mười một",
    "Chạp",
)

TET = "Tết Nguyên đán"

# The package's base names (language "vi"), folded to the names the notices use.
_BASE = {
    "tết dương lịch": "Tết Dương lịch",
    "29 tết": TET,
    "giao thừa tết nguyên đán": TET,
    "tết nguyên đán": TET,
    "mùng hai tết nguyên đán": TET,
    "mùng ba tết nguyên đán": TET,
    "mùng bốn tết nguyên đán": TET,
    "mùng năm tết nguyên đán": TET,
    "mùng sáu tết nguyên đán": TET,
    "ngày giỗ tổ hùng vương": "Giỗ Tổ Hùng Vương",
    "ngày chiến thắng": "Ngày Chiến thắng",
    "ngày quốc tế lao động": "Ngày Quốc tế Lao động",
    "quốc khánh": "Quốc khánh",
    "ngày văn hóa việt nam": "Ngày Văn hóa Việt Nam",
}
_SWAP = re.compile(r"^ngày nghỉ \(thay cho ngày (\d{2})/(\d{2})/(\d{4})\)$")
_SUFFIX = re.compile(r"\s*\(([^()]*)\)$")


def weekday_name(d: date) -> str:
    return WEEKDAYS[d.weekday()]


def weekday_in_text(d: date) -> str:
    """As inside a sentence: "thứ Bảy", "chủ nhật"."""
    name = weekday_name(d)
    return name[0].lower() + name[1:] if name.startswith("Thứ") else name.lower()


def ddmmyyyy(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def swap_off_name(worked: date) -> str:
    """Name of a weekday off given in exchange for a worked weekend day (hoán đổi)."""
    return f"Nghỉ hoán đổi, làm bù {weekday_in_text(worked)} {ddmmyyyy(worked)}"


def swap_work_name(off: date | None) -> str:
    if off is None:
        return "Ngày làm bù"
    return f"Làm bù cho {weekday_in_text(off)} {ddmmyyyy(off)}"


def package_name(raw: str) -> tuple[str, bool, date | None]:
    """(name, estimated, worked day it swaps with) for one name given by the package."""
    text = clean(raw)
    swap = _SWAP.match(text.lower())
    if swap:
        day, month, year = (int(g) for g in swap.groups())
        worked = date(year, month, day)
        return swap_off_name(worked), False, worked
    observed = estimated = False
    while match := _SUFFIX.search(text):
        words = {w.strip() for w in match.group(1).lower().split(",")}
        if not words <= {"nghỉ bù", "dự kiến"}:
            break
        observed |= "nghỉ bù" in words
        estimated |= "dự kiến" in words
        text = text[: match.start()]
    name = _BASE.get(text.lower(), text)
    if observed:
        lowered = "ngày " + name[5:] if name.startswith("Ngày ") else name
        name = f"Nghỉ bù {lowered}"
    return name, estimated, None
