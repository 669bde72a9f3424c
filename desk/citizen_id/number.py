"""Checks on the 12-digit personal ID number (số định danh cá nhân): PPP G YY NNNNNN.

PPP is the province where the birth was registered, G gives the century and the sex
(0/1 for 1900s male/female, 2/3 for 2000s, …), YY the last two digits of the birth year.
A disagreement with the card's sex or birth date is a warning for the officer, who has
the card in hand; only a number that is not 12 digits is refused.
"""

import re
from dataclasses import dataclass
from datetime import date

from desk.errors import CitizenIdError
from desk.text import fold

from .provinces import PROVINCES

_TWELVE = re.compile(r"[0-9]{12}")
_SEXES = {"nam": "Nam", "nu": "Nữ"}


@dataclass(frozen=True)
class IdNumberFacts:
    """What the digits themselves say about the person."""

    province_code: str
    province: str | None  # None for a code outside the 63 pre-2025 provinces
    sex: str  # "Nam" | "Nữ"
    birth_year: int


def normalise_sex(value: str) -> str:
    """ "NAM", "nữ", "Nu" → "Nam" / "Nữ"."""
    sex = _SEXES.get(fold(value).strip())
    if sex is None:
        raise CitizenIdError(f"Giới tính phải là «Nam» hoặc «Nữ», nhận được «{shorten(value)}».")
    return sex


def id_number_facts(number: str) -> IdNumberFacts:
    digits = _digits(number)
    gender_digit = int(digits[3])
    return IdNumberFacts(
        province_code=digits[:3],
        province=PROVINCES.get(digits[:3]),
        sex="Nam" if gender_digit % 2 == 0 else "Nữ",
        birth_year=1900 + (gender_digit // 2) * 100 + int(digits[4:6]),
    )


def validate_id_number(
    number: str, *, sex: str | None = None, dob: date | None = None
) -> list[str]:
    """Warnings (in Vietnamese) for the officer; CitizenIdError if it is not a 12-digit number."""
    facts = id_number_facts(number)
    digits = _digits(number)
    warnings = []
    if facts.province is None:
        warnings.append(
            f"Mã nơi đăng ký khai sinh «{facts.province_code}» không có trong danh sách 63 tỉnh "
            "(có thể là mã mới sau 07/2025); hãy đối chiếu số định danh với thẻ."
        )
    if sex is not None:
        card_sex = normalise_sex(sex)
        if card_sex != facts.sex:
            warnings.append(
                f"Chữ số thứ 4 của số định danh («{digits[3]}») ứng với giới tính {facts.sex}, "
                f"nhưng giới tính ghi là {card_sex}."
            )
    if dob is not None:
        if not isinstance(dob, date):
            raise CitizenIdError(f"Ngày sinh không hợp lệ: {dob!r}.")
        if facts.birth_year != dob.year:
            warnings.append(
                f"Chữ số thứ 4–6 của số định danh («{digits[3:6]}») ứng với năm sinh "
                f"{facts.birth_year}, nhưng năm sinh ghi là {dob.year}."
            )
    return warnings


def _digits(number: str) -> str:
    text = "".join(str(number if number is not None else "").split())
    if _TWELVE.fullmatch(text):
        return text
    if not text:
        raise CitizenIdError("Thiếu số định danh cá nhân (12 chữ số).")
    if text.isascii() and text.isdigit():
        raise CitizenIdError(
            f"Số định danh cá nhân phải gồm đúng 12 chữ số; «{shorten(text)}» có {len(text)} chữ số."
        )
    raise CitizenIdError(
        f"Số định danh cá nhân phải gồm đúng 12 chữ số; «{shorten(text)}» có ký tự không phải chữ số."
    )


def shorten(text: str, limit: int = 40) -> str:
    """Quoted input in a message stays readable even when a scanner sent a page of junk."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
