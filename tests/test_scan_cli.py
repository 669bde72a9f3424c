"""`desk scan detect` and `desk scan pdf` end to end (the contract other checks use)."""

import io
import json

import cv2
import numpy as np
import pytest
from helpers import office_time
from pypdf import PdfReader
from synth import desk_photo, render_page

from cli.main import main
from desk.scan.geometry import quad_jaccard


def run(capsys, tmp_path, *args):
    code = main(["--data", str(tmp_path / "data"), "scan", *args], clock=office_time())
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture()
def files(tmp_path):
    shot = desk_photo(7004, "hand")
    photo = tmp_path / "giay-khai-sinh.jpg"
    cv2.imwrite(str(photo), shot.image)
    blank = tmp_path / "mat-sau.jpg"
    cv2.imwrite(str(blank), desk_photo(7005, "dark", page=render_page(blank=True, dpi=100)).image)
    broken = tmp_path / "hong.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    return {"photo": photo, "truth": shot.corners, "blank": blank, "broken": broken}


def test_detect_json_shape(capsys, tmp_path, files, samples_dir):
    sample = samples_dir / "page-photos" / "page_003.jpg"
    code, out, _ = run(capsys, tmp_path, "detect", str(files["photo"]), str(sample), "--json")
    assert code == 0
    result = json.loads(out)
    assert [r["file"] for r in result] == [str(files["photo"]), str(sample)]
    for r in result:
        assert set(r) == {"file", "corners", "confidence"}
        assert len(r["corners"]) == 4 and all(len(p) == 2 for p in r["corners"])
        assert 0.0 <= r["confidence"] <= 1.0
    assert quad_jaccard(files["truth"], result[0]["corners"]) > 0.98
    truth = json.loads((samples_dir / "page-photos" / "truth.json").read_text())["page_003.jpg"][
        "corners"
    ]
    assert quad_jaccard(truth, result[1]["corners"]) > 0.98


def test_detect_reports_bad_files_and_goes_on(capsys, tmp_path, files):
    code, out, err = run(
        capsys, tmp_path, "detect", str(files["broken"]), str(files["photo"]), "--json"
    )
    assert code != 0
    assert [r["file"] for r in json.loads(out)] == [str(files["photo"])]
    assert "hong.jpg" in err and "Lỗi" in err


def test_pdf_from_photos_drops_the_blank_back_and_says_so(capsys, tmp_path, files):
    out_pdf = tmp_path / "out" / "H47-260105-0001.1.pdf"
    code, out, err = run(
        capsys,
        tmp_path,
        "pdf",
        str(files["photo"]),
        str(files["blank"]),
        "-o",
        str(out_pdf),
        "--mode",
        "auto",
    )
    assert code == 0, err
    assert "Bỏ trang trắng: mat-sau.jpg" in out
    assert "1 trang" in out
    reader = PdfReader(io.BytesIO(out_pdf.read_bytes()))
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) == pytest.approx(595.3, abs=1)


def test_pdf_with_a_bad_file_still_writes_the_good_ones(capsys, tmp_path, files):
    out_pdf = tmp_path / "a.pdf"
    code, out, err = run(
        capsys,
        tmp_path,
        "pdf",
        str(files["broken"]),
        str(files["photo"]),
        "-o",
        str(out_pdf),
        "--mode",
        "bw",
        "--json",
    )
    assert code != 0
    assert "hong.jpg" in err
    summary = json.loads(out)
    assert (
        summary["pages"] == 1
        and summary["modes"] == ["bw"]
        and summary["failed"] == [str(files["broken"])]
    )
    assert len(PdfReader(io.BytesIO(out_pdf.read_bytes())).pages) == 1


def test_pdf_from_flatbed_scans_at_300_dpi(capsys, tmp_path, samples_dir):
    out_pdf = tmp_path / "flat.pdf"
    flat = samples_dir / "page-photos" / "flat_004.jpg"
    code, _, err = run(
        capsys,
        tmp_path,
        "pdf",
        str(flat),
        "-o",
        str(out_pdf),
        "--flat",
        "--dpi",
        "300",
        "--mode",
        "gray",
    )
    assert code == 0, err
    reader = PdfReader(io.BytesIO(out_pdf.read_bytes()))
    image = next(iter(reader.pages[0].images))
    assert (image.image.width, image.image.height) == (2480, 3508)


def test_pdf_with_nothing_usable_fails_in_vietnamese(capsys, tmp_path, files):
    code, _, err = run(capsys, tmp_path, "pdf", str(files["broken"]), "-o", str(tmp_path / "x.pdf"))
    assert code != 0 and "Không có ảnh nào đọc được" in err
    assert not (tmp_path / "x.pdf").exists()


def test_pdf_no_detect_takes_the_image_as_the_page(capsys, tmp_path):
    page = tmp_path / "trang.png"
    cv2.imwrite(str(page), render_page(1, dpi=150))
    out_pdf = tmp_path / "p.pdf"
    code, _, err = run(capsys, tmp_path, "pdf", str(page), "-o", str(out_pdf), "--no-detect")
    assert code == 0, err
    img = next(iter(PdfReader(io.BytesIO(out_pdf.read_bytes())).pages[0].images)).image
    assert (img.width, img.height) == (1654, 2339)
    assert np.asarray(img.convert("L")).min() < 60
