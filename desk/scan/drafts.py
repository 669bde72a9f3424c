"""Draft pages (trang nháp): every photo or scan of a paper, kept from the moment it is taken.

A page is in the file store (written, fsynced, renamed) and named by a row before the officer
sees its thumbnail, so a power cut in the middle of a dossier loses nothing: after a restart
the drafts are still there to rotate, reorder and finish. `finish` turns a paper's drafts
into its PDF through `desk.scan.attach.scan_paper` and clears them only once the PDF is
stored. Drafts stay on this station: they are not `files` rows and never go upstream.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import cv2
import numpy as np

from desk import clock
from desk.dossiers import scans
from desk.errors import InvalidInput, NotFound
from desk.ids import uuid7
from desk.scan.attach import scan_paper
from desk.scan.imageio import load_image, page_blobs
from desk.scan.pipeline import ScanResult, ScanSettings, prepare_page

SOURCES = ("camera", "hotfolder", "import")
SOURCE_LABELS = {"camera": "Camera", "hotfolder": "Máy quét", "import": "Tệp nhập"}
PREVIEW_WORK = 640  # long side of the copy a preview is made from
PREVIEW_DPI = 60
_COLS = "id, code, ordinal, position, sha256, rotation, source, size, created_at"


@dataclass(frozen=True)
class DraftPage:
    id: str
    code: str
    ordinal: int
    position: int  # 1-based, the page's place in the paper
    sha256: str
    rotation: int  # clockwise quarter turns the officer asked for (0…3)
    source: str  # camera | hotfolder | import
    size: int  # bytes of the stored image
    created_at: datetime


@dataclass(frozen=True)
class Finished:
    """What `finish` did: the stored paper, the pipeline's figures, the drafts it cleared."""

    paper: scans.ScannedPaper
    result: ScanResult
    cleared: tuple[str, ...]

    @property
    def pdf_size(self) -> int:
        return len(self.result.pdf.data) if self.result.pdf else 0


@dataclass(frozen=True)
class PaperState:
    """One paper of the dossier as the capture screen lists it."""

    ordinal: int
    name: str
    kind: str
    drafts: int  # draft pages waiting to be saved
    pages: int  # pages of the stored PDF (0: not scanned yet)
    pdf_size: int  # bytes of the stored PDF

    @property
    def scanned(self) -> bool:
        return self.pages > 0


def _page(row: dict) -> DraftPage:
    return DraftPage(**{**row, "created_at": clock.parse(row["created_at"])})


def _source(source: str) -> str:
    if source not in SOURCES:
        raise InvalidInput(
            f"Nguồn ảnh '{source}' không hợp lệ; chọn một trong: {', '.join(SOURCES)}."
        )
    return source


def _blobs(image_bytes: bytes, blobs: Sequence[bytes] | None) -> list[bytes]:
    """The bytes to keep, one per page (see imageio.page_blobs); refuses what does not
    decode. `blobs`: already made by the caller (the hot folder)."""
    if blobs is not None:
        return list(blobs)
    return page_blobs(image_bytes)  # ImageError in Vietnamese; nothing stored yet


def _dossier_exists(db, code: str) -> None:
    if db.execute("SELECT 1 FROM dossiers WHERE code = ?", [code]).fetchone() is None:
        raise NotFound(f"Không tìm thấy hồ sơ có mã {code!r}.")


def add_page(
    store,
    code: str,
    ordinal: int,
    image_bytes: bytes,
    source: str,
    *,
    blobs: Sequence[bytes] | None = None,
) -> list[DraftPage]:
    """Keep a photo or scan as the last page(s) of paper `ordinal`; a PDF or multi-page TIFF
    gives one draft per page. `blobs`: the pages already made by the caller (hot folder)."""
    code, source = code.strip(), _source(source)
    _dossier_exists(store.conn, code)  # before anything is written
    blobs = _blobs(image_bytes, blobs)
    sealed = scans.identity_paper(store, code, ordinal)
    digests = [store.files.write(b, sealed=sealed) for b in blobs]  # durable before any row
    now = clock.iso(store.now())
    ids = []
    with store.write() as db:
        _dossier_exists(db, code)
        last = db.execute(
            "SELECT COALESCE(MAX(position), 0) FROM scan_drafts WHERE code = ? AND ordinal = ?",
            [code, ordinal],
        ).fetchone()[0]
        for i, (digest, blob) in enumerate(zip(digests, blobs, strict=True), start=1):
            ids.append(uuid7())
            db.execute(
                f"INSERT INTO scan_drafts ({_COLS}) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)",
                [ids[-1], code, ordinal, last + i, digest, source, len(blob), now],
            )
    return [get_page(store, i) for i in ids]


def get_page(store, page_id: str) -> DraftPage:
    row = store.one(f"SELECT {_COLS} FROM scan_drafts WHERE id = ?", [page_id])
    if row is None:
        raise NotFound("Trang nháp này không còn (đã lưu thành PDF hoặc đã xóa).")
    return _page(row)


def list_pages(store, code: str, ordinal: int | None = None) -> list[DraftPage]:
    """Draft pages of a dossier (or of one paper), paper by paper, in page order."""
    where = "code = ?"
    params: list[object] = [code.strip()]
    if ordinal is not None:
        where, params = where + " AND ordinal = ?", [*params, ordinal]
    rows = store.query(
        f"SELECT {_COLS} FROM scan_drafts WHERE {where} ORDER BY ordinal, position", params
    )
    return [_page(r) for r in rows]


def rotate(store, page_id: str, quarter_turns: int) -> DraftPage:
    """Turn a page by quarter turns, clockwise when positive; applied when the PDF is made."""
    with store.write() as db:
        page = get_page(store, page_id)
        db.execute(
            "UPDATE scan_drafts SET rotation = ? WHERE id = ?",
            [(page.rotation + int(quarter_turns)) % 4, page_id],
        )
    return get_page(store, page_id)


def _renumber(db, ids: list[str]) -> None:
    for position, page_id in enumerate(ids, start=1):
        db.execute("UPDATE scan_drafts SET position = ? WHERE id = ?", [position, page_id])


def _ids(db, code: str, ordinal: int) -> list[str]:
    rows = db.execute(
        "SELECT id FROM scan_drafts WHERE code = ? AND ordinal = ? ORDER BY position, created_at",
        [code, ordinal],
    ).fetchall()
    return [r[0] for r in rows]


def move(store, page_id: str, new_position: int) -> DraftPage:
    """Put a page at `new_position` (1-based, clamped to the paper's pages)."""
    with store.write() as db:
        page = get_page(store, page_id)
        ids = _ids(db, page.code, page.ordinal)
        ids.remove(page_id)
        target = min(max(int(new_position), 1), len(ids) + 1)
        ids.insert(target - 1, page_id)
        _renumber(db, ids)
    return get_page(store, page_id)


def delete(store, page_id: str) -> DraftPage:
    """Drop a page (the image stays in the file store); returns what was deleted."""
    with store.write() as db:
        page = get_page(store, page_id)
        db.execute("DELETE FROM scan_drafts WHERE id = ?", [page_id])
        _renumber(db, _ids(db, page.code, page.ordinal))
    return page


def replace(store, page_id: str, image_bytes: bytes, source: str | None = None) -> DraftPage:
    """A re-capture: the page keeps its place and its rotation (same camera, same stand)."""
    blobs = _blobs(image_bytes, None)
    if len(blobs) != 1:
        raise InvalidInput(
            f"Ảnh chụp lại phải là một trang; tệp này có {len(blobs)} trang. Hãy nhập riêng."
        )
    old = get_page(store, page_id)
    digest = store.files.write(blobs[0], sealed=scans.identity_paper(store, old.code, old.ordinal))
    with store.write() as db:
        page = get_page(store, page_id)
        db.execute(
            "UPDATE scan_drafts SET sha256 = ?, size = ?, source = ?, created_at = ? WHERE id = ?",
            [
                digest,
                len(blobs[0]),
                _source(source or page.source),
                clock.iso(store.now()),
                page_id,
            ],
        )
    return get_page(store, page_id)


def image(store, page: DraftPage) -> np.ndarray:
    """The page as BGR with the officer's rotation applied (EXIF orientation already is)."""
    return np.ascontiguousarray(np.rot90(load_image(store.files.read(page.sha256)), -page.rotation))


def thumbnail(store, page: DraftPage, long_side: int = 320) -> np.ndarray:
    """A small RGB copy for the thumbnail strip, rotated as the PDF will be."""
    bgr = load_image(store.files.read(page.sha256), fit=long_side)
    h, w = bgr.shape[:2]
    f = min(1.0, long_side / max(h, w))
    small = cv2.resize(
        bgr, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA
    )
    return np.ascontiguousarray(np.rot90(small[..., ::-1], -page.rotation))


def preview(store, page: DraftPage, long_side: int = 320) -> np.ndarray:
    """The page as its PDF will show it (found, straightened, evened out), small and RGB;
    from a 640-pixel copy, so a thumbnail costs a tenth of a second, not the full pipeline."""
    bgr = load_image(store.files.read(page.sha256), fit=PREVIEW_WORK)
    h, w = bgr.shape[:2]
    f = min(1.0, PREVIEW_WORK / max(h, w))
    small = cv2.resize(bgr, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA)
    small = np.ascontiguousarray(np.rot90(small, -page.rotation))
    out = prepare_page(small, ScanSettings(dpi=PREVIEW_DPI)).image
    if out.ndim == 2:
        out = cv2.cvtColor(out, cv2.COLOR_GRAY2BGR)
    h, w = out.shape[:2]
    f = min(1.0, long_side / max(h, w))
    out = cv2.resize(out, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(out[..., ::-1])


def finish(
    store,
    code: str,
    ordinal: int,
    settings: ScanSettings | None = None,
    actor: str = "",
    *,
    name: str | None = None,
) -> Finished:
    """The paper's drafts → its PDF in the dossier; then the drafts used are cleared.

    The PDF is stored first (a crash in between leaves drafts beside a stored PDF, never a
    lost page). Pages captured while the PDF was being made stay as drafts."""
    pages = list_pages(store, code, ordinal)
    if not pages:
        raise InvalidInput("Giấy tờ này chưa có trang nào; hãy chụp, quét hoặc nhập ảnh trước.")
    images = (image(store, p) for p in pages)  # decoded one at a time, as the PDF is made
    paper, result = scan_paper(
        store, code.strip(), ordinal, images, settings=settings, actor=actor, name=name
    )
    with store.write() as db:
        for p in pages:
            db.execute("DELETE FROM scan_drafts WHERE id = ?", [p.id])
        _renumber(db, _ids(db, code.strip(), ordinal))
    return Finished(paper, result, tuple(p.id for p in pages))


def paper_states(store, code: str) -> list[PaperState]:
    """Every paper of the dossier with its drafts and its stored PDF, for the checklist."""
    code = code.strip()
    counts = {
        r["ordinal"]: r["n"]
        for r in store.query(
            "SELECT ordinal, COUNT(*) AS n FROM scan_drafts WHERE code = ? GROUP BY ordinal", [code]
        )
    }
    out = []
    for p in scans.papers(store, code):  # NotFound in Vietnamese for an unknown code
        size = 0
        if p.pdf_sha256:
            size = store.scalar("SELECT size FROM files WHERE sha256 = ?", [p.pdf_sha256]) or 0
        out.append(PaperState(p.ordinal, p.name, p.kind, counts.pop(p.ordinal, 0), p.pages, size))
    for ordinal, n in sorted(counts.items()):  # drafts of a paper not on the list yet
        out.append(PaperState(ordinal, f"Giấy tờ số {ordinal}", "original", n, 0, 0))
    return out
