"""Backups (issue 8, items 1 and 9): safe to aim, complete under load, clean after a kill,
verified before "Đã sao lưu", daily with a number kept, and onto a USB stick."""

import os
import sqlite3
import stat
import subprocess
import time
from datetime import timedelta

import pytest
from helpers import REPO, child_env, desk_process, kill_desk, run_desk

from desk.store import backup as bk


def _intact(path) -> int:
    """The number of dossiers in a database that passes integrity_check."""
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]


def _jsonl(path, n: int, tag: str = "") -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(
                f'{{"procedure": "1.001193", "applicant": {{"name": "Người Thử {tag}{i}"}}}}\n'
            )


def _start_import(data_dir, jsonl):
    return subprocess.Popen(
        desk_process("--data", data_dir, "dossier", "import", jsonl),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
        env=child_env(),
    )


def _wait_first_line(proc) -> None:
    assert proc.stdout.readline(), "the import printed nothing"


@pytest.mark.parametrize(
    "target",
    [
        "desk.sqlite",
        "desk.sqlite-wal",
        "desk.sqlite-shm",
        ".",
        "files",
        "files/bk.sqlite",
        "logs/desk.sqlite",
    ],
)
def test_a_backup_aimed_at_the_live_data_is_refused_while_an_import_runs(
    data_dir, tmp_path, target
):
    jsonl = tmp_path / "in.jsonl"
    _jsonl(jsonl, 400)
    importer = _start_import(data_dir, jsonl)
    try:
        _wait_first_line(importer)
        ran = run_desk("--data", data_dir, "backup", data_dir / target)
        err = ran.stderr.decode()
        assert ran.returncode == 2 and "thư mục dữ liệu của văn phòng" in err, err
        assert "Đã sao lưu" not in ran.stdout.decode()
    finally:
        printed = importer.communicate(timeout=300)[0].decode().splitlines()
    assert importer.returncode == 0
    assert _intact(data_dir / "desk.sqlite") == 400
    with sqlite3.connect(data_dir / "desk.sqlite") as conn:
        stored = {r[0] for r in conn.execute("SELECT code FROM dossiers")}
    assert {line.split("\t")[1] for line in printed} <= stored  # every printed code readable


def test_a_link_to_the_database_is_refused_as_a_backup_target(data_dir, tmp_path):
    soft = tmp_path / "bk.sqlite"
    soft.symlink_to(data_dir / "desk.sqlite")
    ran = run_desk("--data", data_dir, "backup", soft)
    assert ran.returncode == 2 and "thư mục dữ liệu" in ran.stderr.decode()
    hard = tmp_path / "hard.sqlite"
    os.link(data_dir / "desk.sqlite", hard)
    ran = run_desk("--data", data_dir, "backup", hard)
    assert ran.returncode == 2 and "thư mục dữ liệu" in ran.stderr.decode()
    assert _intact(data_dir / "desk.sqlite") == 0


def test_a_document_is_not_replaced_by_a_backup_but_an_older_backup_is(cli, data_dir, tmp_path):
    doc = tmp_path / "bao-cao.docx"
    doc.write_bytes(b"PK\x03\x04 a report")
    ran = cli("backup", doc, data=data_dir)
    assert ran.code == 2 and "không ghi đè" in ran.err and doc.read_bytes().startswith(b"PK")
    target = tmp_path / "bk.sqlite"
    assert cli("backup", target, data=data_dir).code == 0
    assert cli("backup", target, data=data_dir).code == 0  # an earlier backup: replaced
    assert _intact(target) == 0


def _filler(data_dir, megabytes: int) -> None:
    """Make the database as big as a busy office's (the probe's was 218 MB)."""
    with sqlite3.connect(data_dir / "desk.sqlite") as conn:
        conn.execute("CREATE TABLE bench_filler (b BLOB)")
        conn.executemany("INSERT INTO bench_filler VALUES (randomblob(1048576))", [()] * megabytes)


@pytest.mark.slow
def test_a_backup_completes_while_an_import_keeps_writing(data_dir, tmp_path):
    """The online backup API started over at every write of another process and never
    finished on a busy database; the copy is now one read snapshot, written meanwhile."""
    _filler(data_dir, 60)
    jsonl = tmp_path / "in.jsonl"
    _jsonl(jsonl, 3000)
    importer = _start_import(data_dir, jsonl)
    try:
        _wait_first_line(importer)
        ran = run_desk("--data", data_dir, "backup", tmp_path / "bk", timeout=120)
        still_writing = importer.poll() is None
    finally:
        importer.kill()
        importer.wait()
    out = ran.stdout.decode()
    assert ran.returncode == 0 and "Đã sao lưu vào" in out, ran.stderr.decode()
    assert still_writing, "the import ended before the backup: nothing was tested"
    copy = next((tmp_path / "bk").glob("desk-*.sqlite"))
    in_copy = _intact(copy)
    assert 0 < in_copy < 3000 and in_copy <= _intact(data_dir / "desk.sqlite")
    with sqlite3.connect(copy) as conn:  # one moment: every dossier whole in the copy
        assert conn.execute(
            "SELECT COUNT(*) FROM dossiers d WHERE d.id NOT IN (SELECT entity_id FROM outbox)"
        ).fetchone() == (0,)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert sorted(p.name for p in (tmp_path / "bk").iterdir()) == [copy.name]


@pytest.mark.slow
def test_a_killed_backup_is_cleaned_up_by_the_next(data_dir, tmp_path):
    _filler(data_dir, 150)
    folder = tmp_path / "bk"
    folder.mkdir()
    proc = subprocess.Popen(
        desk_process("--data", data_dir, "backup", folder),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
        env=child_env(),
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not any(bk.PART_RE.match(p.name) for p in folder.iterdir()):
        assert proc.poll() is None, "the backup ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    kill_desk(proc)
    proc.wait()
    left = sorted(p.name for p in folder.iterdir())
    assert left and all(bk.PART_RE.match(n) for n in left), left  # what a kill leaves
    ran = run_desk("--data", data_dir, "backup", folder)
    assert ran.returncode == 0 and "Đã sao lưu" in ran.stdout.decode()
    names = [p.name for p in folder.iterdir()]
    assert len(names) == 1 and bk.NAME_RE.match(names[0]), names
    _intact(folder / names[0])


def test_only_a_verified_backup_is_announced(cli, data_dir, tmp_path, monkeypatch):
    good = tmp_path / "good.sqlite"
    assert cli("backup", good, data=data_dir).code == 0
    damaged = tmp_path / "damaged.sqlite"
    raw = bytearray(good.read_bytes())
    raw[4096 : 4096 + 64] = b"\xff" * 64  # a page of the copy overwritten
    damaged.write_bytes(bytes(raw))
    ran = cli("backup", "--check", damaged, data=data_dir)
    assert ran.code == 2 and ("không toàn vẹn" in ran.err or "hỏng" in ran.err), ran.err
    assert cli("backup", "--check", good, data=data_dir).code == 0

    def spoil(path):
        raise bk.StorageError(f"Bản sao lưu {path} không toàn vẹn: thử")

    monkeypatch.setattr(bk, "verify", spoil)
    ran = cli("backup", tmp_path / "never", data=data_dir)
    assert ran.code == 2 and "Đã sao lưu" not in ran.out and "không toàn vẹn" in ran.err
    assert not (tmp_path / "never").exists() or not list((tmp_path / "never").iterdir())


def test_daily_backup_once_a_day_keeps_the_newest(cli, data_dir, office_clock):
    folder = data_dir / "backups"
    first = cli("backup", "--auto", data=data_dir)
    assert first.code == 0 and "Đã sao lưu vào" in first.out and str(folder) in first.out
    again = cli("backup", "--auto", data=data_dir)
    assert again.code == 0 and "Hôm nay đã có bản sao lưu" in again.out
    stranger = folder / "ghi-chu.txt"
    stranger.write_text("không phải bản sao lưu", encoding="utf-8")
    for _ in range(5):
        office_clock.advance(timedelta(days=1))
        assert cli("backup", "--auto", "--keep", "3", data=data_dir).code == 0
    listed = cli("backup", "--list", "--json", data=data_dir)
    import json

    days = [item["taken_at"][:10] for item in json.loads(listed.out)]
    assert days == ["2026-11-30", "2026-11-29", "2026-11-28"]
    assert stranger.exists()  # pruning touches only the desk's own backups
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.glob("desk-*.sqlite"))


def test_a_backup_onto_a_usb_stick_carries_the_scans(cli, store, data_dir, tmp_path):
    from desk.store.files import put_file

    digest = put_file(store, b"%PDF-1.4 a scanned paper", "application/pdf")
    stick = tmp_path / "usb"
    stick.mkdir()  # where the stick is mounted
    ran = cli("backup", "--usb", stick, data=data_dir)
    assert ran.code == 0 and "1 tệp số hóa mới" in ran.out, ran.out + ran.err
    unit = next((stick / bk.USB_DIR).iterdir())
    assert unit.name == "000.00.99.H99"
    copies = list(unit.glob("desk-*.sqlite"))
    assert len(copies) == 1 and _intact(copies[0]) == 0
    assert (unit / "files" / digest[:2] / digest[2:4] / digest).read_bytes().startswith(b"%PDF")
    ran = cli("backup", "--usb", stick, data=data_dir)
    assert ran.code == 0 and "0 tệp số hóa mới" in ran.out  # only what is missing is copied
    ran = cli("backup", "--usb", tmp_path / "rut-ra", data=data_dir)
    assert ran.code == 2 and "hãy cắm ổ" in ran.err


def test_the_daily_backup_copies_to_the_configured_stick_when_present(store, tmp_path):
    stick = tmp_path / "usb"
    store.set_setting("backup.usb", str(stick))
    report = bk.daily_backup(store)
    assert report.made and report.usb is None and "Chưa cắm ổ USB" in report.notes[0]
    stick.mkdir()
    report = bk.daily_backup(store, force=True)
    assert report.usb and _intact(report.usb) == 0
