"""Starting the window: display check, QApplication, theme, store, and the object graph."""

import os
import sys
from pathlib import Path

from desk.errors import DeskError


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


NO_DISPLAY = (
    "Không tìm thấy màn hình để mở cửa sổ (biến DISPLAY trống).\n"
    "Trên máy chủ không màn hình, hãy chạy:  xvfb-run -a desk\n"
    "hoặc chụp ảnh cửa sổ:  desk app --screenshot cua-so.png"
)


def build(store, *, inline: bool = False, log_path: str = "", tick_ms: int | None = None):
    """The object graph, built once: runner, change bus, office clock, main window.

    Office time is the store's clock (`store.clock`), injected by tests and the CLI.
    """
    from ui.changes import ChangeBus
    from ui.main_window import MainWindow
    from ui.office_clock import OfficeClock
    from ui.ops import Runner
    from ui.print_service import PrintService

    runner = Runner(inline=inline, log_path=log_path)
    bus = ChangeBus()
    office_clock = OfficeClock(store.clock, **({"interval_ms": tick_ms} if tick_ms else {}))
    printing = PrintService(store, runner, bus)
    window = MainWindow(store, runner, bus, printing, office_clock)
    office_clock.setParent(window)
    from ui.backup_service import BackupService

    BackupService(store, runner, parent=window).start()  # daily; a failure on runner.error
    return window, runner, bus


def install_excepthook(window, log_path: str) -> None:
    """An error nobody caught: log it, tell the officer where the log is, keep the window alive."""
    import logging

    from ui.ops import message_for

    def hook(kind, value, tb):
        logging.getLogger("desk.ui").error("uncaught error", exc_info=(kind, value, tb))
        from PySide6.QtWidgets import QMessageBox

        window.show_error(message_for(value, log_path))
        if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            QMessageBox.critical(window, "Lỗi", message_for(value, log_path))

    sys.excepthook = hook


def run(
    store, *, screenshot: Path | None = None, log_path: str = "", exit_after_shown: bool = False
) -> int:
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not has_display():
        raise DeskError(NO_DISPLAY)
    from PySide6.QtWidgets import QApplication

    from ui import theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Bộ phận Một cửa")
    theme.apply(app)
    window, _runner, _bus = build(store, inline=bool(screenshot), log_path=log_path)
    window.show()
    if screenshot:
        app.processEvents()
        window.grab().save(str(screenshot))
        window.close()
        return 0
    if exit_after_shown:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, app.quit)  # after the first paint: what the start-up benchmark times
    return app.exec()
