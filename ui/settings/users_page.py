"""Người dùng: accounts and roles. Admins add, reset, lock; everyone changes their own password."""

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desk import users
from desk.errors import InvalidInput
from ui import changes
from ui.settings.page import Page, row


def _password_edit(placeholder: str) -> QLineEdit:
    edit = QLineEdit(placeholderText=placeholder)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _roles() -> QComboBox:
    combo = QComboBox()
    for value, label in users.ROLES.items():
        combo.addItem(label, value)
    return combo


class UsersPage(Page):
    title = "Người dùng"
    key = "users"
    has_save = False

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self.users: list[users.User] = []
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            ["Tên đăng nhập", "Họ và tên", "Vai trò", "Trạng thái"]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(160)
        self.form.addWidget(self.table)

        chosen = QGroupBox("Người đang chọn")
        self.new_password = _password_edit("Mật khẩu mới (ít nhất 8 ký tự)")
        self.new_again = _password_edit("Nhập lại mật khẩu mới")
        self.reset = QPushButton("Đặt mật khẩu mới")
        self.role = _roles()
        self.change_role = QPushButton("Đổi vai trò")
        self.lock = QPushButton("Khóa tài khoản")
        pw = QHBoxLayout()
        pw.addWidget(self.new_password)
        pw.addWidget(self.new_again)
        pw.addWidget(self.reset)
        rl = QHBoxLayout()
        rl.addWidget(self.role, 1)
        rl.addWidget(self.change_role)
        rl.addStretch(1)
        rl.addWidget(self.lock)
        lay = QVBoxLayout(chosen)
        lay.addLayout(pw)
        lay.addLayout(rl)
        self.form.addWidget(chosen)

        added = QGroupBox("Thêm người dùng")
        self.add_username = QLineEdit(placeholderText="ví dụ: canbo3")
        self.add_name = QLineEdit(placeholderText="ví dụ: Nguyễn Thị Lan")
        self.add_role = _roles()
        self.add_password = _password_edit("Mật khẩu (ít nhất 8 ký tự)")
        self.add_again = _password_edit("Nhập lại mật khẩu")
        self.add = QPushButton("Thêm người dùng")
        grid = QVBoxLayout(added)
        first = QHBoxLayout()
        first.addWidget(row("Tên đăng nhập", self.add_username), 1)
        first.addWidget(row("Họ và tên", self.add_name), 2)
        first.addWidget(row("Vai trò", self.add_role), 1)
        second = QHBoxLayout()
        second.addWidget(self.add_password)
        second.addWidget(self.add_again)
        second.addWidget(self.add)
        grid.addLayout(first)
        grid.addLayout(second)
        self.form.addWidget(added)
        self.form.addStretch(1)

        self.table.currentCellChanged.connect(lambda *_: self._chosen())
        self.reset.clicked.connect(self.reset_password)
        self.new_again.returnPressed.connect(self.reset_password)
        self.change_role.clicked.connect(self.set_role)
        self.lock.clicked.connect(self.toggle_active)
        self.add.clicked.connect(self.add_user)
        self.add_again.returnPressed.connect(self.add_user)
        self.load()

    @property
    def is_admin(self) -> bool:
        return self.env.user is None or self.env.user.role == "admin"

    def read(self):
        return users.list_users(self.env.store)

    def show_values(self, data) -> None:
        chosen = self.selected()
        self.users = data
        self.table.setRowCount(len(data))
        for i, u in enumerate(data):
            cells = (u.username, u.full_name, u.role_label, "Đang dùng" if u.active else "Đã khóa")
            for col, text in enumerate(cells):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.resizeColumnToContents(0)
        names = [u.username for u in data]
        me = self.env.user.username if self.env.user is not None else None
        keep = chosen.username if chosen else me
        self.table.setCurrentCell(names.index(keep) if keep in names else 0, 0)
        self._chosen()

    def selected(self) -> users.User | None:
        index = self.table.currentRow()
        return self.users[index] if 0 <= index < len(self.users) else None

    def apply_access(self) -> None:
        """Admins do everything; others see the list and may change their own password."""
        self.banner.setVisible(not self.is_admin)
        self.banner.setText("Chỉ tài khoản quản trị được thêm, khóa hay đổi vai trò người dùng.")
        for widget in (self.add_username, self.add_name, self.add_password, self.add_again):
            widget.setReadOnly(not self.is_admin)
        for widget in (self.add_role, self.add, self.role, self.change_role, self.lock):
            widget.setEnabled(self.is_admin)
        self._chosen()

    def _chosen(self) -> None:
        user = self.selected()
        mine = (
            user is not None
            and self.env.user is not None
            and user.username == self.env.user.username
        )
        may_reset = user is not None and (self.is_admin or mine)
        for widget in (self.new_password, self.new_again, self.reset):
            widget.setEnabled(may_reset)
        self.reset.setText("Đổi mật khẩu của tôi" if mine else "Đặt mật khẩu mới")
        if user is not None:
            self.role.setCurrentIndex(max(0, self.role.findData(user.role)))
            self.lock.setText("Mở lại tài khoản" if not user.active else "Khóa tài khoản")

    def _change(self, op, done_text: str) -> None:
        def done(_result):
            self.say(done_text)
            self.env.bus.emit(changes.SETTINGS, changes.USERS)

        self.env.runner.run(op, done, self.failed)

    def _two(self, first: QLineEdit, again: QLineEdit) -> str:
        if first.text() != again.text():
            raise InvalidInput("Hai lần nhập mật khẩu không khớp.")
        return first.text()

    def reset_password(self) -> None:
        user, env = self.selected(), self.env
        if user is None or not self.reset.isEnabled():
            return
        try:
            password = self._two(self.new_password, self.new_again)
        except InvalidInput as error:
            self.failed(error)
            return
        self.new_password.clear()
        self.new_again.clear()
        self._change(
            lambda: users.set_password(
                env.store, user.username, password, actor=env.actor, by=env.user
            ),
            f"Đã đặt mật khẩu mới cho {user.username}.",
        )

    def set_role(self) -> None:
        user, env, role = self.selected(), self.env, self.role.currentData()
        if user is None or not self.change_role.isEnabled():
            return
        self._change(
            lambda: users.set_role(env.store, user.username, role, actor=env.actor, by=env.user),
            f"{user.username}: {users.ROLES[role]}.",
        )

    def toggle_active(self) -> None:
        user, env = self.selected(), self.env
        if user is None or not self.lock.isEnabled():
            return
        active = not user.active
        self._change(
            lambda: users.set_active(
                env.store, user.username, active, actor=env.actor, by=env.user
            ),
            f"Đã {'mở lại' if active else 'khóa'} tài khoản {user.username}.",
        )

    def add_user(self) -> None:
        if not self.add.isEnabled():
            return
        env = self.env
        try:
            password = self._two(self.add_password, self.add_again)
        except InvalidInput as error:
            self.failed(error)
            return
        fields = {
            "username": self.add_username.text(),
            "full_name": self.add_name.text(),
            "role": self.add_role.currentData(),
            "password": password,
        }

        def done(user):
            for edit in (self.add_username, self.add_name, self.add_password, self.add_again):
                edit.clear()
            self.say(f"Đã thêm {user.username} ({user.role_label}).")
            self.env.bus.emit(changes.SETTINGS, changes.USERS)

        self.env.runner.run(
            lambda: users.add_user(env.store, actor=env.actor, by=env.user, **fields),
            done,
            self.failed,
        )

    def _on_changed(self, names) -> None:
        if changes.USERS in names or changes.SETTINGS in names:
            self.load()
