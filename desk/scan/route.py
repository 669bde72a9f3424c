"""Where a scanned text goes: an applicant's ID card, one of our dossiers, a queue ticket, or text.

The same scan box takes a CCCD/Căn cước QR (fill the applicant), a receipt's dossier
code or lookup-URL QR (open the dossier), a queue ticket (call or find it) and anything
else (search). Scanners wrap what they read in junk — CR/LF/TAB, an AIM symbology
identifier such as "]Q1", control characters a configured prefix left — so that goes
first. A payload that looks like a card but does not validate is still a card, with
the parser's Vietnamese reason, so the officer is told why instead of landing in search.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from desk.errors import CitizenIdError
from desk.payloads import DOSSIER_CODE_RE, TICKET_PREFIX, parse_ticket_payload
from desk.text import nfc

KINDS = ("citizen_id", "dossier", "ticket", "text")
MAX_SCAN_CHARS = 8192  # real payloads are under 300 characters; beyond this nothing is parsed

_AIM = re.compile(r"\][A-Za-z][0-9A-Za-z]")  # ISO/IEC 15424 symbology identifier, e.g. ]Q1 ]C0
_CARD_SEPARATORS = "|;,\t#^¦\\"
# 12 digits then a field separator: a card payload, even if broken (wrong separator, bad date).
_CARD_START = re.compile(r"\D{0,3}\d{12}\s*([" + re.escape(_CARD_SEPARATORS) + r"])")
_CARD_NEAR = re.compile(r"\d{9,13}\|")  # a wrong-length ID number still opens a card payload
_URL = re.compile(r"(?i)^(?:https?://|www\.)\S+$")


@dataclass(frozen=True)
class Routed:
    """A scan and what it is: `value` is a CitizenCard, a dossier code (str) or a TicketRef."""

    kind: str  # one of KINDS
    text: str  # the payload without scanner junk
    value: object = None
    error: str | None = None  # in Vietnamese, for the officer

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_json(self) -> dict:
        value = self.value
        if hasattr(value, "to_json"):
            value = value.to_json()
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            value = dataclasses.asdict(value)
        return {"kind": self.kind, "value": value, "error": self.error}


def route(text, *, today: date, lookup_base_url: str | None = None) -> Routed:
    """Decide what a scanned payload is. `today` is the office's date (a card's dates are
    checked against it); `lookup_base_url` (the office's, see Office.lookup_url) narrows
    which URLs count as ours; without it any http(s) URL ending in a dossier code does."""
    payload = clean_scan(text)
    if not payload:
        return Routed("text", "", error="Không có dữ liệu quét.")
    if len(payload) > MAX_SCAN_CHARS:
        return Routed("text", payload, error=f"Dữ liệu quét quá dài ({len(payload)} ký tự).")
    if payload.startswith(TICKET_PREFIX + "|"):
        ticket = parse_ticket_payload(payload)
        if ticket is None:
            return Routed(
                "ticket", payload, error="Mã trên phiếu xếp hàng không đúng dạng; hãy quét lại."
            )
        return Routed("ticket", payload, ticket)
    if looks_like_card(payload):
        return _card(payload, today)
    code = dossier_code(payload, lookup_base_url=lookup_base_url)
    if code:
        return Routed("dossier", payload, code)
    return Routed("text", payload)


def clean_scan(text) -> str:
    """NFC text without what scanners put around a payload: whitespace, CR/LF/TAB, control
    characters (STX/ETX prefixes), zero-width marks, and a leading AIM symbology identifier."""
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", errors="replace")
    text = nfc(text)
    start, end = 0, len(text)
    while start < end and _junk(text[start]):
        start += 1
    while end > start and _junk(text[end - 1]):
        end -= 1
    text = text[start:end]
    if _AIM.match(text) and len(text) > 3:
        text = text[3:].lstrip()
    return text


def looks_like_card(payload: str) -> bool:
    """A CCCD/Căn cước QR, well-formed or not: an ID number opening several separated fields."""
    m = _CARD_START.match(payload)
    if m and payload.count(m.group(1)) >= 4:
        return True
    return bool(_CARD_NEAR.match(payload)) and payload.count("|") >= 4


def dossier_code(payload: str, *, lookup_base_url: str | None = None) -> str | None:
    """The dossier code if the payload is one alone, or our lookup URL ending in one."""
    candidate = payload.upper()  # Caps Lock on a keyboard-wedge scanner flips letters
    if DOSSIER_CODE_RE.fullmatch(candidate):
        return candidate
    if not _URL.match(payload):
        return None
    if lookup_base_url:
        return _from_lookup_url(payload, lookup_base_url)
    tail = re.split(r"[/=]", payload.rstrip("/"))[-1]
    return tail if DOSSIER_CODE_RE.fullmatch(tail) else None


def _from_lookup_url(url: str, base: str) -> str | None:
    if "{code}" in base:
        head, _, rest = base.partition("{code}")
    else:
        head, rest = base, ""
    url, head = _strip_scheme(url), _strip_scheme(head)
    if not url.lower().startswith(head.lower()) or not url.endswith(rest):
        return None
    tail = url[len(head) : len(url) - len(rest)].rstrip("/").upper()
    return tail if DOSSIER_CODE_RE.fullmatch(tail) else None


def _strip_scheme(url: str) -> str:
    return re.sub(r"(?i)^https?://", "", url)


def _card(payload: str, today: date) -> Routed:
    from desk.citizen_id import parse_cccd  # the card parser is only needed for cards

    try:
        card = parse_cccd(payload, today=today)
    except CitizenIdError as exc:
        return Routed("citizen_id", payload, error=exc.message)
    return Routed("citizen_id", payload, card)


def _junk(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"}
