"""A paper photographed at the counter ends up as `{code}.{n}.pdf` in the dossier, durably."""

import io
import json

import pytest
from helpers import office_time
from pypdf import PdfReader

from desk import dossiers
from desk.dossiers import scans
from desk.errors import ImageError, InvalidInput, NotFound
from desk.scan.attach import scan_paper
from desk.scan.pipeline import ScanSettings


@pytest.fixture
def code(store):
    return dossiers.receive(
        store,
        {
            "procedure": "1.001193",
            "applicant": {"name": "Đoàn Thị Hạnh"},
            "papers": [
                {"name": "Tờ khai", "kind": "original"},
                {"name": "Giấy chứng sinh", "kind": "original"},
            ],
        },
        actor="canbo1",
    ).code


def test_photos_become_the_papers_pdf(store, code, samples_dir):
    photos = sorted((samples_dir / "page-photos").glob("page_00[0-1].jpg"))
    paper, _result = scan_paper(
        store, code, 2, photos, actor="canbo1", settings=ScanSettings(mode="gray")
    )
    assert paper.file_name == f"{code}.2.pdf" and paper.pages == 2
    pdf = store.files.read(paper.pdf_sha256)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    for digest in paper.page_sha256:
        assert store.files.read(digest)  # every page image is in the file store, verified
    d = dossiers.get(store, code)
    assert d.papers[1].pages == 2
    assert d.events[-1].kind == "scan"
    op = store.one("SELECT payload FROM outbox WHERE kind = 'document.scanned'")
    payload = json.loads(op["payload"])
    assert payload["pdf_sha256"] == paper.pdf_sha256 and payload["file_name"] == f"{code}.2.pdf"


def test_rescan_replaces_pages_and_export_names_files(store, code, samples_dir, tmp_path):
    photo = samples_dir / "page-photos" / "page_002.jpg"
    scan_paper(store, code, 1, [photo, photo], actor="a", settings=ScanSettings(mode="bw"))
    again, _ = scan_paper(store, code, 1, [photo], actor="a", settings=ScanSettings(mode="bw"))
    assert again.pages == 1
    assert store.scalar("SELECT COUNT(*) FROM document_pages") == 1
    written = scans.export(store, code, tmp_path)
    assert [p.name for p in written] == [f"{code}.1.pdf"]


def test_new_paper_needs_a_name(store, code, samples_dir):
    photo = samples_dir / "page-photos" / "page_003.jpg"
    with pytest.raises(NotFound):
        scan_paper(store, code, 3, [photo], actor="a")
    paper, _ = scan_paper(store, code, 3, [photo], actor="a", name="Giấy xác nhận cư trú")
    assert paper.name == "Giấy xác nhận cư trú"


def test_bad_input_stores_nothing(store, code, tmp_path):
    bad = tmp_path / "not-an-image.jpg"
    bad.write_bytes(b"hello, this is text")
    with pytest.raises(ImageError):
        scan_paper(store, code, 1, [bad], actor="a")
    import numpy as np

    white = np.full((2339, 1654, 3), 255, np.uint8)
    with pytest.raises(InvalidInput) as info:
        scan_paper(store, code, 1, [white], actor="a", settings=ScanSettings(detect=False))
    assert "trắng" in info.value.message
    assert store.scalar("SELECT COUNT(*) FROM document_pages") == 0
    assert store.scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'document.scanned'") == 0


def test_attach_and_export_commands(data_dir, samples_dir, tmp_path, capsys):
    from cli.main import main
    from desk.store import open_store

    with open_store(data_dir) as s:
        code = dossiers.receive(
            s, {"procedure": "2.000815", "applicant": {"name": "Lý Văn Tài"}}, actor="x"
        ).code
    photo = str(samples_dir / "page-photos" / "page_004.jpg")
    assert (
        main(
            [
                "--data",
                str(data_dir),
                "dossier",
                "attach",
                code,
                "--paper",
                "1",
                photo,
                "--mode",
                "auto",
            ],
            clock=office_time(),
        )
        == 0
    )
    assert f"{code}.1.pdf" in capsys.readouterr().out
    assert (
        main(
            ["--data", str(data_dir), "dossier", "export", code, str(tmp_path / "out")],
            clock=office_time(),
        )
        == 0
    )
    assert (tmp_path / "out" / f"{code}.1.pdf").exists()
    assert (
        main(
            ["--data", str(data_dir), "dossier", "attach", code, "--paper", "1", str(tmp_path)],
            clock=office_time(),
        )
        != 0
    )
    assert "Lỗi:" in capsys.readouterr().err
