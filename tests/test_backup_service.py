"""The window's daily backup (issue 8, item 9): a timer asks the core, through the Runner."""

from datetime import timedelta

from desk.errors import StorageError
from desk.store import backup as bk
from ui.backup_service import BackupService
from ui.ops import Runner


def test_the_window_backs_up_once_a_day_and_says_so(qtbot, store, office_clock):
    runner = Runner(inline=True)
    service = BackupService(store, runner)
    with qtbot.waitSignal(service.finished) as said:
        service.check()
    assert "Đã sao lưu dữ liệu" in said.args[0]
    with qtbot.assertNotEmitted(service.finished):
        service.check()  # the same office day: nothing more
    office_clock.advance(timedelta(days=1))
    with qtbot.waitSignal(service.finished):
        service.check()
    assert len(bk.list_backups(store.data_dir / bk.BACKUP_DIR)) == 2


def test_a_failed_backup_is_said_not_swallowed(qtbot, store, monkeypatch):
    runner = Runner(inline=True)
    service = BackupService(store, runner)

    def full_disk(_store):
        raise StorageError("Ổ đĩa đã đầy.")

    monkeypatch.setattr(bk, "daily_backup", full_disk)
    with qtbot.waitSignal(runner.error) as said:
        service.check()
    assert said.args[0].startswith("Chưa sao lưu được dữ liệu hôm nay") and "đầy" in said.args[0]


def test_the_app_starts_the_daily_backup(qtbot, store):
    from ui.app import build

    window, *_ = build(store, inline=True)
    qtbot.addWidget(window)
    service = window.findChild(BackupService)
    assert service is not None and service.timer.isActive()
