"""`desk dossier import` against the lines a reliability probe fed it (issue 8, items 5–7).

Each bad line is reported with its number and skipped, the good lines around it are stored,
nothing is ever "Lỗi ngoài dự kiến"; requests that parse but make no sense are refused with a
reason; and running the same file again never takes a dossier twice.
"""

import json
import sqlite3

import pytest
from helpers import run_desk

GOOD = {"procedure": "1.001193", "applicant": {"name": "Trước Tiên"}}
LAST = {"procedure": "2.000884", "applicant": {"name": "Sau Cùng"}}


def _line(**fields) -> str:
    return json.dumps({**GOOD, **fields}, ensure_ascii=False)


def _hostile_lines() -> list[bytes]:
    """The probe's lines, each of which once stopped the whole import."""
    deep = "[" * 990 + "]" * 990
    return [
        b"[1]",
        b"null",
        b"42",
        _line().replace('"procedure"', '"sets": Infinity, "procedure"').encode(),
        _line().replace('"procedure"', '"fee": 1e999, "procedure"').encode(),
        json.dumps({**GOOD, "papers": [{"name": "Tờ khai", "count": 1}]}, ensure_ascii=False)
        .replace('"count": 1', '"count": 1e999')
        .encode(),
        _line().replace('"procedure"', '"sets": ' + "7" * 5000 + ', "procedure"').encode(),
        _line().replace('"procedure"', f'"ghi_chu_rieng": {deep}, "procedure"').encode(),
        b'{"procedure": "1.001193", "applicant": {"name": "\\ud800"}}',
        b'{"procedure": "1.001193", "applicant": {"name": "B\xff\xfe"}}',
    ]


def _codes(data_dir) -> list[str]:
    with sqlite3.connect(data_dir / "desk.sqlite") as conn:
        return [r[0] for r in conn.execute("SELECT code FROM dossiers ORDER BY rowid")]


def _check_one_by_one(code: int, out: str, err: str, data_dir, bad: int) -> None:
    assert code == 1
    assert "ngoài dự kiến" not in err
    numbers = [int(line.split("\t")[0]) for line in out.splitlines()]
    assert numbers == [1, bad + 2]  # the first and the last line, each with its line number
    for n in range(2, bad + 2):
        assert f"Dòng {n}:" in err, f"line {n} not reported:\n{err}"
    assert f"Đã nhập 2 hồ sơ; {bad} dòng lỗi." in err
    assert [line.split("\t")[1] for line in out.splitlines()] == _codes(data_dir)


def test_each_hostile_line_is_skipped_with_its_number_and_the_rest_go_in(cli, data_dir, tmp_path):
    hostile = _hostile_lines()
    f = tmp_path / "in.jsonl"
    f.write_bytes(b"\n".join([_line().encode(), *hostile, json.dumps(LAST).encode()]) + b"\n")
    ran = cli("dossier", "import", f, data=data_dir)
    _check_one_by_one(ran.code, ran.out, ran.err, data_dir, len(hostile))
    assert "lồng nhau quá sâu" in ran.err and "UTF-8" in ran.err and "\\ud800" in ran.err


def test_invalid_utf8_on_line_2_keeps_line_1_and_3_also_on_stdin(data_dir):
    """The real command, reading standard input."""
    data = _line().encode() + b"\n\xff\xfe not text\n" + json.dumps(LAST).encode() + b"\n"
    ran = run_desk("--data", data_dir, "dossier", "import", "-", input=data)
    out, err = ran.stdout.decode(), ran.stderr.decode()
    _check_one_by_one(ran.returncode, out, err, data_dir, 1)
    assert "Dòng 2: không phải văn bản UTF-8" in err


def test_a_huge_line_costs_the_bound_not_the_line(cli, data_dir, tmp_path):
    f = tmp_path / "big.jsonl"
    with open(f, "wb") as fh:
        fh.write(_line().encode() + b"\n")
        fh.write(b'{"procedure": "1.001193", "applicant": {"name": "' + b"a" * 3_000_000 + b'"}}\n')
        fh.write(json.dumps(LAST).encode() + b"\n")
    ran = cli("dossier", "import", f, data=data_dir)
    _check_one_by_one(ran.code, ran.out, ran.err, data_dir, 1)
    assert "Dòng 2: dòng quá dài" in ran.err


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"received_at": "2099-06-01T09:00"}, "tương lai"),
        ({"received_at": "2016-11-20T09:00"}, "năm trước hôm nay"),  # 2016 typed for 2026
        ({"fee": 999_999}, "không thu lệ phí"),
        ({"applicant": {"name": 12345}}, "phải là chữ"),
        ({"applicant": {"name": True}}, "phải là chữ"),
        ({"applicant": {"name": "Lê Văn A", "id_number": 1234567890}}, "phải là chữ"),
        ({"sets": 1.9}, "số nguyên"),
        ({"sets": True}, "số nguyên"),
        ({"applicant": {"name": "Lê\u0000Văn"}}, "ký tự không hợp lệ"),
        ({"phu_luc": "x" * 300_000}, "quá lớn"),
    ],
)
def test_requests_that_parse_but_make_no_sense_are_refused(cli, data_dir, tmp_path, fields, says):
    f = tmp_path / "one.jsonl"
    f.write_text(_line(**fields) + "\n" + json.dumps(LAST) + "\n", encoding="utf-8")
    ran = cli("dossier", "import", f, data=data_dir)
    assert ran.code == 1 and "Dòng 1:" in ran.err and says in ran.err, ran.err
    assert len(_codes(data_dir)) == 1  # only the last line


def test_received_at_within_bounds_and_whole_numbers_are_taken(cli, data_dir, tmp_path):
    f = tmp_path / "ok.jsonl"
    f.write_text(
        _line(received_at="2026-11-20T14:00", sets=2.0)
        + "\n"
        + _line(applicant={"name": "Hai"}, sets="3")
        + "\n",
        encoding="utf-8",
    )
    ran = cli("dossier", "import", f, data=data_dir)
    assert ran.code == 0, ran.err
    first, second = (line.split("\t") for line in ran.out.splitlines())
    assert "-261120-" in first[1] and "-261125-" in second[1]
    with sqlite3.connect(data_dir / "desk.sqlite") as conn:
        assert [r[0] for r in conn.execute("SELECT sets FROM dossiers ORDER BY rowid")] == [2, 3]


def test_invalid_json_names_the_column_and_what_is_near_it(cli, data_dir, tmp_path):
    f = tmp_path / "bad.jsonl"
    f.write_text('  {"procedure": "1.001193" "applicant": {"name": "Ánh"}}\n', encoding="utf-8")
    ran = cli("dossier", "import", f, data=data_dir)
    # the column counts the two leading spaces: the second key starts at column 28
    assert "thiếu dấu phẩy (cột 28, gần «" in ran.err, ran.err
    g = tmp_path / "bad.json"
    g.write_text('{\n  "procedure": "1.001193",\n  "applicant": {"name": }\n}', encoding="utf-8")
    ran = cli("dossier", "new", "--json-file", g, data=data_dir)
    assert ran.code == 2 and "thiếu giá trị (dòng 3, cột 25" in ran.err, ran.err


def test_running_the_same_file_again_takes_nothing_twice(cli, data_dir, tmp_path):
    f = tmp_path / "day.jsonl"
    lines = [
        _line(applicant={"name": "Một"}),
        _line(applicant={"name": "Hai"}, ref="SO-2026-0002"),
        "{broken",
        _line(applicant={"name": "Ba"}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = cli("dossier", "import", f, data=data_dir)
    assert first.code == 1 and "Đã nhập 3 hồ sơ; 1 dòng lỗi." in first.err
    pairs = {int(n): code for n, code, _ in (x.split("\t") for x in first.out.splitlines())}
    assert sorted(pairs) == [1, 2, 4]
    # The same lines re-saved by another editor (keys reordered, spaces) and a new one.
    reordered = [
        json.dumps(json.loads(lines[0]), sort_keys=True),
        json.dumps({"ref": "SO-2026-0002", "procedure": "1.001193", "applicant": {"name": "Khác"}}),
        json.dumps(json.loads(lines[3]), sort_keys=True),
        _line(applicant={"name": "Bốn"}),
    ]
    f.write_text("\n".join(reordered) + "\n", encoding="utf-8")
    second = cli("dossier", "import", f, data=data_dir)
    assert second.code == 0, second.err
    assert "Đã nhập 1 hồ sơ; 3 hồ sơ đã có từ trước (không nhận lại); 0 dòng lỗi." in second.err
    again = [x.split("\t") for x in second.out.splitlines()]
    assert [(a[1], a[3]) for a in again[:3]] == [
        (pairs[1], "đã có"),
        (pairs[2], "đã có"),  # the same ref is the same dossier, whatever else changed
        (pairs[4], "đã có"),
    ]
    assert len(again[3]) == 3 and len(_codes(data_dir)) == 4
    with sqlite3.connect(data_dir / "desk.sqlite") as conn:
        keys = dict(
            conn.execute(
                "SELECT k.line, d.code FROM dossier_import_keys k JOIN dossiers d ON d.id = k.dossier_id"
            )
        )
    assert keys[2] == pairs[2]


def test_the_same_line_twice_in_one_file_is_one_dossier(cli, data_dir, tmp_path):
    f = tmp_path / "twice.jsonl"
    f.write_text(_line() + "\n" + _line() + "\n", encoding="utf-8")
    ran = cli("dossier", "import", f, data=data_dir)
    first, second = (x.split("\t") for x in ran.out.splitlines())
    assert first[1] == second[1] and second[3] == "đã có" and len(_codes(data_dir)) == 1


@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "folder"])
def test_special_files_are_refused_at_once(cli, data_dir, tmp_path, special):
    import os

    if special == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        path = tmp_path / "fifo"
        os.mkfifo(path)  # nobody writes into it: opening it for reading would wait for ever
    elif special == "folder":
        path = tmp_path
    else:
        path = special
        if not os.path.exists(path):
            pytest.skip("no /dev/zero here")
    ran = cli("dossier", "import", path, data=data_dir)
    assert ran.code == 2 and "không phải tệp JSONL" in ran.err, ran.err
