"""Statutory extensions of a time limit, chosen at intake (thời hạn kéo dài theo luật).

Where the law gives a longer limit for a harder case (kết hôn needing verification: 05
working days, Luật Hộ tịch 2014 Art. 18(2); chứng thực bản sao of many pages: up to 02
more, NĐ 23/2015 Art. 21), the officer chooses it when taking the dossier in, with the
reason, and the receipt carries the lawful appointment. That is not an apology (Mẫu 04),
which admits a fault. The window lists the choices with `allowed_extensions`.
"""

from dataclasses import dataclass

from desk.calendar.timelimit import LimitKind, TimeLimit
from desk.errors import InvalidInput

from .model import Procedure

_UNITS = {
    LimitKind.WORKING_DAYS: "ngày làm việc",
    LimitKind.WORKING_HOURS: "giờ làm việc",
    LimitKind.CALENDAR_DAYS: "ngày",
}


@dataclass(frozen=True)
class ExtensionOption:
    """What the law allows for one procedure: up to `max_days` more, in `unit`, when…"""

    procedure: str
    max_days: int
    unit: str  # "ngày làm việc"
    when: str  # the case it is for ("Cần xác minh điều kiện kết hôn …")
    basis: str  # the provision
    base: TimeLimit

    def limit(self, days: int) -> TimeLimit:
        """The whole time limit with `days` of extension (1 ≤ days ≤ max_days)."""
        if not 1 <= days <= self.max_days:
            raise InvalidInput(
                f"Thủ tục {self.procedure} chỉ được kéo dài từ 1 đến {self.max_days} {self.unit}, "
                f"không phải {days}."
            )
        if self.base.kind is LimitKind.SAME_DAY:
            # "Trong ngày; cần xác minh thì không quá 05 ngày làm việc": the longer limit
            # replaces the same-day one.
            kind = next(k for k, unit in _UNITS.items() if unit == self.unit)
            return TimeLimit(kind, days)
        return TimeLimit(self.base.kind, self.base.amount + days)

    def text(self, days: int | None = None) -> str:
        amount = self.max_days if days is None else days
        added = "" if self.base.kind is LimitKind.SAME_DAY else "thêm "
        return f"kéo dài {added}{amount:02d} {self.unit}"

    def to_json(self) -> dict:
        return {
            "procedure": self.procedure,
            "max_days": self.max_days,
            "unit": self.unit,
            "when": self.when,
            "basis": self.basis,
            "limit": self.limit(self.max_days).text(),
        }


def allowed_extensions(procedure: Procedure) -> list[ExtensionOption]:
    """The extensions the catalog allows for `procedure` (none for most)."""
    ext = procedure.extension
    if ext is None:
        return []
    return [
        ExtensionOption(
            procedure=procedure.code,
            max_days=ext.amount,
            unit=_UNITS[ext.kind],
            when=procedure.extension_when,
            basis=procedure.extension_basis,
            base=procedure.time_limit,
        )
    ]


def extended_limit(procedure: Procedure, days: int) -> tuple[TimeLimit, ExtensionOption]:
    """The time limit with the chosen extension, or a Vietnamese refusal."""
    options = allowed_extensions(procedure)
    if not options:
        raise InvalidInput(
            f"Thủ tục «{procedure.label}» không có thời hạn kéo dài theo quy định; "
            "nếu hồ sơ sẽ trễ hạn, hãy lập văn bản xin lỗi và hẹn lại (Mẫu 04)."
        )
    option = options[0]
    return option.limit(days), option
