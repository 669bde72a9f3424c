"""Telling a USB barcode scanner from a person when both type into the same keyboard input.

A keyboard-wedge scanner types its payload as keystrokes a few milliseconds apart
(1–16 ms; some send in chunks with one longer stop) and ends it with Enter or Tab. A
person, even a fast typist, leaves 50–120 ms between most keys, with an occasional
rolled pair faster than that. So: a run of at least `min_length` characters whose gaps
average under `max_mean_gap_ms`, ending in the terminator, is a scan; anything else is
typing. `classify` judges a recorded sequence; `WedgeDetector` does it live, holding
keys only while they could still be a scan and handing them back (`Release`) as soon
as they cannot — a person's key waits `max_gap_ms`, a rolled pair up to twice that —
so nothing typed is lost, reordered, or noticeably late.

The Vietnamese input method (anchors §C.4). With Unikey/EVKey in Telex, the OS rewrites
what the scanner "types": "dd" → "đ", "aa" → "â", "ow" → "ơ", a vowel then s/f/r/x/j
gets a tone (VNI does the same with digits 1–9). Scanner text must bypass it:

1. Best: set the scanner to USB-COM/HID-POS (bytes, no keyboard) or have it send
   Unicode/Alt+numpad; or turn the IME off for scan fields (the UI disables input-method
   composition on them, which IBus/fcitx/TSF honour).
2. The app builds the scanned text from what keys were pressed — the Qt key code with
   Shift, or the hardware scan code (`char_for_key`, `char_for_scan_code`) — not from the
   committed text, so a Qt-level IME or Caps Lock cannot change it.
3. A hook-based IME (Unikey) still eats keys and sends Backspace + the Vietnamese letter;
   Backspace inside a burst edits the buffer like the field would, and a payload that
   should be ASCII but holds Vietnamese letters is mapped back to the keys that produced
   it (`unmangle`: Telex, then VNI) and accepted only if the result parses.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise


@dataclass(frozen=True)
class KeyEvent:
    """One key press: when (ms, any monotonic clock), the character it typed ("" for
    Enter and for keys that type nothing), and an opaque `ref` the UI gets back."""

    t_ms: float
    text: str = ""
    is_enter: bool = False
    ref: object = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class WedgeConfig:
    max_gap_ms: float = 35.0  # a longer gap is a pause (scanners: 1–16 ms between keys)
    max_mean_gap_ms: float = 20.0  # mean of the non-pause gaps of a scan
    min_length: int = 6  # shortest payload taken as a scan (EAN-8 is 8, our codes 19+)
    max_pauses: int = 2  # chunked scanners stop once or twice mid-payload…
    max_pause_ms: float = 200.0  # …for at most this long…
    min_run_before_pause: int = 8  # …after a fast run at least this long
    tab_ends_scan: bool = True  # many scanners can be set to Tab instead of Enter
    require_terminator: bool = True  # False: a fast run followed by silence is a scan too


@dataclass(frozen=True)
class Verdict:
    is_scan: bool
    text: str
    reason: str  # "scan", "too_short", "too_slow", "no_terminator", "pauses", "edit_keys", "empty"
    chars: int = 0
    mean_gap_ms: float = 0.0
    pauses: int = 0


@dataclass(frozen=True)
class Scan:
    """A scanner's payload; `events` are its keys, terminator included (swallowed)."""

    text: str
    events: tuple[KeyEvent, ...]


@dataclass(frozen=True)
class Release:
    """Keys that were held and turned out to be typing: deliver them, in this order."""

    events: tuple[KeyEvent, ...]


Output = Scan | Release

BACKSPACE = "\b"


def _kind(event: KeyEvent, config: WedgeConfig) -> str:
    if event.is_enter or event.text in ("\r", "\n"):
        return "end"
    if event.text == "\t":
        return "end" if config.tab_ends_scan else "char"
    if event.text == BACKSPACE:
        return "backspace"
    if event.text and all(unicodedata.category(ch)[0] != "C" for ch in event.text):
        return "char"
    return "other"


def compose(events: Iterable[KeyEvent]) -> str:
    """The text the keys leave in a line: characters, Backspace taking one back, Enter none."""
    out: list[str] = []
    for e in events:
        if e.text == BACKSPACE:
            if out:
                out.pop()
        elif not e.is_enter and e.text not in ("\r", "\n"):
            out.extend(e.text)
    return "".join(out)


def classify(events: Sequence[KeyEvent], config: WedgeConfig | None = None) -> Verdict:
    """Is this recorded sequence (keys, then usually Enter/Tab) one scanner payload?"""
    config = config or WedgeConfig()
    events = list(events)
    if not events:
        return Verdict(False, "", "empty")
    kinds = [_kind(e, config) for e in events]
    terminated = kinds[-1] == "end"
    body = events[:-1] if terminated else events
    text = compose(body)
    body_kinds = kinds[:-1] if terminated else kinds
    if "end" in body_kinds or "other" in body_kinds:
        return Verdict(False, text, "edit_keys")
    gaps = _gaps(events)
    fast = [g for g in gaps if g <= config.max_gap_ms]
    pauses = len(gaps) - len(fast)
    # The mean of the fast gaps; with none (every key a pause: plain typing), of them all.
    mean = sum(fast) / len(fast) if fast else (sum(gaps) / len(gaps) if gaps else 0.0)
    chars = sum(1 for k in body_kinds if k == "char")
    verdict = Verdict(False, text, "scan", chars, round(mean, 2), pauses)
    if len(text) < config.min_length or chars < config.min_length:
        return _with(verdict, "too_short")
    if mean > config.max_mean_gap_ms or not _pauses_allowed(gaps, config):
        return _with(verdict, "too_slow" if mean > config.max_mean_gap_ms else "pauses")
    if not terminated and config.require_terminator:
        return _with(verdict, "no_terminator")
    return Verdict(True, text, "scan", chars, round(mean, 2), pauses)


def _gaps(events: Sequence[KeyEvent]) -> list[float]:
    return [b.t_ms - a.t_ms for a, b in pairwise(events)]


def _with(verdict: Verdict, reason: str) -> Verdict:
    return Verdict(False, verdict.text, reason, verdict.chars, verdict.mean_gap_ms, verdict.pauses)


def _pauses_allowed(gaps: Sequence[float], config: WedgeConfig) -> bool:
    """Gaps are fast, or a few bounded pauses each after a long fast run (a chunk)."""
    pauses = run = 0
    for g in gaps:
        if g <= config.max_gap_ms:
            run += 1
            continue
        if g > config.max_pause_ms or run + 1 < config.min_run_before_pause:
            return False
        pauses += 1
        if pauses > config.max_pauses:
            return False
        run = 0
    return True


class WedgeDetector:
    """Live version of `classify`: feed key presses one at a time, deliver what comes out.

    Keys are held while they could still begin a scan. Call `flush(now)` when `deadline()`
    passes (a timer) so a person's last key is released without waiting for the next one.
    Every key fed comes out exactly once, in order, in a `Scan` or a `Release`.
    """

    def __init__(self, config: WedgeConfig | None = None):
        self.config = config or WedgeConfig()
        self._held: list[KeyEvent] = []

    @property
    def pending(self) -> tuple[KeyEvent, ...]:
        return tuple(self._held)

    def deadline(self) -> float | None:
        """When the held keys stop being a possible scan (same clock as the events)."""
        if not self._held:
            return None
        return self._held[-1].t_ms + self._hold()

    def feed(self, event: KeyEvent) -> list[Output]:
        out: list[Output] = []
        if self._held and event.t_ms - self._held[-1].t_ms > self._hold():
            out += self._expire()
        kind = _kind(event, self.config)
        if kind == "end":
            if not self._held:
                return [*out, Release((event,))]
            candidate = [*self._held, event]
            self._held = []
            verdict = classify(candidate, self.config)
            out.append(
                Scan(verdict.text, tuple(candidate))
                if verdict.is_scan
                else Release(tuple(candidate))
            )
        elif kind == "other" or (kind == "backspace" and not self._held):
            out.append(Release((*self._held, event)))
            self._held = []
        else:
            self._held.append(event)
            drop = self._first_viable()
            if drop:
                out.append(Release(tuple(self._held[:drop])))
                self._held = self._held[drop:]
        return out

    def flush(self, now_ms: float) -> list[Output]:
        """Release (or, without a required terminator, emit) held keys whose wait is over."""
        if self._held and now_ms - self._held[-1].t_ms > self._hold():
            return self._expire()
        return []

    def drain(self) -> list[Output]:
        """Give back everything held now (focus moved, window closing)."""
        return self._expire() if self._held else []

    def _expire(self) -> list[Output]:
        held, self._held = tuple(self._held), []
        if not self.config.require_terminator:
            verdict = classify(held, self.config)
            if verdict.is_scan:
                return [Scan(verdict.text, held)]
        return [Release(held)]

    def _hold(self) -> float:
        """How long to wait for the next key: long enough for a chunk pause only once the
        held run is fast and long, which no person produces, so typing is never held long."""
        gaps = _gaps(self._held)
        run = 1
        pauses = 0
        for g in gaps:
            if g <= self.config.max_gap_ms:
                run += 1
            else:
                pauses, run = pauses + 1, 1
        if run >= self.config.min_run_before_pause and pauses < self.config.max_pauses:
            return self.config.max_pause_ms
        return self.config.max_gap_ms

    def _first_viable(self) -> int:
        """How many held keys at the front can no longer be part of a scan (a held key
        repeating at 30 ms is fast but not scanner-fast: the mean rules it out)."""
        for start in range(len(self._held)):
            held = self._held[start:]
            if _kind(held[0], self.config) == "backspace":
                continue
            gaps = _gaps(held)
            fast = [g for g in gaps if g <= self.config.max_gap_ms]
            slow = len(fast) >= 2 and sum(fast) / len(fast) > self.config.max_mean_gap_ms
            if not slow and _pauses_allowed(gaps, self.config):
                return start
        return len(self._held)


# --- characters from keys, not from the input method ---------------------------------------

# US-layout characters of PC scan codes (set 1 = Windows; Linux evdev uses the same numbers,
# X11 adds 8): scanners emulate a US keyboard unless told otherwise.
_SCAN_CODES = {
    2: "1!",
    3: "2@",
    4: "3#",
    5: "4$",
    6: "5%",
    7: "6^",
    8: "7&",
    9: "8*",
    10: "9(",
    11: "0)",
    12: "-_",
    13: "=+",
    16: "qQ",
    17: "wW",
    18: "eE",
    19: "rR",
    20: "tT",
    21: "yY",
    22: "uU",
    23: "iI",
    24: "oO",
    25: "pP",
    26: "[{",
    27: "]}",
    30: "aA",
    31: "sS",
    32: "dD",
    33: "fF",
    34: "gG",
    35: "hH",
    36: "jJ",
    37: "kK",
    38: "lL",
    39: ";:",
    40: "'\"",
    41: "`~",
    43: "\\|",
    44: "zZ",
    45: "xX",
    46: "cC",
    47: "vV",
    48: "bB",
    49: "nN",
    50: "mM",
    51: ",<",
    52: ".>",
    53: "/?",
    57: "  ",
    71: "77",
    72: "88",
    73: "99",
    74: "--",
    75: "44",
    76: "55",
    77: "66",
    78: "++",
    79: "11",
    80: "22",
    81: "33",
    82: "00",
    83: "..",
}


def char_for_key(key: int, shift: bool) -> str:
    """The character of a Qt key code (printable ASCII codes equal the character; letters
    arrive upper-case whatever Shift and Caps Lock say), "" for other keys."""
    if not 0x20 <= key <= 0x7E:
        return ""
    ch = chr(key)
    if ch.isalpha():
        return ch.upper() if shift else ch.lower()
    return ch


def char_for_scan_code(code: int, shift: bool, *, offset: int = 0) -> str:
    """The US-layout character of a hardware scan code ("" if not a character key);
    offset 8 for X11 key codes, 0 for Windows and evdev."""
    pair = _SCAN_CODES.get(code - offset)
    if not pair:
        return ""
    return pair[1] if shift else pair[0]


# --- undoing a Vietnamese input method -------------------------------------------------------

_TONES_TELEX = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
_TONES_VNI = {"\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_BASES_TELEX = {"â": "aa", "ê": "ee", "ô": "oo", "ă": "aw", "ơ": "ow", "ư": "uw", "đ": "dd"}
_BASES_VNI = {"â": "a6", "ê": "e6", "ô": "o6", "ă": "a8", "ơ": "o7", "ư": "u7", "đ": "d9"}


def _keys_for(text: str, bases: dict[str, str], tones: dict[str, str]) -> str:
    out = []
    for ch in text:
        lower = ch.lower()
        decomposed = unicodedata.normalize("NFD", lower)
        tone = next((tones[m] for m in decomposed if m in tones), "")
        base = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in tones))
        keys = bases.get(base, base)
        if ch != lower:
            keys = keys[0].upper() + keys[1:]
        out.append(keys + tone)
    return "".join(out)


def telex_keys(text: str) -> str:
    """The Telex keystrokes that type `text`: "đá" → "ddas"."""
    return _keys_for(text, _BASES_TELEX, _TONES_TELEX)


def vni_keys(text: str) -> str:
    """The VNI keystrokes that type `text`: "đá" → "d9a1"."""
    return _keys_for(text, _BASES_VNI, _TONES_VNI)


def ime_mangled(text: str) -> bool:
    """Letters a US-layout wedge scanner cannot type: an input method rewrote its keys."""
    return any(ord(ch) > 0x7E and unicodedata.category(ch)[0] in "LM" for ch in text)


def unmangle(text: str, accept: Callable[[str], bool]) -> str | None:
    """The payload the scanner sent, if `text` is it rewritten by Telex or VNI and the
    keystrokes behind it are something `accept` recognises; else None."""
    if not ime_mangled(text):
        return None
    for keys in (telex_keys(text), vni_keys(text)):
        if keys.isascii() and accept(keys):
            return keys
    return None


def repair_scan(text: str, *, today: date) -> str:
    """The payload a wedge scan meant. Our own codes (dossier, ticket) are ASCII by design,
    so Vietnamese letters in one mean the input method rewrote the scanner's keys: map them
    back when the keys behind them make one of our payloads. A valid card keeps its letters
    (a scanner in Unicode mode types them for real)."""
    from desk.scan.route import route

    if not ime_mangled(text):
        return text
    routed = route(text, today=today)
    if routed.kind == "citizen_id" and routed.ok:
        return text

    def ours(keys: str) -> bool:
        again = route(keys, today=today)
        return again.kind != "text" and again.ok

    return unmangle(text, ours) or text
