"""This station's barcode scanner: the thresholds that tell its bursts from typing, and the
serial (USB CDC) port it may be plugged in as instead of a keyboard.

Each counter PC keeps its own store, so these settings belong to the station whose file
holds them (key "scanner"). An office confirms its own scanner with "quét thử" and adjusts
the thresholds here without a developer; what the numbers mean, and what real scanner
models send, is in docs/scanner.md.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from desk.errors import InvalidInput
from desk.wedge import WedgeConfig

SETTINGS_KEY = "scanner"
BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
# A fast typist averages 80 ms a key over a word; a mean threshold above this would take
# typing for scans, so it is refused rather than left to be found at the counter.
MAX_MEAN_GAP_LIMIT_MS = 60.0
WARN_MEAN_GAP_MS = 40.0

# (field, lowest, highest, Vietnamese label) for the numeric thresholds.
_LIMITS: tuple[tuple[str, float, float, str], ...] = (
    ("max_gap_ms", 2, 500, "khoảng cách tối đa giữa hai phím"),
    ("max_mean_gap_ms", 1, MAX_MEAN_GAP_LIMIT_MS, "khoảng cách trung bình tối đa"),
    ("min_length", 2, 200, "số ký tự tối thiểu"),
    ("max_pauses", 0, 5, "số lần dừng giữa chừng"),
    ("max_pause_ms", 2, 2000, "thời gian dừng tối đa"),
    ("min_run_before_pause", 1, 200, "số phím nhanh trước một lần dừng"),
)


@dataclass(frozen=True)
class SerialSettings:
    """A scanner in USB serial (CDC/virtual COM) mode: bytes, no keyboard, no input method."""

    port: str = ""  # "" = none; "COM3" on Windows, "/dev/ttyACM0" or "ttyACM0" on Linux
    baud: int = 9600  # a CDC device ignores it; a real RS-232 scanner needs the right one
    idle_ms: int = 80  # a payload without CR/LF ends after this much silence

    @property
    def enabled(self) -> bool:
        return bool(self.port.strip())


@dataclass(frozen=True)
class ScannerSettings:
    wedge: WedgeConfig = field(default_factory=WedgeConfig)
    serial: SerialSettings = field(default_factory=SerialSettings)

    def to_json(self) -> dict[str, Any]:
        return {"wedge": dataclasses.asdict(self.wedge), "serial": dataclasses.asdict(self.serial)}

    @classmethod
    def from_json(cls, data: Any) -> ScannerSettings:
        """Lenient on what is stored (unknown keys ignored, missing ones default); strict
        checking is `validate`, run before anything is stored."""
        data = data if isinstance(data, dict) else {}
        return cls(
            _build(WedgeConfig, data.get("wedge")), _build(SerialSettings, data.get("serial"))
        )


def _build(kind, data: Any):
    defaults = kind()
    if not isinstance(data, dict):
        return defaults
    values = {}
    for f in dataclasses.fields(kind):
        if f.name not in data:
            continue
        default = getattr(defaults, f.name)
        value = data[f.name]
        try:
            if isinstance(default, bool):
                value = bool(value)
            elif isinstance(default, int):
                value = int(value)
            elif isinstance(default, float):
                value = float(value)
            else:
                value = str(value)
        except (TypeError, ValueError):
            continue
        values[f.name] = value
    return kind(**values)


def validate(settings: ScannerSettings) -> list[str]:
    """Refuse thresholds that cannot work (InvalidInput, in Vietnamese); return warnings
    for ones that work but risk taking typing for a scan."""
    wedge = settings.wedge
    for name, low, high, label in _LIMITS:
        value = getattr(wedge, name)
        if not low <= value <= high:
            raise InvalidInput(
                f"Ngưỡng «{label}» phải trong khoảng {low:g}–{high:g} (đang là {value:g})."
            )
    if wedge.max_mean_gap_ms > wedge.max_gap_ms:
        raise InvalidInput(
            "Khoảng cách trung bình tối đa không được lớn hơn khoảng cách tối đa giữa hai phím "
            f"({wedge.max_mean_gap_ms:g} > {wedge.max_gap_ms:g} ms)."
        )
    if wedge.max_pauses and wedge.max_pause_ms < wedge.max_gap_ms:
        raise InvalidInput(
            "Thời gian dừng tối đa phải dài hơn khoảng cách tối đa giữa hai phím "
            f"({wedge.max_pause_ms:g} < {wedge.max_gap_ms:g} ms)."
        )
    serial = settings.serial
    if serial.baud not in BAUD_RATES:
        raise InvalidInput(
            f"Tốc độ cổng {serial.baud} không hợp lệ; chọn một trong: "
            + ", ".join(str(b) for b in BAUD_RATES)
            + "."
        )
    if not 10 <= serial.idle_ms <= 2000:
        raise InvalidInput("Thời gian chờ cuối mã của cổng COM phải trong khoảng 10–2000 ms.")
    if len(serial.port) > 200 or any(ch in serial.port for ch in "\r\n\x00"):
        raise InvalidInput("Tên cổng COM không hợp lệ.")
    warnings = []
    if wedge.max_mean_gap_ms > WARN_MEAN_GAP_MS:
        warnings.append(
            f"Ngưỡng trung bình {wedge.max_mean_gap_ms:g} ms khá cao: người gõ rất nhanh có thể bị "
            "nhận là máy quét. Nếu được, hãy giảm độ trễ giữa ký tự trên máy quét."
        )
    if not wedge.require_terminator:
        warnings.append(
            "Không cần Enter/Tab ở cuối: mã chỉ được nhận sau khi máy quét ngừng gửi "
            f"{wedge.max_gap_ms:g} ms; nên cài hậu tố Enter trên máy quét."
        )
    return warnings


def load(store) -> ScannerSettings:
    return ScannerSettings.from_json(store.setting(SETTINGS_KEY))


def save(store, settings: ScannerSettings, *, actor: str) -> list[str]:
    """Store this station's scanner settings (checked first, audited); returns warnings."""
    from desk.store import audit
    from desk.store import settings as settings_mod

    warnings = validate(settings)
    value = settings.to_json()
    with store.write() as db:
        at = store.now()
        settings_mod.put(db, SETTINGS_KEY, value, at=at)
        audit.record(db, actor, "scanner.settings", "settings", SETTINGS_KEY, value, at=at)
    return warnings


def reset(store, *, actor: str) -> ScannerSettings:
    defaults = ScannerSettings()
    save(store, defaults, actor=actor)
    return defaults


def with_changes(settings: ScannerSettings, **changes: Any) -> ScannerSettings:
    """A copy with some wedge or serial fields changed (names as in the dataclasses,
    serial ones prefixed `serial_`); unknown names are an error in Vietnamese."""
    wedge_fields = {f.name for f in dataclasses.fields(WedgeConfig)}
    serial_fields = {f.name for f in dataclasses.fields(SerialSettings)}
    wedge: dict[str, Any] = {}
    serial: dict[str, Any] = {}
    for name, value in changes.items():
        if name in wedge_fields:
            wedge[name] = value
        elif name.startswith("serial_") and name[7:] in serial_fields:
            serial[name[7:]] = value
        else:
            raise InvalidInput(f"Không có thiết lập máy quét tên «{name}».")
    return ScannerSettings(
        dataclasses.replace(settings.wedge, **wedge), dataclasses.replace(settings.serial, **serial)
    )
