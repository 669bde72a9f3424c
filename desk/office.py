"""The office itself: who prints the forms and where citizens look their dossier up."""

from dataclasses import dataclass, field

from desk.text import clean


@dataclass(frozen=True)
class Office:
    unit_code: str  # mã định danh, e.g. "000.00.19.H47" (QĐ 20/2020/QĐ-TTg, see desk.units)
    name: str  # "UBND xã Hòa Phú"
    parent_name: str = ""  # cơ quan chủ quản, e.g. "UBND tỉnh Đắk Lắk"
    desk_name: str = "Bộ phận Một cửa"  # or "Trung tâm Phục vụ hành chính công xã …"
    place_name: str = ""  # địa danh for "Hòa Phú, ngày … tháng … năm …"
    address: str = ""
    phone: str = ""
    email: str = ""
    lookup_base_url: str = ""  # receipt QR = base + code
    tax_code: str = ""  # for the fee receipt (biên lai)
    bank_bin: str = ""  # VietQR: bank BIN (6 digits)
    bank_account: str = ""
    bank_account_name: str = ""
    leader_name: str = ""
    leader_title: str = "CHỦ TỊCH"
    extra: dict = field(default_factory=dict)
    legal_name: str = ""  # the body's full name when `name` abbreviates it
    symbol: str = ""  # its abbreviation in reference symbols ("UBND" in "Số: 12/TB-UBND")
    receiving_officer: str = ""  # printed when the officer at the counter is not known
    receipt_copies: int = 2  # liên of Mẫu 01: one for the citizen, one kept

    def lookup_url(self, code: str) -> str:
        base = self.lookup_base_url or ""
        if not base:
            return code
        if "{code}" in base:
            return base.replace("{code}", code)
        return base + code


# Abbreviations NĐ 30/2020 allows only in a parent body's line, written out in full for
# the issuing body itself.
_ABBREVIATIONS = (
    ("ubnd", "Ủy ban nhân dân"),
    ("hđnd", "Hội đồng nhân dân"),
    ("uỷ ban nhân dân", "Ủy ban nhân dân"),
)
_UNIT_WORDS = ("xã", "phường", "thị trấn", "đặc khu")
_BODY_WORDS = ("ủy ban nhân dân", "trung tâm phục vụ hành chính công")
# Common family names: an administrative unit named after a person keeps its "Xã"/"Phường"
# in the place-and-date line (NĐ 30/2020, Phụ lục I), like one named by a number. A guess;
# an office whose name fools it sets `place_name`.
_FAMILY_NAMES = frozenset(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh trịnh".split()
)


def body_name(office: Office) -> str:
    """The issuing body's full name, as a signed letter heads it: "Ủy ban nhân dân xã Hòa Phú"."""
    if office.legal_name:
        return clean(office.legal_name)
    name = clean(office.name)
    lowered = name.lower()
    for short, full in _ABBREVIATIONS:
        if lowered.startswith(short + " "):
            return full + name[len(short) :]
    return name


def body_symbol(office: Office) -> str:
    """The body's abbreviation in reference symbols ("TB-UBND")."""
    if office.symbol:
        return clean(office.symbol).upper()
    full = body_name(office).lower()
    if full.startswith("ủy ban nhân dân"):
        return "UBND"
    if full.startswith("trung tâm phục vụ hành chính công"):
        return "TTPVHCC"
    return "UBND"


def _named_after_person_or_number(rest: str) -> bool:
    words = rest.split()
    if not words:
        return False
    if words[0].isdigit():
        return True
    return len(words) >= 2 and words[0].lower() in _FAMILY_NAMES


def place_name(office: Office) -> str:
    """The địa danh of the place-and-date line: the setting, else the unit's name without
    "UBND xã"; but "Phường 3", "Xã Trần Hưng Đạo" keep the word (NĐ 30/2020)."""
    if office.place_name:
        return clean(office.place_name)
    name = body_name(office)
    for word in _BODY_WORDS:
        if name.lower().startswith(word + " "):
            name = name[len(word) + 1 :].strip()
    for word in _UNIT_WORDS:
        if name.lower().startswith(word + " "):
            rest = name[len(word) + 1 :].strip()
            if _named_after_person_or_number(rest):
                return f"{word.capitalize()} {rest}"
            return rest
    return name
