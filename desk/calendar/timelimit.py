"""How long a procedure may take (thời hạn giải quyết), as the catalog states it."""

from dataclasses import dataclass
from datetime import time
from enum import StrEnum


class LimitKind(StrEnum):
    SAME_DAY = "same_day"  # trong ngày; received after the cut-off → next working day
    WORKING_DAYS = "working_days"  # N ngày làm việc (1 day = the office's working hours)
    WORKING_HOURS = "working_hours"  # N giờ làm việc
    CALENDAR_DAYS = "calendar_days"  # N ngày (calendar), due moved off days off


@dataclass(frozen=True)
class TimeLimit:
    kind: LimitKind
    amount: int = 0
    cutoff: time | None = None  # only for SAME_DAY; 15:00 for hộ tịch and chứng thực

    def text(self) -> str:
        """As printed on Mẫu 01: "Trong ngày", "05 ngày làm việc", "08 giờ làm việc", "15 ngày"."""
        if self.kind is LimitKind.SAME_DAY:
            return "Trong ngày"
        unit = {
            LimitKind.WORKING_DAYS: "ngày làm việc",
            LimitKind.WORKING_HOURS: "giờ làm việc",
            LimitKind.CALENDAR_DAYS: "ngày",
        }[self.kind]
        return f"{self.amount:02d} {unit}"

    def to_json(self) -> dict:
        data: dict = {"kind": self.kind.value, "amount": self.amount}
        if self.cutoff is not None:
            data["cutoff"] = self.cutoff.strftime("%H:%M")
        return data

    @classmethod
    def from_json(cls, data: dict) -> "TimeLimit":
        from desk.errors import CatalogError

        try:
            kind = LimitKind(data["kind"])
            amount = int(data.get("amount", 0))
            cutoff = data.get("cutoff")
            cut = time.fromisoformat(cutoff) if cutoff else None
        except (KeyError, ValueError, TypeError) as exc:
            raise CatalogError(f"Thời hạn giải quyết không hợp lệ: {data!r}") from exc
        if kind is LimitKind.SAME_DAY and cut is None:
            cut = time(15, 0)
        if kind is not LimitKind.SAME_DAY and amount <= 0:
            raise CatalogError(f"Thời hạn giải quyết phải lớn hơn 0: {data!r}")
        return cls(kind, amount, cut)
