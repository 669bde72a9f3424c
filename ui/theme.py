"""Fonts and colours: bundled Vietnamese-capable fonts, calm colours, readable sizes."""

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from desk.paths import FONTS

ACCENT = "#0b5cad"
DANGER = "#b3261e"
OK = "#1e7b34"
MUTED = "#5f6b7a"

STYLE = f"""
QMainWindow, QWidget {{ background: #f6f7f9; color: #1b1f24; }}
QLineEdit, QComboBox, QTextBrowser, QTableView, QListView, QTreeView {{
    background: white; border: 1px solid #c9d0d8; border-radius: 4px; padding: 4px;
}}
QLineEdit:focus, QComboBox:focus, QListView:focus, QTableView:focus, QTreeView:focus,
QPlainTextEdit:focus, QSpinBox:focus, QDateTimeEdit:focus {{ border: 2px solid {ACCENT}; }}
QPushButton:focus, QCheckBox:focus, QRadioButton:focus {{ outline: 2px solid {ACCENT}; }}
QPushButton:focus {{ border: 2px solid {ACCENT}; }}
QTableView {{ gridline-color: #e6e9ee; selection-background-color: #d6e6f7; selection-color: #10243a; }}
QHeaderView::section {{ background: #eef1f5; border: none; border-bottom: 1px solid #c9d0d8; padding: 6px; font-weight: bold; }}
QTabWidget::pane {{ border: 1px solid #c9d0d8; border-radius: 4px; top: -1px; background: white; }}
QTabBar::tab {{ padding: 8px 18px; border: 1px solid transparent; }}
QTabBar::tab:selected {{ background: white; border: 1px solid #c9d0d8; border-bottom-color: white; font-weight: bold; }}
QPushButton {{ background: white; border: 1px solid #aeb8c4; border-radius: 4px; padding: 6px 14px; }}
QPushButton:hover {{ border-color: {ACCENT}; }}
QPushButton[primary="true"] {{ background: {ACCENT}; color: white; border-color: {ACCENT}; font-weight: bold; }}
QPushButton:disabled {{ color: #98a2ae; background: #f1f3f6; border-color: #d5dbe2; }}
QPushButton[primary="true"]:disabled {{ background: #9bb7d4; border-color: #9bb7d4; color: #eef3f8; }}
QLabel#header {{ font-size: 15pt; font-weight: bold; color: #10243a; }}
QLabel#subheader {{ color: {MUTED}; }}
QLabel#bigcode {{ font-size: 26pt; font-weight: bold; color: #10243a; }}
QLabel#bigdue {{ font-size: 20pt; font-weight: bold; color: {ACCENT}; }}
QLabel#figure {{ font-size: 12pt; }}
QStatusBar {{ background: #eef1f5; color: #303b48; }}
"""


def load_fonts() -> str:
    """Register the bundled fonts; returns the family used for the screens."""
    family = "Liberation Sans"
    for path in sorted(FONTS.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            continue
    return family


def apply(app: QApplication) -> None:
    family = load_fonts()
    font = QFont(family, 11)
    app.setFont(font)
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#d6e6f7"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#10243a"))
    app.setPalette(palette)
    app.setStyleSheet(STYLE)
