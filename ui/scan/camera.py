"""The camera corner of the capture screen: chooser, live preview with the page outline,
the Chụp button and the auto-capture switch."""

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.scan.capture import Capture

NO_CAMERA = "Không tìm thấy camera"
TOAST_MS = 1500
NO_CAMERA_HINT = (
    "Hãy cắm camera hoặc máy chụp tài liệu, hoặc dùng «Nhập tệp» và «Thư mục máy quét» bên dưới."
)


class CameraView(QWidget):
    """Paints the latest frame, the detected page outline and, when set, a message."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.frame: QImage | None = None
        self.corners: np.ndarray | None = None  # frame pixels, TL TR BR BL
        self.progress = 0.0
        self.message = ""
        self.toast = ""  # a short line over the picture: "✓ Đã chụp trang 3"
        self._toast_timer = QTimer(self, singleShot=True, interval=TOAST_MS)
        self._toast_timer.timeout.connect(lambda: self.flash(""))
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_frame(self, image: QImage) -> None:
        self.frame = image
        self.message = ""
        self.update()

    def set_outline(self, corners, progress: float) -> None:
        self.corners = None if corners is None else np.asarray(corners, np.float64)
        self.progress = progress
        self.update()

    def set_message(self, text: str) -> None:
        self.message = text
        if text:
            self.frame, self.corners = None, None
        self.update()

    def flash(self, text: str) -> None:
        self.toast = text
        if text:
            self._toast_timer.start()
        self.update()

    def _target(self) -> QRectF:
        fw, fh = self.frame.width(), self.frame.height()
        s = min(self.width() / fw, self.height() / fh)
        return QRectF((self.width() - fw * s) / 2, (self.height() - fh * s) / 2, fw * s, fh * s)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.fillRect(self.rect(), QColor("#1f2a36"))
        if self.frame is not None and not self.frame.isNull():
            target = self._target()
            p.drawImage(target, self.frame)
            if self.corners is not None:
                s = target.width() / self.frame.width()
                poly = QPolygonF(
                    [QPointF(target.x() + x * s, target.y() + y * s) for x, y in self.corners]
                )
                # amber while the page settles, turning green as it is about to be taken
                colour = QColor.fromHsv(int(40 + 80 * min(1.0, self.progress)), 220, 225)
                fill = QColor(colour)
                fill.setAlpha(45)
                p.setBrush(fill)
                p.setPen(QPen(colour, 3))
                p.drawPolygon(poly)
        if self.toast and not self.message:
            band = QRectF(0, self.height() - 44, self.width(), 44)
            p.fillRect(band, QColor(30, 123, 52, 215))
            p.setPen(QColor("white"))
            bold = p.font()
            bold.setBold(True)
            bold.setPointSizeF(bold.pointSizeF() * 1.15)
            p.setFont(bold)
            p.drawText(band, Qt.AlignmentFlag.AlignCenter, self.toast)
        if self.message:
            p.setPen(QColor("white"))
            font = p.font()
            font.setPointSizeF(font.pointSizeF() * 1.15)
            p.setFont(font)
            box = self.rect().adjusted(24, 24, -24, -24)
            p.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
        p.end()


class CameraBox(QWidget):
    """Camera chooser, preview and buttons; `taken` carries each still (BGR array)."""

    taken = Signal(object)

    def __init__(self, cameras, capture: Capture, parent=None):
        super().__init__(parent)
        self.cameras = cameras
        self.capture = capture
        self.chooser = QComboBox(placeholderText="Không có camera")
        self.view = CameraView()
        self.shoot = QPushButton("Chụp  (Space)")
        self.shoot.setProperty("primary", True)
        self.shoot.setMinimumHeight(38)
        self.auto = QCheckBox("Tự chụp khi giấy nằm yên")
        self.auto.setChecked(True)
        self.status = QLabel(objectName="subheader", wordWrap=True)
        row = QHBoxLayout()
        row.addWidget(QLabel("Camera:"))
        row.addWidget(self.chooser, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.shoot, 1)
        buttons.addWidget(self.auto)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)
        lay.addWidget(self.status)

        capture.preview.connect(self.view.set_frame)
        capture.outline.connect(self.view.set_outline)
        capture.taken.connect(self.taken)
        capture.failed.connect(self._failed)
        self.shoot.clicked.connect(capture.capture)
        self.auto.toggled.connect(lambda on: setattr(capture, "auto", on))
        self.chooser.activated.connect(lambda _i: self.open(self.chooser.currentData()))
        cameras.changed.connect(self.refresh)
        self.live = False
        self.failure = ""
        self.refresh()

    def refresh(self) -> None:
        """Fill the chooser; keep the camera in use when it is still there."""
        current = self.chooser.currentData()
        found = self.cameras.cameras()
        self.chooser.clear()
        for camera_id, name in found:
            self.chooser.addItem(name, camera_id)
        self.chooser.setEnabled(bool(found))
        if not found:
            self.capture.set_source(None)
            self.shoot.setEnabled(False)
            self.view.set_message(NO_CAMERA)
            if not self.failure:  # the camera just pulled out says more than "none found"
                self.status.setText(NO_CAMERA_HINT)
            return
        index = self.chooser.findData(current)
        self.chooser.setCurrentIndex(max(0, index))
        if index < 0 or self.capture.source is None:
            self.open(self.chooser.currentData())

    def open(self, camera_id) -> None:
        try:
            source = self.cameras.open(camera_id)
        except LookupError:
            self.refresh()
            return
        self.capture.set_source(source)
        self.failure = ""
        self.shoot.setEnabled(True)
        self.status.setStyleSheet("")
        self.view.set_message(f"Đang mở camera «{source.name}»…")
        self.status.setText("Đặt giấy vào khung hình; khi giấy nằm yên, ảnh được chụp tự động.")
        if self.live:
            source.start()

    def start(self) -> None:
        self.live = True
        self.capture.start()

    def stop(self) -> None:
        self.live = False
        self.capture.stop()

    def _failed(self, message: str) -> None:
        self.failure = message
        self.shoot.setEnabled(False)
        self.view.set_message(message)
        self.status.setText(message)
        self.status.setStyleSheet(f"color: {theme.DANGER};")
