"""Who is at the counter: the logged-in officer, the actor of everything the window does.

One object for the app; switching officer (Ctrl+L) replaces the user without closing any
window. Forms print the full name; the history records the login.
"""

from PySide6.QtCore import QObject, Signal

from desk.users import User


class Session(QObject):
    changed = Signal(object)  # User

    def __init__(self, user: User, parent=None):
        super().__init__(parent)
        self.user = user

    @property
    def actor(self) -> str:
        return self.user.username

    @property
    def name(self) -> str:
        return self.user.full_name

    @property
    def is_admin(self) -> bool:
        return self.user.role == "admin"

    def switch(self, user: User) -> None:
        self.user = user
        self.changed.emit(user)
