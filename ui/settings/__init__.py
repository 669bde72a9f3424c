"""The settings window (Thiết lập): one page per area, each in its own module."""

from ui.settings.window import PAGES, SettingsWindow

__all__ = ["PAGES", "SettingsWindow"]
