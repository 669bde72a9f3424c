"""The sync corner of the window, the background worker, the rejected operations and the
per-dossier badges, on a real store and the server's handler in-process (offscreen Qt)."""

import pytest
from sync_support import enrol_in_process, intake_request, scan

from desk import dossiers
from sync.client.backoff import Backoff
from sync.errors import UpstreamUnreachable
from sync.server import admin
from sync.server.core import Server
from ui.changes import ChangeBus
from ui.ops import Runner


@pytest.fixture
def server(tmp_path, office_clock):
    s = Server(tmp_path / "server", clock=office_clock)
    yield s
    s.close()


@pytest.fixture
def parts(qtbot, store, server):
    from ui.sync_status import SyncStatusWidget
    from ui.sync_worker import SyncWorker

    upstream = enrol_in_process(store, server)
    runner, bus = Runner(inline=True), ChangeBus()
    worker = SyncWorker(store, bus, runner=runner, connect=lambda: upstream)
    widget = SyncStatusWidget(store, runner, bus, worker)
    qtbot.addWidget(widget)
    return store, runner, bus, worker, widget


def test_status_line_follows_the_outbox_and_the_worker(qtbot, parts):
    store, _runner, bus, worker, widget = parts
    d = dossiers.receive(store, intake_request(1), actor="canbo")
    scan(store, d.code, 1, size=600_000)
    bus.emit("outbox")
    assert widget.label.text().startswith("Chờ gửi 1 hồ sơ, 0,6 MB, cũ nhất 09:30 25/11")
    with qtbot.waitSignal(worker.finished) as done, qtbot.waitSignals([worker.progress]):
        worker.sync_now()
    assert done.args[0].complete
    assert widget.label.text() == "Đã đồng bộ lúc 09:30 25/11"
    assert not widget.errors_button.isVisible()


def test_a_dead_line_backs_off_and_says_since_when(qtbot, store, server):
    from ui.sync_status import SyncStatusWidget
    from ui.sync_worker import SyncWorker

    enrol_in_process(store, server)

    class Down:
        def hello(self):
            raise UpstreamUnreachable("Không kết nối được máy chủ.")

        def close(self):
            pass

    runner, bus = Runner(inline=True), ChangeBus()
    worker = SyncWorker(
        store, bus, runner=runner, connect=Down, backoff=Backoff(base=30, rng=lambda: 1.0)
    )
    widget = SyncStatusWidget(store, runner, bus, worker)
    qtbot.addWidget(widget)
    dossiers.receive(store, intake_request(1), actor="canbo")
    worker.sync_now()
    first = worker.next_at
    worker.sync_now()
    assert worker.backoff.failures == 2
    assert worker.next_at - first > 20  # 30 s, then 60 s: never a hot loop
    assert widget.label.text().startswith("Mất kết nối từ 09:30 25/11 · chờ gửi 1 hồ sơ")
    worker.tick()  # inside the backoff: nothing runs
    assert worker.backoff.failures == 2


def test_rejected_operations_and_accepting_the_provinces_version(qtbot, parts, server):
    from ui.sync_panel import RejectedPanel

    store, runner, bus, worker, widget = parts
    d = dossiers.receive(store, intake_request(1), actor="canbo")
    worker.sync_now()
    dossiers.start(store, d.code, actor="canbo")
    admin.set_status(server, d.code, "refused", note="Sai thẩm quyền")
    worker.sync_now()
    assert widget.label.text() == "1 thao tác bị từ chối, cần xử lý"
    assert widget.errors_button.isVisibleTo(widget)
    panel = RejectedPanel(store, runner, bus)
    qtbot.addWidget(panel)
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 1).text() == "Chuyển giải quyết"
    assert "cấp tỉnh" in panel.table.item(0, 2).text()
    panel.table.selectRow(0)
    assert panel.accept_button.isEnabled()
    panel.accept_button.click()
    assert panel.table.rowCount() == 0
    assert dossiers.get(store, d.code).status.value == "refused"
    worker.sync_now()
    assert widget.label.text().startswith("Đã đồng bộ")


def test_badges_column_on_the_dossier_list(qtbot, parts):
    from ui.dossier_model import DossierTableModel
    from ui.sync_panel import SyncBadgeProxy, SyncBadges

    store, runner, bus, worker, _widget = parts
    a = dossiers.receive(store, intake_request(1), actor="canbo")
    worker.sync_now()
    b = dossiers.receive(store, intake_request(2), actor="canbo")
    model = DossierTableModel(store.now())
    model.set_rows([dossiers.get(store, a.code), dossiers.get(store, b.code)])
    badges = SyncBadges(store, runner, bus)
    proxy = SyncBadgeProxy(model, badges)
    col = proxy.columnCount() - 1
    assert proxy.headerData(col, proxy_horizontal()) == "Đồng bộ"
    assert [proxy.index(r, col).data() for r in range(2)] == ["Đã gửi", "Chưa gửi"]
    assert proxy.index(0, 0).data() == a.code
    worker.sync_now()
    assert proxy.index(1, col).data() == "Đã gửi"


def proxy_horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def test_the_window_has_the_sync_corner(qtbot, store):
    from ui.app import build
    from ui.sync_status import SyncStatusWidget

    win, *_ = build(store, inline=True)
    qtbot.addWidget(win)
    corner = win.findChild(SyncStatusWidget)
    assert corner is not None
    assert corner.label.text().startswith("Chưa kết nối máy chủ đồng bộ")
    assert not win.sync_worker.timer.isActive()  # tests drive it by hand


def test_an_admin_enrols_the_desk_from_the_settings_window(qtbot, store, tmp_path):
    """The real server on 127.0.0.1; the code it printed typed into Thiết lập → Máy chủ."""
    from sync_support import ServerProcess

    from desk.users import add_user
    from sync.client import config
    from ui.changes import ChangeBus
    from ui.ops import Runner
    from ui.settings import SettingsWindow

    admin = add_user(
        store, username="qt", full_name="Ngô Quản Trị", role="admin", password="matkhau1", actor="t"
    )
    server = ServerProcess(tmp_path / "server")
    try:
        window = SettingsWindow(store, Runner(inline=True), ChangeBus(), admin)
        qtbot.addWidget(window)
        page = window.open_page("network")
        assert "chưa đăng ký" in page.enrolled.text()
        page.server.setText(server.url)
        page.enrol()
        assert "Hãy nhập" in page.message.text()  # no code yet: said, nothing sent
        page.code.setText(server.add_station())
        page.enrol()
        assert page.message.text().startswith("Đã đăng ký: máy số 1")
        assert config.is_enrolled(store) and "✓ Máy đã đăng ký" in page.enrolled.text()
        assert not page.enrol_button.isEnabled()
    finally:
        server.stop()
