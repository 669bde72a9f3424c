"""What the CCCD / Căn cước QR tells us about the applicant."""

from dataclasses import dataclass, field
from datetime import date

from .provinces import province_name

KINDS = {"cccd": "Căn cước công dân (thẻ gắn chip)", "can_cuoc": "Thẻ Căn cước"}
# The card's own word for the address: a Căn cước card prints "Nơi cư trú".
ADDRESS_LABELS = {"cccd": "Nơi thường trú", "can_cuoc": "Nơi cư trú"}


def title_name(name: str) -> str:
    """ "NGUYỄN VĂN AN" → "Nguyễn Văn An", "H'HEN NIÊ" → "H'Hen Niê": for screens and letters."""
    return " ".join(word.title() for word in str(name).split())


@dataclass(frozen=True)
class CitizenCard:
    id_number: str
    old_id: str  # 9-digit CMND, or ""
    name: str  # as scanned (cards print it in capitals)
    dob: date
    sex: str  # "Nam" | "Nữ"
    address: str  # nơi thường trú / nơi cư trú
    issued_on: date
    kind: str  # "cccd" | "can_cuoc"
    warnings: list[str] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return title_name(self.name)

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def address_label(self) -> str:
        return ADDRESS_LABELS[self.kind]

    @property
    def province(self) -> str | None:
        """Where the birth was registered, from the first three digits."""
        return province_name(self.id_number)

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "kind_label": self.kind_label,
            "address_label": self.address_label,
            "id_number": self.id_number,
            "old_id": self.old_id,
            "name": self.name,
            "display_name": self.display_name,
            "dob": self.dob.isoformat(),
            "sex": self.sex,
            "address": self.address,
            "issued_on": self.issued_on.isoformat(),
            "birth_province": self.province,
            "warnings": list(self.warnings),
        }
