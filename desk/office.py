"""The office itself: who prints the forms and where citizens look their dossier up."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Office:
    unit_code: str  # mã định danh, e.g. "000.00.19.H47" or "H57.132"
    name: str  # "UBND xã Hòa Phú"
    parent_name: str = ""  # cơ quan chủ quản, e.g. "UBND tỉnh Đắk Lắk"
    desk_name: str = "Bộ phận Một cửa"  # bộ phận tiếp nhận và trả kết quả
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

    def lookup_url(self, code: str) -> str:
        base = self.lookup_base_url or ""
        if not base:
            return code
        if "{code}" in base:
            return base.replace("{code}", code)
        return base + code
