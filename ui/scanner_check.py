"""Quét thử: an office confirms its own barcode scanner and adjusts the thresholds itself.

Each scan or typed line shows up as a row: where it came from, what was read, the timing
between keys, what the detector decided at the time and — with the thresholds as they are
being edited — what it would decide now, with the reason in words, and what the scan was
taken for. A suggestion is made from the scans seen. Saving stores the thresholds for this
station and applies them at once. While the check is open, scans are only shown here.

It lives in the settings window (ui/settings/scanner_page.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk import scanner
from desk.scanner import BAUD_RATES, ScannerSettings, SerialSettings
from desk.wedge import WedgeConfig
from desk.wedge_check import Burst, BurstLog, explain, reason_label, suggest
from ui.scan_router import ScanRecord
from ui.serial_scanner import available_ports

COLUMNS = (
    "Nguồn",
    "Nội dung",
    "Ký tự",
    "TB ms/phím",
    "Lớn nhất ms",
    "Lúc đó",
    "Với ngưỡng dưới",
    "Nhận ra là",
)
MAX_ROWS = 20
INTRO = (
    "Quét vài mã bất kỳ (ví dụ mã hồ sơ trên giấy tiếp nhận), rồi gõ thử vài chữ bằng bàn phím. "
    "Mỗi lần là một dòng: máy quét hay gõ tay, vì sao, và mã được nhận ra là gì. Trong lúc "
    "cửa sổ này mở, mã quét chỉ hiện ở đây, không mở hồ sơ."
)


@dataclass
class Row:
    burst: Burst | None = None  # keyboard rows
    record: ScanRecord | None = None  # what the router made of the scan, if it was one


class ScannerCheck(QWidget):
    def __init__(self, store, runner, scanners, router, *, actor: str = "ui", parent=None):
        super().__init__(parent)
        self.store, self.runner, self.scanners, self.router = store, runner, scanners, router
        self.actor = actor
        self.log = BurstLog(keep=MAX_ROWS)
        self.rows: list[Row] = []
        self._active = False

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(1, 280)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_detail(row))
        self.detail = QLabel(wordWrap=True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.suggestion = QLabel(wordWrap=True)
        self.use_suggestion = QPushButton("Dùng ngưỡng gợi ý")
        self.use_suggestion.setEnabled(False)
        self.use_suggestion.clicked.connect(self._apply_suggestion)
        self._suggested: WedgeConfig | None = None

        self.mean = _spin(1, scanner.MAX_MEAN_GAP_LIMIT_MS, " ms")
        self.gap = _spin(2, 500, " ms")
        self.length = QSpinBox(minimum=2, maximum=200)
        self.pauses = QSpinBox(minimum=0, maximum=5)
        self.pause = _spin(2, 2000, " ms")
        self.tab_ends = QCheckBox("Phím Tab cũng kết thúc một lần quét")
        self.needs_end = QCheckBox("Cần Enter/Tab ở cuối mã")
        form = QFormLayout()
        form.addRow("Trung bình tối đa giữa hai phím", self.mean)
        form.addRow("Tối đa giữa hai phím (lâu hơn là một lần dừng)", self.gap)
        form.addRow("Số ký tự tối thiểu", self.length)
        form.addRow("Số lần dừng cho phép", self.pauses)
        form.addRow("Mỗi lần dừng tối đa", self.pause)
        form.addRow(self.tab_ends)
        form.addRow(self.needs_end)
        thresholds = QGroupBox("Ngưỡng nhận biết máy quét (bàn phím USB)")
        thresholds.setLayout(form)

        self.port = QComboBox(editable=True)
        self.port.setToolTip("Để trống nếu máy quét cắm như bàn phím")
        self.baud = QComboBox()
        for rate in BAUD_RATES:
            self.baud.addItem(str(rate), rate)
        self.serial_status = QLabel(wordWrap=True)
        serial_form = QFormLayout()
        serial_form.addRow("Cổng COM (chế độ USB serial/CDC)", self.port)
        serial_form.addRow("Tốc độ", self.baud)
        serial_form.addRow(self.serial_status)
        serial = QGroupBox("Máy quét cổng COM (đọc được tiếng Việt trên căn cước)")
        serial.setLayout(serial_form)

        self.save_button = QPushButton("Lưu cho quầy này")
        self.defaults_button = QPushButton("Về mặc định")
        self.clear_button = QPushButton("Xóa danh sách")
        self.save_button.clicked.connect(self.save)
        self.defaults_button.clicked.connect(
            lambda: self._fill(ScannerSettings(WedgeConfig(), self.settings().serial))
        )
        self.clear_button.clicked.connect(self.clear)
        self.message = QLabel(wordWrap=True)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.defaults_button, self.clear_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter from a scanner presses nothing
            buttons.addWidget(button)
        buttons.addStretch(1)

        settings_row = QHBoxLayout()
        settings_row.addWidget(thresholds, 3)
        settings_row.addWidget(serial, 2)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(INTRO, wordWrap=True))
        lay.addWidget(self.table, 1)
        lay.addWidget(self.detail)
        suggestion_row = QHBoxLayout()
        suggestion_row.addWidget(self.suggestion, 1)
        suggestion_row.addWidget(self.use_suggestion)
        lay.addLayout(suggestion_row)
        lay.addLayout(settings_row)
        lay.addLayout(buttons)
        lay.addWidget(self.message)

        self._fill(scanners.settings)
        for box in (self.mean, self.gap, self.pause):
            box.valueChanged.connect(self._rejudge)
        for box in (self.length, self.pauses):
            box.valueChanged.connect(self._rejudge)
        for check in (self.tab_ends, self.needs_end):
            check.toggled.connect(self._rejudge)
        self._poll = QTimer(self, interval=300)
        self._poll.timeout.connect(self.scanners.wedge.poll)
        if scanners.serial is not None:
            self.serial_status.setText(scanners.serial.last_status)
        scanners.serial_status.connect(self.serial_status.setText)

    # --- listening only while shown -------------------------------------------------

    def start(self) -> None:
        if self._active:
            return
        self._active = True
        self.router.capture = True
        self.scanners.wedge.attach_log(self.log)
        self.scanners.wedge.burst.connect(self._on_burst)
        self.router.handled.connect(self._on_record)
        self._poll.start()

    def stop(self) -> None:
        if not self._active:
            return
        self._active = False
        self._poll.stop()
        self.scanners.wedge.attach_log(None)
        self.scanners.wedge.burst.disconnect(self._on_burst)
        self.router.handled.disconnect(self._on_record)
        self.router.capture = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.start()

    def hideEvent(self, event) -> None:
        self.stop()
        super().hideEvent(event)

    # --- rows -------------------------------------------------------------------------

    def _on_burst(self, burst: Burst) -> None:
        if len(burst.keys) == 1 and not burst.text:
            return  # a lone Enter or Tab: nothing to judge
        self._add(Row(burst=burst))

    def _on_record(self, record: ScanRecord) -> None:
        last = self.rows[-1] if self.rows else None
        if (
            record.source == "wedge"
            and last is not None
            and last.burst is not None
            and last.record is None
            and last.burst.scans
        ):
            last.record = record
            self._show_row(len(self.rows) - 1)
            return
        self._add(Row(record=record))

    def _add(self, row: Row) -> None:
        self.rows.append(row)
        if len(self.rows) > MAX_ROWS:
            self.rows.pop(0)
            self.table.removeRow(0)
        self.table.insertRow(self.table.rowCount())
        self._show_row(len(self.rows) - 1)
        self.table.selectRow(len(self.rows) - 1)
        self._suggest()

    def _show_row(self, index: int) -> None:
        row, config = self.rows[index], self.config()
        cells = ["", "", "", "", "", "", "", row.record.summary if row.record else ""]
        if row.burst is not None:
            burst = row.burst
            verdict = burst.judge(config)
            gaps = burst.gaps
            cells[:7] = [
                "Bàn phím",
                burst.text,
                str(verdict.chars),
                _ms(verdict.mean_gap_ms),
                _ms(max(gaps, default=0.0)),
                "máy quét" if burst.scans else "gõ tay",
                "máy quét" if verdict.is_scan else f"gõ tay ({reason_label(verdict.reason)})",
            ]
        else:
            text = row.record.routed.text
            cells[:7] = ["Cổng COM", text, str(len(text)), "—", "—", "máy quét", "—"]
        for col, text in enumerate(cells):
            self.table.setItem(index, col, QTableWidgetItem(text))

    def _show_detail(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            self.detail.clear()
            return
        row = self.rows[index]
        taken = f"\nNhận ra là: {row.record.summary}" if row.record else ""
        if row.burst is None:
            self.detail.setText(
                f"Nhận qua cổng COM: {row.record.raw_bytes} byte, không qua bàn phím nên không "
                f"cần ngưỡng thời gian.{taken}"
            )
            return
        verdict = row.burst.judge(self.config())
        gaps = ", ".join(_ms(g) for g in row.burst.gaps) or "—"
        self.detail.setText(
            f"{explain(verdict, self.config())}\nKhoảng cách giữa các phím (ms): {gaps}{taken}"
        )

    def _rejudge(self) -> None:
        for index in range(len(self.rows)):
            self._show_row(index)
        self._show_detail(self.table.currentRow())
        self._suggest()

    def _suggest(self) -> None:
        bursts = [row.burst for row in self.rows if row.burst is not None]
        result = suggest(bursts, self.config())
        self.suggestion.setText(result.text)
        self._suggested = result.config
        self.use_suggestion.setEnabled(result.config is not None)

    def _apply_suggestion(self) -> None:
        if self._suggested is not None:
            self._fill(ScannerSettings(self._suggested, self.settings().serial))

    def clear(self) -> None:
        self.rows.clear()
        self.log.clear()
        self.table.setRowCount(0)
        self.detail.clear()
        self._suggest()

    # --- the settings form ------------------------------------------------------------

    def _fill(self, settings: ScannerSettings) -> None:
        wedge = settings.wedge
        self.mean.setValue(wedge.max_mean_gap_ms)
        self.gap.setValue(wedge.max_gap_ms)
        self.length.setValue(wedge.min_length)
        self.pauses.setValue(wedge.max_pauses)
        self.pause.setValue(wedge.max_pause_ms)
        self.tab_ends.setChecked(wedge.tab_ends_scan)
        self.needs_end.setChecked(wedge.require_terminator)
        self._min_run = wedge.min_run_before_pause
        self.port.clear()
        self.port.addItem("", "")
        for name, label in available_ports():
            self.port.addItem(f"{name} — {label}" if label else name, name)
        self.port.setEditText(settings.serial.port)
        self.baud.setCurrentIndex(max(0, self.baud.findData(settings.serial.baud)))
        self._idle_ms = settings.serial.idle_ms

    def config(self) -> WedgeConfig:
        return WedgeConfig(
            max_gap_ms=self.gap.value(),
            max_mean_gap_ms=self.mean.value(),
            min_length=self.length.value(),
            max_pauses=self.pauses.value(),
            max_pause_ms=self.pause.value(),
            min_run_before_pause=self._min_run,
            tab_ends_scan=self.tab_ends.isChecked(),
            require_terminator=self.needs_end.isChecked(),
        )

    def settings(self) -> ScannerSettings:
        serial = SerialSettings(
            port=self._port_name(), baud=self.baud.currentData(), idle_ms=self._idle_ms
        )
        return ScannerSettings(self.config(), serial)

    def _port_name(self) -> str:
        """A listed port ("ttyACM0 — Honeywell …") by its name, or what was typed."""
        text = self.port.currentText().strip()
        index = self.port.findText(text)
        return (self.port.itemData(index) or "") if index >= 0 else text

    def save(self) -> None:
        settings, store, actor = self.settings(), self.store, self.actor

        def saved(warnings: list[str]) -> None:
            self.scanners.apply(settings)
            self._say("Đã lưu ngưỡng cho quầy này." + "".join(f"\n⚠ {w}" for w in warnings))

        def failed(error: BaseException) -> None:
            from ui.ops import message_for

            self._say(f"⚠ {message_for(error)}", error=True)

        self.runner.run(lambda: scanner.save(store, settings, actor=actor), saved, failed)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b3261e;" if error else "")


def _spin(low: float, high: float, suffix: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox(minimum=low, maximum=high, decimals=0, suffix=suffix)
    box.setSingleStep(1)
    return box


def _ms(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
