"""Máy chủ: where this desk sends its dossiers (the office hub, the province).

A placeholder kept small on purpose: the sync work fills in enrolment and state here.
"""

from PySide6.QtWidgets import QLabel, QLineEdit

from ui.settings.page import Page, row


class NetworkPage(Page):
    title = "Máy chủ và đồng bộ"
    key = "sync"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self.hub = QLineEdit(placeholderText="http://192.168.1.10:8800")
        self.server = QLineEdit(placeholderText="https://motcua.tinh.example.vn")
        self.form.addWidget(
            row("Máy chủ văn phòng (hub)", self.hub, "Để trống nếu văn phòng chỉ có một máy.")
        )
        self.form.addWidget(row("Máy chủ của tỉnh", self.server))
        self.form.addWidget(
            QLabel(
                "Đăng ký máy với máy chủ và tình trạng đồng bộ sẽ được hiển thị ở đây.",
                wordWrap=True,
                objectName="subheader",
            )
        )
        self.form.addStretch(1)
        self.watch(self.hub, self.server)
        self.load()

    def read(self):
        return self.env.store.setting("sync") or {}

    def show_values(self, data) -> None:
        self.hub.setText(data.get("hub_url", ""))
        self.server.setText(data.get("server_url", ""))

    def collect(self):
        return {
            "sync.hub_url": self.hub.text().strip(),
            "sync.server_url": self.server.text().strip(),
        }
