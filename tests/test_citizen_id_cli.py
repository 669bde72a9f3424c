"""`desk cccd`, run through the real entry point."""

import io
import json

from helpers import office_time

from cli.main import main

CCCD = (
    "001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|"
    "Số 1 phố Huế, phường Hai Bà Trưng, Hà Nội|20042021"
)


def run(tmp_path, *args):
    return main(["--data", str(tmp_path), "cccd", *args], clock=office_time())


def test_prints_the_fields(tmp_path, capsys):
    assert run(tmp_path, CCCD) == 0
    printed = capsys.readouterr().out
    assert "001099012345" in printed
    assert "NGUYỄN VĂN AN (Nguyễn Văn An)" in printed
    assert "15/03/1999" in printed
    assert "Hà Nội (mã 001)" in printed
    assert "Cảnh báo" not in printed


def test_prints_warnings(tmp_path, capsys):
    assert run(tmp_path, CCCD.replace("|Nam|", "|Nữ|")) == 0
    printed = capsys.readouterr().out
    assert "Cảnh báo:" in printed and "giới tính Nam" in printed


def test_json(tmp_path, capsys):
    payload = (
        "038301001234||LÊ THỊ BÌNH|02072001|Nữ|Thôn Đông, xã Quảng Phú, tỉnh Thanh Hóa|10082024||||"
    )
    assert run(tmp_path, payload, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "can_cuoc"
    assert data["name"] == "LÊ THỊ BÌNH" and data["display_name"] == "Lê Thị Bình"
    assert data["dob"] == "2001-07-02" and data["issued_on"] == "2024-08-10"
    assert data["birth_province"] == "Thanh Hóa"
    assert data["warnings"] == []


def test_reads_stdin(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(CCCD + "\r\n"))
    assert run(tmp_path, "-", "--json") == 0
    assert json.loads(capsys.readouterr().out)["id_number"] == "001099012345"


def test_bad_payload_exits_non_zero_with_vietnamese_message(tmp_path, capsys):
    assert run(tmp_path, "https://example.vn/ho-so") != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Lỗi: Không đọc được mã QR trên thẻ CCCD/Căn cước")
    assert "đường dẫn" in captured.err


def test_impossible_date_exits_non_zero(tmp_path, capsys):
    assert run(tmp_path, CCCD.replace("15031999", "31021999")) == 2
    assert "không có thật" in capsys.readouterr().err
