"""What every settings page shares: read off the GUI thread, save through the core, say
what happened, and stay read-only for someone who may not change it.

A page reads with `read()` (worker), shows with `show_values()`, and saves the
{key: value} of `collect()` through printing.setting_checks.change_settings: checked,
audited, one transaction. After a save the bus says SETTINGS, and every open page
that has no unsaved edits reloads itself.
"""

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desk.config import may_change
from ui import changes, theme
from ui.ops import message_for


@dataclass
class PageEnv:
    """What a page needs, built once by the window."""

    store: Any
    runner: Any
    bus: Any
    user: Any  # desk.users.User signed in (None: the machine's own admin, e.g. first start)
    printing: Any = None  # ui.print_service.PrintService, for test prints and the virtual roll
    cameras: Any = None  # ui.scan.sources.QtCameras / FixedCameras
    scanners: Any = None  # ui.scanners.Scanners of the running window (quét thử)
    scan_router: Any = None  # ui.scan_router.ScanRouter of the running window

    @property
    def actor(self) -> str:
        return self.user.username if self.user is not None else "setup"


class Page(QWidget):
    title = ""
    key = ""  # the setting this page guards (access rules: desk.config.access)
    has_save = True

    def __init__(self, env: PageEnv, parent=None):
        super().__init__(parent)
        self.env = env
        self.dirty = False
        self._loading = False
        self._baseline: dict[str, Any] = {}  # collect() as loaded: only changes are saved
        heading = QLabel(self.title, objectName="header")
        self.banner = QLabel(wordWrap=True, objectName="subheader")
        self.banner.hide()
        self.body = QWidget()
        self.form = QVBoxLayout(self.body)
        self.form.setContentsMargins(0, 0, 12, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        self.message = QLabel(wordWrap=True)
        self.save_button = QPushButton("Lưu thay đổi  (Ctrl+S)")
        self.save_button.setProperty("primary", True)
        self.save_button.setMinimumHeight(36)
        self.save_button.clicked.connect(self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_button)
        self.save_button.setVisible(self.has_save)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(self.banner)
        lay.addWidget(scroll, 1)
        lay.addLayout(bottom)
        env.bus.changed.connect(self._on_changed)

    # --- access ----------------------------------------------------------------------
    @property
    def editable(self) -> bool:
        return may_change(self.env.user, self.key)

    def apply_access(self) -> None:
        """Read-only for someone who may not change this page: fields off, and why."""
        if self.editable:
            self.banner.hide()
            return
        self.banner.setText("Chỉ tài khoản quản trị được thay đổi trang này; bạn đang xem.")
        self.banner.show()
        for widget in self.body.findChildren(QWidget):
            if isinstance(widget, QLineEdit):
                widget.setReadOnly(True)
            elif isinstance(widget, QAbstractButton | QComboBox | QSpinBox | QTimeEdit):
                widget.setEnabled(False)
        self.save_button.setEnabled(False)

    # --- change tracking ------------------------------------------------------------
    def watch(self, *widgets) -> None:
        """Edits in these widgets mark the page as having unsaved changes."""
        for w in widgets:
            for name in (
                "textEdited",
                "currentIndexChanged",
                "valueChanged",
                "timeChanged",
                "toggled",
            ):
                signal = getattr(w, name, None)
                if signal is not None:
                    signal.connect(self._touched)
                    break

    def _touched(self, *_args) -> None:
        if not self._loading:
            self.dirty = True
            self.say("")

    def _on_changed(self, names) -> None:
        if changes.SETTINGS in names and not self.dirty:
            self.load()

    # --- reading and saving ---------------------------------------------------------
    def read(self) -> Any:
        """Runs off the GUI thread: what the page shows."""
        return None

    def show_values(self, data: Any) -> None:
        """GUI thread: put `data` into the widgets."""

    def collect(self) -> dict[str, Any]:
        """The settings to save, {dotted key: value}; raise InvalidInput to refuse early."""
        return {}

    def load(self) -> None:
        def show(data):
            self._loading = True
            try:
                self.show_values(data)
            finally:
                self._loading = False
            self.dirty = False
            try:
                self._baseline = self.collect()
            except Exception:  # a stored value a widget cannot show: save everything
                self._baseline = {}
            self.apply_access()

        self.env.runner.run(self.read, show, self.failed)

    def save(self) -> None:
        if not self.has_save or not self.save_button.isEnabled():
            return
        try:
            values = self.collect()
        except Exception as error:  # a widget's value the core refuses before any write
            self.failed(error)
            return
        missing = object()
        values = {k: v for k, v in values.items() if self._baseline.get(k, missing) != v}
        if not values:
            self.say("Không có gì thay đổi.")
            return
        self.run_change(lambda: self.write(values))

    def write(self, values: dict[str, Any]) -> Any:
        """Runs off the GUI thread: store `values` (checked and audited by the core)."""
        from printing.setting_checks import change_settings

        return change_settings(self.env.store, values, actor=self.env.actor, user=self.env.user)

    def run_change(self, op, done_text: str = "Đã lưu.") -> None:
        """Run a core change off the GUI thread, then announce it and reload."""
        self.save_button.setEnabled(False)

        def done(_result):
            self.dirty = False
            self.save_button.setEnabled(self.editable)
            self.say(done_text)
            self.env.bus.emit(changes.SETTINGS)  # this page and every open window reload

        def failed(error):
            self.save_button.setEnabled(self.editable)
            self.failed(error)

        self.env.runner.run(op, done, failed)

    def failed(self, error: BaseException) -> None:
        self.say(message_for(error, self.env.runner.log_path), error=True)

    def say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        colour = theme.DANGER if error else theme.OK
        self.message.setStyleSheet(f"color: {colour};" if text else "")


def row(label: str, widget: QWidget, hint: str = "") -> QWidget:
    """A labelled field with an optional hint underneath (labels above fields: narrow)."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 4, 0, 4)
    lay.setSpacing(2)
    caption = QLabel(label)
    caption.setBuddy(widget)
    lay.addWidget(caption)
    lay.addWidget(widget)
    if hint:
        note = QLabel(hint, wordWrap=True, objectName="subheader")
        lay.addWidget(note)
    return box
