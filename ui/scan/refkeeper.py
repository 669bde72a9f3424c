"""A guard against a PySide6 6.12.0 bug: every `Signal.emit()` called from Python hands back
`True` without owning a reference to it, so the interpreter's count of references to `True`
drops by one per emit. After some 100 000 emits (minutes of camera preview, a day of
runner jobs) it reaches zero and Python aborts with "bool_dealloc: deallocating True or
False". Measured once at start; when the leak is there, a timer gives the references back.
Nothing happens on a PySide6 without the bug. Remove when PySide6 is fixed.
"""

import atexit
import ctypes
import sys

from PySide6.QtCore import QObject, QTimer, Signal

CHECK_MS = 1000  # at ~100 emits a second the margin stays in the thousands


class _Probe(QObject):
    ping = Signal()


def leak_per_emit(samples: int = 100) -> int:
    """References to True lost per Python-side emit on this PySide6 (0 when fixed)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(samples):
        probe.ping.emit()
    lost = give_back(before)  # the probe's own loss, returned at once
    return round(lost / samples)


class RefKeeper(QObject):
    """Keeps the count of references to True from running down to zero, while the app runs
    and once more at exit (the interpreter's own clean-up would otherwise reach zero)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.leaks = leak_per_emit()
        self.baseline = sys.getrefcount(True)
        self.given = 0
        self._timer = QTimer(self, interval=CHECK_MS)
        self._timer.timeout.connect(self.top_up)
        if self.leaks:
            self._timer.start()
            atexit.register(give_back, self.baseline)  # plain values: no Qt object at exit

    def top_up(self) -> None:
        self.given += give_back(self.baseline)


def give_back(baseline: int) -> int:
    """Restore the count of references to True to `baseline`; how many were given."""
    missing = max(0, baseline - sys.getrefcount(True))
    for _ in range(missing):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return missing
