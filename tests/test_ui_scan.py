"""The Số hóa tab on a real store, offscreen, with the runner inline and cameras fed by the
sample photos: papers, thumbnails, the PDF, auto-capture once, a camera that goes away."""

import json
import os

import numpy as np
import pytest

from desk import dossiers
from desk.dossiers import scans
from desk.scan import drafts
from ui import changes
from ui.changes import ChangeBus
from ui.ops import Runner
from ui.scan import ScanPanel
from ui.scan.camera import NO_CAMERA
from ui.scan.sources import FixedCameras, IterableSource
from ui.scan.thumbs import DETAIL, IMAGE


@pytest.fixture
def code(store):
    return dossiers.receive(
        store, {"procedure": "1.001193", "applicant": {"name": "Đoàn Thị Hạnh"}}, actor="canbo1"
    ).code


@pytest.fixture
def photos(samples_dir):
    return samples_dir / "page-photos"


class Bus(ChangeBus):
    """The real bus, remembering what was announced."""

    def __init__(self):
        super().__init__()
        self.seen: list[frozenset] = []
        self.changed.connect(self.seen.append)


def make_panel(qtbot, store, code, cameras=None, **kwargs):
    bus = Bus()
    panel = ScanPanel(store, Runner(inline=True), bus, cameras=cameras or FixedCameras(), **kwargs)
    qtbot.addWidget(panel)
    panel.resize(1400, 820)
    panel.show()
    panel.open_dossier(code)
    return panel, bus


def camera(frames, name="Camera bàn"):
    made = []

    def open_it():
        made.append(IterableSource(frames, name))
        return made[-1]

    return FixedCameras({name: open_it}), made


def test_the_papers_of_the_dossier_are_listed_with_their_state(qtbot, store, code):
    panel, _ = make_panel(qtbot, store, code)
    names = [s.name for s in panel.papers.states]
    assert names == [p.name for p in dossiers.get(store, code).papers] and len(names) == 3
    assert panel.papers.current_ordinal() == 1
    assert code in panel.title.text() and "Đoàn Thị Hạnh" in panel.subtitle.text()
    assert "Chưa số hóa" in panel.papers.item(0).toolTip()
    assert not panel.editor.save.isEnabled()


def test_import_rotate_move_delete(qtbot, store, code, photos):
    panel, bus = make_panel(qtbot, store, code)
    panel.import_files([str(photos / "page_000.jpg"), str(photos / "page_001.jpg")])
    assert panel.editor.thumbs.count() == 2 and "Đã nhập 2 trang" in panel.editor.note.text()
    assert frozenset({changes.SCANS}) in bus.seen
    first = panel.editor.thumbs.item(0).data(IMAGE)
    assert first.height() > first.width()  # the A4 page found in the landscape photo
    panel.editor.thumbs.setCurrentRow(0)
    panel.editor.buttons["right"].click()
    turned = panel.editor.thumbs.item(0).data(IMAGE)
    assert turned.width() > turned.height()
    assert "xoay 90°" in panel.editor.thumbs.item(0).data(DETAIL)
    ids = [p.id for p in panel.editor.thumbs.pages]
    panel.editor.buttons["down"].click()
    assert [p.id for p in drafts.list_pages(store, code, 1)] == [ids[1], ids[0]]
    assert panel.editor.thumbs.current_id() == ids[0]  # the moved page stays selected
    panel.editor.buttons["delete"].click()
    assert [p.id for p in panel.editor.thumbs.pages] == [
        ids[1]
    ] and panel.editor.thumbs.count() == 1
    assert "1 trang nháp" in panel.papers.item(0).toolTip()


def test_bad_files_are_named_and_the_others_still_come_in(qtbot, store, code, photos, tmp_path):
    bad = tmp_path / "hong.jpg"
    bad.write_bytes((photos / "page_002.jpg").read_bytes()[:4000])
    panel, _ = make_panel(qtbot, store, code)
    panel.import_files([str(bad), str(photos / "page_002.jpg"), str(tmp_path / "mat.jpg")])
    assert panel.editor.thumbs.count() == 1
    note = panel.editor.note.text()
    assert "Đã nhập 1 trang" in note and "hong.jpg" in note and "hỏng" in note
    assert "mat.jpg" in note


def test_save_as_pdf_stores_the_paper(qtbot, store, code, photos):
    panel, bus = make_panel(qtbot, store, code)
    panel.papers.setCurrentRow(1)
    panel.import_files([str(photos / "page_004.jpg"), str(photos / "page_005.jpg")])
    panel.editor.mode.setCurrentIndex(panel.editor.mode.findData("gray"))
    assert panel.editor.save.isEnabled()
    panel.editor.save.click()
    paper = scans.paper(store, code, 2)
    assert paper.pages == 2 and store.files.read(paper.pdf_sha256).startswith(b"%PDF")
    assert "2 trang" in panel.editor.note.text() and "KB" in panel.editor.note.text()
    assert panel.editor.thumbs.count() == 0 and drafts.list_pages(store, code, 2) == []
    assert changes.DOSSIERS in bus.seen[-1]  # the dossier panel's page counts refresh
    assert "Đã số hóa · 2 trang" in panel.papers.item(1).toolTip()


def test_a_steady_page_is_captured_exactly_once(qtbot, store, code, photos):
    cameras, made = camera([photos / "page_003.jpg"] * 12)
    panel, _ = make_panel(qtbot, store, code, cameras)
    source = made[-1]
    assert source.running  # the tab is shown, so the camera runs
    for _ in range(12):
        assert source.pump()
    pages = drafts.list_pages(store, code, 1)
    assert [p.source for p in pages] == ["camera"]
    assert panel.editor.thumbs.count() == 1
    truth = json.loads((photos / "truth.json").read_text())["page_003.jpg"]["corners"]
    corners = panel.camera.view.corners
    assert corners is not None and np.abs(corners - np.array(truth)).max() < 30
    assert panel.camera.capture.detections == 12
    assert panel.camera.view.toast == "✓ Đã chụp trang 1."
    assert not source.pump()
    assert "ngừng gửi hình" in panel.camera.view.message  # the frames ran out
    assert panel.editor.thumbs.count() == 1  # and the page is still there


def test_the_chup_button_and_a_second_page(qtbot, store, code, photos):
    frames = [photos / "page_006.jpg"] * 6 + [photos / "page_007.jpg"] * 6
    cameras, made = camera(frames)
    panel, _ = make_panel(qtbot, store, code, cameras)
    for _ in range(12):
        made[-1].pump()
    assert len(drafts.list_pages(store, code, 1)) == 2  # one per page laid down
    panel.editor.thumbs.setCurrentRow(0)
    panel.camera.shoot.click()
    assert len(drafts.list_pages(store, code, 1)) == 3
    assert panel.editor.thumbs.current_page().position == 3  # the new page is shown chosen
    assert panel.camera.view.progress == 1.0  # the page lying there is taken: green


def test_a_camera_that_breaks_mid_preview(qtbot, store, code, photos):
    def frames():
        yield photos / "page_008.jpg"
        raise OSError("USB device disconnected")

    cameras, made = camera(frames())
    panel, _ = make_panel(qtbot, store, code, cameras)
    panel.import_files([str(photos / "page_009.jpg")])
    made[-1].pump()
    assert panel.camera.view.frame is not None
    made[-1].pump()
    message = panel.camera.view.message
    assert "báo lỗi" in message and "vẫn được giữ" in message
    assert "báo lỗi" in panel.camera.status.text()
    assert not panel.camera.shoot.isEnabled() and panel.capture.source is None
    assert panel.editor.thumbs.count() == 1 and len(drafts.list_pages(store, code, 1)) == 1
    panel.capture.capture()  # nothing to capture from: no crash
    cameras.set({})  # the list of cameras changes: it was pulled out
    assert panel.camera.view.message == NO_CAMERA
    assert "báo lỗi" in panel.camera.status.text()  # what happened is still said


def test_no_camera(qtbot, store, code):
    panel, _ = make_panel(qtbot, store, code, FixedCameras())
    assert panel.camera.view.message == NO_CAMERA
    assert "Nhập tệp" in panel.camera.status.text()
    assert not panel.camera.shoot.isEnabled() and not panel.camera.chooser.isEnabled()
    assert panel.import_button.isEnabled()


def test_no_camera_on_this_machine_through_qt(qtbot, store, code):
    from PySide6.QtMultimedia import QMediaDevices

    if QMediaDevices.videoInputs():
        pytest.skip("this machine has a camera")
    bus = ChangeBus()
    panel = ScanPanel(store, Runner(inline=True), bus)  # the real Qt camera list
    qtbot.addWidget(panel)
    assert panel.camera.view.message == NO_CAMERA


def test_hot_folder_files_go_to_the_chosen_paper(qtbot, store, code, photos, tmp_path):
    folder = tmp_path / "may-quet"
    folder.mkdir()
    now = [100.0]
    panel, _ = make_panel(qtbot, store, code, hot_clock=lambda: now[0])
    panel.papers.setCurrentRow(2)
    panel.set_hot_folder(str(folder))
    assert store.setting("scan.hot_folder") == str(folder)
    assert str(folder) in panel.hot.path.text() and "3." in panel.hot.status.text()
    target = folder / "scan_0001.jpg"
    target.write_bytes((photos / "flat_002.jpg").read_bytes())
    (folder / "scan_0002.jpg.part").write_bytes(b"half")
    (folder / "ghichu.txt").write_text("không phải ảnh")
    panel.hide()  # the officer is on another tab: the scan waits for them
    for _ in range(3):
        panel.watch.poll()
        now[0] += 5
    assert target.exists() and drafts.list_pages(store, code, 3) == []
    panel.show()
    now[0] += 5
    panel.watch.poll()
    (page,) = drafts.list_pages(store, code, 3)
    assert page.source == "hotfolder" and panel.editor.thumbs.count() == 1
    assert (folder / "da-nhan" / "scan_0001.jpg").exists()
    assert "Nhận 1 tệp" in panel.hot.status.text()
    now[0] += 5
    panel.watch.poll()
    assert "ghichu.txt" in panel.hot.status.text()  # refused once, with its reason
    assert len(drafts.list_pages(store, code, 3)) == 1


def test_the_tab_in_the_main_window_opens_the_selected_dossier(qtbot, store, code):
    from ui.app import build

    window, *_ = build(store, inline=True)
    qtbot.addWidget(window)
    window.show()
    labels = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "Số hóa (F6)" in labels
    window.tabs.setCurrentWidget(window.scan)
    assert window.scan.code == code and window.scan.papers.count() == 3


if os.environ.get("DESK_SCREENSHOTS"):

    def test_screenshot(qtbot, store, code, photos, tmp_path):
        cameras, made = camera([photos / "page_003.jpg"] * 3)
        panel, _ = make_panel(qtbot, store, code, cameras)
        panel.import_files([str(photos / "page_000.jpg")])
        panel.editor.finish()
        panel.papers.setCurrentRow(1)
        panel.import_files([str(photos / f"page_00{i}.jpg") for i in (1, 2)])
        for _ in range(3):
            made[-1].pump()
        panel.grab().save(os.environ["DESK_SCREENSHOTS"])
