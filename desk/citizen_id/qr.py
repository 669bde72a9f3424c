"""Reading the QR on a CCCD chip card (7 fields) or a Căn cước card (11, the last 4 empty).

`ID12|oldID9|NAME|ddmmyyyy|Nam/Nữ|address|ddmmyyyy`. The text arrives from a USB scanner
typing like a keyboard or from our own decoder, so it may carry CR/LF, a symbology prefix
(]Q1), zero-width characters, or UTF-8 read as Latin-1. Fields are placed by what they
look like, not only by position: one known variant has no old-ID field. Anything that is
not a card — a URL, a VietQR, a dossier code, binary junk — is refused with a message
that says what was expected.
"""

import re
import unicodedata
from datetime import date

from desk.errors import CitizenIdError
from desk.payloads import TICKET_PREFIX, find_dossier_code
from desk.text import clean, nfc

from .card import CitizenCard
from .number import normalise_sex, shorten, validate_id_number

MAX_LENGTH = 2000  # real payloads are 100–250 characters
EXPECTED = (
    "mã QR trên thẻ CCCD/Căn cước có dạng «Số định danh|Số CMND cũ|Họ và tên|"
    "Ngày sinh|Giới tính|Nơi thường trú (nơi cư trú)|Ngày cấp»"
)
_ID_FIELD = re.compile(r"[^0-9]{0,10}?([0-9]{12})")  # a scanner may add a short prefix
_OLD_ID = re.compile(r"[0-9]{9}")
_DATE = re.compile(r"([0-9]{2})[/.-]?([0-9]{2})[/.-]?([0-9]{4})")
_AIM_PREFIX = re.compile(r"^\]Q[0-9]")  # symbology identifier some scanners send first
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)", re.IGNORECASE)
_FRAMING = "\x02\x03\x04\x16\x17\x1b"
_OTHER_SEPARATORS = (";", ",", "\t", "#", "^", "¦", "\\")


def _fail(problem: str) -> CitizenIdError:
    return CitizenIdError(f"Không đọc được mã QR trên thẻ CCCD/Căn cước: {problem}")


def parse_cccd(payload: str, *, today: date) -> CitizenCard:
    """The card's fields and the officer's warnings, or CitizenIdError saying what is wrong.

    `today` is the office's date: a card issued after it, or a birth date after it, is a misread.
    """
    text, repaired = _prepare(payload)
    if "|" not in text:
        raise _fail(_not_a_card(text))
    parts = [clean(part) for part in text.split("|")]
    if not any(parts):
        raise _fail("chỉ có dấu phân cách «|», không có thông tin nào.")
    if parts[0] == TICKET_PREFIX:
        raise _fail("đây là mã trên phiếu xếp hàng, không phải thẻ CCCD/Căn cước.")
    warnings: list[str] = []
    if repaired:
        warnings.append(
            "Máy quét đọc sai bảng mã ký tự và đã được sửa; hãy đối chiếu họ tên, địa chỉ với thẻ."
        )

    match = _ID_FIELD.fullmatch(parts[0])
    if not match:
        raise _fail(_bad_id_field(parts[0]))
    id_number = match.group(1)

    i = 1
    old_id = ""
    second = _field(parts, 1, "số CMND cũ hoặc họ và tên")
    if re.fullmatch(r"[0-9 ]+", second):
        second = second.replace(" ", "")
    if second == "" or _OLD_ID.fullmatch(second):
        old_id, i = second, 2
    elif re.fullmatch(r"[0-9]{12}", second):
        old_id, i = second, 2
        warnings.append(
            f"Số CMND cũ «{second}» có 12 chữ số (loại CMND 12 số); hãy đối chiếu với thẻ."
        )
    elif any(ch.isdigit() for ch in second):
        raise _fail(f"số CMND cũ phải có 9 chữ số hoặc để trống, nhận được «{shorten(second)}».")
    # else: the variant without the old-ID field; `second` is the name.

    name = _name(_field(parts, i, "họ và tên"))
    dob = _date(_field(parts, i + 1, "ngày sinh"), "ngày sinh")
    sex = _sex(_field(parts, i + 2, "giới tính"))
    address = _field(parts, i + 3, "nơi thường trú (nơi cư trú)")
    issued_on = _date(_field(parts, i + 4, "ngày cấp"), "ngày cấp")
    if not address:
        warnings.append("Mã QR không có nơi thường trú (nơi cư trú); hãy nhập theo thẻ.")

    rest = parts[i + 5 :]
    extra = [p for p in rest if p]
    if len(rest) > 5 or len(extra) > 1:
        raise _fail(
            f"có {len(parts)} trường, nhiều hơn thẻ CCCD (7 trường) hoặc Căn cước (11 trường); "
            "có thể đã quét nhiều mã liền nhau."
        )
    if extra:
        warnings.append(f"Bỏ qua trường thừa ở cuối mã QR: «{shorten(extra[0])}».")
    # A card issued from 01/07/2024 (Luật Căn cước 2023) is a Căn cước card, whatever
    # its QR looks like; before that, the 11-field QR is the only sign.
    kind = "can_cuoc" if len(rest) >= 4 or issued_on >= CAN_CUOC_FROM else "cccd"

    _check_dates(dob, issued_on, today)
    warnings += validate_id_number(id_number, sex=sex, dob=dob)
    return CitizenCard(id_number, old_id, name, dob, sex, address, issued_on, kind, warnings)


def _sex(value: str) -> str:
    try:
        return normalise_sex(value)
    except CitizenIdError as exc:
        raise _fail(exc.message[0].lower() + exc.message[1:]) from None


def _prepare(payload) -> tuple[str, bool]:
    """NFC text without the junk scanners add around it, and whether its encoding was
    repaired; refuses binary and huge input."""
    if isinstance(payload, bytes | bytearray):
        if len(payload) > MAX_LENGTH * 4:
            raise _fail(f"dữ liệu quá dài ({len(payload)} byte).")
        try:
            payload = bytes(payload).decode("utf-8")
        except UnicodeDecodeError:
            raise _fail("dữ liệu không phải văn bản UTF-8 (có thể là dữ liệu nhị phân).") from None
    if not isinstance(payload, str):
        raise _fail(f"cần văn bản, nhận được {type(payload).__name__}.")
    if len(payload) > MAX_LENGTH:
        raise _fail(f"dữ liệu quá dài ({len(payload)} ký tự); {EXPECTED}, khoảng 100–250 ký tự.")
    composed = nfc(payload)
    text = _repair_mojibake(composed)
    was_repaired = text != composed
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")  # BOM, zero-width
    text = _strip_junk(text)
    text = _AIM_PREFIX.sub("", text)
    if not text:
        raise _fail(f"không có dữ liệu; hãy quét lại, {EXPECTED}.")
    if any(
        unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"} and ch not in "\t\r\n" for ch in text
    ):
        raise _fail(
            "dữ liệu có ký tự điều khiển hoặc dữ liệu nhị phân; đây không phải mã QR trên thẻ."
        )
    if "\ufffd" in text:
        raise _fail(
            "dữ liệu bị lỗi mã hóa ký tự (có ký tự «�»); hãy quét lại bằng đầu đọc hỗ trợ UTF-8."
        )
    if any(_is_cjk(ch) for ch in text):
        raise _fail(
            "máy quét đã đọc sai bảng mã (ra chữ Hán/Nhật); hãy quét lại bằng đầu đọc hỗ trợ UTF-8."
        )
    return text, was_repaired


def _strip_junk(text: str) -> str:
    """Whitespace and the framing bytes (STX, ETX, EOT, ESC…) a scanner may send around a code."""

    def junk(ch: str) -> bool:
        return ch.isspace() or ch in _FRAMING

    start, end = 0, len(text)
    while start < end and junk(text[start]):
        start += 1
    while end > start and junk(text[end - 1]):
        end -= 1
    return text[start:end]


def _repair_mojibake(text: str) -> str:
    """UTF-8 bytes that a decoder read as Latin-1, cp1252 or Shift-JIS, put back."""
    if text.isascii():
        return text
    for encoding in ("cp1252", "latin-1", "shift_jis"):
        try:
            fixed = text.encode(encoding).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != text:
            return nfc(fixed)
    return text


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x9FFF or 0xFF61 <= code <= 0xFF9F


def _not_a_card(text: str) -> str:
    if _URL.match(text):
        return "đây là một đường dẫn (URL), không phải mã QR trên thẻ."
    if text.startswith("000201"):
        return "đây là mã QR thanh toán (VietQR), không phải mã QR trên thẻ."
    code = find_dossier_code(text)
    if code:
        return f"đây là mã hồ sơ «{code}», không phải mã QR trên thẻ."
    for separator in _OTHER_SEPARATORS:
        pieces = text.split(separator)
        if len(pieces) >= 6 and re.search(r"[0-9]{12}", pieces[0]):
            shown = "TAB" if separator == "\t" else separator
            return (
                f"các trường phải cách nhau bằng dấu «|», nhưng dữ liệu dùng «{shown}»; "
                "hãy kiểm tra kiểu bàn phím của máy quét."
            )
    if re.fullmatch(r"[0-9 ]+", text):
        return f"chỉ có một dãy số «{shorten(text)}»; {EXPECTED}."
    return f"nhận được «{shorten(text)}», nhưng {EXPECTED}."


def _bad_id_field(value: str) -> str:
    digits = re.sub(r"[^0-9]", "", value)
    if value and value == digits:
        return f"số định danh phải có 12 chữ số, trường đầu tiên «{shorten(value)}» có {len(value)} chữ số."
    return (
        f"trường đầu tiên phải là số định danh 12 chữ số, nhận được «{shorten(value)}»; {EXPECTED}."
    )


def _field(parts: list[str], index: int, what: str) -> str:
    if index >= len(parts):
        raise _fail(f"thiếu trường {what} (chỉ có {len(parts)} trường); {EXPECTED}.")
    return parts[index]


def _name(value: str) -> str:
    if not value:
        raise _fail("thiếu họ và tên.")
    if any(ch.isdigit() for ch in value):
        raise _fail(
            f"họ và tên «{shorten(value)}» có chữ số; các trường có thể bị đảo thứ tự ({EXPECTED})."
        )
    if not any(ch.isalpha() for ch in value) or len(value) > 100:
        raise _fail(f"họ và tên «{shorten(value)}» không hợp lệ.")
    return value


def _date(value: str, what: str) -> date:
    match = _DATE.fullmatch(value)
    if not match:
        raise _fail(
            f"{what} phải có dạng ngày-tháng-năm 8 chữ số (ddmmyyyy), nhận được «{shorten(value)}»."
        )
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise _fail(
            f"{what} «{shorten(value)}» không có thật (ngày {day:02d}/{month:02d}/{year})."
        ) from None


CAN_CUOC_FROM = date(2024, 7, 1)


def _check_dates(dob: date, issued_on: date, today: date) -> None:
    if dob.year < 1900:
        raise _fail(f"năm sinh {dob.year} không hợp lệ.")
    if dob > today:
        raise _fail(f"ngày sinh {dob:%d/%m/%Y} ở tương lai.")
    if issued_on > today:
        raise _fail(f"ngày cấp {issued_on:%d/%m/%Y} ở tương lai.")
    if issued_on < dob:
        raise _fail(f"ngày cấp {issued_on:%d/%m/%Y} trước ngày sinh {dob:%d/%m/%Y}.")
