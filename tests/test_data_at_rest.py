"""Data at rest (issue 8, item 10): the office's folder is this account's alone.

The probe found the data directory 0755 and the database, scans, logs and backups 0644,
with names, ID numbers, dates of birth and addresses readable by every account on the PC.
"""

import os
import stat

import pytest
from helpers import run_desk

from desk.store import open_store
from desk.store.sealing import HEADER, is_identity_paper

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def _modes(root) -> dict[str, int]:
    found = {".": stat.S_IMODE(os.stat(root).st_mode)}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            found[os.path.relpath(path, root)] = stat.S_IMODE(os.lstat(path).st_mode)
    return found


def _all_private(root) -> None:
    for rel, mode in _modes(root).items():
        wanted = 0o700 if os.path.isdir(os.path.join(root, rel)) else 0o600
        assert mode == wanted, f"{rel}: {mode:o}"


@pytest.fixture
def usual_umask():
    """The umask most accounts have (022), what the probe ran with; restored after."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_office_is_private_from_the_start(tmp_path, usual_umask):
    data = tmp_path / "moi" / "du-lieu"
    assert (
        run_desk(
            "--data", data, "init", "--unit", "000.00.13.H57", "--name", "UBND xã Tân Lập"
        ).returncode
        == 0
    )
    req = tmp_path / "d.json"
    req.write_text('{"procedure": "1.001193", "applicant": {"name": "Lý Thu", "id_number": ""}}')
    ran = run_desk("--data", data, "dossier", "new", "--json-file", req)
    assert ran.returncode == 0, ran.stderr
    with open_store(data) as store:
        store.files.write(b"%PDF-1.4 a scan")
    assert run_desk("--data", data, "backup", "--auto").returncode == 0
    names = set(_modes(data))
    assert {"desk.sqlite", "logs/desk.log", "files"} <= names
    assert any(n.startswith("backups/desk-") for n in names)
    _all_private(data)
    assert stat.S_IMODE(os.stat(data.parent).st_mode) == 0o700  # made by us, on the way


def test_an_older_office_is_repaired_when_it_is_opened(data_dir, store):
    store.files.write(b"%PDF-1.4 an older scan")
    store.close()
    for folder, _dirs, files in os.walk(data_dir):  # as the probe found it
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    ran = run_desk("--data", data_dir, "dossier", "list")
    assert ran.returncode == 0, ran.stderr
    _all_private(data_dir)


def test_identity_papers_are_told_apart_by_name():
    assert is_identity_paper("Bản sao Căn cước công dân")
    assert is_identity_paper("CMND của người yêu cầu") and is_identity_paper("Hộ chiếu")
    assert not is_identity_paper("Giấy chứng sinh") and not is_identity_paper("")


class _Xor:
    """A toy sealer standing for the real one an office will plug in."""

    name = "xor-test"

    def seal(self, data: bytes) -> bytes:
        return bytes(b ^ 0x5A for b in data)

    unseal = seal


def test_the_sealing_seam_keeps_identity_scans_unreadable_on_disk(data_dir, office_clock):
    from desk import dossiers
    from desk.dossiers import scans

    with open_store(data_dir, clock=office_clock, sealer=_Xor()) as store:
        code = dossiers.receive(
            store,
            {
                "procedure": "1.001193",
                "applicant": {"name": "Đoàn Thị Mai"},
                "papers": [{"name": "Căn cước công dân"}, {"name": "Giấy chứng sinh"}],
            },
            actor="x",
        ).code
        pdf = b"%PDF-1.4 " + "Đoàn Thị Mai 001199000123".encode() * 20
        card = scans.attach(
            store, code, 1, pdf=pdf, pages=[(b"\xff\xd8 card", "image/jpeg")], actor="x"
        )
        other = scans.attach(
            store, code, 2, pdf=pdf + b"2", pages=[(b"\xff\xd8 p", "image/jpeg")], actor="x"
        )
        on_disk = store.files.path_for(card.pdf_sha256).read_bytes()
        assert on_disk.startswith(HEADER) and b"001199000123" not in on_disk
        assert store.files.read(card.pdf_sha256) == pdf  # addressed by its plain content
        assert store.files.path_for(other.pdf_sha256).read_bytes() == pdf + b"2"
    without_key = open_store(data_dir, clock=office_clock)  # another PC, no key
    with without_key, pytest.raises(Exception, match="chưa có khóa"):
        without_key.files.read(card.pdf_sha256)
