"""The scanner's folder: complete files are taken once, half-written ones wait, bad ones are
refused once, and nothing is taken twice — not after a restart, not under another name."""

import json
import os
import shutil

import pytest
from helpers import office_time

from desk import dossiers
from desk.errors import NotFound
from desk.scan import drafts
from desk.scan.hotfolder import HotFolder, history, ignored
from desk.scan.imageio import load_image
from desk.store import open_store

SETTLE = 2.0


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "may-quet"
    path.mkdir()
    return path


@pytest.fixture
def scan(samples_dir):
    return (samples_dir / "page-photos" / "flat_001.jpg").read_bytes()


def _touch(path, data, mtime):
    path.write_bytes(data)
    os.utime(path, ns=(mtime, mtime))


def test_a_file_is_taken_after_it_settles_and_moved_to_da_nhan(store, folder, scan):
    _touch(folder / "scan0001.jpg", scan, 1_000_000_000)
    hot = HotFolder(folder, ledger=store, settle=SETTLE)
    first = hot.poll(100.0)
    assert first.taken == [] and first.waiting == ["scan0001.jpg"]
    assert hot.poll(101.0).taken == []  # still settling
    got = hot.poll(102.5)
    (arrival,) = got.taken
    assert arrival.name == "scan0001.jpg" and arrival.data == scan
    assert arrival.blobs == [scan]  # one image: kept as the scanner wrote it
    assert load_image(arrival.blobs[0]).shape[:2] == (1754, 1240)
    assert arrival.path == folder / "da-nhan" / "scan0001.jpg" and arrival.path.exists()
    assert not (folder / "scan0001.jpg").exists()
    assert hot.poll(110.0).taken == []
    (row,) = history(store, folder)
    assert row["status"] == "taken" and row["size"] == len(scan)


def test_a_file_written_in_two_halves_waits_without_error(store, folder, scan):
    hot = HotFolder(folder, ledger=store, settle=SETTLE)
    target = folder / "trang.jpg"
    _touch(target, scan[: len(scan) // 2], 1_000_000_000)
    assert hot.poll(0.0).waiting == ["trang.jpg"]
    # the scanner pauses longer than the settle time: the half file does not decode yet
    half = hot.poll(2.5)
    assert half.taken == [] and half.refused == [] and half.waiting == ["trang.jpg"]
    with open(target, "ab") as fh:
        fh.write(scan[len(scan) // 2 :])
    os.utime(target, ns=(2_000_000_000, 2_000_000_000))
    after = hot.poll(3.0)
    assert after.taken == [] and after.refused == []  # changed: settles again
    assert hot.poll(4.0).taken == []
    (arrival,) = hot.poll(5.5).taken
    assert arrival.data == scan


def test_temporary_and_hidden_names_are_ignored(store, folder, scan):
    for name in ("scan.jpg.tmp", "x.part", "~scan.jpg", "a.crdownload", ".hidden.jpg", "Thumbs.db"):
        _touch(folder / name, scan, 1_000_000_000)
        assert ignored(name)
    (folder / "sub").mkdir()
    hot = HotFolder(folder, ledger=store, settle=SETTLE)
    assert hot.poll(0.0).waiting == []
    assert hot.poll(10.0).taken == []
    assert not ignored("scan.jpg")


def test_a_renamed_or_copied_duplicate_is_skipped(store, folder, scan):
    hot = HotFolder(folder, ledger=store, settle=SETTLE)
    _touch(folder / "a.jpg", scan, 1_000_000_000)
    hot.poll(0.0)
    assert len(hot.poll(3.0).taken) == 1
    # the officer copies the picked-up file back in under another name
    shutil.copy(folder / "da-nhan" / "a.jpg", folder / "a-copy.jpg")
    hot.poll(10.0)
    again = hot.poll(13.0)
    assert again.taken == []
    (refusal,) = again.refused
    assert refusal.duplicate and "trùng" in refusal.message and "a.jpg" in refusal.message
    assert (folder / "da-nhan" / "a-copy.jpg").exists()
    assert hot.poll(20.0).refused == []  # reported once


def test_a_corrupt_file_is_refused_once_and_left_in_place(store, folder, scan):
    hot = HotFolder(folder, ledger=store, settle=SETTLE)
    _touch(folder / "hong.jpg", scan[:5000], 1_000_000_000)
    _touch(folder / "ghi-chu.txt", "Ghi chú của máy quét".encode(), 1_000_000_000)
    hot.poll(0.0)
    assert hot.poll(2.5).refused == []  # one more settle time, in case writing paused
    got = hot.poll(4.5)
    assert got.taken == []
    messages = {r.name: r.message for r in got.refused}
    assert set(messages) == {"hong.jpg", "ghi-chu.txt"}
    assert "hỏng" in messages["hong.jpg"] and "hong.jpg" in messages["hong.jpg"]
    assert "không phải là ảnh" in messages["ghi-chu.txt"]
    assert hot.poll(10.0).refused == [] and hot.poll(20.0).refused == []
    assert (folder / "hong.jpg").exists()  # the officer sees it where it was
    statuses = sorted(r["status"] for r in history(store, folder))
    assert statuses == ["rejected", "rejected"]


def test_nothing_is_taken_twice_after_a_restart(data_dir, tmp_path, scan):
    folder = tmp_path / "scans"
    folder.mkdir()
    _touch(folder / "p1.jpg", scan, 1_000_000_000)
    with open_store(data_dir) as s:
        hot = HotFolder(folder, ledger=s, settle=SETTLE, done_dir=None)  # files stay put
        hot.poll(0.0)
        assert len(hot.poll(3.0).taken) == 1
    with open_store(data_dir) as s:  # the PC restarted; memory of settling is gone
        hot = HotFolder(folder, ledger=s, settle=SETTLE, done_dir=None)
        hot.poll(0.0)
        got = hot.poll(3.0)
        assert got.taken == [] and got.refused == []
        _touch(folder / "p1-renamed.jpg", scan, 3_000_000_000)
        hot.poll(4.0)
        got = hot.poll(7.0)
        assert got.taken == [] and [r.duplicate for r in got.refused] == [True]


def test_delivered_into_drafts_in_the_same_step(store, folder, scan):
    code = dossiers.receive(
        store, {"procedure": "1.001193", "applicant": {"name": "Mai Thị Lan"}}, actor="x"
    ).code
    hot = HotFolder(folder, ledger=store, settle=SETTLE)
    _touch(folder / "s1.jpg", scan, 1_000_000_000)

    def to_drafts(arrival):
        drafts.add_page(store, code, 1, arrival.data, "hotfolder", blobs=arrival.blobs)

    def refused(arrival):
        raise NotFound("Không tìm thấy hồ sơ.")

    hot.poll(0.0)
    with pytest.raises(NotFound):
        hot.poll(3.0, deliver=refused)
    assert history(store, folder) == [] and (folder / "s1.jpg").exists()  # offered again
    assert len(hot.poll(3.5, deliver=to_drafts).taken) == 1
    (page,) = drafts.list_pages(store, code, 1)
    assert page.source == "hotfolder" and store.files.read(page.sha256) == scan


def test_a_missing_folder_says_so(store, tmp_path):
    with pytest.raises(NotFound) as info:
        HotFolder(tmp_path / "khong-co", ledger=store).poll(0.0)
    assert "thư mục máy quét" in info.value.message


def test_the_hotfolder_command(data_dir, tmp_path, scan, capsys):
    from cli.main import main

    with open_store(data_dir) as s:
        code = dossiers.receive(
            s, {"procedure": "1.001193", "applicant": {"name": "Vũ Thị Mơ"}}, actor="x"
        ).code
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "p1.jpg").write_bytes(scan)
    (folder / "loi.jpg").write_bytes(b"not an image")
    base = ["--data", str(data_dir), "hotfolder", str(folder), code, "--paper", "2"]
    assert main([*base, "--settle", "0"], clock=office_time()) == 0
    output = capsys.readouterr()
    assert "Đã nhận p1.jpg" in output.out and "2 có 1 trang nháp" in output.out
    assert "loi.jpg" in output.err
    assert (folder / "da-nhan" / "p1.jpg").exists() and (folder / "loi.jpg").exists()
    (folder / "p2.jpg").write_bytes(
        (folder / "da-nhan" / "p1.jpg").read_bytes()[:-10] + b"\xff\xd9"
    )
    assert (
        main([*base, "--settle", "0", "--finish", "--mode", "gray", "--json"], clock=office_time())
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert result["taken"] == ["p2.jpg"] and result["pdf"]["pages"] == 2
    assert result["drafts"] == 0 and result["pdf"]["file_name"] == f"{code}.2.pdf"
