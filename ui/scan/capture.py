"""The live camera behind the preview: the page outline, auto-capture and stills.

Frames arrive on the GUI thread; the page detector gets a copy shrunk to 640 px through the
runner, at most one at a time (frames that come while it works are only shown). When
the page has lain still (`Steady`) the still is asked for; it comes back at the camera's
full resolution and leaves as a BGR array for the draft pages.
"""

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from desk.scan.detect import detect_page
from ui.scan.images import to_bgr
from ui.scan.sources import FrameSource
from ui.scan.steady import Steady, signature

DETECT_SIDE = 640  # long side of the copy the detector sees


def _detect(image: QImage):
    """Runs in the background: shrink (QImage is safe to read off the GUI thread), find the
    page, stamp it. Returns the quad in the small copy's pixels and the scale back."""
    small = to_bgr(image, DETECT_SIDE)
    quad = detect_page(small)
    return quad, signature(small, quad.corners), image.width() / small.shape[1]


class Capture(QObject):
    preview = Signal(QImage)
    outline = Signal(object, float)  # corners (4×2, frame pixels) or None; 0…1 towards capture
    taken = Signal(object)  # BGR uint8 still, full resolution
    failed = Signal(str)  # Vietnamese: the camera went away

    def __init__(self, runner, steady: Steady | None = None, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.steady = steady or Steady()
        self.source: FrameSource | None = None
        self.auto = True
        self.busy = False  # a detection is in flight
        self.detections = 0
        self._generation = 0

    def set_source(self, source: FrameSource | None) -> None:
        old, self.source = self.source, source
        self._generation += 1
        self.busy = False
        self.steady.reset()
        if old is not None:
            for signal in (old.frame, old.still, old.failed):
                signal.disconnect()
            old.stop()
            old.deleteLater()
        if source is not None:
            source.frame.connect(self._on_frame)
            source.still.connect(self._on_still)
            source.failed.connect(self._on_failed)
        self.outline.emit(None, 0.0)

    def start(self) -> None:
        if self.source is not None:
            self.source.start()

    def stop(self) -> None:
        if self.source is not None:
            self.source.stop()

    def capture(self) -> None:
        """Take the picture now (the Chụp button, or the page lay still)."""
        if self.source is not None:
            self.source.capture()

    def _on_frame(self, image: QImage) -> None:
        self.preview.emit(image)
        if self.busy:
            return  # skip: the detector is still on an earlier frame
        self.busy = True
        generation = self._generation
        self.runner.run(
            lambda: _detect(image),
            lambda found: self._detected(found, generation),
            lambda _error: self._detection_failed(generation),
        )

    def _detected(self, found, generation: int) -> None:
        if generation != self._generation:
            return  # from a camera no longer shown
        self.busy = False
        self.detections += 1
        quad, stamp, scale = found
        fire = self.auto and self.steady.feed(quad.corners, quad.confidence, stamp)
        good = quad.confidence >= self.steady.min_confidence
        self.outline.emit(quad.corners * scale if good else None, self.steady.progress)
        if fire:
            self.capture()

    def _detection_failed(self, generation: int) -> None:
        if generation == self._generation:
            self.busy = False

    def _on_still(self, image: QImage) -> None:
        if not image.isNull():
            self.taken.emit(to_bgr(image))

    def _on_failed(self, message: str) -> None:
        self.set_source(None)
        self.failed.emit(message)
