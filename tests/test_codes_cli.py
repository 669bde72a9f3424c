"""`desk codes IMAGE... --json [--route]` through cli.main, as a script would call it."""

import json
import shutil
from pathlib import Path

import cv2
import numpy as np
import segno
from helpers import office_time

from cli.main import main


def qr_png(path, text: str) -> None:
    m = np.pad(np.array(segno.make_qr(text, encoding="utf-8").matrix, dtype=np.uint8), 4)
    img = np.kron(((1 - m) * 255).astype(np.uint8), np.ones((5, 5), np.uint8))
    cv2.imencode(".png", img)[1].tofile(str(path))


def run(capsys, tmp_path, *args) -> tuple[int, str, str]:
    code = main(["--data", str(tmp_path / "data"), "codes", *args], clock=office_time())
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_shape_is_the_contract(capsys, tmp_path, samples_dir):
    photo = tmp_path / "cccd.jpg"
    shutil.copy(samples_dir / "qr-photos" / "qr_003.jpg", photo)
    truth = json.loads((samples_dir / "qr-photos" / "truth.json").read_text(encoding="utf-8"))
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((100, 100), 255, np.uint8))
    code, out, _ = run(capsys, tmp_path, str(photo), str(blank), "--json")
    assert code == 0
    assert json.loads(out) == [
        {"file": str(photo), "codes": [{"format": "QRCode", "text": truth["qr_003.jpg"]["text"]}]},
        {"file": str(blank), "codes": []},
    ]


def test_route_adds_what_each_code_is(capsys, tmp_path):
    dossier, ticket = tmp_path / "receipt.png", tmp_path / "ticket.png"
    qr_png(dossier, "https://dvc.example.vn/tra-cuu/000.00.19.H47-250312-0042")
    qr_png(ticket, "VE|H57|20250101|A012|3f9c")
    code, out, _ = run(capsys, tmp_path, str(dossier), str(ticket), "--json", "--route")
    assert code == 0
    first, second = json.loads(out)
    assert first["codes"][0]["route"] == {
        "kind": "dossier",
        "value": "000.00.19.H47-250312-0042",
        "error": None,
    }
    assert second["codes"][0]["route"]["kind"] == "ticket"
    assert second["codes"][0]["route"]["value"]["number"] == "A012"


def test_a_bad_file_fails_alone(capsys, tmp_path):
    good, bad, missing = tmp_path / "tốt.png", tmp_path / "hỏng.jpg", tmp_path / "không có.jpg"
    qr_png(good, "Hà Nội")
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    code, out, _ = run(capsys, tmp_path, str(bad), str(good), str(missing), "--json")
    assert code != 0
    rows = json.loads(out)
    assert [r["file"] for r in rows] == [str(bad), str(good), str(missing)]
    assert rows[1] == {"file": str(good), "codes": [{"format": "QRCode", "text": "Hà Nội"}]}
    for row in (rows[0], rows[2]):
        assert (
            row["codes"] == [] and Path(row["file"]).name in row["error"]
        )  # Vietnamese, names the file


def test_text_output_and_formats(capsys, tmp_path):
    path = tmp_path / "qr.png"
    qr_png(path, "001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|Hà Nội|20042021")
    code, out, _ = run(capsys, tmp_path, str(path), "--route")
    assert code == 0
    assert "QRCode: 001099012345|" in out and "[thẻ CCCD/Căn cước]" in out
    code, out, _ = run(capsys, tmp_path, str(path), "--formats", "Code128")
    assert code == 0 and "không tìm thấy mã nào" in out
    code, _, err = run(capsys, tmp_path, str(path), "--formats", "NoSuchCode")
    assert code != 0 and "Không biết loại mã" in err
