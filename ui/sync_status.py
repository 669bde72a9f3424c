"""The status bar's sync corner: one line (Đã đồng bộ / Chờ gửi N hồ sơ, M MB, cũ nhất … /
Mất kết nối từ … / N thao tác bị từ chối), a progress bar while uploading, "Đồng bộ ngay",
and the rejected operations one click away."""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from ui import changes

COLOURS = {
    "synced": "#1b6e20",
    "pending": "#5f4b00",
    "offline": "#b3261e",
    "rejected": "#b3261e",
    "revoked": "#b3261e",
    "not_enrolled": "#555555",
}


class SyncStatusWidget(QWidget):
    def __init__(self, store, runner, bus, worker=None, parent=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.bus = bus
        self.worker = worker
        self.status = None
        self.label = QLabel("Đồng bộ: …")
        self.bar = QProgressBar(maximumWidth=160, textVisible=True)
        self.bar.hide()
        self.now_button = QPushButton("Đồng bộ ngay", flat=True)
        self.errors_button = QPushButton("Xem lỗi", flat=True)
        self.errors_button.hide()
        self.errors_button.clicked.connect(self.show_rejected)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.bar)
        lay.addWidget(self.errors_button)
        lay.addWidget(self.now_button)
        bus.changed.connect(self._changed)
        if worker is not None:
            self.now_button.clicked.connect(worker.sync_now)
            worker.progress.connect(self.show_progress)
            worker.finished.connect(lambda _report: self.refresh())
            worker.busy.connect(self._busy)
        else:
            self.now_button.hide()
        self.refresh()

    def _changed(self, names) -> None:
        if changes.OUTBOX in names or changes.DOSSIERS in names:
            self.refresh()

    def refresh(self) -> None:
        from sync.client import status

        store = self.store
        self.runner.run(lambda: status(store), self.show_status)

    def show_status(self, status) -> None:
        self.status = status
        self.label.setText(status.text)
        self.label.setToolTip(status.last_error or status.server_url or "")
        self.label.setStyleSheet(f"color: {COLOURS.get(status.state, '#000')}; font-weight: bold;")
        self.errors_button.setVisible(status.rejected > 0)
        # Not enrolled yet: nothing to sync with, so no button that would do nothing.
        enrolled = status.state != "not_enrolled"
        self.now_button.setVisible(self.worker is not None and enrolled)
        if not enrolled:
            self.label.setToolTip(
                "Máy này chưa đăng ký với máy chủ của văn phòng hoặc của tỉnh: quản trị nhập mã "
                "đăng ký ở Thiết lập → Máy chủ và đồng bộ (hoặc lệnh desk enrol ĐỊA_CHỈ MÃ)."
            )

    def _busy(self, busy: bool) -> None:
        self.now_button.setEnabled(not busy)
        if not busy:
            self.bar.hide()

    def show_progress(self, done: int, total: int) -> None:
        if total <= 0:
            self.bar.hide()
            return
        self.bar.setMaximum(1000)
        self.bar.setValue(int(1000 * min(done, total) / total))
        self.bar.setFormat(f"{done / 1_000_000:.1f}/{total / 1_000_000:.1f} MB")
        self.bar.show()

    def show_rejected(self) -> None:
        from ui.sync_panel import RejectedDialog

        RejectedDialog(self.store, self.runner, self.bus, self.window()).open()


def install(window, store, runner, bus, *, start: bool = True):
    """Wiring for the main window: the worker, and this widget in place of the old label."""
    from ui.sync_worker import SyncWorker

    worker = SyncWorker(store, bus, parent=window)
    widget = SyncStatusWidget(store, runner, bus, worker)
    window.statusBar().addPermanentWidget(widget)
    old = getattr(window, "sync_label", None)
    if old is not None:
        old.hide()
    if start:
        worker.start()
    return worker, widget
