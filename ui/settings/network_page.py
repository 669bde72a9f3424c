"""Máy chủ: where this desk sends its dossiers (the office hub, the province), and enrolment.

A desk enrols once with the one-time code the hub or the province printed for it
(`desk server station add`); from then on it syncs by itself (ui.sync_worker). The
addresses are settings like any other; the enrolment is sync.client.enrol, the same call
as `desk enrol URL CODE`.
"""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton

from ui import changes
from ui.ops import message_for
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
        self.enrolled = QLabel(wordWrap=True)
        self.code = QLineEdit(placeholderText="mã đăng ký một lần, ví dụ 7KQ2-M9TX-4R8B")
        self.cert = QLineEdit(placeholderText="(không bắt buộc) tệp chứng chỉ .pem của tỉnh")
        self.enrol_button = QPushButton("Đăng ký máy này")
        self.enrol_button.clicked.connect(self.enrol)
        self.form.addWidget(self.enrolled)
        self.form.addWidget(
            row(
                "Mã đăng ký",
                self.code,
                "Quản trị của văn phòng hoặc của tỉnh cấp mã này một lần cho máy; máy dùng địa "
                "chỉ máy chủ văn phòng nếu có, không thì máy chủ của tỉnh.",
            )
        )
        self.form.addWidget(row("Chứng chỉ của tỉnh", self.cert))
        line = QHBoxLayout()
        line.addStretch(1)
        line.addWidget(self.enrol_button)
        self.form.addLayout(line)
        self.form.addStretch(1)
        self.watch(self.hub, self.server)
        self.load()

    def read(self):
        from sync.client import config

        store = self.env.store
        return {**(store.setting("sync") or {}), "_enrolled": config.is_enrolled(store)}

    def show_values(self, data) -> None:
        self.hub.setText(data.get("hub_url", ""))
        self.server.setText(data.get("server_url", ""))
        if data.get("_enrolled"):
            self.enrolled.setText(
                f"✓ Máy đã đăng ký với {data.get('server_url', '')} "
                f"(đơn vị {data.get('unit_code', '')}) và tự đồng bộ."
            )
        else:
            self.enrolled.setText("Máy này chưa đăng ký với máy chủ nào: hồ sơ chỉ lưu trên máy.")
        for widget in (self.code, self.cert, self.enrol_button):
            widget.setEnabled(not data.get("_enrolled") and self.editable)

    def collect(self):
        return {
            "sync.hub_url": self.hub.text().strip(),
            "sync.server_url": self.server.text().strip(),
        }

    def enrol(self) -> None:
        from sync.client import enrol

        url = (self.hub.text() or self.server.text()).strip()
        code = self.code.text().strip()
        if not url or not code:
            self.message.setText("Hãy nhập địa chỉ máy chủ và mã đăng ký.")
            return
        store, actor = self.env.store, self.env.actor
        cert = self.cert.text().strip() or None
        self.enrol_button.setEnabled(False)
        self.message.setText("Đang đăng ký với máy chủ…")

        def done(reply) -> None:
            station = reply["station"]
            self.message.setText(
                f"Đã đăng ký: máy số {station['number']} của đơn vị {station['unit_code']}."
            )
            self.code.clear()
            self.env.bus.emit(changes.SETTINGS, changes.OUTBOX)
            self.load()

        def failed(error) -> None:
            self.enrol_button.setEnabled(True)
            self.message.setText(message_for(error, self.env.runner.log_path))

        self.env.runner.run(lambda: enrol(store, url, code, cert=cert, actor=actor), done, failed)
