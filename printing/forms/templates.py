"""Form templates as versioned data: assets/forms/*.toml, one file per legal form set.

The set in force changes by date (TT 01/2018/TT-VPCP until 30/06/2025, TT 03/2025/TT-VPCP
Phụ lục I from 01/07/2025), and provinces reword forms, so titles, numbering, attributions
and every printed line live in the files; code only knows how to lay the blocks out.
A set may `extend` another (taking its forms, overriding some keys of some forms) and
`include` shared files (the fee receipt and hand-over slip belong to no Thông tư).
"""

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from desk.clock import to_vn
from desk.errors import InvalidInput, NotFound
from desk.paths import ASSETS
from desk.text import clean, nfc

FORMS_DIR = ASSETS / "forms"

# Logical ids the rest of the app uses, whatever number a set gives them.
FORM_IDS = (
    "receipt",
    "supplement",
    "refusal",
    "apology",
    "stop",
    "control",
    "book",
    "fee_receipt",
    "handover",
)

BLOCK_TYPES = frozenset(
    {"title", "barcode", "qr", "field", "pair", "text", "table", "signatures", "spacer"}
)


@dataclass(frozen=True)
class FormTemplate:
    """One form of one set, ready for the layout engine."""

    id: str
    set_id: str
    number: str  # "01"…; "" for forms outside the numbered set
    title: str
    subtitle: str
    attribution: str
    issuer: str  # "desk": UBND xã / BỘ PHẬN MỘT CỬA; "agency": parent / UBND xã
    ref: str  # the "Số: …" / "Mã hồ sơ: …" line under the agency block
    date: str  # which date the form carries (received_at, apology_at…); "" for none
    date_in_header: bool  # False when the date sits above the signatures instead
    header_right: tuple[str, ...]  # replaces quốc hiệu and tiêu ngữ when set (biên lai)
    landscape: bool
    copies: int
    copy_labels: tuple[str, ...]
    body: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class FormInfo:
    """What `desk print form --list` shows."""

    id: str
    number: str
    title: str


@dataclass(frozen=True)
class TemplateSet:
    id: str
    name: str
    valid_from: date
    aliases: tuple[str, ...]
    forms: dict[str, FormTemplate]

    def resolve(self, form: str) -> FormTemplate:
        """A form by logical id or number: "receipt", "01" and "1" all name Mẫu 01."""
        key = clean(form).lower().replace("-", "_")
        if key in self.forms:
            return self.forms[key]
        if key.isdigit():
            for template in self.forms.values():
                if template.number and int(template.number) == int(key):
                    return template
        known = ", ".join(f"{t.number} ({t.id})" if t.number else t.id for t in self.ordered())
        raise NotFound(
            f"Không có mẫu “{form}” trong bộ biểu mẫu {self.name}. Các mẫu có: {known}.",
            detail=form,
        )

    def ordered(self) -> list[FormTemplate]:
        return sorted(
            self.forms.values(),
            key=lambda t: (
                not t.number,
                t.number,
                FORM_IDS.index(t.id) if t.id in FORM_IDS else 99,
            ),
        )


def _bad(path: Path, what: str) -> InvalidInput:
    return InvalidInput(f"Tệp mẫu in {path.name} không hợp lệ: {what}.", detail=str(path))


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise NotFound(
            f"Không tìm thấy tệp mẫu in {path.name} trong {path.parent}.", detail=str(path)
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise _bad(path, str(exc)) from exc


def _text(value: Any) -> Any:
    """NFC every string in the data, whatever editor saved the file."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_text(v) for v in value]
    if isinstance(value, dict):
        return {k: _text(v) for k, v in value.items()}
    return value


def _raw_forms(directory: Path, name: str, seen: tuple[str, ...] = ()) -> tuple[dict, dict]:
    """(set header, {form id: merged raw table}) after include and extend."""
    if name in seen:
        raise _bad(directory / f"{name}.toml", "mẫu kế thừa vòng tròn")
    path = directory / f"{name}.toml"
    data = _text(_read(path))
    head = data.get("set", {})
    forms: dict[str, dict] = {}
    for included in head.get("include", []):
        forms.update(_raw_forms(directory, included, (*seen, name))[1])
    if "extends" in head:
        parent_head, parent_forms = _raw_forms(directory, head["extends"], (*seen, name))
        head = {**{k: v for k, v in parent_head.items() if k not in ("id", "aliases")}, **head}
        for form_id, table in parent_forms.items():
            forms[form_id] = {**forms.get(form_id, {}), **table}
    for form_id, table in data.get("forms", {}).items():
        if not isinstance(table, dict):
            raise _bad(path, f"forms.{form_id} phải là một bảng")
        forms[form_id] = {**forms.get(form_id, {}), **table}
    return head, forms


def _form(path: Path, set_id: str, attribution: str, form_id: str, raw: dict) -> FormTemplate:
    for key in ("title", "body"):
        if key not in raw:
            raise _bad(path, f"mẫu {form_id} thiếu khóa “{key}”")
    body = raw["body"]
    if not isinstance(body, list) or not all(isinstance(b, dict) for b in body):
        raise _bad(path, f"body của mẫu {form_id} phải là danh sách các khối")
    for block in body:
        if block.get("type") not in BLOCK_TYPES:
            raise _bad(path, f"mẫu {form_id} có khối kiểu lạ “{block.get('type')}”")
    number = str(raw.get("number", ""))
    own = raw.get("attribution")
    if own is None:
        own = attribution if number else ""
    labels = tuple(raw.get("copy_labels", ()))
    return FormTemplate(
        id=form_id,
        set_id=set_id,
        number=number,
        title=raw["title"],
        subtitle=raw.get("subtitle", ""),
        attribution=own.replace("{number}", number),
        issuer=raw.get("issuer", "desk"),
        ref=raw.get("ref", ""),
        date=raw.get("date", "today"),
        date_in_header=bool(raw.get("date_in_header", True)),
        header_right=tuple(raw.get("header_right", ())),
        landscape=raw.get("orientation", "portrait") == "landscape",
        copies=int(raw.get("copies", 1)),
        copy_labels=labels,
        body=tuple(body),
    )


@cache
def load_set(name: str, directory: Path = FORMS_DIR) -> TemplateSet:
    """One set by its file name (without .toml)."""
    head, raw_forms = _raw_forms(directory, name)
    path = directory / f"{name}.toml"
    if "id" not in head or not isinstance(head.get("valid_from"), date):
        raise _bad(path, "thiếu [set] id hoặc valid_from (dạng 2025-07-01)")
    attribution = head.get("attribution", "")
    forms = {
        form_id: _form(path, head["id"], attribution, form_id, raw)
        for form_id, raw in raw_forms.items()
    }
    return TemplateSet(
        id=head["id"],
        name=head.get("name", head["id"]),
        valid_from=head["valid_from"],
        aliases=tuple(a.lower() for a in head.get("aliases", ())),
        forms=forms,
    )


@cache
def all_sets(directory: Path = FORMS_DIR) -> tuple[TemplateSet, ...]:
    """Every set in the folder (files with a [set] table), oldest first."""
    sets = []
    for path in sorted(directory.glob("*.toml")):
        if "id" in _read(path).get("set", {}):  # common.toml only lends forms to the sets
            sets.append(load_set(path.stem, directory))
    if not sets:
        raise NotFound(f"Không có bộ mẫu in nào trong {directory}.", detail=str(directory))
    return tuple(sorted(sets, key=lambda s: s.valid_from))


def template_set_for(moment: date | datetime) -> str:
    """The id of the set in force on that day (TT 03/2025 from 01/07/2025)."""
    day = to_vn(moment).date() if isinstance(moment, datetime) else moment
    chosen = all_sets()[0]
    for candidate in all_sets():
        if candidate.valid_from <= day:
            chosen = candidate
    return chosen.id


def get_set(name: str) -> TemplateSet:
    """A set by id or alias: "tt03-2025", "tt03", "03/2025/TT-VPCP"."""
    key = clean(name).lower()
    for candidate in all_sets():
        if key == candidate.id or key in candidate.aliases:
            return candidate
    known = ", ".join(s.id for s in all_sets())
    raise NotFound(f"Không có bộ biểu mẫu “{name}”. Các bộ có: {known}.", detail=name)


def available_forms(template_set: str) -> list[FormInfo]:
    """The forms of a set (see `template_set_for` for the one in force on a day), in order."""
    chosen = get_set(template_set)
    return [FormInfo(t.id, t.number, t.title) for t in chosen.ordered()]
