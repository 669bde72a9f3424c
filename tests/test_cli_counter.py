"""What the counter window does, from the command line too (same core functions)."""

import json

import pytest

from desk import dossiers
from desk.dossiers import intake_drafts

BIRTH = {"procedure": "1.001193", "applicant": {"name": "Hà Văn Tâm", "id_number": "001099012345"}}


@pytest.fixture
def request_file(tmp_path):
    path = tmp_path / "hoso.json"
    path.write_text(json.dumps(BIRTH, ensure_ascii=False), encoding="utf-8")
    return path


def test_plan_shows_fee_and_appointment_and_writes_nothing(cli, data_dir, store, request_file):
    ran = cli("dossier", "plan", "--json-file", request_file, "--json", data=data_dir)
    assert ran.code == 0, ran.err
    plan = json.loads(ran.out)
    assert plan["due_at"] == "2026-11-25T17:00:00+07:00" and plan["procedure"]["code"] == "1.001193"
    assert store.scalar("SELECT COUNT(*) FROM dossiers") == 0


def test_incomplete_and_refused_at_intake(cli, data_dir, store, request_file):
    ran = cli(
        "dossier",
        "new",
        "--json-file",
        request_file,
        "--incomplete",
        "Thiếu giấy chứng sinh",
        "--missing",
        "Giấy chứng sinh",
        data=data_dir,
    )
    assert ran.code == 0, ran.err
    code = ran.out.split()[0]
    asked = dossiers.get(store, code)
    assert (
        asked.status.value == "supplement_requested"
        and asked.supplement.items[0].name == "Giấy chứng sinh"
    )
    ran = cli(
        "dossier",
        "new",
        "--json-file",
        request_file,
        "--refuse",
        "Không thuộc thẩm quyền",
        data=data_dir,
    )
    refused = dossiers.get(store, ran.out.split()[0])
    assert refused.status.value == "refused" and refused.fee == 0
    ran = cli("dossier", "new", "--json-file", request_file, "--incomplete", "x", data=data_dir)
    assert ran.code != 0 and "--missing" in ran.err


def test_list_views_at_the_office_time(cli, data_dir, store, office_clock):
    dossiers.receive(store, BIRTH, actor="canbo1")
    ran = cli("dossier", "list", "--view", "due_today", "--json", data=data_dir)
    assert len(json.loads(ran.out)) == 1
    ran = cli("dossier", "list", "--view", "overdue", "--json", data=data_dir)
    assert json.loads(ran.out) == []
    office_clock.set("2026-11-26T08:00:00+07:00")
    ran = cli("dossier", "list", "--view", "overdue", "--json", data=data_dir)
    assert [d["overdue"] for d in json.loads(ran.out)] == [True]
    ran = cli("dossier", "list", "--view", "someday", data=data_dir)
    assert ran.code != 0 and "Cách xem không hợp lệ" in ran.err


def test_return_records_who_collected_and_how(cli, data_dir, store):
    code = dossiers.receive(store, BIRTH, actor="canbo1").code
    dossiers.finish(store, code, actor="canbo1")
    ran = cli(
        "dossier",
        "return",
        code,
        "--to",
        "Hà Thị Lụa",
        "--collector-id",
        "001199000001",
        "--relation",
        "authorised",
        "--note",
        "Giấy ủy quyền số 12",
        data=data_dir,
    )
    assert ran.code == 0, ran.err
    event = dossiers.get(store, code).events[-1]
    assert event.data["collector"]["relation"] == "authorised"
    assert event.data["collector"]["note"] == "Giấy ủy quyền số 12"


def test_drafts_listed_and_discarded(cli, data_dir, store):
    draft = intake_drafts.save(
        store, {"procedure": "1.001193"}, actor="canbo1", summary="Hà Văn Tâm — Đăng ký khai sinh"
    )
    ran = cli("dossier", "drafts", data=data_dir)
    assert draft in ran.out and "Hà Văn Tâm" in ran.out
    assert cli("dossier", "drafts", "--discard", draft, data=data_dir).code == 0
    assert store.scalar("SELECT COUNT(*) FROM intake_drafts") == 0
    assert cli("dossier", "drafts", "--discard", draft, data=data_dir).code == 3


def test_the_command_line_speaks_vietnamese(cli, data_dir, capsys):
    from cli.main import main

    with pytest.raises(SystemExit):
        main(["--help"])
    helped = capsys.readouterr().out
    assert helped.startswith("cách dùng: desk") and "tùy chọn:" in helped and "usage" not in helped
    with pytest.raises(SystemExit) as exit_code:
        main(["--data", str(data_dir), "dossier", "list", "--channel", "fax"])
    assert exit_code.value.code == 2
    said = capsys.readouterr().err
    assert "lỗi: tham số --channel: lựa chọn không hợp lệ: 'fax'" in said and "error" not in said
