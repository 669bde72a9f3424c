"""Qt's own words in Vietnamese, installed once at start-up (`install_translations(app)`).

Qt's catalogue for Vietnamese (qtbase_vi.qm) is loaded when the Qt in use ships one;
PySide6 6.x does not, so our own table (ui/qt_vi.py) answers instead: file dialogs,
standard buttons, the wizard's buttons and text-field menus then speak Vietnamese.
"""

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

from ui.qt_vi import QT_VI

VIETNAMESE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)


class VietnameseQt(QTranslator):
    """A translator that answers from QT_VI; anything else stays as Qt wrote it."""

    def translate(self, context, source_text, disambiguation=None, n=-1):
        # None (a null QString) lets Qt keep its own text; "" would be taken as the
        # translation and blank every other string (even page-size names: A4 → "").
        return QT_VI.get((context, source_text))

    def isEmpty(self) -> bool:
        return False


def qt_catalogue() -> QTranslator | None:
    """Qt's own Vietnamese catalogue, when this Qt ships one."""
    translator = QTranslator()
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return translator if translator.load(VIETNAMESE, "qtbase", "_", path) else None


def qt_ships_vietnamese() -> bool:
    return qt_catalogue() is not None


NAME = "desk-vi"


def install_translations(app) -> QTranslator:
    """Vietnamese for Qt's dialogs and the Vietnamese locale; once per app (idempotent)."""
    installed = app.findChild(QTranslator, NAME)
    if installed is not None:
        return installed
    QLocale.setDefault(VIETNAMESE)
    translator = qt_catalogue() or VietnameseQt()
    translator.setObjectName(NAME)
    translator.setParent(app)
    app.installTranslator(translator)
    return translator
