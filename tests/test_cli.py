"""The `desk` command end to end on a real data directory (no window)."""

import json

import pytest
from helpers import office_time

from cli.main import main


def run(capsys, data_dir, *args):
    code = main(["--data", str(data_dir), *args], clock=office_time())
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_init_is_idempotent_and_guards_the_unit_code(tmp_path, capsys):
    data = tmp_path / "d"
    unit = "000.00.19.H47"
    assert run(capsys, data, "init", "--unit", unit, "--name", "UBND xã Hòa Phú")[0] == 0
    assert run(capsys, data, "init", "--unit", unit, "--phone", "0200 1")[0] == 0
    code, out, _ = run(capsys, data, "settings", "get", "office", "--json")
    office = json.loads(out)
    assert office["name"] == "UBND xã Hòa Phú" and office["phone"] == "0200 1"
    run(capsys, data, "dossier", "new", "--json-file", "-")  # no stdin: error, nothing stored
    code, _, err = run(capsys, data, "init", "--unit", "bad code!")
    assert code != 0 and "Quyết định 20/2020/QĐ-TTg" in err


def test_settings_set_and_get(data_dir, capsys):
    assert (
        run(capsys, data_dir, "settings", "set", "printers.ticket", "tcp://127.0.0.1:9100")[0] == 0
    )
    assert (
        run(capsys, data_dir, "settings", "set", "counters", '[{"number": 1, "name": "Quầy 1"}]')[0]
        == 0
    )
    code, out, _ = run(capsys, data_dir, "settings", "get", "printers.ticket")
    assert out.strip() == "tcp://127.0.0.1:9100"
    code, out, _ = run(capsys, data_dir, "settings", "get", "counters", "--json")
    assert json.loads(out)[0]["name"] == "Quầy 1"
    code, _, err = run(capsys, data_dir, "settings", "set", "hours", '{"sessions": "nonsense"}')
    assert code != 0 and err.startswith("Lỗi:")
    code, _, err = run(capsys, data_dir, "settings", "get", "nope")
    assert code == 3 and "Chưa có thiết lập" in err


def test_dossier_new_show_list_search(data_dir, tmp_path, capsys):
    f = tmp_path / "d.json"
    f.write_text(
        json.dumps(
            {
                "procedure": "1.001193",
                "applicant": {"name": "Phan Văn Đạt", "phone": "0912000111"},
                "received_at": "2026-11-23T16:10",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, data_dir, "dossier", "new", "--json-file", str(f))
    assert code == 0
    dossier_code, due = out.strip().split("\t")
    assert due == "2026-11-25T10:00+07:00"  # after 15:00, and 24/11 is a day off
    code, out, _ = run(capsys, data_dir, "dossier", "show", dossier_code, "--json")
    shown = json.loads(out)
    assert shown["applicant"]["name"] == "Phan Văn Đạt" and shown["status"] == "received"
    code, out, _ = run(capsys, data_dir, "dossier", "search", "phan van dat", "--json")
    assert [d["code"] for d in json.loads(out)] == [dossier_code]
    code, out, _ = run(capsys, data_dir, "dossier", "list", "--status", "received")
    assert dossier_code in out
    code, _, err = run(capsys, data_dir, "dossier", "list", "--status", "lost")
    assert code != 0 and "Trạng thái không hợp lệ" in err
    code, _, err = run(capsys, data_dir, "dossier", "show", "H99-000000-0000")
    assert code == 3 and "Không tìm thấy" in err


def test_import_reports_bad_lines_and_keeps_the_rest(data_dir, tmp_path, capsys):
    lines = [
        json.dumps({"procedure": "1.001193", "applicant": {"name": "Một"}}),
        "{not json",
        json.dumps({"procedure": "0.000000", "applicant": {"name": "Hai"}}),
        "",
        json.dumps({"procedure": "2.000884", "applicant": {"name": "Ba"}}),
    ]
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, data_dir, "dossier", "import", str(f))
    assert code == 1
    assert len(out.strip().splitlines()) == 2
    assert "Dòng 2:" in err and "Dòng 3:" in err and "Đã nhập 2 hồ sơ; 2 dòng lỗi" in err


def test_lifecycle_commands(data_dir, tmp_path, capsys):
    f = tmp_path / "d.json"
    f.write_text(
        json.dumps({"procedure": "1.004873", "applicant": {"name": "Vũ Thị Yến"}}), encoding="utf-8"
    )
    code = run(capsys, data_dir, "dossier", "new", "--json-file", str(f))[1].split("\t")[0]
    assert (
        run(
            capsys,
            data_dir,
            "dossier",
            "request-supplement",
            code,
            "--reason",
            "Thiếu giấy",
            "--item",
            "Tờ khai",
        )[0]
        == 0
    )
    assert run(capsys, data_dir, "dossier", "supplement", code)[0] == 0
    assert run(capsys, data_dir, "dossier", "start", code, "--to", "Tư pháp")[0] == 0
    assert run(capsys, data_dir, "dossier", "finish", code, "--result", "Giấy xác nhận")[0] == 0
    rc, out, _ = run(capsys, data_dir, "dossier", "return", code, "--to", "Vũ Thị Yến", "--json")
    assert rc == 0 and json.loads(out)[0]["status"] == "returned"
    rc, _, err = run(capsys, data_dir, "dossier", "refuse", code, "--reason", "x")
    assert rc != 0 and "Không thể từ chối" in err


def test_users(data_dir, capsys, monkeypatch):
    monkeypatch.setenv("DESK_PASSWORD", "mat-khau-1")
    assert (
        run(capsys, data_dir, "user", "add", "canbo1", "--name", "Lê Thị Hà", "--role", "officer")[
            0
        ]
        == 0
    )
    code, _, err = run(capsys, data_dir, "user", "add", "canbo1", "--name", "X")
    assert code != 0 and "đã có" in err
    monkeypatch.setenv("DESK_PASSWORD", "ngan")
    code, _, err = run(capsys, data_dir, "user", "passwd", "canbo1")
    assert code != 0 and "ít nhất" in err
    code, out, _ = run(capsys, data_dir, "user", "list", "--json")
    assert json.loads(out)[0]["username"] == "canbo1"


def test_due_and_catalog(data_dir, capsys):
    code, out, _ = run(
        capsys, data_dir, "due", "1.001193", "--received", "2026-02-13T16:10", "--json"
    )
    due = json.loads(out)["due"]
    # After 15:00 on Friday 13/02/2026, then the Tết break 14–22/02: Monday 23/02.
    assert due.startswith("2026-02-23")
    code, out, _ = run(capsys, data_dir, "catalog", "list", "chung thuc", "--json")
    assert any(p["code"] == "2.000815" for p in json.loads(out)["procedures"])
    code, out, _ = run(capsys, data_dir, "catalog", "show", "2.000815")
    assert "Chứng thực" in out
    code, _, err = run(capsys, data_dir, "catalog", "show", "9.9")
    assert code == 3 and "Không có thủ tục" in err


def test_backup_command(data_dir, tmp_path, capsys):
    code, out, _ = run(capsys, data_dir, "backup", str(tmp_path / "bk"))
    assert code == 0 and "Đã sao lưu" in out
    assert list((tmp_path / "bk").glob("desk-*.sqlite"))


def test_unexpected_error_names_the_log(data_dir, capsys, monkeypatch):
    import desk.dossiers.query as query

    monkeypatch.setattr(query, "list_dossiers", lambda *a, **k: 1 / 0)
    monkeypatch.setattr("desk.dossiers.list_dossiers", query.list_dossiers)
    code, _, err = run(capsys, data_dir, "dossier", "list")
    assert code == 1 and "nhật ký" in err and "desk.log" in err
    assert "ZeroDivisionError" in (data_dir / "logs" / "desk.log").read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [["app"], []])
def test_app_without_display_says_how(data_dir, capsys, monkeypatch, args):
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    code, _, err = run(capsys, data_dir, *args)
    assert code != 0 and "xvfb-run" in err


def test_deeply_nested_json_is_refused_not_a_crash(data_dir, tmp_path, capsys):
    deep = "[" * 100_000 + "]" * 100_000
    f = tmp_path / "deep.jsonl"
    f.write_text(
        deep + "\n" + '{"procedure": "1.001193", "applicant": {"name": "Sau"}}\n', encoding="utf-8"
    )
    code, out, err = run(capsys, data_dir, "dossier", "import", str(f))
    assert code == 1 and "Dòng 1:" in err and len(out.strip().splitlines()) == 1
    g = tmp_path / "deep.json"
    g.write_text(deep, encoding="utf-8")
    code, _, err = run(capsys, data_dir, "dossier", "new", "--json-file", str(g))
    assert code == 2 and "lồng nhau" in err
