"""Where the camera's pictures come from: Qt Multimedia, or frames handed in by a test.

The capture screen only knows `FrameSource` (frames for the preview, a still on request, a
Vietnamese message when the camera goes away) and a camera list (`QtCameras`, or
`FixedCameras` in tests and demos). So the preview, the page outline and auto-capture are
driven in tests by the sample photos, on a machine with no camera at all.
"""

from collections.abc import Callable, Iterable

from PySide6.QtCore import QElapsedTimer, QObject, QSize, QTimer, Signal
from PySide6.QtGui import QImage

from ui.scan.images import load_frame

LOST = (
    "Camera «{name}» đã ngừng gửi hình (có thể đã bị rút dây). Các trang đã chụp vẫn được giữ; "
    "hãy cắm lại camera rồi chọn lại trong danh sách."
)
BROKEN = "Camera «{name}» báo lỗi: {error}. Các trang đã chụp vẫn được giữ."
PREVIEW_MS = 66  # at most ~15 preview frames a second reach the screen and the detector


class FrameSource(QObject):
    """One open camera. `frame`: preview pictures; `still`: the picture asked for by
    `capture()` at the camera's full resolution; `failed`: why the camera stopped."""

    frame = Signal(QImage)
    still = Signal(QImage)
    failed = Signal(str)

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.name = name
        self.latest: QImage | None = None

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def capture(self) -> None:
        """Default: the latest preview frame is the still."""
        if self.latest is not None:
            self.still.emit(self.latest)

    def _give(self, image: QImage) -> None:
        self.latest = image
        self.frame.emit(image)


class IterableSource(FrameSource):
    """Frames from any iterable (QImage, BGR arrays, image paths): tests call `pump()`;
    a demo passes `interval_ms` and a timer pumps. The end or an error is a lost camera."""

    def __init__(self, frames: Iterable, name: str = "Camera thử", *, interval_ms: int = 0):
        super().__init__(name)
        self._frames = iter(frames)
        self._timer = QTimer(self, interval=interval_ms) if interval_ms else None
        if self._timer:
            self._timer.timeout.connect(self.pump)
        self.running = False

    def start(self) -> None:
        self.running = True
        if self._timer:
            self._timer.start()

    def stop(self) -> None:
        self.running = False
        if self._timer:
            self._timer.stop()

    def pump(self) -> bool:
        """Deliver the next frame; False once the source has failed or is stopped."""
        if not self.running:
            return False
        try:
            image = load_frame(next(self._frames))
        except StopIteration:
            self._fail(LOST.format(name=self.name))
            return False
        except Exception as exc:  # a broken driver raises anything
            self._fail(BROKEN.format(name=self.name, error=exc))
            return False
        self._give(image)
        return True

    def _fail(self, message: str) -> None:
        self.stop()
        self.failed.emit(message)


class QtCameraSource(FrameSource):
    """A webcam or document camera through QMediaCaptureSession + QVideoSink + QImageCapture."""

    def __init__(self, device, parent=None):
        from PySide6.QtMultimedia import (
            QCamera,
            QImageCapture,
            QMediaCaptureSession,
            QMediaDevices,
            QVideoSink,
        )

        super().__init__(device.description() or "Camera", parent)
        self.device = device
        self.session = QMediaCaptureSession(self)
        self.camera = QCamera(device, self)
        best = _best_format(device)
        if best is not None:
            self.camera.setCameraFormat(best)
        self.session.setCamera(self.camera)
        self.sink = QVideoSink(self)
        self.session.setVideoSink(self.sink)
        self.stills = QImageCapture(self)
        photos = device.photoResolutions()
        if photos:
            self.stills.setResolution(max(photos, key=lambda s: s.width() * s.height()))
        self.session.setImageCapture(self.stills)
        self.devices = QMediaDevices(self)
        self._clock = QElapsedTimer()
        self._clock.start()
        self.sink.videoFrameChanged.connect(self._frame)
        self.camera.errorOccurred.connect(lambda _e, text: self._fail(text))
        self.stills.imageCaptured.connect(lambda _id, image: self.still.emit(image))
        self.stills.errorOccurred.connect(lambda *_: FrameSource.capture(self))
        self.devices.videoInputsChanged.connect(self._inputs_changed)

    def start(self) -> None:
        self.camera.start()

    def stop(self) -> None:
        self.camera.stop()

    def capture(self) -> None:
        if self.stills.isReadyForCapture():
            self.stills.capture()
        else:
            super().capture()

    def _frame(self, frame) -> None:
        if self._clock.elapsed() < PREVIEW_MS:
            return  # converting every 4K frame would starve the GUI thread
        self._clock.restart()
        image = frame.toImage()
        if not image.isNull():
            self._give(image)

    def _inputs_changed(self) -> None:
        from PySide6.QtMultimedia import QMediaDevices

        if all(d.id() != self.device.id() for d in QMediaDevices.videoInputs()):
            self.stop()
            self.failed.emit(LOST.format(name=self.name))

    def _fail(self, text: str) -> None:
        self.stop()
        self.failed.emit(BROKEN.format(name=self.name, error=text or "không rõ"))


def _best_format(device):
    """The largest picture the camera gives at a usable rate (≥ 10 frames a second)."""
    formats = [f for f in device.videoFormats() if f.maxFrameRate() >= 10]
    if not formats:
        return None
    return max(formats, key=lambda f: _area(f.resolution()))


def _area(size: QSize) -> int:
    return size.width() * size.height()


class QtCameras(QObject):
    """The cameras plugged into this PC; `changed` when one is plugged in or pulled out."""

    changed = Signal()

    def __init__(self, parent=None):
        from PySide6.QtMultimedia import QMediaDevices

        super().__init__(parent)
        self._devices = QMediaDevices(self)
        self._devices.videoInputsChanged.connect(self.changed)

    def cameras(self) -> list[tuple[str, str]]:
        from PySide6.QtMultimedia import QMediaDevices

        return [
            (bytes(d.id().data()).decode("utf-8", "replace"), d.description())
            for d in QMediaDevices.videoInputs()
        ]

    def open(self, camera_id: str) -> FrameSource:
        from PySide6.QtMultimedia import QMediaDevices

        for d in QMediaDevices.videoInputs():
            if bytes(d.id().data()).decode("utf-8", "replace") == camera_id:
                return QtCameraSource(d)
        raise LookupError(camera_id)


class FixedCameras(QObject):
    """A fixed camera list for tests and demos: name → a function making its source."""

    changed = Signal()

    def __init__(self, cameras: dict[str, Callable[[], FrameSource]] | None = None, parent=None):
        super().__init__(parent)
        self._cameras = dict(cameras or {})

    def cameras(self) -> list[tuple[str, str]]:
        return [(name, name) for name in self._cameras]

    def open(self, camera_id: str) -> FrameSource:
        return self._cameras[camera_id]()

    def set(self, cameras: dict[str, Callable[[], FrameSource]]) -> None:
        self._cameras = dict(cameras)
        self.changed.emit()
