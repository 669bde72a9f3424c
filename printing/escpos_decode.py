"""Read an ESC/POS byte stream back into the paper it would print.

Used by the tests (what we send is decoded and its QR read back) and by the virtual
printer (a demo kiosk shows the strip on screen). It understands the image commands
we and most POS software use — GS v 0 raster, ESC * columns (8 and 24 dots), GS ( L /
GS 8 L graphics — skips every other common command by its length, draws plain text in
Font A cells, and records events: cuts, text runs, status queries, feeds.

Model: paper advances by `max(line spacing, tallest thing on the line)` at a line feed,
which is how printers stitch ESC * stripes sent with a line spacing smaller than the
stripe; raster images advance by their own height. Motion units are taken as one dot.
"""

from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
from PIL import Image, ImageDraw, ImageFont

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10
LF, CR, HT, FF = 0x0A, 0x0D, 0x09, 0x0C
DEFAULT_SPACING = 30  # ESC 2: about 1/6 inch at 180-203 dpi
CHAR_W, CHAR_H = 12, 24  # Font A

# Commands skipped by their fixed number of parameter bytes.
_ESC_ARGS = {
    "!": 1,
    "$": 2,
    "%": 1,
    "-": 1,
    "2": 0,
    "3": 1,
    "<": 0,
    "=": 1,
    "?": 1,
    "E": 1,
    "G": 1,
    "J": 1,
    "K": 1,
    "L": 0,
    "M": 1,
    "R": 1,
    "S": 0,
    "T": 1,
    "U": 1,
    "V": 1,
    "W": 8,
    "\\": 2,
    "a": 1,
    "c": 2,
    "d": 1,
    "e": 1,
    "i": 0,
    "m": 0,
    "p": 3,
    "r": 1,
    "t": 1,
    "u": 1,
    "v": 0,
    "{": 1,
    " ": 1,
    "@": 0,
}
_GS_ARGS = {
    "!": 1,
    "$": 2,
    "/": 1,
    ":": 0,
    "B": 1,
    "H": 1,
    "I": 1,
    "L": 2,
    "P": 2,
    "T": 1,
    "W": 2,
    "\\": 2,
    "^": 3,
    "a": 1,
    "b": 1,
    "f": 1,
    "h": 1,
    "j": 1,
    "r": 1,
    "w": 1,
    "E": 1,
    "g": 2,
}
_FS_ARGS = {".": 0, "&": 0, "!": 1, "-": 1, "C": 1, "W": 1, "S": 2, "p": 2}
_CODEPAGES = {0: "cp437", 2: "cp850", 3: "cp860", 16: "cp1252", 17: "cp866", 19: "cp858"}
_ALIGN = {0: "left", 48: "left", 1: "center", 49: "center", 2: "right", 50: "right"}


@dataclass(frozen=True)
class Event:
    kind: str  # init feed cut image text status_query qr barcode align codepage command unknown
    y: int  # paper row (dots from the top) where it took effect
    offset: int  # byte offset of the command in the stream
    value: object = None  # cut: "partial"/"full"; text: str; image: (mode, w, h); feed: dots…
    raw: bytes = b""  # text: the bytes as sent; unknown: the command bytes


@dataclass
class DecodedPaper:
    image: Image.Image  # mode "1", white paper, black ink, the whole stream stacked
    events: list[Event] = field(default_factory=list)

    @property
    def width(self) -> int:
        return self.image.width

    @property
    def cuts(self) -> list[int]:
        return [e.y for e in self.events if e.kind == "cut"]

    @property
    def texts(self) -> list[str]:
        return [str(e.value) for e in self.events if e.kind == "text"]

    @property
    def text_bytes(self) -> bytes:
        return b"".join(e.raw for e in self.events if e.kind == "text")

    def pieces(self) -> list[Image.Image]:
        """The paper cut where the printer cut it (a trailing uncut piece included)."""
        edges = [0, *self.cuts, self.image.height]
        return [self.image.crop((0, a, self.width, b)) for a, b in pairwise(edges) if b > a]


class _Truncated(Exception):
    pass


class _Decoder:
    def __init__(self, data: bytes, width: int | None, physical: bool):
        self.data, self.width, self.physical = data, width, physical
        self.i, self.y = 0, 0
        self.spacing, self.align, self.codepage = DEFAULT_SPACING, "left", "cp437"
        self.placed: list[tuple[int, int, str, np.ndarray]] = []  # y, x, align, ink
        self.line: list[tuple[int, np.ndarray]] = []  # x, ink
        self.text = bytearray()
        self.text_x0 = self.text_at = 0
        self.line_x = 0
        self.pending: list[np.ndarray] = []  # GS ( L stored graphics
        self.events: list[Event] = []

    # ---- reading bytes
    def take(self, n: int) -> bytes:
        if self.i + n > len(self.data):
            raise _Truncated
        chunk = self.data[self.i : self.i + n]
        self.i += n
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def event(self, kind: str, offset: int, value: object = None, raw: bytes = b"") -> None:
        self.events.append(Event(kind, self.y, offset, value, raw))

    # ---- the paper
    def put(self, ink: np.ndarray) -> None:
        """Into the line buffer at the current position (ESC *, stored graphics)."""
        self.flush_text()
        self.line.append((self.line_x, ink))
        self.line_x += ink.shape[1]

    def flush_text(self) -> None:
        if not self.text:
            return
        raw = bytes(self.text)
        shown = raw.decode(self.codepage, errors="replace")
        self.events.append(Event("text", self.y, self.text_at, shown, raw))
        ink = _draw_text(shown)
        self.line.append((self.text_x0, ink))
        self.line_x = self.text_x0 + ink.shape[1]
        self.text.clear()

    def flush(self, *, advance: int | None = None) -> None:
        """Print the line buffer; advance by `advance` or max(line spacing, content)."""
        had_text = bool(self.text)
        self.flush_text()
        tallest = max((ink.shape[0] for _, ink in self.line), default=0)
        if advance is None and not self.physical and self.line and not had_text:
            advance = tallest  # data-size images stack without line-spacing gaps
        if self.line:
            right = max(x + ink.shape[1] for x, ink in self.line)
            row = np.zeros((tallest, right), dtype=bool)
            for x, ink in self.line:
                row[: ink.shape[0], x : x + ink.shape[1]] |= ink
            self.placed.append((self.y, 0, self.align, row))
        self.y += advance if advance is not None else max(self.spacing, tallest)
        self.line.clear()
        self.line_x = self.text_x0 = 0

    def block(self, ink: np.ndarray) -> None:
        """A raster image: printed at once, paper advances by its height."""
        if self.line or self.text:
            self.flush()
        self.placed.append((self.y, 0, self.align, ink))
        self.y += ink.shape[0]

    def scale(self, ink: np.ndarray, sx: int, sy: int) -> np.ndarray:
        if not self.physical or (sx == 1 and sy == 1):
            return ink
        return np.repeat(np.repeat(ink, sy, axis=0), sx, axis=1)

    # ---- commands
    def run(self) -> DecodedPaper:
        try:
            while self.i < len(self.data):
                self.step()
        except _Truncated:
            self.event("unknown", self.i, "truncated", self.data[self.i :])
            self.i = len(self.data)
        if self.line or self.text:
            self.flush(advance=0)
            self.y = max(self.y, max(y + ink.shape[0] for y, _, _, ink in self.placed))
        return DecodedPaper(self.compose(), self.events)

    def step(self) -> None:
        start = self.i
        b = self.byte()
        if b == ESC:
            self.esc(start)
        elif b == GS:
            self.gs(start)
        elif b == FS:
            self.fs(start)
        elif b == DLE:
            self.dle(start)
        elif b == LF:
            self.flush()
        elif b == FF:
            self.flush(advance=0)
        elif b == HT or b >= 0x20:
            if not self.text:
                self.text_x0, self.text_at = self.line_x, start
            self.text.extend(b" " * (8 - len(self.text) % 8) if b == HT else bytes((b,)))
        # CR, NUL, CAN and other control bytes: nothing to print

    def esc(self, start: int) -> None:
        cmd = chr(self.byte())
        if cmd == "*":
            m, n = self.byte(), int.from_bytes(self.take(2), "little")
            dots = 8 if m in (0, 1) else 24
            cols = np.frombuffer(self.take(n * dots // 8), dtype=np.uint8).reshape(n, dots // 8)
            ink = np.unpackbits(cols, axis=1).T.astype(bool)
            self.event("image", start, ("column", n, dots))
            self.put(self.scale(ink, 2 if m in (0, 32) else 1, 3 if dots == 8 else 1))
        elif cmd == "D":
            while self.byte() != 0:
                pass
        elif cmd == "&":
            y, c1, c2 = self.take(3)
            for _ in range(max(0, c2 - c1 + 1)):
                self.take(self.byte() * y)
        elif cmd in _ESC_ARGS:
            args = self.take(_ESC_ARGS[cmd])
            self.esc_effect(cmd, args, start)
        else:
            self.event("unknown", start, f"ESC {cmd!r}", self.data[start : self.i])

    def esc_effect(self, cmd: str, args: bytes, start: int) -> None:
        if cmd == "@":  # initialise: the unprinted buffer is dropped
            self.line.clear()
            self.text.clear()
            self.line_x = 0
            self.spacing, self.align, self.codepage = DEFAULT_SPACING, "left", "cp437"
            self.event("init", start)
        elif cmd == "a":
            self.align = _ALIGN.get(args[0], "left")
            self.event("align", start, self.align)
        elif cmd == "d":
            self.flush(advance=max(self.spacing * args[0], 0))
            self.event("feed", start, self.spacing * args[0])
        elif cmd == "J":
            self.flush(advance=args[0])
            self.event("feed", start, args[0])
        elif cmd == "3":
            self.spacing = args[0]
        elif cmd == "2":
            self.spacing = DEFAULT_SPACING
        elif cmd == "t":
            self.flush_text()
            self.codepage = _CODEPAGES.get(args[0], "cp437")
            self.event("codepage", start, args[0])
        elif cmd in ("i", "m"):
            self.cut(start, "full" if cmd == "i" else "partial")
        else:
            self.event("command", start, f"ESC {cmd}", self.data[start : self.i])

    def gs(self, start: int) -> None:
        cmd = chr(self.byte())
        if cmd == "v":
            self.take(1)  # "0"
            m = self.byte()
            xbytes, h = (
                int.from_bytes(self.take(2), "little"),
                int.from_bytes(self.take(2), "little"),
            )
            ink = _unpack_rows(self.take(xbytes * h), xbytes, h)
            self.event("image", start, ("raster", xbytes * 8, h))
            self.block(self.scale(ink, 2 if m & 1 else 1, 2 if m & 2 else 1))
        elif cmd == "(":
            fn = chr(self.byte())
            body = self.take(int.from_bytes(self.take(2), "little"))
            self.extended(fn, body, start)
        elif cmd == "8":
            fn = chr(self.byte())
            body = self.take(int.from_bytes(self.take(4), "little"))
            self.extended(fn, body, start)
        elif cmd == "V":
            m = self.byte()
            feed = self.byte() if m in (65, 66, 97, 98, 103, 104) else 0
            self.flush(advance=feed)
            self.cut(start, "full" if m in (0, 48, 65, 97, 103) else "partial")
        elif cmd == "k":
            m = self.byte()
            if m <= 6:
                code = bytearray()
                while (c := self.byte()) != 0:
                    code.append(c)
            else:
                code = bytearray(self.take(self.byte()))
            self.event("barcode", start, bytes(code).decode("latin-1"))
        elif cmd == "*":
            x, y = self.take(2)
            self.take(x * y * 8)
            self.event("command", start, "GS *")
        elif cmd in _GS_ARGS:
            self.take(_GS_ARGS[cmd])
            self.event("command", start, f"GS {cmd}", self.data[start : self.i])
        else:
            self.event("unknown", start, f"GS {cmd!r}", self.data[start : self.i])

    def extended(self, fn: str, body: bytes, start: int) -> None:
        """GS ( x / GS 8 x: a length-prefixed body; graphics and 2-D codes are read."""
        if fn == "L" and len(body) >= 10 and body[1] == 112:  # store raster graphics
            bx, by = body[3], body[4]
            w, h = int.from_bytes(body[6:8], "little"), int.from_bytes(body[8:10], "little")
            xbytes = (w + 7) // 8
            ink = _unpack_rows(body[10 : 10 + xbytes * h], xbytes, h)[:, :w]
            self.pending.append(self.scale(ink, max(1, bx), max(1, by)))
            self.event("image", start, ("graphics", w, h))
        elif fn == "L" and len(body) >= 2 and body[1] in (50, 2):  # print stored graphics
            for ink in self.pending:
                self.put(ink)
            self.pending.clear()
            self.flush(advance=max((ink.shape[0] for _, ink in self.line), default=0))
        elif fn == "k" and len(body) >= 3 and body[1] == 80:  # store 2-D code data
            self.event("qr", start, body[3:].decode("utf-8", errors="replace"), body[3:])
        else:
            self.event("command", start, f"GS ( {fn}", body[:4])

    def fs(self, start: int) -> None:
        cmd = chr(self.byte())
        if cmd == "(":
            self.take(int.from_bytes(self.take(2), "little"))
        elif cmd == "q":
            for _ in range(self.byte()):
                x, y = (
                    int.from_bytes(self.take(2), "little"),
                    int.from_bytes(self.take(2), "little"),
                )
                self.take(x * y * 8)
        elif cmd in _FS_ARGS:
            self.take(_FS_ARGS[cmd])
        else:
            self.event("unknown", start, f"FS {cmd!r}", self.data[start : self.i])
            return
        self.event("command", start, f"FS {cmd}", self.data[start : self.i])

    def dle(self, start: int) -> None:
        cmd = self.byte()
        if cmd == 0x04:  # DLE EOT n [a]
            n = self.byte()
            if n in (7, 8):
                self.take(1)
            self.event("status_query", start, n)
        elif cmd == 0x05:  # DLE ENQ n
            self.take(1)
            self.event("command", start, "DLE ENQ")
        elif cmd == 0x14:  # DLE DC4 fn …
            fn = self.byte()
            self.take({7: 1, 8: 7}.get(fn, 2))
            self.event("command", start, "DLE DC4")
        else:
            self.event("unknown", start, f"DLE {cmd:#04x}", self.data[start : self.i])

    def cut(self, start: int, how: str) -> None:
        self.event("cut", start, how)

    def compose(self) -> Image.Image:
        widest = max((x + ink.shape[1] for _, x, _, ink in self.placed), default=1)
        width = self.width or widest
        height = max(1, self.y, max((y + ink.shape[0] for y, _, _, ink in self.placed), default=0))
        canvas = np.zeros((height, width), dtype=bool)
        for y, x, align, ink in self.placed:
            w = min(ink.shape[1], width)
            if align == "center":
                x = (width - w) // 2
            elif align == "right":
                x = width - w
            canvas[y : y + ink.shape[0], x : x + w] |= ink[:, :w]
        return Image.fromarray(np.where(canvas, 0, 255).astype(np.uint8)).convert("1")


def _unpack_rows(data: bytes, xbytes: int, height: int) -> np.ndarray:
    rows = np.frombuffer(data, dtype=np.uint8).reshape(height, xbytes)
    return np.unpackbits(rows, axis=1).astype(bool)


_font: ImageFont.ImageFont | ImageFont.FreeTypeFont | None = None


def _draw_text(text: str) -> np.ndarray:
    """Plain printer text, approximated with our sans in 12×24 Font A cells."""
    global _font
    if _font is None:
        try:
            from printing.thermal.fonts import SANS

            _font = SANS.face(20)
        except Exception:
            _font = ImageFont.load_default()
    img = Image.new("1", (max(1, CHAR_W * len(text)), CHAR_H), 1)
    pen = ImageDraw.Draw(img)
    pen.fontmode = "1"
    for k, ch in enumerate(text):
        pen.text((k * CHAR_W + CHAR_W // 2, CHAR_H - 5), ch, font=_font, fill=0, anchor="ms")
    return ~np.asarray(img, dtype=bool)


def decode(data: bytes, *, width: int | None = None, physical: bool = True) -> DecodedPaper:
    """The paper for `data`. `width`: the printer's dots (else the widest image).

    `physical=False` keeps low-density images at their data size instead of stretching
    them as a printer does (8-dot ESC * rows ×3, single density ×2, GS v 0 m=1..3), and
    stacks ESC * stripes without line-spacing gaps.
    """
    return _Decoder(bytes(data), width, physical).run()
