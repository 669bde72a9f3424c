"""Reading a catalog snapshot, checking every field before anything uses it.

A catalog comes from our own asset or from the province; either way a bad one must be
refused whole, with a message that names the procedure and the field, rather than
printing a wrong fee or appointment date on a citizen's receipt later. Loading is pure:
the store decides which snapshot is active.
"""

import json
import os
import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import NoReturn

from desk.calendar.timelimit import LimitKind, TimeLimit
from desk.errors import CatalogError, InvalidInput
from desk.inputs import read_file
from desk.paths import ASSETS
from desk.text import nfc

from .fees import DEFAULT_UNITS, FeeKind, FeeRule, PageTier
from .model import CONFIRMABLE, PAPER_KINDS, Catalog, Procedure, RequiredPaper, code_key

BUNDLED_PATH = ASSETS / "catalog" / "catalog.json"

# National codes (1.001193, or a province's instance 2.000815.000.00.00.H55) or our
# local ones (XA-HKD-01).
_CODE = re.compile(r"^(?:\d\.\d{6}(?:\.[0-9A-Z]+)*|XA(?:-[0-9A-Z]+)+)$")

_TOP_KEYS = {"schema", "version", "effective_from", "source", "notes", "procedures"}
_PROCEDURE_KEYS = {
    "code",
    "name",
    "short_name",
    "field",
    "time_limit",
    "extension",
    "fee",
    "papers",
    "result",
    "authority",
    "legal_basis",
    "keywords",
    "notes",
    "settled_by",
    "to_confirm",
}
_FEE_KEYS = {
    "kind",
    "amount",
    "unit",
    "tiers",
    "cap_per_copy",
    "varies_by_province",
    "name",
    "basis",
    "note",
    "category",
}
_FEE_CATEGORIES = {"phi", "le_phi"}
_PAPER_KEYS = {"name", "kind", "count", "optional", "shown_only", "note"}
_LIMIT_KEYS = {"kind", "amount", "cutoff"}
_EXTENSION_KEYS = _LIMIT_KEYS | {"when", "basis"}


class _Where:
    """Where in the catalog a value sits, for the error message."""

    def __init__(self, label: str = ""):
        self.label = label

    def fail(self, key: str, problem: str) -> NoReturn:
        place = f"{self.label}, " if self.label else ""
        raise CatalogError(f"Danh mục thủ tục không hợp lệ: {place}trường «{key}»: {problem}.")


def load_catalog(source: str | os.PathLike | Mapping) -> Catalog:
    """A Catalog from a JSON file path or an already parsed dict; CatalogError if anything is wrong."""
    if isinstance(source, Mapping):
        data = source
    elif isinstance(source, str | os.PathLike):
        data = _read_json(Path(source))
    else:
        raise CatalogError(
            f"Danh mục thủ tục phải là tệp JSON hoặc dữ liệu dạng từ điển, không phải {type(source).__name__}."
        )
    return _catalog(data)


@cache
def bundled_catalog() -> Catalog:
    """The snapshot shipped with the app, used until the province sends its own."""
    return load_catalog(BUNDLED_PATH)


MAX_CATALOG_BYTES = 50 * 1024 * 1024  # a province's full catalog is a few MB


def _read_json(path: Path):
    try:  # a regular file of a sane size: not /dev/zero, not a FIFO that never ends
        text = read_file(path, limit=MAX_CATALOG_BYTES, what="tệp danh mục").decode("utf-8-sig")
    except InvalidInput as exc:
        raise CatalogError(f"Không đọc được tệp danh mục thủ tục: {exc.message}") from exc
    except UnicodeDecodeError as exc:
        raise CatalogError(f"Không đọc được tệp danh mục thủ tục {path}: {exc}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogError(
            f"Tệp danh mục thủ tục {path} không phải JSON hợp lệ "
            f"(dòng {exc.lineno}, cột {exc.colno}: {exc.msg})."
        ) from exc


def _catalog(data) -> Catalog:
    top = _Where()
    if not isinstance(data, Mapping):
        raise CatalogError("Danh mục thủ tục không hợp lệ: nội dung phải là một đối tượng JSON.")
    _no_unknown(data, _TOP_KEYS, top)
    schema = data.get("schema", 1)
    if schema != 1:
        top.fail("schema", f"phiên bản định dạng {schema!r} chưa được hỗ trợ (cần 1)")
    version = _text(data, "version", top)
    source = _text(data, "source", top)
    effective = data.get("effective_from")
    if isinstance(effective, date):
        effective_from = effective
    else:
        try:
            effective_from = date.fromisoformat(str(effective))
        except (TypeError, ValueError):
            top.fail("effective_from", f"cần ngày dạng NĂM-THÁNG-NGÀY, nhận được {effective!r}")
    notes = _text_list(data, "notes", top)
    items = data.get("procedures")
    if not isinstance(items, list) or not items:
        top.fail("procedures", "cần danh sách thủ tục, không được để trống")
    procedures = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items, start=1):
        procedure = _procedure(item, index)
        key = code_key(procedure.code)
        if key in seen:
            raise CatalogError(
                f"Danh mục thủ tục không hợp lệ: mã thủ tục «{procedure.code}» bị trùng "
                f"(thủ tục thứ {seen[key]} và thứ {index})."
            )
        seen[key] = index
        procedures.append(procedure)
    return Catalog(version, effective_from, source, tuple(procedures), notes)


def _procedure(item, index: int) -> Procedure:
    where = _Where(f"thủ tục thứ {index}")
    if not isinstance(item, Mapping):
        raise CatalogError(
            f"Danh mục thủ tục không hợp lệ: thủ tục thứ {index} phải là một đối tượng JSON."
        )
    raw_code = item.get("code")
    if not isinstance(raw_code, str) or not raw_code.strip():
        where.fail("code", "thiếu mã thủ tục")
    code = code_key(nfc(raw_code))
    if not _CODE.match(code):
        where.fail(
            "code",
            f"mã «{raw_code}» không đúng dạng (mã quốc gia như 1.001193 hoặc mã địa phương như XA-HKD-01)",
        )
    where = _Where(f"thủ tục «{code}» (thứ {index})")
    _no_unknown(item, _PROCEDURE_KEYS, where)
    name = _text(item, "name", where)
    field = _text(item, "field", where)
    time_limit = _time_limit(item.get("time_limit"), "time_limit", where)
    extension = None
    extension_when = extension_basis = ""
    raw_extension = item.get("extension")
    if raw_extension is not None:
        extension = _time_limit(raw_extension, "extension", where, _EXTENSION_KEYS)
        if extension.kind is LimitKind.SAME_DAY:
            where.fail("extension", "thời hạn kéo dài phải là một số ngày hoặc giờ")
        base = time_limit.kind
        if base is not LimitKind.SAME_DAY and base is not extension.kind:
            where.fail("extension", "thời hạn kéo dài phải cùng đơn vị với thời hạn giải quyết")
        extension_when = _text(raw_extension, "when", where, required=False, prefix="extension.")
        extension_basis = _text(raw_extension, "basis", where, required=False, prefix="extension.")
    to_confirm = _text_list(item, "to_confirm", where)
    for key in to_confirm:
        if key not in CONFIRMABLE:
            where.fail(
                "to_confirm", f"«{key}» không phải trường cần đối chiếu ({', '.join(CONFIRMABLE)})"
            )
    fee = _fee(item.get("fee"), where)
    papers = item.get("papers")
    if not isinstance(papers, list):
        where.fail("papers", "cần danh sách thành phần hồ sơ")
    return Procedure(
        code=code,
        name=name,
        field=field,
        time_limit=time_limit,
        fee=fee,
        papers=tuple(_paper(p, i, where) for i, p in enumerate(papers, start=1)),
        result=_text(item, "result", where),
        authority=_text(item, "authority", where),
        legal_basis=_text_list(item, "legal_basis", where),
        keywords=_text_list(item, "keywords", where),
        short_name=_text(item, "short_name", where, required=False),
        extension=extension,
        notes=_text_list(item, "notes", where),
        extension_when=extension_when,
        extension_basis=extension_basis,
        settled_by=_text(item, "settled_by", where, required=False),
        to_confirm=to_confirm,
    )


def _time_limit(value, key: str, where: _Where, keys: set[str] = _LIMIT_KEYS) -> TimeLimit:
    if not isinstance(value, Mapping):
        where.fail(key, 'cần thời hạn dạng {"kind": …, "amount": …}')
    _no_unknown(value, keys, where, key)
    amount = value.get("amount", 0)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        where.fail(key, f"số lượng thời hạn phải là số nguyên không âm, nhận được {amount!r}")
    kinds = ", ".join(k.value for k in LimitKind)
    if value.get("kind") not in {k.value for k in LimitKind}:
        where.fail(
            key, f"loại thời hạn {value.get('kind')!r} không hợp lệ (cần một trong: {kinds})"
        )
    if value.get("cutoff") is not None and value["kind"] != LimitKind.SAME_DAY.value:
        where.fail(key, "giờ chốt (cutoff) chỉ dùng cho thời hạn trong ngày (same_day)")
    try:
        limit = TimeLimit.from_json({k: v for k, v in value.items() if k in _LIMIT_KEYS})
    except CatalogError as exc:
        where.fail(key, exc.message[:1].lower() + exc.message[1:])
    if limit.kind is LimitKind.SAME_DAY and limit.amount:
        where.fail(key, "thời hạn trong ngày không có số lượng (amount phải là 0)")
    return limit


def _fee(value, where: _Where) -> FeeRule:
    if not isinstance(value, Mapping):
        where.fail("fee", 'cần quy định phí, lệ phí dạng {"kind": …}')
    _no_unknown(value, _FEE_KEYS, where, "fee")
    kinds = ", ".join(k.value for k in FeeKind)
    try:
        kind = FeeKind(str(value.get("kind")))
    except ValueError:
        where.fail(
            "fee.kind", f"loại phí {value.get('kind')!r} không hợp lệ (cần một trong: {kinds})"
        )
    amount = value.get("amount", 0)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        where.fail("fee.amount", f"số tiền phải là số nguyên đồng không âm, nhận được {amount!r}")
    priced = kind in DEFAULT_UNITS and kind is not FeeKind.PER_PAGE
    if priced and amount == 0:
        where.fail("fee.amount", f"loại phí «{kind.value}» cần số tiền lớn hơn 0")
    if not priced and amount:
        where.fail("fee.amount", f"loại phí «{kind.value}» không có số tiền cố định")
    tiers: tuple[PageTier, ...] = ()
    cap = value.get("cap_per_copy")
    if kind is FeeKind.PER_PAGE:
        tiers = _tiers(value.get("tiers"), where)
        if cap is not None and (isinstance(cap, bool) or not isinstance(cap, int) or cap <= 0):
            where.fail(
                "fee.cap_per_copy", f"mức tối đa mỗi bản phải là số nguyên dương, nhận được {cap!r}"
            )
    elif value.get("tiers") is not None or cap is not None:
        where.fail("fee.tiers", "bậc giá theo trang chỉ dùng cho loại phí «per_page»")
    category = _text(value, "category", where, required=False, prefix="fee.")
    if category and category not in _FEE_CATEGORIES:
        where.fail(
            "fee.category", f"cần «phi» (phí) hoặc «le_phi» (lệ phí), nhận được {category!r}"
        )
    varies = value.get("varies_by_province", False)
    if not isinstance(varies, bool):
        where.fail("fee.varies_by_province", "cần true hoặc false")
    return FeeRule(
        kind=kind,
        amount=amount,
        unit=_text(value, "unit", where, required=False, prefix="fee."),
        tiers=tiers,
        cap_per_copy=cap,
        varies_by_province=varies,
        name=_text(value, "name", where, required=False, prefix="fee."),
        basis=_text(value, "basis", where, required=False, prefix="fee."),
        note=_text(value, "note", where, required=False, prefix="fee."),
        category=category,
    )


def _positive(number, where: _Where, what: str) -> int:
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        where.fail("fee.tiers", f"{what} phải là số nguyên dương, nhận được {number!r}")
    return number


def _tiers(value, where: _Where) -> tuple[PageTier, ...]:
    if not isinstance(value, list) or not value:
        where.fail("fee.tiers", "loại phí theo trang cần danh sách bậc giá")
    tiers: list[PageTier] = []
    for i, tier in enumerate(value, start=1):
        if not isinstance(tier, Mapping) or set(tier) - {"from_page", "amount"}:
            where.fail("fee.tiers", f'bậc thứ {i} cần dạng {{"from_page": …, "amount": …}}')
        start = _positive(tier.get("from_page"), where, f"bậc thứ {i}: «from_page»")
        price = _positive(tier.get("amount"), where, f"bậc thứ {i}: «amount»")
        if i == 1 and start != 1:
            where.fail("fee.tiers", "bậc đầu tiên phải bắt đầu từ trang 1")
        if tiers and start <= tiers[-1].from_page:
            where.fail("fee.tiers", f"bậc thứ {i} phải bắt đầu sau trang {tiers[-1].from_page}")
        tiers.append(PageTier(start, price))
    return tuple(tiers)


def _paper(value, i: int, where: _Where) -> RequiredPaper:
    key = f"papers[{i}]"
    if not isinstance(value, Mapping):
        where.fail(key, "cần một đối tượng JSON")
    _no_unknown(value, _PAPER_KEYS, where, key)
    name = _text(value, "name", where, prefix=f"{key}.")
    kind = value.get("kind", "original")
    if kind not in PAPER_KINDS:
        where.fail(
            f"{key}.kind",
            f"loại giấy tờ {kind!r} không hợp lệ (cần original, certified hoặc photo)",
        )
    count = value.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        where.fail(f"{key}.count", f"số lượng phải là số nguyên từ 1 trở lên, nhận được {count!r}")
    flags = {}
    for flag in ("optional", "shown_only"):
        flags[flag] = value.get(flag, False)
        if not isinstance(flags[flag], bool):
            where.fail(f"{key}.{flag}", "cần true hoặc false")
    note = _text(value, "note", where, required=False, prefix=f"{key}.")
    return RequiredPaper(name, kind, count, flags["optional"], flags["shown_only"], note)


def _text(
    data: Mapping, key: str, where: _Where, *, required: bool = True, prefix: str = ""
) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        where.fail(prefix + key, "thiếu" if value is None else f"cần văn bản, nhận được {value!r}")
    text = nfc(value).strip()
    if required and not text:
        where.fail(prefix + key, "không được để trống")
    return text


def _text_list(data: Mapping, key: str, where: _Where) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        where.fail(key, "cần danh sách các dòng văn bản không rỗng")
    return tuple(nfc(v).strip() for v in value)


def _no_unknown(data: Mapping, allowed: set[str], where: _Where, prefix: str = "") -> None:
    extra = sorted(str(k) for k in data if k not in allowed)
    if extra:
        name = f"{prefix}.{extra[0]}" if prefix else extra[0]
        where.fail(name, "không có trong định dạng danh mục (gõ nhầm tên trường?)")
