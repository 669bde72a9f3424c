"""The scanner's hot folder on screen: watched (QFileSystemWatcher, plus a timer for the
settle time), polled through the runner one poll at a time, files into the chosen paper."""

import time
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desk.errors import DeskError
from desk.scan import drafts
from desk.scan.hotfolder import SETTLE_SECONDS, HotFolder
from ui import theme
from ui.ops import message_for

POLL_MS = 1000


class HotFolderWatch(QObject):
    """`arrived(poll)` when files were taken or refused; `problem(text)` when the folder
    cannot be read ('' once it can again). Files wait in the folder while no paper is chosen
    or the tab is not shown."""

    arrived = Signal(object)
    problem = Signal(str)

    def __init__(
        self, store, runner, *, settle=SETTLE_SECONDS, clock=time.monotonic, interval_ms=POLL_MS
    ):
        super().__init__()
        self.store = store
        self.runner = runner
        self.settle = settle
        self.clock = clock
        self.hot: HotFolder | None = None
        self.target: tuple[str, int] | None = None
        self.busy = False
        self.active = False
        self._problem = ""
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _path: self.poll())
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self.poll)

    @property
    def folder(self) -> Path | None:
        return self.hot.path if self.hot else None

    def set_folder(self, path: str | Path | None) -> None:
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        self._problem = ""
        try:
            self.hot = (
                HotFolder(path, ledger=self.store, settle=self.settle, clock=self.clock)
                if path
                else None
            )
        except DeskError as exc:  # the data directory itself: refused, said on screen
            self.hot, self._problem = None, exc.message
            self.problem.emit(exc.message)
        if self.hot and self.hot.path.is_dir():
            self._watcher.addPath(str(self.hot.path))
        if self.hot:
            self._timer.start()
        else:
            self._timer.stop()
        self.poll()

    def set_target(self, code: str | None, ordinal: int | None) -> None:
        self.target = (code, ordinal) if code and ordinal else None

    def set_active(self, active: bool) -> None:
        """Read the folder only while the Số hóa tab is shown: a page scanned while the officer
        is elsewhere waits for them instead of landing in a dossier no longer on screen."""
        self.active = active
        if active:
            self.poll()

    def poll(self) -> None:
        if self.hot is None or self.target is None or self.busy or not self.active:
            return
        self.busy = True
        hot, store, (code, ordinal) = self.hot, self.store, self.target

        def deliver(arrival):
            drafts.add_page(store, code, ordinal, arrival.data, "hotfolder", blobs=arrival.blobs)

        self.runner.run(lambda: hot.poll(deliver=deliver), self._done, self._failed)

    def _done(self, result) -> None:
        self.busy = False
        if self._problem:
            self._problem = ""
            self.problem.emit("")
        if self.hot and self.hot.path.is_dir() and not self._watcher.directories():
            self._watcher.addPath(str(self.hot.path))  # the share came back
        if result.taken or result.refused:
            self.arrived.emit(result)

    def _failed(self, error) -> None:
        self.busy = False
        text = message_for(error)
        if text != self._problem:  # said once, not every second
            self._problem = text
            self.problem.emit(text)


class HotFolderBox(QWidget):
    """The folder in use, a button to choose another, and what happened last."""

    chosen = Signal(str)  # the officer picked another folder

    def __init__(self, watch: HotFolderWatch, parent=None):
        super().__init__(parent)
        self.watch = watch
        self.target_name = ""
        self.path = QLabel(wordWrap=True)
        self.change = QPushButton("Chọn thư mục…")
        self.status = QLabel(objectName="subheader", wordWrap=True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.change)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel("<b>Thư mục máy quét</b>"))
        lay.addLayout(row)
        lay.addWidget(self.status)
        self.change.clicked.connect(self._choose)
        watch.problem.connect(self._problem)
        self.show_folder()

    def show_folder(self, target_name: str | None = None) -> None:
        """The folder and the paper its files go to (the last one named, when not given)."""
        if target_name is not None:
            self.target_name = target_name
        target_name = self.target_name
        folder = self.watch.folder
        if folder is None:
            self.path.setText("Chưa chọn thư mục.")
            self.status.setText("Chọn thư mục mà phần mềm của máy quét lưu ảnh vào.")
        else:
            self.path.setText(str(folder))
            into = f" vào «{target_name}»" if target_name else ""
            self.status.setText(f"Đang theo dõi: ảnh mới được nhận{into}.")
        self.status.setStyleSheet("")

    def say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {theme.DANGER};" if error else "")

    def _problem(self, text: str) -> None:
        if text:
            self.say(text, error=True)
        else:
            self.show_folder()

    def _choose(self) -> None:
        start = str(self.watch.folder or Path.home())
        path = QFileDialog.getExistingDirectory(self, "Thư mục máy quét lưu ảnh vào", start)
        if path:
            self.chosen.emit(path)
