"""Separator sheets split a scanned stack into dossiers and papers, and are left out."""

import numpy as np
import pytest
import segno
import zxingcpp
from synth import render_page

from desk.scan.batch import (
    paper_separator_payload,
    parse_paper_separator,
    split_batch,
)


def _sheet(payload: str, symbology: str) -> np.ndarray:
    """A white A4 sheet (100 dpi) carrying one code in the middle."""
    page = np.full((1169, 827, 3), 255, np.uint8)
    if symbology == "qr":
        sym = np.where(np.array(segno.make(payload, micro=False).matrix) > 0, 0, 255).astype(
            np.uint8
        )
        sym = np.kron(sym, np.ones((8, 8), np.uint8))
    else:
        sym = np.asarray(
            zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.Code128).to_image(scale=3)
        )
        sym = np.repeat(sym[:1], 120, axis=0)
    h, w = sym.shape
    page[400 : 400 + h, 200 : 200 + w] = sym[..., None]
    return page


@pytest.fixture(scope="module")
def stack():
    doc = [render_page(i, dpi=100, seal=False) for i in range(5)]
    return {
        "A": _sheet("000.00.19.H47-260105-0001", "qr"),
        "B": _sheet("https://dichvucong.example.vn/tra-cuu?ma=H57.132-260804-0583", "qr"),
        "tp1": _sheet(paper_separator_payload(1), "code128"),
        "tp3": _sheet(paper_separator_payload(3), "qr"),
        "doc": doc,
    }


def _shape(dossiers, pages):
    index = {id(p): i for i, p in enumerate(pages)}
    return [
        (d.code, [(p.number, [index[id(x)] for x in p.pages]) for p in d.papers]) for d in dossiers
    ]


def test_dossier_and_paper_separators_split_the_stack(stack):
    d = stack["doc"]
    pages = [stack["A"], stack["tp1"], d[0], d[1], stack["tp3"], d[2], stack["B"], d[3], d[4]]
    got = _shape(split_batch(pages), pages)
    assert got == [
        ("000.00.19.H47-260105-0001", [(1, [2, 3]), (3, [5])]),
        ("H57.132-260804-0583", [(1, [7, 8])]),
    ]


def test_pages_before_any_separator_are_kept_in_an_unnamed_dossier(stack):
    d = stack["doc"]
    pages = [d[0], stack["tp3"], d[1]]
    assert _shape(split_batch(pages), pages) == [(None, [(1, [0]), (3, [2])])]


def test_without_separators_everything_is_one_paper(stack):
    pages = stack["doc"][:3]
    assert _shape(split_batch(pages), pages) == [(None, [(1, [0, 1, 2])])]


def test_a_custom_reader_lets_callers_pass_anything():
    pages = ["HS:H47.03-261005-0089", "p1", "TP|2", "p2", "p3"]
    read = lambda p: [p.removeprefix("HS:")] if p.startswith(("HS:", "TP|")) else []  # noqa: E731
    out = split_batch(pages, read)
    assert [(x.code, [(p.number, p.pages) for p in x.papers]) for x in out] == [
        ("H47.03-261005-0089", [(1, ["p1"]), (2, ["p2", "p3"])])
    ]


def test_separator_payload_round_trip():
    assert paper_separator_payload(12) == "TP|12"
    assert parse_paper_separator(" TP|12 ") == 12
    for text in ("TP|0", "TP|x", "TP|1|2", "VE|H47|20260105|A012|x", "", "TP|1000"):
        assert parse_paper_separator(text) is None
    with pytest.raises(ValueError):
        paper_separator_payload(0)
