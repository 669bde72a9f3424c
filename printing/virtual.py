"""A printer that prints onto the screen: for demos, training and a kiosk without paper.

It takes the same ESC/POS bytes a real printer gets, decodes them (printing.escpos_decode)
and appends the result to a paper roll the UI shows. It is always online with paper.
The UI subscribes with `on_change`; callbacks run on the printing thread, so a window
must hand them to its own thread.
"""

import io
import threading
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

from desk.store.atomic import write_atomic

from .devices.status import Paper, PrinterStatus
from .escpos_decode import DecodedPaper, decode

PAPER, INK, CUT_MARK = 255, 0, 150
KEEP_ROWS = 16000  # about two metres of roll at 203 dpi; older paper scrolls away


class VirtualPrinter:
    def __init__(
        self, width: int = 576, *, keep_rows: int = KEEP_ROWS, save_to: Path | None = None
    ):
        self.width = width
        self.keep_rows = keep_rows
        self.save_to = Path(save_to) if save_to else None
        self.jobs = 0
        self.last_job: DecodedPaper | None = None
        self._roll = Image.new("L", (width, 0), PAPER)
        self._lock = threading.Lock()
        self._listeners: list[Callable[[VirtualPrinter], None]] = []

    def on_change(self, callback: Callable[["VirtualPrinter"], None]) -> None:
        self._listeners.append(callback)

    def write(self, data: bytes) -> DecodedPaper:
        """Print a job: decode it and append it to the roll, cut marks included."""
        paper = decode(data, width=self.width)
        strip = paper.image.convert("L")
        pen = ImageDraw.Draw(strip)
        for y in paper.cuts:
            row = min(max(0, y - 1), strip.height - 1)
            for x in range(0, self.width, 12):
                pen.line((x, row, x + 6, row), fill=CUT_MARK, width=1)
        with self._lock:
            roll = Image.new("L", (self.width, self._roll.height + strip.height), PAPER)
            roll.paste(self._roll, (0, 0))
            roll.paste(strip, (0, self._roll.height))
            if roll.height > self.keep_rows:
                roll = roll.crop((0, roll.height - self.keep_rows, self.width, roll.height))
            self._roll = roll
            self.jobs += 1
            self.last_job = paper
        if self.save_to:
            write_atomic(self.save_to, self.png())
        for callback in list(self._listeners):
            callback(self)
        return paper

    def status(self) -> PrinterStatus:
        return PrinterStatus(True, Paper.OK, False, False, "Máy in ảo sẵn sàng, giấy đủ.")

    def roll(self) -> Image.Image:
        """The paper so far, newest at the bottom (mode "L", white paper)."""
        with self._lock:
            return self._roll.copy()

    def png(self) -> bytes:
        out = io.BytesIO()
        roll = self.roll()
        (roll if roll.height else Image.new("L", (self.width, 1), PAPER)).save(out, "PNG")
        return out.getvalue()

    def clear(self) -> None:
        with self._lock:
            self._roll = Image.new("L", (self.width, 0), PAPER)
            self.jobs = 0
            self.last_job = None


_defaults: dict[int, VirtualPrinter] = {}
_defaults_lock = threading.Lock()


def default_printer(width: int = 576) -> VirtualPrinter:
    """The process's virtual printer of that width, for `virtual:` when no instance is
    passed in (the CLI); the app passes its own instance, the one its window shows."""
    with _defaults_lock:
        if width not in _defaults:
            _defaults[width] = VirtualPrinter(width)
        return _defaults[width]
