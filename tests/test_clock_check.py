"""A PC with a wrong clock takes no dossier and prints no ticket until someone looks.

Wednesday 25/11/2026: the office took dossiers all morning. Then the power went and the
PC came back with its CMOS battery dead.
"""

import json

import pytest
from helpers import run_desk

from desk import clock_check, dossiers
from desk.errors import AuthError, ClockError
from desk.users import add_user

BIRTH = {"procedure": "1.001193", "applicant": {"name": "Hà Thị Mai"}}


@pytest.fixture
def morning(store, office_clock):
    """Three dossiers received this morning, the last at 11:20."""
    for minutes in (0, 50, 110):
        office_clock.set("2026-11-25T09:30:00+07:00")
        office_clock.advance(minutes=minutes)
        dossiers.receive(store, BIRTH, actor="canbo1")
    return store


def test_a_clock_that_goes_on_as_usual_is_fine(morning, office_clock):
    office_clock.set("2026-11-25T14:00:00+07:00")
    assert clock_check.check(morning) is None
    office_clock.set("2026-12-07T07:30:00+07:00")  # Monday after a long weekend and more
    assert clock_check.check(morning) is None


def test_a_clock_back_at_2000_is_refused_with_both_times(morning, office_clock):
    office_clock.set("2000-01-01T08:00:00+07:00")
    problem = clock_check.check(morning)
    assert problem is not None and problem.kind == "behind"
    assert "Đồng hồ" in problem.message
    assert "08:00 ngày 01/01/2000" in problem.message and "11:20 ngày 25/11/2026" in problem.message
    with pytest.raises(ClockError, match="Đồng hồ"):
        clock_check.require_plausible(morning)


def test_a_few_minutes_behind_is_tolerated_but_not_an_hour(morning, office_clock):
    office_clock.set("2026-11-25T11:16:00+07:00")
    assert clock_check.check(morning) is None
    office_clock.set("2026-11-25T10:15:00+07:00")
    assert clock_check.check(morning).kind == "behind"


def test_a_jump_of_months_ahead_is_implausible_and_the_limit_is_a_setting(morning, office_clock):
    office_clock.set("2027-03-01T08:00:00+07:00")
    problem = clock_check.check(morning)
    assert problem.kind == "ahead" and "31 ngày" in problem.message
    morning.set_setting("clock.max_gap_days", 120)
    assert clock_check.check(morning) is None


def test_a_login_on_a_wrong_clock_does_not_lower_the_floor(morning, office_clock):
    from desk.users import authenticate

    add_user(
        morning,
        username="qt",
        full_name="Ngô Quản Trị",
        role="admin",
        password="matkhau1",
        actor="t",
    )
    office_clock.set("2000-01-01T08:00:00+07:00")
    authenticate(morning, "qt", "matkhau1")  # written at 2000-01-01
    assert clock_check.check(morning).kind == "behind"


def test_an_admin_confirms_and_it_is_audited(morning, office_clock):
    add_user(
        morning,
        username="qt",
        full_name="Ngô Quản Trị",
        role="admin",
        password="matkhau1",
        actor="t",
    )
    add_user(
        morning,
        username="cb",
        full_name="Lê Cán Bộ",
        role="officer",
        password="matkhau1",
        actor="t",
    )
    office_clock.set("2026-11-25T10:00:00+07:00")  # really 10:00: the morning's records ran ahead
    assert clock_check.check(morning).kind == "behind"
    with pytest.raises(AuthError, match="quản trị"):
        clock_check.confirm_by_admin(morning, "cb", "matkhau1")
    with pytest.raises(AuthError):
        clock_check.confirm_by_admin(morning, "qt", "sai-mat-khau")
    clock_check.confirm_by_admin(morning, "qt", "matkhau1", reason="Đã so với đồng hồ treo tường")
    assert clock_check.check(morning) is None
    entry = morning.one("SELECT actor, detail FROM audit WHERE action = 'clock.confirm'")
    assert entry["actor"] == "qt"
    assert json.loads(entry["detail"])["newest_before"] == "2026-11-25T11:20:00+07:00"
    office_clock.set("2026-11-25T09:00:00+07:00")  # and a later jump back is caught again
    assert clock_check.check(morning).kind == "behind"


def test_upstream_time_more_than_five_minutes_away_is_reported(morning, office_clock):
    office_clock.set("2026-11-25T14:00:00+07:00")
    morning.set_setting(
        "clock.upstream", {"offset_seconds": 240, "at": "2026-11-25T13:59:00+07:00"}
    )
    assert clock_check.check(morning) is None
    morning.set_setting(
        "clock.upstream", {"offset_seconds": -900, "at": "2026-11-25T13:59:00+07:00"}
    )
    problem = clock_check.check(morning)
    assert problem.kind == "upstream" and "13:45 ngày 25/11/2026" in problem.message


def test_cli_refuses_to_take_a_dossier_or_print_a_ticket(morning, data_dir, cli, office_clock):
    office_clock.set("2000-01-01T08:00:00+07:00")
    before = morning.scalar("SELECT COUNT(*) FROM dossiers")
    ran = cli("clock", "check", "--json", data=data_dir)
    assert ran.code == 4 and json.loads(ran.out)["problem"]["kind"] == "behind"
    ran = cli("print", "ticket", "--printer", "virtual:", data=data_dir)
    assert ran.code == 4 and "Đồng hồ" in ran.err
    assert morning.scalar("SELECT COUNT(*) FROM tickets") == 0
    assert morning.scalar("SELECT COUNT(*) FROM dossiers") == before


def test_the_real_cli_under_faketime_2000_stores_nothing(morning, data_dir, tmp_path):
    """The process's own wall clock says 01/01/2000 08:00 (libfaketime), as after a dead battery."""
    request = tmp_path / "d.json"
    request.write_text(json.dumps(BIRTH, ensure_ascii=False), encoding="utf-8")
    lines = tmp_path / "d.jsonl"
    lines.write_text(json.dumps(BIRTH, ensure_ascii=False) + "\n", encoding="utf-8")
    counts = "SELECT (SELECT COUNT(*) FROM dossiers), (SELECT COUNT(*) FROM outbox), (SELECT COUNT(*) FROM tickets), (SELECT COUNT(*) FROM audit)"
    before = morning.conn.execute(counts).fetchone()
    for argv in (
        ("dossier", "new", "--json-file", request),
        ("dossier", "import", lines),
        ("print", "ticket", "--printer", "virtual:"),
    ):
        ran = run_desk("--data", data_dir, *argv, at="2000-01-01T08:00:00+07:00")
        err = ran.stderr.decode("utf-8")
        assert ran.returncode == 4, err
        assert "Đồng hồ" in err and "01/01/2000" in err and "25/11/2026" in err
        assert ran.stdout == b""
    assert morning.conn.execute(counts).fetchone() == before
    # The same commands on the right day go through.
    ran = run_desk(
        "--data", data_dir, "dossier", "new", "--json-file", request, at="2026-11-25T14:00:00+07:00"
    )
    assert ran.returncode == 0 and ran.stdout.decode().startswith("000.00.99.H99-261125-")
