"""The texts our own codes carry, so a scan anywhere in the office can be routed.

- A dossier code (mã hồ sơ) `{unit}-{yyMMdd}-{nnnn}`, alone or at the end of the
  lookup URL printed as the receipt's QR.
- A queue ticket: `VE|{unit}|{yyyymmdd}|{number}|{ticket id}`.
"""

import re
from dataclasses import dataclass

# Unit part: a QCVN 102 identifier such as 000.00.19.H47, or a short code such as H57.132.
DOSSIER_CODE_RE = re.compile(r"(?<![0-9A-Za-z.])([0-9A-Z]+(?:\.[0-9A-Z]+)*-\d{6}-\d{4,6})(?![0-9])")

TICKET_PREFIX = "VE"


def find_dossier_code(text: str) -> str | None:
    """The dossier code in a scan: the bare code, or the last one in a lookup URL."""
    matches = DOSSIER_CODE_RE.findall(text.strip())
    return matches[-1] if matches else None


@dataclass(frozen=True)
class TicketRef:
    unit_code: str
    day: str  # yyyymmdd
    number: str  # as printed, e.g. "A012"
    ticket_id: str


def ticket_payload(ref: TicketRef) -> str:
    return "|".join([TICKET_PREFIX, ref.unit_code, ref.day, ref.number, ref.ticket_id])


def parse_ticket_payload(text: str) -> TicketRef | None:
    parts = text.strip().split("|")
    if len(parts) != 5 or parts[0] != TICKET_PREFIX:
        return None
    _, unit, day, number, ticket_id = parts
    if not (len(day) == 8 and day.isdigit() and number and ticket_id):
        return None
    return TicketRef(unit, day, number, ticket_id)
