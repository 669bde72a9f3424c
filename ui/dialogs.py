"""Small questions in Vietnamese: Qt ships no Vietnamese translation of its own buttons."""

from PySide6.QtWidgets import QMessageBox


def ask(parent, title: str, text: str, *, yes: str = "Có", no: str = "Không") -> bool:
    """A yes/no question with Vietnamese buttons; Enter answers «yes», Esc «no»."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.YesRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(yes_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button
