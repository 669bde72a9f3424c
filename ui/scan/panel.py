"""Số hóa: the papers of one dossier, the draft pages of the chosen paper, and the sources
(camera, scanner's hot folder, files). Every page is stored the moment it is taken; «Lưu
thành PDF» turns the paper's pages into its PDF. All work runs through the runner."""

import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desk import dossiers
from desk.errors import DeskError
from desk.scan import drafts
from desk.scan.imageio import read_image_file
from ui import changes
from ui.scan.camera import CameraBox
from ui.scan.capture import Capture
from ui.scan.editor import DraftEditor, heading
from ui.scan.hotwatch import HotFolderBox, HotFolderWatch
from ui.scan.images import jpeg
from ui.scan.papers import PaperList

FILE_FILTER = "Ảnh và PDF (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.webp *.pdf);;Mọi tệp (*)"


class ScanPanel(QWidget):
    def __init__(self, store, runner, bus, *, cameras=None, actor: str = "", hot_clock=None):
        super().__init__()
        from ui.scan.sources import QtCameras

        self.store, self.runner, self.bus = store, runner, bus
        self.code: str | None = None
        self.ordinal: int | None = None
        self._replace: drafts.DraftPage | None = None  # the next still replaces this page

        self.code_edit = QLineEdit(placeholderText="Mã hồ sơ (hoặc quét mã trên giấy tiếp nhận)")
        self.open_button = QPushButton("Mở hồ sơ")
        self.title = QLabel("Chưa chọn hồ sơ", objectName="header")
        self.subtitle = QLabel(
            "Chọn hồ sơ ở thẻ «Hồ sơ» rồi mở thẻ này, hoặc nhập mã hồ sơ.", objectName="subheader"
        )
        self.papers = PaperList()
        actor = actor or store.station.get("name", "")
        self.editor = DraftEditor(store, runner, bus, actor=actor)
        self.capture = Capture(runner)
        self.camera = CameraBox(cameras or QtCameras(self), self.capture)
        self.import_button = QPushButton("Nhập tệp ảnh / PDF…")
        self.watch = HotFolderWatch(store, runner, clock=hot_clock or time.monotonic)
        self.hot = HotFolderBox(self.watch)
        self._layout()
        self.setStyleSheet(
            'QPushButton[primary="true"]:disabled { background: #c3ccd6; border-color: #c3ccd6; }'
        )

        self.open_button.clicked.connect(lambda: self.open_dossier(self.code_edit.text()))
        self.code_edit.returnPressed.connect(lambda: self.open_dossier(self.code_edit.text()))
        self.papers.chosen.connect(self._paper_chosen)
        self.editor.recapture.connect(self.recapture)
        self.import_button.clicked.connect(lambda: self.import_files())
        self.camera.taken.connect(self._still)
        self.watch.arrived.connect(self._arrived)
        self.hot.chosen.connect(self.set_hot_folder)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.capture.capture)
        bus.changed.connect(self._on_changed)
        folder = store.setting("scan.hot_folder")
        if folder:
            self.watch.set_folder(folder)
            self.hot.show_folder()
        self._enable()

    def _layout(self) -> None:
        for button in (self.import_button, self.open_button, self.camera.shoot):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space is «Chụp», never a click
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        self.code_edit.setMinimumWidth(300)
        head.addWidget(self.code_edit)
        head.addWidget(self.open_button)

        left = QWidget(minimumWidth=240)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(heading("Giấy tờ trong hồ sơ"))
        ll.addWidget(self.papers, 1)

        right = QWidget(minimumWidth=360)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(heading("Chụp bằng camera"))
        rl.addWidget(self.camera, 1)
        rl.addSpacing(8)
        rl.addWidget(heading("Nguồn khác"))
        rl.addWidget(self.import_button)
        rl.addSpacing(4)
        rl.addWidget(self.hot)

        split = QSplitter(Qt.Orientation.Horizontal)
        for widget, stretch in ((left, 0), (self.editor, 1), (right, 0)):
            split.addWidget(widget)
            split.setStretchFactor(split.count() - 1, stretch)
        split.setSizes([290, 540, 430])
        outer = QVBoxLayout(self)
        outer.addLayout(head)
        outer.addWidget(split, 1)

    # --- showing -------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.camera.start()
        self.watch.set_active(True)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.camera.stop()  # the camera's light goes off when the officer leaves the tab
        self.watch.set_active(False)

    def _on_changed(self, names) -> None:
        if changes.SETTINGS in names:
            self._follow_hot_folder()
        if self.code and (changes.SCANS in names or changes.DOSSIERS in names):
            self.refresh()

    def _follow_hot_folder(self) -> None:
        """The settings window chose another scanner folder: watch it without a restart."""
        store = self.store

        def take(folder) -> None:
            current = str(self.watch.folder) if self.watch.folder else ""
            if (folder or "") != current:
                self.watch.set_folder(folder or None)
                self.hot.show_folder()

        self.runner.run(lambda: store.setting("scan.hot_folder") or "", take)

    def open_dossier(self, code: str | None) -> None:
        code = (code or "").strip()
        if not code:
            return
        store = self.store

        def load():
            return dossiers.get(store, code), drafts.paper_states(store, code)

        def show(found) -> None:
            dossier, states = found
            if dossier.code != self.code:
                self.ordinal = None
            self.code = dossier.code
            self.code_edit.setText(dossier.code)
            self.title.setText(f"Số hóa hồ sơ {dossier.code}")
            self.subtitle.setText(f"{dossier.applicant.name} · {dossier.procedure_name}")
            self._show_states(states)

        self.runner.run(load, show, self.editor.fail)

    def refresh(self) -> None:
        code, store = self.code, self.store
        self.runner.run(lambda: drafts.paper_states(store, code), self._show_states)

    def _show_states(self, states) -> None:
        self.papers.set_states(states, select=self.ordinal)
        self._paper_chosen(self.papers.current_ordinal())

    def _paper_chosen(self, ordinal: int | None) -> None:
        if ordinal != self.ordinal:
            self._replace = None
        self.ordinal = ordinal
        state = self.papers.current_state()
        self.editor.show_paper(self.code, state)
        if self.watch.target != (self.code, ordinal):
            self.watch.set_target(self.code, ordinal)
            self.hot.show_folder(f"{state.ordinal}. {state.name}" if state else "")
        self._enable()

    def _enable(self) -> None:
        self.import_button.setEnabled(self.ordinal is not None)

    # --- sources ---------------------------------------------------------------------
    def recapture(self, page: drafts.DraftPage, path: str | None = None) -> None:
        """Replace `page`: with the next camera still, or with a file."""
        if path is None and self.capture.source is not None:
            self._replace = page
            self.editor.say(f"Đặt lại trang {page.position} vào khung hình rồi bấm «Chụp».")
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Ảnh thay cho trang này", "", FILE_FILTER)
            if not path:
                return
        store = self.store
        self.editor.change(
            lambda: drafts.replace(store, page.id, read_image_file(path), "import"),
            f"Đã thay trang {page.position}.",
        )

    def _still(self, bgr) -> None:
        code, ordinal, store, page = self.code, self.ordinal, self.store, self._replace
        if not code or ordinal is None:
            self.editor.say("Hãy chọn hồ sơ và giấy tờ trước khi chụp.", error=True)
            return
        self._replace = None
        if page is not None:
            self.editor.change(
                lambda: drafts.replace(store, page.id, jpeg(bgr), "camera"),
                f"Đã chụp lại trang {page.position}.",
            )
            return

        def done(pages) -> None:
            text = f"Đã chụp trang {pages[-1].position}."
            self.camera.view.flash(f"✓ {text}")
            self.editor.say(text)
            self.bus.emit(changes.SCANS)

        self.runner.run(
            lambda: drafts.add_page(store, code, ordinal, jpeg(bgr), "camera"),
            done,
            self.editor.fail,
        )

    def import_files(self, paths: list[str] | None = None) -> None:
        """Files from a USB stick or a phone: every page of a PDF becomes a draft page; a bad
        file is named with its reason and the others still come in."""
        code, ordinal, store = self.code, self.ordinal, self.store
        if not code or ordinal is None:
            return
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(self, "Nhập ảnh hoặc PDF", "", FILE_FILTER)
        if not paths:
            return

        def op():
            added, bad = 0, []
            for path in paths:
                try:
                    data = read_image_file(path)  # a regular file of a sane size, or why not
                    added += len(drafts.add_page(store, code, ordinal, data, "import"))
                except FileNotFoundError:
                    bad.append(f"{Path(path).name}: không tìm thấy tệp")
                except (DeskError, OSError) as exc:
                    bad.append(f"{Path(path).name}: {getattr(exc, 'message', None) or exc}")
            return added, bad

        def done(result) -> None:
            added, bad = result
            text = f"Đã nhập {added} trang."
            problems = " Không nhập được: " + "; ".join(bad) if bad else ""
            self.editor.say(text + problems, error=bool(bad))
            self.bus.emit(changes.SCANS)

        self.runner.run(op, done, self.editor.fail)

    def _arrived(self, poll) -> None:
        taken = len(poll.taken)
        text = f"Nhận {taken} tệp từ máy quét." if taken else ""
        problems = " ".join(r.message for r in poll.refused)
        self.hot.say(" ".join(t for t in (text, problems) if t), error=bool(poll.refused))
        if taken:
            self.bus.emit(changes.SCANS)

    def set_hot_folder(self, path: str) -> None:
        store = self.store

        def done(_result) -> None:
            self.watch.set_folder(path)
            self.hot.show_folder()
            self.bus.emit(changes.SETTINGS)

        self.runner.run(lambda: store.set_setting("scan.hot_folder", str(path)), done)
