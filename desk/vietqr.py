"""VietQR (NAPAS 247) payment payloads, for paying a fee by bank transfer instead of cash.

EMVCo merchant-presented QR: `ID(2) LEN(2) VALUE` elements, NAPAS GUID A000000727 under
tag 38, and a CRC-16/CCITT-FALSE over everything up to and including "6304". Banking apps
reject a purpose with tone marks or longer than the field allows, so the purpose is folded
to plain ASCII and cut to 25 characters here rather than failing on the citizen's phone.
"""

import re
import unicodedata
from dataclasses import dataclass

from desk.errors import InvalidInput

NAPAS_GUID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"
TO_CARD = "QRIBFTTC"
PURPOSE_MAX = 25

# A few common banks' BINs, for showing a name; any 6-digit BIN is accepted.
BANKS = {
    "970436": "Vietcombank",
    "970415": "VietinBank",
    "970418": "BIDV",
    "970405": "Agribank",
    "970407": "Techcombank",
    "970422": "MB Bank",
    "970416": "ACB",
    "970432": "VPBank",
    "970403": "Sacombank",
    "970423": "TPBank",
    "970441": "VIB",
    "970449": "LPBank",
}

_BIN = re.compile(r"[0-9]{6}")
_ACCOUNT = re.compile(r"[0-9A-Za-z]{1,19}")
_PURPOSE_ALLOWED = re.compile(r"[^A-Za-z0-9 .,\-_/:]")


@dataclass(frozen=True)
class VietQR:
    bin: str
    account: str
    amount: int | None = None
    purpose: str = ""
    service: str = TO_ACCOUNT

    @property
    def bank(self) -> str | None:
        return BANKS.get(self.bin)


def crc16_ccitt_false(data: bytes | str) -> int:
    """Poly 0x1021, init 0xFFFF, no reflection, no final XOR ("123456789" → 0x29B1)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def ascii_purpose(text: str, limit: int = PURPOSE_MAX) -> str:
    """ "Lệ phí hồ sơ 260917-0001" → "Le phi ho so 260917-0001", at most `limit` characters."""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    plain = _PURPOSE_ALLOWED.sub(" ", plain)
    return " ".join(plain.split())[:limit].rstrip()


def fee_purpose(dossier_code: str) -> str:
    """ "LEPHI 260917-0001" for a dossier: the date and number part of the code fit in 25 characters."""
    code = ascii_purpose(dossier_code, limit=100).replace(" ", "")
    full = f"LEPHI {code}"
    if len(full) <= PURPOSE_MAX:
        return full
    tail = "-".join(code.split("-")[-2:])
    return f"LEPHI {tail}"[:PURPOSE_MAX]


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise InvalidInput(f"Trường {tag} của mã VietQR dài quá 99 ký tự.")
    return f"{tag}{len(value):02d}{value}"


def build_vietqr(
    bin: str,
    account: str,
    *,
    amount: int | None = None,
    purpose: str = "",
    service: str = TO_ACCOUNT,
) -> str:
    """The payload to draw as a QR; dynamic (01=12) when an amount is given, static otherwise."""
    bin = str(bin).strip()
    account = str(account).strip()
    if not _BIN.fullmatch(bin):
        raise InvalidInput(f"Mã ngân hàng (BIN) phải gồm đúng 6 chữ số, nhận được «{bin}».")
    if not _ACCOUNT.fullmatch(account):
        raise InvalidInput(
            f"Số tài khoản chỉ gồm chữ số hoặc chữ cái không dấu, tối đa 19 ký tự, nhận được «{account}»."
        )
    if service not in (TO_ACCOUNT, TO_CARD):
        raise InvalidInput(f"Mã dịch vụ VietQR không hợp lệ: «{service}».")
    if amount is not None and (
        isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount < 10**13
    ):
        raise InvalidInput(f"Số tiền phải là số nguyên đồng lớn hơn 0, nhận được {amount!r}.")
    beneficiary = _tlv("00", bin) + _tlv("01", account)
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", service)
    body = _tlv("00", "01") + _tlv("01", "12" if amount is not None else "11")
    body += _tlv("38", merchant) + _tlv("53", "704")
    if amount is not None:
        body += _tlv("54", str(amount))
    body += _tlv("58", "VN")
    purpose = ascii_purpose(purpose)
    if purpose:
        body += _tlv("62", _tlv("08", purpose))
    body += "6304"
    return body + f"{crc16_ccitt_false(body):04X}"


def _elements(text: str, where: str) -> dict[str, str]:
    items: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        head = text[pos : pos + 4]
        if len(head) < 4 or not head.isdigit():
            raise InvalidInput(
                f"Mã VietQR hỏng ở {where}, vị trí {pos}: cần mã trường và độ dài 2 chữ số."
            )
        tag, length = head[:2], int(head[2:])
        value = text[pos + 4 : pos + 4 + length]
        if len(value) < length:
            raise InvalidInput(f"Mã VietQR hỏng ở {where}: trường {tag} bị cắt cụt.")
        items[tag] = value
        pos += 4 + length
    return items


def parse_vietqr(payload: str) -> VietQR:
    """Read and verify a VietQR transfer payload; InvalidInput (in Vietnamese) if it is not one."""
    text = str(payload).strip()
    if not text.isascii() or not text.startswith("000201"):
        raise InvalidInput("Không phải mã VietQR: mã phải bắt đầu bằng «000201».")
    if len(text) < 8 or text[-8:-4] != "6304":
        raise InvalidInput("Mã VietQR thiếu mã kiểm tra CRC (trường 63) ở cuối.")
    expected = f"{crc16_ccitt_false(text[:-4]):04X}"
    if text[-4:].upper() != expected:
        raise InvalidInput(f"Mã VietQR sai mã kiểm tra: ghi {text[-4:]}, tính được {expected}.")
    top = _elements(text, "thân mã")
    merchant = _elements(top.get("38", ""), "trường 38")
    if merchant.get("00") != NAPAS_GUID:
        if "26" in top:
            raise InvalidInput(
                "Đây là mã QR thanh toán VNPay cho cửa hàng, không phải VietQR chuyển khoản."
            )
        raise InvalidInput("Mã QR không có thông tin tài khoản NAPAS (VietQR).")
    beneficiary = _elements(merchant.get("01", ""), "thông tin người nhận")
    bin, account = beneficiary.get("00", ""), beneficiary.get("01", "")
    if not _BIN.fullmatch(bin) or not _ACCOUNT.fullmatch(account):
        raise InvalidInput("Mã VietQR có mã ngân hàng hoặc số tài khoản không hợp lệ.")
    amount = None
    if "54" in top:
        if not top["54"].isdigit():
            raise InvalidInput(f"Số tiền trong mã VietQR không hợp lệ: «{top['54']}».")
        amount = int(top["54"])
    purpose = _elements(top["62"], "trường 62").get("08", "") if "62" in top else ""
    return VietQR(bin, account, amount, purpose, merchant.get("02", TO_ACCOUNT))
