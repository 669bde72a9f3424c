"""`desk calendar`, run through the real entry point."""

import json

from helpers import office_time

from cli.main import main


def run(capsys, tmp_path, *args) -> tuple[int, str, str]:
    code = main(["--data", str(tmp_path), "calendar", *args], clock=office_time())
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_lists_the_2026_swaps(capsys, tmp_path):
    code, out, _ = run(capsys, tmp_path, "2026", "--json")
    assert code == 0
    data = json.loads(out)
    off = {d["date"]: d for d in data["days_off"]}
    worked = {w["date"]: w for w in data["worked_days"]}
    assert off["2026-01-02"]["weekday"] == "Thứ Sáu"
    assert off["2026-01-02"]["ref"] == "CV 12729/VPCP-KGVX"
    assert "10/01/2026" in off["2026-01-02"]["name"]
    assert worked["2026-08-22"]["weekday"] == "Thứ Bảy"
    assert worked["2026-08-22"]["in_place_of"] == "2026-08-31"
    assert "2026-08-31" in off and "2026-08-22" not in off
    assert set(worked) == {"2026-01-10", "2026-08-22"}
    assert len(data["days_off"]) == 14 and data["working_days"] == 249
    assert off["2026-02-17"]["lunar"]["label"] == "ngày 1 tháng Giêng năm Bính Ngọ"


def test_text_output_in_vietnamese(capsys, tmp_path):
    code, out, _ = run(capsys, tmp_path, "2026")
    assert code == 0
    assert "Thứ Sáu   02/01/2026" in out
    assert "ngày 1 tháng Giêng năm Bính Ngọ" in out  # lunar date beside Tết
    assert "Thứ Bảy   22/08/2026" in out


def test_2027_is_marked_provisional(capsys, tmp_path):
    _, out, _ = run(capsys, tmp_path, "2027", "--json")
    tet = [d for d in json.loads(out)["days_off"] if d["name"] == "Tết Nguyên đán"]
    assert tet and all(d["provisional"] for d in tet)


def test_check_a_date(capsys, tmp_path):
    code, out, _ = run(capsys, tmp_path, "2026", "--check", "24/11/2026", "--json")
    data = json.loads(out)
    assert code == 0 and data["working"] is False
    assert data["reason"] == "Ngày Văn hóa Việt Nam"
    assert data["next_working_day"] == "2026-11-25"


def test_bad_input_is_a_vietnamese_error(capsys, tmp_path):
    code, _, err = run(capsys, tmp_path, "2026", "--check", "31/02/2026")
    assert code != 0 and err.startswith("Lỗi: Ngày không hợp lệ")
    code, _, err = run(capsys, tmp_path, "1900")
    assert code != 0 and "ngoài phạm vi" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    code, _, err = run(capsys, tmp_path, "2026", "--snapshot", str(bad))
    assert code != 0 and "Dữ liệu ngày nghỉ không hợp lệ" in err
