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


def build(
    store,
    user=None,
    *,
    inline: bool = False,
    log_path: str = "",
    tick_ms: int | None = None,
    key_clock=None,
):
    """The object graph, built once: runner, change bus, office clock, session, main window.

    Office time is the store's clock (`store.clock`), injected by tests and the CLI. `user`
    is the logged-in officer (tests give one; `run` asks for a login).
    """
    from ui.changes import ChangeBus
    from ui.main_window import MainWindow
    from ui.office_clock import OfficeClock
    from ui.ops import Runner
    from ui.print_service import PrintService
    from ui.session import Session

    runner = Runner(inline=inline, log_path=log_path)
    bus = ChangeBus()
    office_clock = OfficeClock(store.clock, **({"interval_ms": tick_ms} if tick_ms else {}))
    printing = PrintService(store, runner, bus)
    session = Session(user or screenshot_user(store))
    window = MainWindow(store, runner, bus, printing, office_clock, session)
    for child in (office_clock, session, printing):
        child.setParent(window)
    install_scanners(window, store, key_clock)
    from ui.refocus import Refocus

    Refocus(window)
    from ui import sync_status  # background sync and its corner of the status bar

    window.sync_worker, window.sync_status = sync_status.install(
        window, store, runner, bus, start=not inline
    )
    from ui.backup_service import BackupService

    BackupService(store, runner, parent=window).start()  # daily; a failure on runner.error
    return window, runner, bus


def install_scanners(window, store, key_clock=None) -> None:
    """The USB barcode scanner (typing like a keyboard, or on a serial port) feeds the window's
    scan router wherever the focus is. `key_clock` (milliseconds) times the keys in tests,
    which type with application-made key events."""
    from desk import scanner
    from ui.scanners import Scanners, install

    if key_clock is None:
        window.scanners = install(store, window.on_scanned, parent=window)
        return
    window.scanners = Scanners(
        scanner.load(store),
        window.on_scanned,
        today=lambda: store.now().date(),
        parent=window,
        wedge_options={"clock": key_clock, "accept_synthetic": True},
    )


def screenshot_user(store):
    """Who a window drawn without a login shows (screenshots): an officer of the office."""
    from desk.users import User, list_users

    users = [u for u in list_users(store) if u.active]
    officers = [u for u in users if u.role == "officer"] or users
    return officers[0] if officers else User("", "", "Chưa đăng nhập", "officer", True)


def login(store, runner, parent=None):
    """The officer who logs in (creating the first admin on an office without users), or None."""
    from PySide6.QtWidgets import QDialog

    from desk.users import list_users
    from ui.login import FirstAdminDialog, LoginDialog

    office = store.office()
    if not list_users(store):
        first = FirstAdminDialog(store, runner, office_name=office.name, parent=parent)
        if first.exec() != QDialog.DialogCode.Accepted:
            return None
        return first.user
    dialog = LoginDialog(store, runner, office_name=office.name, parent=parent)
    return dialog.user if dialog.exec() == QDialog.DialogCode.Accepted else None


def install_excepthook(window, log_path: str) -> None:
    """An error nobody caught: log it, tell the officer where the log is, keep the window alive."""
    import logging

    from ui.ops import message_for

    def hook(kind, value, tb):
        logging.getLogger("desk.ui").error("uncaught error", exc_info=(kind, value, tb))
        from PySide6.QtWidgets import QMessageBox

        window.show_error(message_for(value, log_path))
        if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            box = QMessageBox(
                QMessageBox.Icon.Critical, "Lỗi", message_for(value, log_path), parent=window
            )
            box.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
            box.exec()

    sys.excepthook = hook


def screenshots(store, folder: Path) -> list[Path]:
    """PNGs of the main screens (see ui.screenshots), offscreen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui import theme
    from ui.screenshots import make_screenshots

    app = QApplication.instance() or QApplication(sys.argv[:1])
    theme.apply(app)
    return make_screenshots(store, folder)


def run(
    store, *, screenshot: Path | None = None, log_path: str = "", exit_after_shown: bool = False
) -> int:
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not has_display():
        raise DeskError(NO_DISPLAY)
    from PySide6.QtWidgets import QApplication

    from ui import theme
    from ui.ops import Runner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Bộ phận Một cửa")
    theme.apply(app)
    from ui.translations import install_translations

    install_translations(app)
    # The login dialog (or the wizard) closing must not end the app before the window opens.
    app.setQuitOnLastWindowClosed(False)
    if not store.is_initialised:  # first start: the setup wizard, never a placeholder office
        from ui.settings.screenshots import grab_setup_wizard
        from ui.setup_wizard import run_first_start

        if screenshot:
            grab_setup_wizard(store, Runner(inline=True), screenshot)
            return 0
        if not run_first_start(store, Runner(log_path=log_path)):
            return 0
    user = None
    if not (screenshot or exit_after_shown):
        user = login(store, Runner(log_path=log_path))
        if user is None:
            return 0  # the officer chose «Thoát» at the login
    window, _runner, _bus = build(store, user, inline=bool(screenshot), log_path=log_path)
    install_excepthook(window, log_path)
    window.show()
    window.raise_()
    window.activateWindow()  # without a window manager (a kiosk) nobody else gives it the keyboard
    app.setQuitOnLastWindowClosed(True)
    if screenshot:
        app.processEvents()
        window.grab().save(str(screenshot))
        window.close()
        return 0
    window.printing.start()  # the print queue's retry timer
    if exit_after_shown:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, app.quit)  # after the first paint: what the start-up benchmark times
    return app.exec()
