"""The main window on a real store, driven offscreen with pytest-qt."""

import threading

import pytest
from helpers import office_time

from desk import dossiers
from desk.errors import NotFound


@pytest.fixture
def filled(store):
    people = ["Nguyễn Văn Đức", "Trần Thị Hương", "Lê Đình Dũng"]
    for i, name in enumerate(people):
        dossiers.receive(
            store,
            {
                "procedure": "1.004873",
                "applicant": {"name": name},
                "received_at": f"2026-11-2{3 + i % 3}T09:00",
            },
            actor="canbo1",
        )
    late = dossiers.receive(
        store,
        {
            "procedure": "1.004873",
            "applicant": {"name": "Phạm Quá Hạn"},
            "received_at": "2025-03-03T09:00",
        },
        actor="x",
    )
    return store, late.code


@pytest.fixture
def window(qtbot, filled):
    from ui.app import build

    store, _ = filled
    win, *_ = build(store, inline=True)
    qtbot.addWidget(win)
    win.show()
    return win


def test_dossier_list_and_detail(window):
    panel = window.dossiers
    assert panel.model.rowCount() == 4
    assert "4 hồ sơ" in panel.count.text()
    html = panel.detail.toHtml()
    assert "Quá trình xử lý" in html and "000.00.99.H99-" in html


def test_search_without_tone_marks(window, qtbot):
    panel = window.dossiers
    qtbot.keyClicks(panel.search, "nguyen van duc")
    panel.refresh()  # the debounce timer would do this after 200 ms
    assert panel.model.rowCount() == 1
    assert panel.model.dossier(0).applicant.name == "Nguyễn Văn Đức"
    assert "Nguyễn Văn Đức" in panel.detail.toPlainText()


def test_overdue_filter(window, filled):
    _, late_code = filled
    panel = window.dossiers
    panel.filter.setCurrentIndex([label for label, _ in panel_filters()].index("Quá hạn"))
    assert panel.model.rowCount() == 1
    assert panel.model.dossier(0).code == late_code
    assert "quá hạn" in panel.model.index(0, 3).data()


def panel_filters():
    from ui.dossier_panel import FILTERS

    return FILTERS


def test_new_dossier_elsewhere_refreshes_through_the_bus(window, filled):
    from ui import changes

    store, _ = filled
    dossiers.receive(store, {"procedure": "1.001193", "applicant": {"name": "Võ Mới"}}, actor="x")
    window.bus.emit(changes.DOSSIERS)
    assert window.dossiers.model.rowCount() == 5
    assert "Chưa đồng bộ lên hệ thống tỉnh: 5 hồ sơ" in window.sync_label.text()


def test_catalog_browse_and_search(window, qtbot):
    panel = window.catalog
    assert panel.model.rowCount() >= 3  # grouped by field
    qtbot.keyClicks(panel.search, "chung thuc ban sao")
    first = panel.model.index(0, 0)
    assert "Chứng thực bản sao" in first.data()
    panel.tree.setCurrentIndex(first)
    assert "Thành phần hồ sơ" in panel.detail.toPlainText()


def test_runner_works_off_the_gui_thread(qtbot):
    from ui.ops import Runner

    runner = Runner()
    gui = threading.get_ident()
    seen = {}

    def op():
        seen["op_thread"] = threading.get_ident()
        return 42

    def success(value):
        seen["value"] = value
        seen["success_thread"] = threading.get_ident()

    runner.run(op, success)
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen["value"] == 42
    assert seen["op_thread"] != gui and seen["success_thread"] == gui


def test_runner_reports_errors_in_vietnamese(qtbot):
    from ui.ops import Runner

    runner = Runner(log_path="/tmp/desk.log")
    with qtbot.waitSignal(runner.error, timeout=5000) as blocker:
        runner.run(lambda: (_ for _ in ()).throw(NotFound("Không tìm thấy hồ sơ X.")))
    assert blocker.args == ["Không tìm thấy hồ sơ X."]
    with qtbot.waitSignal(runner.error, timeout=5000) as blocker:
        runner.run(lambda: 1 / 0)
    assert "ngoài dự kiến" in blocker.args[0] and "/tmp/desk.log" in blocker.args[0]


def test_screenshot_command(data_dir, tmp_path, capsys):
    from cli.main import main

    shot = tmp_path / "w.png"
    assert (
        main(["--data", str(data_dir), "app", "--screenshot", str(shot)], clock=office_time()) == 0
    )
    from PIL import Image

    with Image.open(shot) as img:
        assert img.size[0] >= 1000 and img.size[1] >= 600
        assert len(img.convert("L").getcolors(maxcolors=256) or []) > 20  # not a blank image


def test_scanned_receipt_opens_the_dossier(window, filled):
    _, code = filled
    window.tabs.setCurrentIndex(1)
    window.on_scanned(f"https://tracuu.example.vn/hs/{code}\r\n")
    assert window.tabs.currentWidget() is window.dossiers
    assert window.dossiers.model.rowCount() == 1 and window.dossiers.current_code() == code
    window.on_scanned(
        "001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|Số 1 phố Huế, Hà Nội|20042021"
    )
    assert "NGUYỄN VĂN AN" in window.message.text()
    window.on_scanned("001099012345|123456789|NGUYỄN VĂN AN|31021999|Nam|Hà Nội|20042021")
    assert window.message.text().startswith("⚠")
