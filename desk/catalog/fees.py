"""Fee rules (phí, lệ phí) of a procedure, and the quote printed on the fee receipt.

The amounts come from the catalog, never from code: TT 226/2016/TT-BTC fixes the
chứng thực fees nationwide, while many hộ tịch, business and land fees are set by each
province's People's Council (HĐND tỉnh).
"""

from dataclasses import dataclass
from enum import StrEnum

from desk.errors import InvalidInput

from .money import format_dong


class FeeKind(StrEnum):
    FREE = "free"  # miễn phí / không thu
    FIXED = "fixed"  # one amount per dossier
    PER_COPY = "per_copy"  # đ/bản (bản sao trích lục)
    PER_CASE = "per_case"  # đ/trường hợp (chứng thực chữ ký), đ/di chúc
    PER_CONTRACT = "per_contract"  # đ/hợp đồng
    PER_PAGE = "per_page"  # chứng thực bản sao: tiered per page, capped per copy, × copies
    BY_PROVINCE = "by_province"  # HĐND-set and no common amount known: the officer enters it


DEFAULT_UNITS = {
    FeeKind.FIXED: "hồ sơ",
    FeeKind.PER_COPY: "bản",
    FeeKind.PER_CASE: "trường hợp",
    FeeKind.PER_CONTRACT: "hợp đồng",
    FeeKind.PER_PAGE: "trang",
}


@dataclass(frozen=True)
class PageTier:
    """From page `from_page` of the original on, each page costs `amount`."""

    from_page: int
    amount: int


@dataclass(frozen=True)
class FeeQuote:
    amount: int
    detail: str  # the line printed under the amount on the receipt

    @property
    def amount_text(self) -> str:
        return format_dong(self.amount)

    @property
    def words(self) -> str:
        from .money import dong_in_words

        return dong_in_words(self.amount)


@dataclass(frozen=True)
class FeeRule:
    kind: FeeKind
    amount: int = 0
    unit: str = ""
    tiers: tuple[PageTier, ...] = ()
    cap_per_copy: int | None = None
    varies_by_province: bool = False  # a common amount; the province's own may differ
    name: str = ""  # "Lệ phí đăng ký hộ tịch", "Phí chứng thực"
    basis: str = ""
    note: str = ""
    category: str = ""  # "phi" | "le_phi"; "" = read from the name

    @property
    def fee_category(self) -> str:
        """Phí (a service's price: chứng thực) or lệ phí (a state act's charge: hộ tịch)."""
        if self.category:
            return self.category
        lowered = self.name.lower()
        if lowered.startswith("lệ phí"):
            return "le_phi"
        if lowered.startswith("phí"):
            return "phi"
        return ""

    @property
    def unit_name(self) -> str:
        return self.unit or DEFAULT_UNITS.get(self.kind, "")

    def text(self) -> str:
        """One line for the catalog view and the kiosk: what the citizen will pay."""
        if self.kind is FeeKind.FREE:
            return "Miễn phí"
        if self.kind is FeeKind.BY_PROVINCE:
            return "Theo mức do HĐND tỉnh quy định"
        if self.kind is FeeKind.PER_PAGE:
            parts = []
            for i, tier in enumerate(self.tiers):
                last = self.tiers[i + 1].from_page - 1 if i + 1 < len(self.tiers) else None
                if last is None:
                    span = f"từ trang {tier.from_page}"
                elif last == tier.from_page:
                    span = f"trang {tier.from_page}"
                else:
                    span = f"trang {tier.from_page}–{last}"
                parts.append(f"{format_dong(tier.amount)}/trang ({span})")
            if self.cap_per_copy is not None:
                parts.append(f"tối đa {format_dong(self.cap_per_copy)}/bản")
            return ", ".join(parts)
        text = f"{format_dong(self.amount)}/{self.unit_name}"
        if self.varies_by_province:
            text += " (mức do HĐND tỉnh quy định)"
        return text

    def quote(self, *, pages: int | None = None, copies: int = 1, cases: int = 1) -> FeeQuote:
        """The amount due: `pages` of the original and `copies` for per-page and per-copy
        rules, `cases` for per-case and per-contract rules."""
        if self.kind is FeeKind.FREE:
            return FeeQuote(0, "Miễn phí")
        if self.kind is FeeKind.BY_PROVINCE:
            raise InvalidInput(
                "Mức thu của thủ tục này do HĐND tỉnh quy định và chưa có trong danh mục; "
                "hãy nhập số tiền theo biểu phí của tỉnh."
            )
        if self.kind is FeeKind.FIXED:
            return FeeQuote(self.amount, f"{format_dong(self.amount)}/{self.unit_name}")
        if self.kind is FeeKind.PER_PAGE:
            if pages is None:
                raise InvalidInput("Cần số trang của bản chính để tính phí theo trang.")
            return self._quote_pages(_count(pages, "số trang"), _count(copies, "số bản"))
        count = (
            _count(copies, "số bản")
            if self.kind is FeeKind.PER_COPY
            else _count(cases, "số trường hợp")
        )
        total = count * self.amount
        return FeeQuote(
            total, f"{count} {self.unit_name} × {format_dong(self.amount)} = {format_dong(total)}"
        )

    def _quote_pages(self, pages: int, copies: int) -> FeeQuote:
        terms: list[tuple[int, int]] = []  # (pages in tier, price per page)
        for i, tier in enumerate(self.tiers):
            end = self.tiers[i + 1].from_page - 1 if i + 1 < len(self.tiers) else pages
            count = min(end, pages) - tier.from_page + 1
            if count > 0:
                terms.append((count, tier.amount))
        per_copy = sum(n * price for n, price in terms)
        expr = " + ".join(f"{n} trang × {format_dong(price)}" for n, price in terms)
        head = f"{pages} trang × {copies} bản: "
        capped = self.cap_per_copy is not None and per_copy > self.cap_per_copy
        if capped:
            cap = self.cap_per_copy or 0
            total = cap * copies
            tail = (
                f" → {format_dong(total)}"
                if copies == 1
                else f" → {format_dong(cap)} × {copies} = {format_dong(total)}"
            )
            detail = f"{head}{expr} = {format_dong(per_copy)}, tối đa {format_dong(cap)}/bản{tail}"
            return FeeQuote(total, detail)
        total = per_copy * copies
        if copies == 1:
            return FeeQuote(total, f"{head}{expr} = {format_dong(total)}")
        group = f"({expr})" if len(terms) > 1 else expr
        return FeeQuote(total, f"{head}{group} × {copies} = {format_dong(total)}")

    def to_json(self) -> dict:
        data: dict = {"kind": self.kind.value}
        if self.kind in DEFAULT_UNITS and self.kind is not FeeKind.PER_PAGE:
            data["amount"] = self.amount
        if self.unit:
            data["unit"] = self.unit
        if self.kind is FeeKind.PER_PAGE:
            data["tiers"] = [{"from_page": t.from_page, "amount": t.amount} for t in self.tiers]
            data["cap_per_copy"] = self.cap_per_copy
        if self.varies_by_province:
            data["varies_by_province"] = True
        for key in ("name", "category", "basis", "note"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data


def _count(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput(
            f"{what.capitalize()} phải là số nguyên từ 1 trở lên, nhận được {value!r}."
        )
    return value
