"""Máy quét và camera: the camera to use, the scanner's folder, colour and resolution."""

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from ui.file_dialogs import ask_folder
from ui.scan.editor import DPIS, MODES
from ui.settings.page import Page, row

FIRST_CAMERA = "Camera đầu tiên tìm thấy"


class ScanPage(Page):
    title = "Máy quét và camera"
    key = "scan"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self.camera = QComboBox()
        self.folder = QLineEdit(placeholderText="Chưa chọn thư mục")
        self.choose = QPushButton("Chọn thư mục…")
        self.clear = QPushButton("Bỏ chọn")
        self.mode = QComboBox()
        for label, value in MODES:
            self.mode.addItem(label, value)
        self.dpi = QComboBox()
        for dpi in DPIS:
            self.dpi.addItem(f"{dpi} dpi", dpi)
        folder_row = QWidget()
        lay = QHBoxLayout(folder_row)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.folder, 1)
        lay.addWidget(self.choose)
        lay.addWidget(self.clear)
        self.form.addWidget(
            row("Camera chụp giấy tờ", self.camera, "Camera tài liệu hoặc webcam cắm vào máy này.")
        )
        self.form.addWidget(
            row(
                "Thư mục máy quét lưu ảnh vào",
                folder_row,
                "Phần mềm của máy quét lưu ảnh vào thư mục này; ảnh mới được nhận vào hồ sơ đang mở.",
            )
        )
        self.form.addWidget(row("Chế độ màu mặc định", self.mode))
        self.form.addWidget(
            row("Độ phân giải mặc định", self.dpi, "200 dpi cho giấy tờ; 300 dpi cho bản vẽ.")
        )
        self.form.addStretch(1)
        self.choose.clicked.connect(self.pick_folder)
        self.clear.clicked.connect(self.clear_folder)
        self.watch(self.camera, self.folder, self.mode, self.dpi)
        self.load()

    def _cameras(self) -> list[tuple[str, str]]:
        cameras = self.env.cameras
        if cameras is None:
            from ui.scan.sources import QtCameras

            cameras = self.env.cameras = QtCameras(self)
        return cameras.cameras()

    def read(self):
        return self.env.store.setting("scan") or {}

    def show_values(self, data) -> None:
        current = data.get("camera", "")
        self.camera.clear()
        self.camera.addItem(FIRST_CAMERA, "")
        for camera_id, name in self._cameras():
            self.camera.addItem(name, camera_id)
        if current and self.camera.findData(current) < 0:
            self.camera.addItem(f"{current} (đang không cắm)", current)
        self.camera.setCurrentIndex(max(0, self.camera.findData(current)))
        self.folder.setText(data.get("hot_folder", ""))
        self.mode.setCurrentIndex(max(0, self.mode.findData(data.get("mode", "color"))))
        self.dpi.setCurrentIndex(max(0, self.dpi.findData(int(data.get("dpi") or 200))))

    def pick_folder(self) -> None:
        path = ask_folder(self, "Thư mục máy quét lưu ảnh vào", self.folder.text() or None)
        if path:
            self.folder.setText(path)
            self._touched()

    def clear_folder(self) -> None:
        self.folder.clear()
        self._touched()

    def collect(self):
        return {
            "scan.camera": self.camera.currentData() or "",
            "scan.hot_folder": self.folder.text().strip(),
            "scan.mode": self.mode.currentData(),
            "scan.dpi": self.dpi.currentData(),
        }
