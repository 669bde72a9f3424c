"""What "quét thử" shows: the last bursts of keys with their timing, what the detector decided
and why, in words an officer can act on, and which thresholds would suit the scanner seen.

A burst is the keys between two terminators (Enter/Tab) or two silences longer than
`split_ms`. It is judged again with any thresholds (`Burst.judge`), so the check can show
what a change would do before it is saved. Key logging happens only while the check is
open (the UI attaches a BurstLog then), and only the last few bursts are kept, in memory.
"""

from __future__ import annotations

import dataclasses
import json
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from desk.errors import InvalidInput
from desk.scanner import MAX_MEAN_GAP_LIMIT_MS
from desk.wedge import KeyEvent, Verdict, WedgeConfig, classify, compose

_REASONS = {
    "scan": "máy quét",
    "too_short": "quá ngắn",
    "too_slow": "gõ chậm như người",
    "pauses": "dừng giữa chừng",
    "no_terminator": "không có Enter/Tab ở cuối",
    "edit_keys": "có phím điều khiển",
    "empty": "trống",
}


@dataclass(frozen=True)
class Burst:
    """Keys (without the widgets they went to), and what the live detector made of them."""

    keys: tuple[KeyEvent, ...]
    scans: tuple[str, ...] = ()  # payloads the live detector emitted while this burst was open

    @property
    def text(self) -> str:
        return compose(self.keys)

    @property
    def gaps(self) -> list[float]:
        return [round(b.t_ms - a.t_ms, 1) for a, b in pairwise(self.keys)]

    @property
    def terminated(self) -> bool:
        return bool(self.keys) and (self.keys[-1].is_enter or self.keys[-1].text in "\r\n\t")

    def judge(self, config: WedgeConfig) -> Verdict:
        return classify(self.keys, config)

    def to_json(self, config: WedgeConfig) -> dict:
        verdict = self.judge(config)
        return {
            "text": self.text,
            "keys": len(self.keys),
            "gaps_ms": self.gaps,
            "mean_gap_ms": verdict.mean_gap_ms,
            "max_gap_ms": max(self.gaps, default=0.0),
            "is_scan": verdict.is_scan,
            "reason": verdict.reason,
            "why": explain(verdict, config),
            "live_scans": list(self.scans),
        }


class BurstLog:
    """Cuts the live key stream into bursts; keeps the last `keep` of them."""

    def __init__(self, *, keep: int = 20, split_ms: float = 1000.0, max_keys: int = 1024):
        self.split_ms = split_ms
        self.max_keys = max_keys
        self.closed: deque[Burst] = deque(maxlen=keep)
        self._keys: list[KeyEvent] = []
        self._scans: list[str] = []

    def add(self, event: KeyEvent, scans: Sequence[tuple[float, str]] = ()) -> list[Burst]:
        """Record one key press, with the scans the live detector emitted on it (the time
        of each scan's last key, its text); returns the bursts this closed, oldest first."""
        done = []
        if self._keys and event.t_ms - self._keys[-1].t_ms > self.split_ms:
            last = self._keys[-1].t_ms
            self._scans += [text for t, text in scans if t <= last]
            scans = [(t, text) for t, text in scans if t > last]
            done += self._close()
        if len(self._keys) < self.max_keys:
            self._keys.append(KeyEvent(event.t_ms, event.text, event.is_enter))
        self._scans += [text for _, text in scans]
        if event.is_enter or event.text in ("\r", "\n", "\t"):
            done += self._close()
        return done

    def scanned(self, text: str) -> None:
        """The live detector emitted a scan: it belongs to the open burst, or the last one
        (the terminator that triggered it has already closed the burst)."""
        if self._keys:
            self._scans.append(text)
        elif self.closed:
            last = self.closed[-1]
            self.closed[-1] = Burst(last.keys, (*last.scans, text))

    def close_idle(self, now_ms: float) -> list[Burst]:
        if self._keys and now_ms - self._keys[-1].t_ms > self.split_ms:
            return self._close()
        return []

    def clear(self) -> None:
        self.closed.clear()
        self._keys, self._scans = [], []

    def _close(self) -> list[Burst]:
        if not self._keys:
            return []
        burst = Burst(tuple(self._keys), tuple(self._scans))
        self._keys, self._scans = [], []
        self.closed.append(burst)
        return [burst]


def explain(verdict: Verdict, config: WedgeConfig) -> str:
    """Why the detector decided what it did, in Vietnamese, with the numbers that decided it."""
    mean = _ms(verdict.mean_gap_ms)
    if verdict.is_scan:
        pauses = f", dừng {verdict.pauses} lần" if verdict.pauses else ""
        return (
            f"Máy quét: {verdict.chars} ký tự, trung bình {mean} ms/phím "
            f"(ngưỡng {_ms(config.max_mean_gap_ms)} ms){pauses}, có Enter/Tab ở cuối."
        )
    reason = verdict.reason
    if reason == "too_short":
        return f"Gõ tay: {verdict.chars} ký tự, ít hơn {config.min_length} ký tự tối thiểu."
    if reason == "too_slow":
        return (
            f"Gõ tay: trung bình {mean} ms giữa hai phím, chậm hơn ngưỡng "
            f"{_ms(config.max_mean_gap_ms)} ms."
        )
    if reason == "pauses":
        return (
            f"Gõ tay: dừng {verdict.pauses} lần lâu hơn {_ms(config.max_gap_ms)} ms giữa chừng "
            f"(máy quét chỉ được dừng tối đa {config.max_pauses} lần, mỗi lần ≤ "
            f"{_ms(config.max_pause_ms)} ms, sau ít nhất {config.min_run_before_pause} phím nhanh)."
        )
    if reason == "no_terminator":
        return (
            "Chưa nhận: đủ nhanh nhưng không có Enter/Tab ở cuối. Hãy cài hậu tố Enter trên "
            "máy quét, hoặc bỏ chọn «cần Enter/Tab ở cuối»."
        )
    if reason == "edit_keys":
        return "Gõ tay: có phím điều khiển (Enter giữa chừng, mũi tên, phím tắt…) trong chuỗi."
    return "Không có phím nào."


def reason_label(reason: str) -> str:
    return _REASONS.get(reason, reason)


@dataclass(frozen=True)
class Suggestion:
    """What the scans seen say about the thresholds; `config` is None when they already fit."""

    text: str
    config: WedgeConfig | None = None
    scanner_mean_ms: float = 0.0
    scanner_max_gap_ms: float = 0.0
    scans_seen: int = 0
    extra: dict = field(default_factory=dict)


def suggest(bursts: Iterable[Burst], config: WedgeConfig) -> Suggestion:
    """From bursts the officer says were scans (fast, long, terminated ones), propose
    thresholds with headroom: mean ×1.5 and max gap ×1.5, never past what typing reaches."""
    scans = [b for b in bursts if _looks_scanned(b, config)]
    if not scans:
        return Suggestion("Chưa thấy lần quét nào: hãy quét thử vài mã (có Enter ở cuối).")
    means = [b.judge(config).mean_gap_ms for b in scans]
    gaps = [g for b in scans for g in b.gaps]
    mean, worst = max(means), max(gaps, default=0.0)
    base = (
        f"Máy quét của quầy: chậm nhất trung bình {_ms(mean)} ms/phím, "
        f"khoảng cách lớn nhất {_ms(worst)} ms ({len(scans)} lần quét)."
    )
    if all(b.judge(config).is_scan for b in scans):
        return Suggestion(base + " Ngưỡng hiện tại phù hợp.", None, mean, worst, len(scans))
    want_mean = min(MAX_MEAN_GAP_LIMIT_MS, max(config.max_mean_gap_ms, round(mean * 1.5 + 1)))
    want_gap = max(config.max_gap_ms, want_mean, min(500.0, round(worst * 1.5 + 1)))
    proposed = _replace(config, max_mean_gap_ms=float(want_mean), max_gap_ms=float(want_gap))
    proposed = _replace(proposed, max_pause_ms=max(proposed.max_pause_ms, proposed.max_gap_ms))
    if not all(b.judge(proposed).is_scan for b in scans):
        return Suggestion(
            base + " Máy quét này gửi quá chậm để phân biệt với gõ tay: hãy giảm độ trễ giữa "
            "ký tự trên máy quét, hoặc dùng chế độ cổng COM (USB CDC).",
            None,
            mean,
            worst,
            len(scans),
        )
    return Suggestion(
        base + f" Nên đặt: trung bình ≤ {_ms(want_mean)} ms, tối đa giữa hai phím "
        f"{_ms(want_gap)} ms.",
        proposed,
        mean,
        worst,
        len(scans),
    )


def _looks_scanned(burst: Burst, config: WedgeConfig) -> bool:
    """A candidate scan for suggesting thresholds: terminated, long enough, and faster than
    any person (mean under the typing floor) even if slower than the current threshold."""
    verdict = burst.judge(config)
    if burst.scans or verdict.is_scan:
        return True
    if not burst.terminated or verdict.chars < config.min_length:
        return False
    gaps = burst.gaps
    return bool(gaps) and sum(gaps) / len(gaps) <= MAX_MEAN_GAP_LIMIT_MS


def _replace(config: WedgeConfig, **changes) -> WedgeConfig:
    return dataclasses.replace(config, **changes)


def _ms(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def load_recording(path: Path | str) -> list[KeyEvent]:
    """A recorded key sequence: JSON {"events": [{"t": ms, "text": "a"}, {"t": ms, "enter": true}]}
    (the format of tests/data/wedge), or a bare list of such events."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InvalidInput(f"Không đọc được tệp ghi phím {path}: {exc}") from exc
    return parse_recording(data)


def parse_recording(data) -> list[KeyEvent]:
    events = data.get("events") if isinstance(data, dict) else data
    if not isinstance(events, list):
        raise InvalidInput("Tệp ghi phím phải có danh sách «events».")
    out = []
    for i, e in enumerate(events):
        if not isinstance(e, dict) or not isinstance(e.get("t"), int | float):
            raise InvalidInput(f"Phím thứ {i + 1} trong tệp ghi phím thiếu thời điểm «t» (ms).")
        text = e.get("text", "")
        out.append(
            KeyEvent(float(e["t"]), text if isinstance(text, str) else "", bool(e.get("enter")))
        )
    return out


def bursts_of(events: Sequence[KeyEvent], *, split_ms: float = 1000.0) -> list[Burst]:
    """A recording cut into bursts the way the live check cuts them."""
    log = BurstLog(keep=10_000, split_ms=split_ms, max_keys=10_000)
    for e in events:
        log.add(e)
    log.close_idle(float("inf"))
    return list(log.closed)
