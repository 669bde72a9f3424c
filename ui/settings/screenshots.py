"""PNGs of the first-start wizard and the settings window, for `desk app --screenshots DIR`.

Both are drawn offscreen at the given screen size from the store as it is (the demo
office for the README); nothing is written to the store.
"""

from pathlib import Path

SCREEN = (1366, 768)


def _settle(widget) -> None:
    from PySide6.QtWidgets import QApplication

    widget.show()
    for _ in range(3):
        QApplication.processEvents()


def grab_setup_wizard(store, runner, path: str | Path, *, screen=SCREEN) -> Path:
    """The wizard's first page, at most `screen` in size."""
    from ui.setup_wizard import SetupWizard

    wizard = SetupWizard(store, runner)
    wizard.resize(min(wizard.width(), screen[0] - 40), min(wizard.height(), screen[1] - 60))
    _settle(wizard)
    path = Path(path)
    wizard.grab().save(str(path))
    wizard.close()
    wizard.deleteLater()
    return path


def grab_settings(
    store,
    runner,
    bus,
    user,
    path: str | Path,
    *,
    page: str = "printers",
    printing=None,
    screen=SCREEN,
) -> Path:
    """The settings window on `page`, sized as on a `screen`-sized display."""
    from ui.settings import SettingsWindow

    window = SettingsWindow(store, runner, bus, user, printing=printing)
    window.resize(min(1100, screen[0] - 40), min(720, screen[1] - 60))
    window.open_page(page)
    _settle(window)
    path = Path(path)
    window.grab().save(str(path))
    window.close()
    window.deleteLater()
    return path


def grab_all(store, runner, bus, user, folder: str | Path, *, printing=None) -> list[Path]:
    """first-start.png and settings.png into `folder` (what `desk app --screenshots` adds)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [
        grab_setup_wizard(store, runner, folder / "first-start.png"),
        grab_settings(store, runner, bus, user, folder / "settings.png", printing=printing),
    ]
