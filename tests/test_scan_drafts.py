"""Draft pages survive anything short of a lost disk, and become the paper's PDF in order."""

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from desk import dossiers
from desk.errors import ImageError, InvalidInput, NotFound
from desk.scan import drafts
from desk.scan.pipeline import ScanSettings
from desk.store import open_store


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


@pytest.fixture
def photos(samples_dir):
    return [(samples_dir / "page-photos" / f"page_00{i}.jpg").read_bytes() for i in range(4)]


def test_pages_are_stored_at_once_raw_and_in_order(store, code, photos):
    first = drafts.add_page(store, code, 2, photos[0], "camera")
    second = drafts.add_page(store, code, 2, photos[1], "import")
    assert [p.position for p in first + second] == [1, 2]
    assert store.files.read(first[0].sha256) == photos[0]  # the photo as taken, not re-encoded
    pages = drafts.list_pages(store, code, 2)
    assert [(p.position, p.source, p.rotation) for p in pages] == [
        (1, "camera", 0),
        (2, "import", 0),
    ]
    assert drafts.list_pages(store, code, 1) == []
    assert drafts.list_pages(store, code) == pages


def test_drafts_survive_reopening_the_store(data_dir, photos):
    with open_store(data_dir) as s:
        code = dossiers.receive(
            s, {"procedure": "1.001193", "applicant": {"name": "Lê Văn Bền"}}, actor="x"
        ).code
        added = drafts.add_page(s, code, 1, photos[0], "camera")[0]
        drafts.rotate(s, added.id, 1)
    with open_store(data_dir) as s:  # the PC restarted
        (page,) = drafts.list_pages(s, code, 1)
        assert page.id == added.id and page.rotation == 1
        assert s.files.read(page.sha256) == photos[0]


def test_rotate_move_delete_replace(store, code, photos):
    ids = [drafts.add_page(store, code, 1, b, "camera")[0].id for b in photos[:3]]
    assert drafts.rotate(store, ids[0], 1).rotation == 1
    assert drafts.rotate(store, ids[0], -2).rotation == 3
    assert drafts.rotate(store, ids[0], 5).rotation == 0
    drafts.move(store, ids[2], 1)
    assert [p.id for p in drafts.list_pages(store, code, 1)] == [ids[2], ids[0], ids[1]]
    drafts.move(store, ids[2], 99)  # clamped to the end
    assert [p.id for p in drafts.list_pages(store, code, 1)] == [ids[0], ids[1], ids[2]]
    gone = drafts.delete(store, ids[1])
    assert gone.id == ids[1]
    pages = drafts.list_pages(store, code, 1)
    assert [(p.id, p.position) for p in pages] == [(ids[0], 1), (ids[2], 2)]
    drafts.rotate(store, ids[2], 1)
    again = drafts.replace(store, ids[2], photos[3])
    assert again.position == 2 and again.rotation == 1
    assert store.files.read(again.sha256) == photos[3]
    with pytest.raises(NotFound):
        drafts.rotate(store, ids[1], 1)


def test_corrupt_bytes_are_refused_and_nothing_stored(store, code, photos):
    before = sum(1 for _ in (store.data_dir / "files").rglob("*") if _.is_file())
    with pytest.raises(ImageError) as info:
        drafts.add_page(store, code, 1, photos[0][: len(photos[0]) // 3], "import")
    assert "hỏng" in info.value.message
    with pytest.raises(ImageError):
        drafts.add_page(store, code, 1, b"%PDF-1.4 not really", "import")
    with pytest.raises(InvalidInput):
        drafts.add_page(store, code, 1, photos[0], "fax")
    with pytest.raises(NotFound):
        drafts.add_page(store, "000.00.99.H99-000000-9999", 1, photos[0], "camera")
    after = sum(1 for _ in (store.data_dir / "files").rglob("*") if _.is_file())
    assert store.scalar("SELECT COUNT(*) FROM scan_drafts") == 0
    assert after == before


def _pdf_pages(store, code, tmp_path) -> list[tuple[float, float]]:
    from desk.dossiers import scans

    paper = scans.paper(store, code, 1)
    reader = PdfReader(io.BytesIO(store.files.read(paper.pdf_sha256)))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def test_finish_applies_rotation_and_clears_drafts_after_the_pdf(store, code, photos, tmp_path):
    a = drafts.add_page(store, code, 1, photos[0], "camera")[0]
    b = drafts.add_page(store, code, 1, photos[1], "camera")[0]
    drafts.rotate(store, b.id, 1)  # the second page photographed sideways
    drafts.move(store, b.id, 1)
    other = drafts.add_page(store, code, 2, photos[2], "camera")[0]
    done = drafts.finish(store, code, 1, ScanSettings(mode="gray"), actor="canbo1")
    assert done.paper.pages == 2 and done.pdf_size > 1000
    assert set(done.cleared) == {a.id, b.id}
    (w0, h0), (w1, h1) = _pdf_pages(store, code, tmp_path)
    assert w0 > h0  # the rotated page came first and is landscape
    assert h1 > w1
    assert drafts.list_pages(store, code, 1) == []
    assert [p.id for p in drafts.list_pages(store, code, 2)] == [other.id]  # untouched
    states = {s.ordinal: s for s in drafts.paper_states(store, code)}
    assert states[1].scanned and states[1].pages == 2 and states[1].drafts == 0
    assert states[1].pdf_size == done.pdf_size
    assert not states[2].scanned and states[2].drafts == 1
    assert dossiers.get(store, code).papers[0].pages == 2


def test_finish_keeps_drafts_when_the_pdf_cannot_be_made(store, code, photos, monkeypatch):
    drafts.add_page(store, code, 1, photos[0], "camera")
    with pytest.raises(InvalidInput):
        drafts.finish(store, code, 5, actor="x")  # no drafts for that paper

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("desk.dossiers.scans.attach", broken)
    with pytest.raises(OSError):
        drafts.finish(store, code, 1, ScanSettings(mode="bw"), actor="x")
    assert len(drafts.list_pages(store, code, 1)) == 1  # nothing lost


def test_a_pdf_gives_one_draft_per_page(store, code, tmp_path):
    pages = [Image.new("RGB", (600, 840), c) for c in ("white", "lightyellow", "lightblue")]
    for i, p in enumerate(pages):
        p.paste((0, 0, 0), (50, 60 + 40 * i, 550, 90 + 40 * i))
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=72)
    added = drafts.add_page(store, code, 2, buf.getvalue(), "import")
    assert [p.position for p in added] == [1, 2, 3]
    thumb = drafts.thumbnail(store, added[1], 200)
    assert max(thumb.shape[:2]) == 200 and thumb.shape[0] > thumb.shape[1]
    drafts.rotate(store, added[1].id, 1)
    turned = drafts.thumbnail(store, drafts.get_page(store, added[1].id), 200)
    assert turned.shape[1] > turned.shape[0]


def test_drafts_of_a_paper_not_on_the_list(store, code, photos):
    drafts.add_page(store, code, 7, photos[0], "hotfolder")
    states = drafts.paper_states(store, code)
    assert [(s.ordinal, s.drafts) for s in states] == [(1, 0), (2, 0), (7, 1)]
    with pytest.raises(NotFound):
        drafts.finish(store, code, 7, ScanSettings(mode="bw"), actor="x")
    done = drafts.finish(store, code, 7, ScanSettings(mode="bw"), actor="x", name="Giấy ủy quyền")
    assert done.paper.name == "Giấy ủy quyền"
    assert drafts.list_pages(store, code, 7) == []
