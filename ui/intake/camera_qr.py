"""Read the citizen's card QR with the webcam or document camera, for a desk without a
barcode scanner. Frames are decoded off the GUI thread, one at a time (a slow PC skips
frames instead of piling them up); the first card that reads fills the applicant."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desk.scan.codes import read_codes
from desk.scan.route import route
from ui.scan.camera import CameraView
from ui.scan.images import to_bgr

DECODE_SIDE = 1280  # px: a card's QR held at 20–40 cm reads at this size; larger only costs time


class CameraQrDialog(QDialog):
    card = Signal(object)  # CitizenCard

    def __init__(self, cameras, runner, today, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Quét mã QR trên căn cước bằng camera")
        self.cameras, self.runner, self.today = cameras, runner, today
        self.source = None
        self.busy = False
        self.choice = QComboBox()
        self.view = CameraView()
        self.status = QLabel("Đưa mặt sau của căn cước (mã QR) vào trước camera.", wordWrap=True)
        close = QPushButton("Đóng (Esc)")
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel("Camera"))
        top.addWidget(self.choice, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.status)
        lay.addWidget(close)
        self.resize(720, 560)
        self.choice.currentIndexChanged.connect(self._open)
        self._fill()

    def _fill(self) -> None:
        found = self.cameras.cameras()
        self.choice.blockSignals(True)
        self.choice.clear()
        for camera_id, name in found:
            self.choice.addItem(name, camera_id)
        self.choice.blockSignals(False)
        if not found:
            self.view.set_message("Không tìm thấy camera nào trên máy này.")
            self.status.setText("Hãy cắm camera, hoặc dùng máy quét mã vạch, hoặc nhập tay.")
            return
        self._open()

    def _open(self) -> None:
        self._close_source()
        camera_id = self.choice.currentData()
        if camera_id is None:
            return
        self.source = self.cameras.open(camera_id)
        self.source.frame.connect(self._frame)
        self.source.failed.connect(self.view.set_message)
        self.source.start()

    def _frame(self, image) -> None:
        self.view.set_frame(image)
        if self.busy:
            return  # the previous frame is still being read
        self.busy = True
        bgr = to_bgr(image, DECODE_SIDE)
        today = self.today()

        def read():
            for code in read_codes(bgr, ladder=False):
                routed = route(code.text, today=today)
                if routed.kind == "citizen_id":
                    return routed
            return None

        self.runner.run(read, self._read, lambda _e: setattr(self, "busy", False))

    def _read(self, routed) -> None:
        self.busy = False
        if routed is None:
            return
        if routed.error:
            self.status.setText(routed.error)
            return
        self.card.emit(routed.value)
        self.accept()

    def _close_source(self) -> None:
        if self.source is not None:
            self.source.stop()
            self.source.deleteLater()
            self.source = None

    def done(self, result: int) -> None:
        self._close_source()
        super().done(result)
