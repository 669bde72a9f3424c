"""Log in at the counter: name, password, Enter. Wrong tries lock the account for a while."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from desk.users import authenticate


class LoginDialog(QDialog):
    """`exec()` accepted → `self.user` is the authenticated user."""

    def __init__(self, store, runner, *, office_name: str = "", username: str = "", parent=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.user = None
        self.setWindowTitle("Đăng nhập — Bộ phận Một cửa")
        self.setMinimumWidth(420)
        title = QLabel("Đăng nhập", objectName="header")
        sub = QLabel(office_name, objectName="subheader")
        self.username = QLineEdit(username)
        self.username.setPlaceholderText("tên đăng nhập")
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("mật khẩu")
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("color: #b3261e;")
        self.ok = QPushButton("Đăng nhập")
        self.ok.setProperty("primary", True)
        cancel = QPushButton("Thoát")
        self.ok.clicked.connect(self.try_login)
        cancel.clicked.connect(self.reject)
        for button in (self.ok, cancel):
            button.setAutoDefault(False)  # Enter belongs to the fields: next field, then log in
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.try_login)
        form = QFormLayout()
        form.addRow("Tên đăng nhập", self.username)
        form.addRow("Mật khẩu", self.password)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.ok)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(sub)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addLayout(buttons)
        (self.password if username else self.username).setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.activateWindow()  # a kiosk PC may run without a window manager

    def try_login(self) -> None:
        name, password = self.username.text().strip(), self.password.text()
        if not name or not password:
            self.error.setText("Hãy nhập tên đăng nhập và mật khẩu.")
            return
        self.ok.setEnabled(False)
        store = self.store
        self.runner.run(lambda: authenticate(store, name, password), self._done, self._failed)

    def _done(self, user) -> None:
        self.ok.setEnabled(True)
        self.user = user
        self.accept()

    def _failed(self, error) -> None:
        from ui.ops import message_for

        self.ok.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.error.setText(message_for(error, self.runner.log_path))


class FirstAdminDialog(QDialog):
    """An office with no account yet (made with `desk init`): create the first admin."""

    def __init__(self, store, runner, *, office_name: str = "", parent=None):
        super().__init__(parent)
        self.store, self.runner, self.user = store, runner, None
        self.setWindowTitle("Tạo tài khoản quản trị đầu tiên")
        self.setMinimumWidth(460)
        self.full_name = QLineEdit(placeholderText="Họ và tên")
        self.username = QLineEdit("quantri")
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("color: #b3261e;")
        form = QFormLayout()
        form.addRow("Họ và tên", self.full_name)
        form.addRow("Tên đăng nhập", self.username)
        form.addRow("Mật khẩu (ít nhất 8 ký tự)", self.password)
        form.addRow("Nhập lại mật khẩu", self.again)
        ok = QPushButton("Tạo tài khoản", default=True)
        ok.setProperty("primary", True)
        ok.clicked.connect(self.create)
        cancel = QPushButton("Thoát")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(ok)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(f"{office_name} chưa có tài khoản nào.", objectName="header"))
        lay.addWidget(
            QLabel("Tài khoản quản trị thêm được cán bộ và thay đổi thiết lập.", wordWrap=True)
        )
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addLayout(buttons)

    def create(self) -> None:
        from desk.users import add_user
        from ui.ops import message_for

        if self.password.text() != self.again.text():
            self.error.setText("Hai lần nhập mật khẩu không khớp.")
            return
        store = self.store
        name, login, password = self.full_name.text(), self.username.text(), self.password.text()

        def done(user):
            self.user = user
            self.accept()

        self.runner.run(
            lambda: add_user(
                store, username=login, full_name=name, role="admin", password=password, actor=login
            ),
            done,
            lambda e: self.error.setText(message_for(e, self.runner.log_path)),
        )
