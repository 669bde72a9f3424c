"""Procedures (thủ tục hành chính) as the counter, the kiosk and the receipt read them."""

from dataclasses import dataclass
from datetime import date

from desk.calendar.timelimit import TimeLimit
from desk.errors import NotFound
from desk.labels import PAPER_KINDS

from .fees import FeeRule

# Values a province must confirm, when the bundled catalog took them from a secondary source.
CONFIRMABLE = {
    "code": "mã thủ tục",
    "time_limit": "thời hạn giải quyết",
    "extension": "thời hạn kéo dài",
    "fee": "phí, lệ phí",
    "papers": "thành phần hồ sơ",
    "legal_basis": "căn cứ pháp lý",
}


@dataclass(frozen=True)
class RequiredPaper:
    """One paper of the dossier (thành phần hồ sơ) as the procedure asks for it."""

    name: str
    kind: str = "original"  # original | certified | photo
    count: int = 1
    optional: bool = False
    shown_only: bool = False  # xuất trình để đối chiếu: checked at the counter, not kept
    note: str = ""

    @property
    def kind_label(self) -> str:
        return PAPER_KINDS[self.kind]

    def to_json(self) -> dict:
        data: dict = {"name": self.name, "kind": self.kind, "count": self.count}
        if self.optional:
            data["optional"] = True
        if self.shown_only:
            data["shown_only"] = True
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class Procedure:
    code: str  # national code (1.001193) or a local one (XA-HKD-01), see assets/catalog/README.md
    name: str
    field: str  # lĩnh vực
    time_limit: TimeLimit
    fee: FeeRule
    papers: tuple[RequiredPaper, ...]
    result: str  # what is handed back (kết quả)
    authority: str  # cơ quan giải quyết
    legal_basis: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    short_name: str = ""  # for the kiosk button and the ticket
    extension: TimeLimit | None = None  # extra time the law allows when verification is needed
    notes: tuple[str, ...] = ()
    extension_when: str = ""  # the case the law gives the extension for ("cần xác minh")
    extension_basis: str = ""  # the provision ("Luật Hộ tịch 2014, Điều 18 khoản 2")
    settled_by: str = ""  # "office", "chair" or the agency's name; "" = read from `authority`
    to_confirm: tuple[str, ...] = ()  # keys of CONFIRMABLE taken from secondary sources

    @property
    def is_local(self) -> bool:
        """A code we made up because the national one was not known for sure."""
        return self.code.startswith("XA-")

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def to_json(self) -> dict:
        data: dict = {
            "code": self.code,
            "name": self.name,
        }
        if self.short_name:
            data["short_name"] = self.short_name
        data["field"] = self.field
        data["time_limit"] = self.time_limit.to_json()
        if self.extension is not None:
            data["extension"] = self.extension.to_json()
            if self.extension_when:
                data["extension"]["when"] = self.extension_when
            if self.extension_basis:
                data["extension"]["basis"] = self.extension_basis
        data["fee"] = self.fee.to_json()
        data["papers"] = [p.to_json() for p in self.papers]
        data["result"] = self.result
        data["authority"] = self.authority
        if self.settled_by:
            data["settled_by"] = self.settled_by
        data["legal_basis"] = list(self.legal_basis)
        data["keywords"] = list(self.keywords)
        if self.notes:
            data["notes"] = list(self.notes)
        if self.to_confirm:
            data["to_confirm"] = list(self.to_confirm)
        return data

    def settling_agency(self, body_name: str) -> str:
        """The real body that settles a dossier received by the office named `body_name`
        ("Ủy ban nhân dân xã Hòa Phú"), not the catalog's description of which commune may."""
        rule = self.settled_by or _settled_by(self.authority)
        if rule == "office":
            return body_name
        if rule == "chair":
            return f"Chủ tịch {body_name}"
        return rule


def _settled_by(authority: str) -> str:
    lowered = authority.lower()
    if "cấp xã" not in lowered:
        return authority
    return "chair" if lowered.startswith("chủ tịch") else "office"


def code_key(code: str) -> str:
    return "".join(str(code).split()).upper()


@dataclass(frozen=True)
class Catalog:
    """One versioned snapshot of the procedures an office handles."""

    version: str
    effective_from: date
    source: str
    procedures: tuple[Procedure, ...]
    notes: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.procedures)

    def __iter__(self):
        return iter(self.procedures)

    def get(self, code: str) -> Procedure:
        key = code_key(code)
        for procedure in self.procedures:
            if code_key(procedure.code) == key:
                return procedure
        raise NotFound(
            f"Không có thủ tục mã «{str(code).strip()}» trong danh mục thủ tục "
            f"(phiên bản {self.version})."
        )

    def search(self, text: str, *, limit: int | None = None) -> list[Procedure]:
        from .search import search

        return search(self.procedures, text, limit=limit)

    def fields(self) -> list[str]:
        """The fields (lĩnh vực) in catalog order, each once: the kiosk's first screen."""
        seen: dict[str, None] = {}
        for procedure in self.procedures:
            seen.setdefault(procedure.field, None)
        return list(seen)

    def in_field(self, field: str) -> list[Procedure]:
        return [p for p in self.procedures if p.field == field]

    def to_json(self) -> dict:
        data: dict = {
            "schema": 1,
            "version": self.version,
            "effective_from": self.effective_from.isoformat(),
            "source": self.source,
        }
        if self.notes:
            data["notes"] = list(self.notes)
        data["procedures"] = [p.to_json() for p in self.procedures]
        return data
