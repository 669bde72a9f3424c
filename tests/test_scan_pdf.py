"""PDFs of scanned papers: page count, embedded encodings, physical size, names, legibility."""

import io
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest
from helpers import require_tool
from pypdf import PdfReader
from synth import flatbed_scan, render_page

from desk.errors import InvalidInput
from desk.scan.batch import read_texts
from desk.scan.pdf import build_pdf, encode_page, paper_file_name, paper_pdf
from desk.scan.pipeline import ScanSettings, prepare_page, scan_to_pdf

CODES = {"qr": "000.00.19.H47-260105-0001", "code128": "H47-260105-0001"}
A4_PT = (595.28, 841.89)


@pytest.fixture(scope="module")
def scanned():
    """A dense made-up form with a red seal, a QR and a Code 128, through a flatbed."""
    return flatbed_scan(render_page(100, dpi=200, lines=40, codes=CODES), seed=0)


def _render(data: bytes, tmp: Path) -> list[np.ndarray]:
    pdftoppm = require_tool("pdftoppm")
    src = tmp / "in.pdf"
    src.write_bytes(data)
    subprocess.run([pdftoppm, "-r", "200", "-png", str(src), str(tmp / "p")], check=True)
    return [cv2.imread(str(p)) for p in sorted(tmp.glob("p*.png"))]


def _filters(reader: PdfReader) -> list[str]:
    out = []
    for page in reader.pages:
        xobjects = page["/Resources"]["/XObject"]
        for name in xobjects:
            f = xobjects[name].get_object()["/Filter"]
            out.extend(str(x) for x in (f if isinstance(f, list) else [f]))
    return out


def test_one_pdf_page_per_image_with_the_encoding_of_its_mode(scanned):
    pages = [
        prepare_page(scanned, ScanSettings(mode=m, detect=False)) for m in ("color", "gray", "bw")
    ]
    result = paper_pdf([p.image for p in pages], [p.mode for p in pages], 200)
    reader = PdfReader(io.BytesIO(result.data))
    assert len(reader.pages) == 3
    assert _filters(reader) == ["/DCTDecode", "/DCTDecode", "/CCITTFaxDecode"]
    assert [p.media_type for p in result.pages] == ["image/jpeg", "image/jpeg", "image/tiff"]
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert w == pytest.approx(A4_PT[0], abs=1.0) and h == pytest.approx(A4_PT[1], abs=1.0)


def test_the_page_bytes_are_embedded_as_they_were_encoded(scanned):
    page = prepare_page(scanned, ScanSettings(mode="gray", detect=False))
    encoded = encode_page(page.image, page.mode, 200)
    pdf = build_pdf([encoded])
    assert encoded.data in pdf  # pasted, not re-encoded
    assert len(encoded.sha256) == 64


def test_same_pages_give_the_same_pdf_bytes(scanned):
    page = prepare_page(scanned, ScanSettings(mode="bw", detect=False))
    one = paper_pdf([page.image], ["bw"], 200).data
    two = paper_pdf([page.image], ["bw"], 200).data
    assert one == two


def test_300_dpi_pages_keep_the_a4_physical_size():
    page = render_page(3, dpi=300, lines=8)
    reader = PdfReader(io.BytesIO(paper_pdf([page], ["color"], 300).data))
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(A4_PT[0], abs=1.0)
    assert float(box.height) == pytest.approx(A4_PT[1], abs=1.0)


@pytest.mark.parametrize("mode", ["color", "gray", "bw"])
def test_codes_still_decode_after_the_pdf_round_trip(scanned, mode, tmp_path):
    result = scan_to_pdf([scanned], ScanSettings(mode=mode, detect=False))
    rendered = _render(result.pdf.data, tmp_path)
    assert len(rendered) == 1
    assert sorted(read_texts(rendered[0])) == sorted(CODES.values())


def test_a_dense_form_with_a_seal_is_small_in_every_mode(scanned):
    sizes = {}
    for mode in ("color", "gray", "bw"):
        sizes[mode] = len(scan_to_pdf([scanned], ScanSettings(mode=mode, detect=False)).pdf.data)
    assert sizes["color"] <= 200 * 1024
    assert sizes["gray"] <= 150 * 1024
    assert sizes["bw"] <= 60 * 1024
    _, plain = cv2.imencode(
        ".jpg", cv2.cvtColor(scanned, cv2.COLOR_BGR2GRAY), [cv2.IMWRITE_JPEG_QUALITY, 60]
    )
    assert sizes["gray"] < 0.75 * len(plain)


def test_file_name_is_dossier_code_dot_order():
    assert paper_file_name("000.00.19.H47-260105-0001", 2) == "000.00.19.H47-260105-0001.2.pdf"
    assert paper_file_name("H57.132-260804-0583", 1) == "H57.132-260804-0583.1.pdf"


@pytest.mark.parametrize(
    "code,n", [("", 1), ("../x", 1), ("a/b", 1), ("H47-260105-0001", 0), ("H47-260105-0001", -2)]
)
def test_bad_names_are_refused_in_vietnamese(code, n):
    with pytest.raises(InvalidInput) as exc:
        paper_file_name(code, n)
    assert "hồ sơ" in exc.value.message or "thành phần" in exc.value.message


def test_an_empty_paper_has_no_pdf():
    with pytest.raises(InvalidInput):
        build_pdf([])
