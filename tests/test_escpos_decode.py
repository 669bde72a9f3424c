"""The ESC/POS decoder on streams built by hand and by python-escpos."""

import numpy as np
import pytest
from escpos.printer import Dummy
from PIL import Image, ImageDraw

from printing.escpos_decode import decode

ESC, GS, DLE = b"\x1b", b"\x1d", b"\x10"


def pattern(width: int = 64, height: int = 48) -> Image.Image:
    """An asymmetric picture: a mistaken bit order, axis or offset shows up."""
    img = Image.new("1", (width, height), 1)
    pen = ImageDraw.Draw(img)
    pen.rectangle((0, 0, width - 1, 3), fill=0)
    pen.line((0, 0, width - 1, height - 1), fill=0, width=3)
    pen.rectangle((2, height - 10, 9, height - 3), fill=0)
    return img


def ink(img: Image.Image) -> np.ndarray:
    return ~np.asarray(img.convert("1"), dtype=bool)


def raster(img: Image.Image) -> bytes:
    p = Dummy()
    p.image(img, impl="bitImageRaster")
    return p.output


@pytest.mark.parametrize(
    ("impl", "kwargs"),
    [
        ("bitImageRaster", {}),
        ("graphics", {}),
        ("bitImageColumn", {}),
        ("bitImageColumn", {"high_density_vertical": False}),
    ],
)
def test_each_image_command_decodes_to_the_same_pixels(impl, kwargs):
    img = pattern(64, 48)
    p = Dummy()
    p.image(img, impl=impl, **kwargs)
    paper = decode(p.output, physical=False)
    assert np.array_equal(ink(paper.image)[:48, :64], ink(img))
    assert not ink(paper.image)[48:].any()


def test_low_density_is_stretched_as_a_printer_does():
    img = pattern(64, 48)
    p = Dummy()
    p.image(img, impl="bitImageColumn", high_density_vertical=False)
    paper = decode(p.output)  # 8-dot stripes print each dot three rows tall
    assert paper.image.size == (64, 144)
    assert np.array_equal(ink(paper.image)[::3], ink(img))
    doubled = decode(GS + b"v0\x03" + b"\x01\x00\x02\x00" + b"\x80\x01")  # m=3: 2x wide, 2x tall
    assert doubled.image.size == (16, 4)
    dots = ink(doubled.image)
    assert dots[:2, :2].all() and dots[2:, 14:].all() and dots.sum() == 8


def test_other_commands_are_skipped_and_recorded():
    img = pattern(32, 8)
    stream = b"".join(
        [
            ESC + b"@",
            ESC + b"a\x01",
            ESC + b"!\x08",
            DLE + b"\x04\x01",
            GS + b"(k\x03\x001C\x05",  # QR module size
            GS + b"(k\x07\x001P0" + b"ABCD",  # QR data
            GS + b"(k\x03\x001Q0",  # QR print
            GS + b"k\x49\x05" + b"{B123",  # Code 128
            ESC + b"p\x00\x19\xfa",  # drawer kick
            raster(img),
            ESC + b"d\x03",
            GS + b"V\x42\x00",
            GS + b"V\x01",
        ]
    )
    paper = decode(stream, width=64)
    kinds = [e.kind for e in paper.events]
    assert kinds[:2] == ["init", "align"]
    assert ("status_query", 1) in [(e.kind, e.value) for e in paper.events]
    assert "ABCD" in [e.value for e in paper.events if e.kind == "qr"]
    assert "{B123" in [e.value for e in paper.events if e.kind == "barcode"]
    assert "unknown" not in kinds and paper.text_bytes == b""
    assert [e.value for e in paper.events if e.kind == "cut"] == ["partial", "partial"]
    # centred by ESC a 1 on 64-dot paper, then fed three default lines before the cuts
    assert np.array_equal(ink(paper.image)[:8, 16:48], ink(img))
    assert paper.cuts == [8 + 90, 8 + 90]


def test_text_bytes_are_collected_as_runs():
    stream = ESC + b"@" + b"Hello?\n" + ESC + b"t\x10" + b"caf\xe9\n" + b"\x1b\x45\x01Bold\n"
    paper = decode(stream)
    assert paper.texts == ["Hello?", "café", "Bold"]
    assert paper.text_bytes == b"Hello?caf\xe9Bold"
    assert paper.image.height == 90  # three lines at the default spacing
    assert ink(paper.image).any()  # the text is drawn, so a demo shows it


def test_cuts_split_the_paper_into_pieces():
    one, two = pattern(32, 10), pattern(32, 20)
    stream = raster(one) + GS + b"V\x00" + raster(two) + GS + b"V\x01"
    paper = decode(stream)
    assert paper.cuts == [10, 30]
    assert [e.value for e in paper.events if e.kind == "cut"] == ["full", "partial"]
    assert [p.size for p in paper.pieces()] == [(32, 10), (32, 20)]


def test_init_drops_unprinted_text():
    paper = decode(b"lost" + ESC + b"@" + b"kept\n")
    assert paper.texts == ["kept"]


def test_a_truncated_stream_keeps_what_came_before():
    img = pattern(32, 8)
    data = raster(img) + raster(img)[:20]
    paper = decode(data)
    assert np.array_equal(ink(paper.image)[:8], ink(img))
    assert paper.events[-1].kind == "unknown" and paper.events[-1].value == "truncated"


def test_unknown_commands_are_reported_not_hidden():
    paper = decode(ESC + b"\x01" + b"A\n")
    assert paper.events[0].kind == "unknown"
    assert paper.texts == ["A"]
