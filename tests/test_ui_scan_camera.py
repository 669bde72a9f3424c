"""The camera path without a camera: when auto-capture fires, one detection at a time, the
Qt camera's unplug and error signals, and re-capturing a page."""

import cv2
import numpy as np

from desk import dossiers
from desk.scan import drafts
from ui.changes import ChangeBus
from ui.ops import Runner
from ui.scan import ScanPanel
from ui.scan.capture import Capture
from ui.scan.sources import FixedCameras, IterableSource
from ui.scan.steady import Steady, signature

CORNERS = np.array([[100, 50], [400, 60], [390, 470], [90, 460]], float)


def stamp(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    page = np.full((480, 640), 235, np.uint8)
    for _ in range(12):  # lines of "print" in different places on each page
        y, x = int(rng.integers(80, 440)), int(rng.integers(110, 200))
        cv2.line(page, (x, y), (x + int(rng.integers(80, 180)), y), 30, 4)
    return signature(page, CORNERS)


def test_one_capture_per_page_lying_still():
    steady = Steady(needed=3, cooldown=1)
    a, b = stamp(1), stamp(2)
    fired = [steady.feed(CORNERS, 0.99, a) for _ in range(20)]
    assert fired.count(True) == 1 and fired.index(True) == 2  # the third steady detection
    # a hand passes over the page, then the same page lies there again: not taken twice
    assert not steady.feed(None, 0.0, a)
    assert not steady.feed(CORNERS + 40, 0.3, a)
    assert [steady.feed(CORNERS, 0.99, a) for _ in range(10)].count(True) == 0
    # on a document camera's stand the next sheet lands in the same spot: taken once
    assert [steady.feed(CORNERS + 1.5, 0.98, b) for _ in range(10)].count(True) == 1


def test_a_moving_page_is_not_taken():
    steady = Steady(needed=3)
    a = stamp(3)
    fired = [steady.feed(CORNERS + 10 * i, 0.99, a) for i in range(10)]
    assert not any(fired)
    low = [steady.feed(CORNERS, 0.2, a) for _ in range(10)]  # no clear page outline
    assert not any(low)


class HeldRunner(Runner):
    """Keeps background work until the test lets it finish: the detector is 'busy'."""

    def __init__(self):
        super().__init__(inline=True)
        self.held = []

    def run(self, op, success=None, failure=None):
        self.held.append((op, success))

    def finish_one(self):
        op, success = self.held.pop(0)
        success(op())


def test_one_detection_in_flight_frames_skipped_meanwhile(qtbot, samples_dir):
    runner = HeldRunner()
    capture = Capture(runner)
    shown = []
    capture.preview.connect(shown.append)
    source = IterableSource([samples_dir / "page-photos" / "page_010.jpg"] * 5)
    capture.set_source(source)
    source.start()
    for _ in range(3):
        source.pump()
    assert len(shown) == 3 and len(runner.held) == 1  # every frame shown, one detection
    assert max(runner.held[0][0]()[1].shape) == 32  # the stamp of a small copy
    runner.finish_one()
    assert capture.detections == 1 and not capture.busy
    source.pump()
    assert len(runner.held) == 1


def test_qt_camera_unplugged_or_failing_says_so(qtbot):
    from PySide6.QtMultimedia import QCamera, QCameraDevice

    from ui.scan.sources import QtCameraSource

    source = QtCameraSource(QCameraDevice())
    said = []
    source.failed.connect(said.append)
    source.devices.videoInputsChanged.emit()  # the list changed and our camera is not in it
    assert len(said) == 1 and "ngừng gửi hình" in said[0] and "vẫn được giữ" in said[0]
    source.camera.errorOccurred.emit(QCamera.Error.CameraError, "thiết bị không phản hồi")
    assert "báo lỗi: thiết bị không phản hồi" in said[1]
    source.capture()  # no still, no frame yet: nothing happens, nothing breaks


def test_recapture_replaces_the_page_in_place(qtbot, store, samples_dir):
    code = dossiers.receive(
        store, {"procedure": "1.001193", "applicant": {"name": "Hà Văn Tú"}}, actor="x"
    ).code
    photos = samples_dir / "page-photos"
    made = []

    def open_camera():
        made.append(IterableSource([photos / "page_011.jpg"] * 2 + [photos / "page_012.jpg"]))
        return made[-1]

    panel = ScanPanel(
        store,
        Runner(inline=True),
        ChangeBus(),
        cameras=FixedCameras({"Camera bàn": open_camera}),
    )
    qtbot.addWidget(panel)
    panel.show()
    panel.open_dossier(code)
    panel.capture.auto = False
    panel.import_files([str(photos / "page_013.jpg"), str(photos / "page_014.jpg")])
    panel.editor.thumbs.setCurrentRow(0)
    drafts.rotate(store, panel.editor.thumbs.current_id(), 1)
    first = drafts.list_pages(store, code, 1)[0]
    panel.editor.buttons["again"].click()
    assert "Chụp" in panel.editor.note.text()
    for _ in range(3):
        made[-1].pump()
    panel.camera.shoot.click()
    pages = drafts.list_pages(store, code, 1)
    assert len(pages) == 2 and pages[0].id == first.id and pages[0].source == "camera"
    assert pages[0].sha256 != first.sha256 and pages[0].rotation == 1
    assert "Đã chụp lại trang 1" in panel.editor.note.text()
    panel.camera.shoot.click()  # the next still is a new page again
    assert len(drafts.list_pages(store, code, 1)) == 3


def test_signals_do_not_leak_references(qtbot):
    """PySide6 6.12.0 dropped a reference to True on every emit and aborted Python after
    about 100,000 (minutes of camera preview); pyproject keeps us off it. This fails on it."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Probe(QObject):
        ping = Signal(int)

    probe = Probe()
    probe.ping.connect(lambda _n: None)
    before = sys.getrefcount(True)
    for n in range(200):
        probe.ping.emit(n)
    assert sys.getrefcount(True) - before > -10
