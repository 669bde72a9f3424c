"""Scanner keystrokes out of the focused field and into a `scanned` signal; typing untouched.

Installed once on the QApplication, the filter sees every key press wherever the focus
is and feeds desk.wedge.WedgeDetector. Keys are held (swallowed) only while they could
still be a scan and are replayed to the widget they were meant for as soon as they
cannot, each press followed by its release if that came while it was held, so a person's typing arrives intact and at most `max_gap_ms` late. The scanned
text is rebuilt from key codes (Qt key + Shift, else the hardware scan code), not from
the text an input method committed, so Telex/VNI or Caps Lock cannot rewrite it; what
a hook-based IME (Unikey) still mangles is mapped back by desk.wedge.repair_scan.

Timing comes from the platform, not from when Qt gets round to the event: QKeyEvent's
timestamp is the X server's (or Windows') time of the key press, so a burst queued behind
a busy GUI thread keeps its real spacing, and typing held up by a stall is not squeezed
into something scanner-fast. (Measured on Xvfb: keys XTEST sent 2 ms apart reached the
filter in one 5 ms clump after a 40 ms wait.) Events with no timestamp are made by the
application itself — QTest, replays, a virtual keyboard — and are not a scanner; tests of
the detector opt in with `accept_synthetic`, and an injectable clock (ms) times them.
The timer only calls `poll()` when the detector's deadline passes.
"""

from __future__ import annotations

import math
import time
import weakref
from collections.abc import Callable
from datetime import date

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from desk.wedge import (
    BACKSPACE,
    KeyEvent,
    Output,
    Scan,
    WedgeConfig,
    WedgeDetector,
    char_for_key,
    char_for_scan_code,
    repair_scan,
)
from desk.wedge_check import Burst, BurstLog

_MODIFIER_KEYS = {
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
    Qt.Key.Key_CapsLock,
    Qt.Key.Key_NumLock,
    Qt.Key.Key_ScrollLock,
    Qt.Key.Key_Super_L,
    Qt.Key.Key_Super_R,
}
_SHORTCUT_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


_installed: weakref.ref | None = None  # the filter on the application now
_FAST_REPEAT_MS = 15.0  # keyboards repeat every 30–40 ms at their fastest setting


def _monotonic_ms() -> float:
    return time.monotonic() * 1000.0


class WedgeFilter(QObject):
    """Application-wide key filter that turns keyboard-wedge scans into `scanned(str)`.

    `today` gives the office's date (a card's dates are checked against it); `clock` returns
    monotonic milliseconds (tests pass a fake one), used for events without a platform
    timestamp and to tell how much time passed since the last key; `scan_code_offset` is
    what to subtract from QKeyEvent.nativeScanCode() to get a PC set-1 code (None: from the
    platform). `accept_synthetic` lets key events the application made itself be judged too.
    """

    scanned = Signal(str)
    burst = Signal(object)  # a desk.wedge_check.Burst, while a BurstLog is attached (quét thử)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        today: Callable[[], date],
        config: WedgeConfig | None = None,
        clock: Callable[[], float] | None = None,
        scan_code_offset: int | None = None,
        accept_synthetic: bool = False,
    ):
        super().__init__(parent)
        self._detector = WedgeDetector(config)
        self._today = today
        self._clock = clock or _monotonic_ms
        self._accept_synthetic = accept_synthetic
        self._skew = 0.0  # local clock minus event time, at the last key
        self._wraps = 0.0  # platform timestamps are 32-bit ms: they wrap every 49.7 days
        self._last_stamp = 0
        self._log: BurstLog | None = None
        self._last_t: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.poll)
        self._replaying = False
        self._last: tuple[QObject, tuple] | None = None
        self._releases: dict[int, tuple] = {}  # id(held press ref) → (ref, its release)
        self._scan_end: tuple | None = None  # the key that completed a scan, until released
        # Hardware scan codes: PC set 1 on Windows, xkb (evdev + 8) on X11/Wayland.
        if scan_code_offset is None:
            platform = QGuiApplication.platformName()
            scan_code_offset = {"windows": 0, "xcb": 8, "wayland": 8}.get(platform)
        self._scan_offset = scan_code_offset

    def install(self, app: QCoreApplication | None = None) -> None:
        """Become the application's key filter. One at a time: two would each hold and
        replay the other's keys, so a filter installed earlier (a window built before this
        one and not yet deleted) is taken off first."""
        global _installed
        app = app or QApplication.instance()
        previous = _installed() if _installed else None
        if previous is not None and previous is not self and shiboken6.isValid(previous):
            previous.uninstall(app)
        app.installEventFilter(self)
        _installed = weakref.ref(self)

    def uninstall(self, app: QCoreApplication | None = None) -> None:
        global _installed
        self._deliver(self._detector.drain())
        (app or QApplication.instance()).removeEventFilter(self)
        if _installed is not None and _installed() is self:
            _installed = None

    @property
    def config(self) -> WedgeConfig:
        return self._detector.config

    def set_config(self, config: WedgeConfig) -> None:
        """New thresholds (saved from the scanner check): held keys go out first."""
        self._deliver(self._detector.drain())
        self._detector = WedgeDetector(config)
        self._arm()

    def attach_log(self, log: BurstLog | None) -> None:
        """Record bursts for the scanner check (None stops recording: no key log otherwise)."""
        self._log = log

    def now_ms(self) -> float:
        """Now, on the timeline of the key events."""
        return self._clock() - self._skew

    def poll(self) -> None:
        """Release held keys whose wait is over (the timer calls this; tests may too)."""
        now = self.now_ms()
        self._deliver(self._detector.flush(now))
        if self._log is not None:
            self._publish(self._log.close_idle(now))
        self._arm()

    # --- Qt -------------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self._replaying or not isinstance(obj, QWidget) or not isinstance(event, QKeyEvent):
            return False
        if event.type() == QEvent.Type.KeyRelease:
            return self._hold_release(event)
        if event.type() != QEvent.Type.KeyPress:
            return False
        # Qt builds each press on the stack, so the next press often has the same address:
        # the same press passed on to a parent (after the child ignored it) is recognised
        # by address and content together, or a parent would never see a key again.
        press = (shiboken6.getCppPointer(event)[0], _signature(event))
        if self._last and self._last[1] == press and _is_ancestor(obj, self._last[0]):
            return False
        self._last = (obj, press)
        if event.key() in _MODIFIER_KEYS:
            return False
        if not event.timestamp() and not self._accept_synthetic:
            return False  # made by the application, not typed on a device
        if _alt_numpad(event):
            return False  # Alt+numpad composing a letter (Windows): the letter comes after
        ref = (obj, QKeyEvent(event))
        last = self._last_t
        t = self._last_t = self._event_time(event)
        # Qt on X calls a press "auto-repeat" when the release before it has the same
        # millisecond stamp; a scanner's "000" at 1–4 ms a key does that. A held key repeats
        # no faster than every ~30 ms, so a repeat this close to the last key is a scanner.
        repeat = event.isAutoRepeat() and not (last is not None and t - last <= _FAST_REPEAT_MS)
        key_event = KeyEvent(t, self._text(event, repeat), _is_enter(event, repeat), ref=ref)
        outputs = self._detector.feed(key_event)
        scans = [
            (out.events[-1].t_ms, repair_scan(out.text, today=self._today()))
            for out in outputs
            if isinstance(out, Scan)
        ]
        if self._log is not None:
            self._publish(self._log.add(key_event, scans))
        swallowed = not any(
            e.ref is ref for out in outputs if not isinstance(out, Scan) for e in out.events
        )
        if swallowed and not any(held.ref is ref for held in self._detector.pending):
            self._scan_end = (event.key(), event.nativeScanCode())  # its release goes too
        self._deliver(outputs, current=ref, texts=[text for _, text in scans])
        self._arm()
        return swallowed

    def _hold_release(self, event: QKeyEvent) -> bool:
        """A release whose press is held waits with it: a button acts on Space's release,
        so a release that overtook its press would leave the button stuck half-pressed."""
        sig = (event.key(), event.nativeScanCode())
        if sig == self._scan_end:
            self._scan_end = None
            return True
        for held in self._detector.pending:
            press = held.ref[1] if held.ref else None
            if (
                press is not None
                and id(held.ref) not in self._releases
                and (press.key(), press.nativeScanCode()) == sig
            ):
                # The ref is kept with it: its id stays unique while the release waits.
                self._releases[id(held.ref)] = (held.ref, QKeyEvent(event))
                return True
        return False

    def _text(self, event: QKeyEvent, repeat: bool) -> str:
        """What the key typed, from the key itself; "" for keys that must pass untouched."""
        key = event.key()
        mods = event.modifiers()
        if repeat or mods & _SHORTCUT_MODIFIERS:
            return ""  # a held key or a shortcut: never part of a scan
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or event.text() in ("\r", "\n"):
            return ""
        if key == Qt.Key.Key_Tab:
            return "\t"
        if key == Qt.Key.Key_Backspace:
            return BACKSPACE
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        committed = event.text()
        ch = char_for_key(int(key), shift)
        if ch:
            if (
                ch.isalpha()
                and len(committed) == 1
                and committed.isascii()
                and committed.lower() == ch.lower()
            ):
                # Caps Lock flips the committed case only when Shift is held for a capital.
                return ch.upper() if shift and committed.islower() else committed
            return ch
        if self._scan_offset is not None:
            # Not an ASCII key: a layout or IME rewrote it (Vietnamese layout: "1" → "ă");
            # the physical key a US-keyboard scanner pressed still says what it meant.
            ch = char_for_scan_code(event.nativeScanCode(), shift, offset=self._scan_offset)
            if ch:
                return ch
        return committed if committed.isprintable() else ""

    def _event_time(self, event: QKeyEvent) -> float:
        """The key's time in ms: the platform's stamp (unwrapped), else the local clock."""
        stamp = event.timestamp()
        if not stamp:
            return self.now_ms()
        if stamp + 60_000 < self._last_stamp:  # the 32-bit millisecond counter wrapped
            self._wraps += 2.0**32
        self._last_stamp = stamp
        t = stamp + self._wraps
        self._skew = self._clock() - t
        return t

    def _publish(self, bursts: list[Burst]) -> None:
        for burst in bursts:
            self.burst.emit(burst)

    def _deliver(
        self, outputs: list[Output], current: object = None, texts: list[str] | None = None
    ) -> None:
        """Emit scans (their repaired texts given when the burst log already has them) and
        replay released keys."""
        ready = list(texts) if texts is not None else None
        for out in outputs:
            if isinstance(out, Scan):
                for e in out.events:
                    self._releases.pop(id(e.ref), None)  # a scan's keys reach no widget
                if ready is not None:
                    text = ready.pop(0)
                else:
                    text = repair_scan(out.text, today=self._today())
                    if self._log is not None:
                        self._log.scanned(text)
                self.scanned.emit(text)
                continue
            for e in out.events:
                if e.ref is not current:  # the current press goes on through Qt itself
                    self._replay(e.ref)
                waiting = self._releases.pop(id(e.ref), None)
                if waiting is not None:
                    self._replay((e.ref[0], waiting[1]))

    def _replay(self, ref) -> None:
        target, event = ref
        if not shiboken6.isValid(target):
            target = QApplication.focusWidget()
            if target is None:
                return
        self._replaying = True
        try:
            QCoreApplication.sendEvent(target, QKeyEvent(event))
        finally:
            self._replaying = False

    def _arm(self) -> None:
        deadline = self._detector.deadline()
        if deadline is None:
            self._timer.stop()
            return
        self._timer.start(max(0, math.ceil(deadline - self.now_ms())) + 1)


def _is_enter(event: QKeyEvent, repeat: bool) -> bool:
    """Return, keypad Enter, or a key that types a line break (an X Linefeed keysym)."""
    plain = not (repeat or event.modifiers() & _SHORTCUT_MODIFIERS)
    return plain and (
        event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or event.text() in ("\r", "\n")
    )


def _signature(event: QKeyEvent) -> tuple:
    return (event.timestamp(), event.key(), event.text(), event.nativeScanCode())


def _alt_numpad(event: QKeyEvent) -> bool:
    mods = event.modifiers()
    return bool(mods & Qt.KeyboardModifier.AltModifier) and bool(
        mods & Qt.KeyboardModifier.KeypadModifier
    )


def _is_ancestor(obj: QObject, child: QObject) -> bool:
    parent = child.parent() if shiboken6.isValid(child) else None
    while parent is not None:
        if parent is obj:
            return True
        parent = parent.parent()
    return False


def disable_input_method(widget: QWidget) -> None:
    """For a field meant for scans (dossier code, ticket): no IME composition at all, so
    IBus/fcitx/TSF Telex cannot turn a scanner's "dd" into "đ"; Latin-only hints too."""
    widget.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    widget.setInputMethodHints(
        widget.inputMethodHints()
        | Qt.InputMethodHint.ImhLatinOnly
        | Qt.InputMethodHint.ImhNoPredictiveText
    )
