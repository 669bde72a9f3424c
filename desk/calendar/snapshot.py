"""The civil-service notices of each year, as a versioned snapshot the province can replace.

The `holidays` package carries the Labour Code's days (Art. 112), the days made up for a
holiday on a weekend (Art. 111(3)) and the swaps it knows. What only the yearly notices
decide (Tết days, the second Quốc khánh day, swapped Saturdays) and what the package gets
wrong or lacks is kept here as data with its legal reference, so a new notice is a new
snapshot, not a new release. Loading and checking a snapshot is in `loading.py`.
"""

import datetime as dt
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Notice:
    """A notice or letter (Thông báo, Công văn) and the days it settles."""

    ref: str  # "9441/TB-BNV"
    title: str
    start: date | None = None
    end: date | None = None

    def covers(self, d: date) -> bool:
        return self.start is not None and self.end is not None and self.start <= d <= self.end

    def to_json(self) -> dict:
        data: dict = {"ref": self.ref, "title": self.title}
        if self.start is not None and self.end is not None:
            data["from"] = self.start.isoformat()
            data["to"] = self.end.isoformat()
        return data


@dataclass(frozen=True)
class ExtraDayOff:
    """A day off the notice gives that the package does not have, or names otherwise."""

    date: date
    name: str
    ref: str

    def to_json(self) -> dict:
        return {"date": self.date.isoformat(), "name": self.name, "ref": self.ref}


@dataclass(frozen=True)
class MakeUpDay:
    """A weekend day worked in exchange for a weekday off (ngày làm bù)."""

    date: date
    name: str
    ref: str
    in_place_of: dt.date | None = None

    def to_json(self) -> dict:
        data = {"date": self.date.isoformat(), "name": self.name, "ref": self.ref}
        if self.in_place_of is not None:
            data["in_place_of"] = self.in_place_of.isoformat()
        return data


@dataclass(frozen=True)
class Removal:
    """A day the package lists (off, or worked) that the notice does not keep."""

    date: date
    ref: str
    note: str = ""

    def to_json(self) -> dict:
        data = {"date": self.date.isoformat(), "ref": self.ref}
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class Provisional:
    """Days not yet announced: the package's guess is kept and shown as "dự kiến"."""

    start: date
    end: date
    name: str
    note: str = ""

    def covers(self, d: date) -> bool:
        return self.start <= d <= self.end

    def to_json(self) -> dict:
        data = {"from": self.start.isoformat(), "to": self.end.isoformat(), "name": self.name}
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class YearNotices:
    year: int
    notices: tuple[Notice, ...] = ()
    days_off: tuple[ExtraDayOff, ...] = ()
    worked_days: tuple[MakeUpDay, ...] = ()
    removed: tuple[Removal, ...] = ()
    provisional: tuple[Provisional, ...] = ()
    note: str = ""

    def refs_for(self, d: date) -> str:
        return "; ".join(n.ref for n in self.notices if n.covers(d))

    def is_provisional(self, d: date) -> bool:
        return any(p.covers(d) for p in self.provisional)

    def to_json(self) -> dict:
        data: dict = {
            "notices": [n.to_json() for n in self.notices],
            "days_off": [e.to_json() for e in self.days_off],
            "worked_days": [w.to_json() for w in self.worked_days],
            "removed": [r.to_json() for r in self.removed],
            "provisional": [p.to_json() for p in self.provisional],
        }
        if self.note:
            data["note"] = self.note
        return data


FORMAT = 1


@dataclass(frozen=True)
class HolidaySnapshot:
    """One issue of the notices: `version` orders issues, `issued` is when it was compiled."""

    version: str
    issued: date
    source: str
    years: dict[int, YearNotices] = field(default_factory=dict, hash=False)

    def for_year(self, year: int) -> YearNotices | None:
        return self.years.get(year)

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "version": self.version,
            "issued": self.issued.isoformat(),
            "source": self.source,
            "years": {str(y): self.years[y].to_json() for y in sorted(self.years)},
        }
