"""Ordinary mistakes elsewhere in the command line, of the same kinds the probe found (issue 8):
a folder typed into the wrong box, a special file, bytes that are not text, a value that is
not a number. None of them may cost data or end in "Lỗi ngoài dự kiến"."""

import os
import sqlite3

import pytest
from helpers import run_desk


def test_the_hot_folder_is_never_the_data_directory(cli, data_dir, store, tmp_path):
    digest = store.files.write(b"\xff\xd8 a stored page")
    folder = store.files.path_for(digest).parent
    ran = cli("hotfolder", folder, "H99-000000-0001", "--paper", "1", data=data_dir)
    assert ran.code == 2 and "thư mục dữ liệu" in ran.err, ran.err
    assert store.files.path_for(digest).exists()  # nothing moved out of the store


def test_backup_settings_are_checked_when_typed(cli, data_dir):
    for key, value, says in (
        ("backup.keep", "0", "từ 1"),
        ("backup.keep", "Infinity", "số nguyên"),
        ("backup.daily", "co", "true"),
        ("backup.usb", str(data_dir / "files"), "thư mục dữ liệu"),
    ):
        ran = cli("settings", "set", key, value, data=data_dir)
        assert ran.code == 2 and says in ran.err, (key, value, ran.err)
    assert cli("settings", "set", "backup.keep", "30", data=data_dir).code == 0


def test_infinity_typed_as_a_setting_is_text_not_a_number(cli, data_dir):
    assert cli("settings", "set", "ghi_chu", "Infinity", data=data_dir).code == 0
    with sqlite3.connect(data_dir / "desk.sqlite") as conn:
        stored = conn.execute("SELECT value FROM settings WHERE key = 'ghi_chu'").fetchone()[0]
    assert stored == '"Infinity"'


@pytest.mark.skipif(os.name != "posix", reason="argv bytes are POSIX")
def test_an_argument_that_is_not_utf8_is_refused_before_the_database(data_dir):
    raw = os.fsdecode(b"UBND x\xe3 A")  # a legacy code page: not UTF-8
    ran = run_desk("--data", data_dir, "settings", "set", "office.name", raw)
    err = ran.stderr.decode()
    assert ran.returncode == 2 and "không phải văn bản UTF-8" in err, err
    assert "ngoài dự kiến" not in err


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_catalog_from_a_device_is_refused(cli, data_dir, tmp_path):
    ran = cli("catalog", "install", "/dev/zero", data=data_dir)
    assert ran.code == 2 and "thiết bị" in ran.err, ran.err
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    ran = cli("catalog", "install", fifo, data=data_dir)
    assert ran.code == 2 and "FIFO" in ran.err, ran.err
