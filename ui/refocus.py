"""Give the keyboard back to the window when a dialog closes, with or without a window manager.

On a bare X session (a kiosk or a counter PC started straight into the desk, or Xvfb)
nothing re-focuses the main window after a dialog closes: X hands the focus to the root
window, the window looks normal, and every key — the officer's and the barcode scanner's —
goes nowhere until somebody clicks (Qt does not even report the loss). So when a dialog
that had the keyboard is hidden and no window of ours has it a moment later, the window
under it asks for it back. With a window manager this is what the manager does anyway; a
dialog closing while the officer works in another program never had the keyboard, so
nothing is taken from that program.
"""

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

SETTLE_MS = 50  # let a window manager (if any) or a follow-up dialog take the focus first


class Refocus(QObject):
    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.window = window
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Hide
            and isinstance(obj, QWidget)
            and obj.isWindow()
            and obj is not self.window
        ):
            handle = obj.windowHandle()
            had_keys = handle is not None and QGuiApplication.focusWindow() is handle
            if had_keys:
                parent = obj.parentWidget()
                below = parent.window() if parent is not None else self.window
                QTimer.singleShot(SETTLE_MS, lambda: self._give_back(below))
        return False

    def _give_back(self, below: QWidget) -> None:
        if QGuiApplication.focusWindow() is not None:
            return  # a window manager or a following dialog has it
        modal = QApplication.activeModalWidget()
        for widget in (modal, below, self.window):
            if widget is not None and shiboken6.isValid(widget) and widget.isVisible():
                widget.activateWindow()
                return
